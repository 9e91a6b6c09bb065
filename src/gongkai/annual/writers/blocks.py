"""The report as a sequence of printed blocks (title, headings, paragraphs, tables, signature) — format-free.

Every writer walks the same blocks, so the order and wording of a report is decided once (layout.py)
and each writer only decides how a block looks in its medium.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongkai.annual.writers.grid import Cell, CellKind, Grid, Number
from gongkai.annual.writers.page import PAGE, table_width_em

# The narrowest a label column gets when numbers need the room (two characters a line).
MIN_LABEL_EM = 2.5


@dataclass(frozen=True)
class Title:
    """The report's title, printed centred on one or more lines (agency, then the year's report)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 is a section (一、总体情况, 黑体), level 2 a sub-heading (（一）……, 楷体)."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (仿宋, first line indented two characters)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A statistical table: its layout and the number (or None, printed blank) in each value cell."""

    grid: Grid
    values: Mapping[tuple[int, int], Number | None]  # keyed by the value cell's (row, col)

    def number(self, cell: Cell) -> Number | None:
        return self.values.get((cell.row, cell.col))

    def column_widths(self, available_em: float | None = None) -> tuple[float, ...]:
        """Relative column widths that keep every number on one line.

        Widths are in characters of the table type. A column is widened to its longest number (a
        wrapped 20500 reads as 2050 and 0); if the table then no longer fits across the type area,
        the label columns give up the room (their text wraps), never the numbers.
        """
        available = table_width_em() if available_em is None else available_em
        need = list(self.grid.widths)
        numeric: set[int] = set()
        for cell in self.grid.value_cells():
            if cell.colspan == 1:
                numeric.add(cell.col)
                digits = len(self.text(cell)) * PAGE.digit_em + PAGE.cell_padding_em
                need[cell.col] = max(need[cell.col], digits)
        labels = [col for col in range(len(need)) if col not in numeric]
        label_room = available - sum(need[col] for col in numeric)
        label_need = sum(need[col] for col in labels)
        if labels and label_need > label_room:
            scale = max(label_room, MIN_LABEL_EM * len(labels)) / label_need
            for col in labels:
                need[col] *= scale
        return tuple(need)

    def text(self, cell: Cell) -> str:
        """What the cell prints: its label, or its number formatted (blank for None)."""
        if cell.kind is CellKind.VALUE:
            return format_number(self.number(cell))
        return cell.text


@dataclass(frozen=True)
class Signature:
    """The closing block: the agency's name and, when known, the date it signed the report."""

    agency: str
    date: str | None  # as printed, e.g. 2025年1月20日
    iso_date: str | None  # the same date as YYYY-MM-DD (for <time datetime>)


Block = Title | Heading | Paragraph | Table | Signature


@dataclass(frozen=True)
class Layout:
    """A whole report, ready for any writer: a document title and its blocks in printed order."""

    document_title: str  # one line, for the HTML <title>, Word properties and file metadata
    blocks: tuple[Block, ...]

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]


# A sub-heading line such as “（一）主动公开情况” or “（二）依申请公开情况：”: short, no full stop inside.
_SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。！？；]{1,28}[：:]?$")


def text_blocks(text: str, section_title: str = "") -> list[Heading | Paragraph]:
    """Split a text section into paragraphs (one per non-empty line) and its （一）… sub-headings.

    A first line that merely repeats the section's own heading is dropped (the writer prints it).
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if lines and section_title and _same_heading(lines[0], section_title):
        lines = lines[1:]
    return [Heading(line, 2) if _SUB_HEADING.match(line) else Paragraph(line) for line in lines]


def _same_heading(line: str, title: str) -> bool:
    def squeeze(s: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).rstrip("：:")

    return squeeze(line) == squeeze(title)


def text_width_em(text: str) -> float:
    """Printed width in em: full-width (CJK) characters take one, half-width ones (digits, Latin) half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def signature_indents(agency: str, date: str | None) -> tuple[float, float]:
    """Right indents (em) of the agency line and the date line, per GB/T 9704-2012 §7.3.5.2.

    Without a seal: the agency's name sits two characters from the right; the date goes on the next
    line starting two characters further right than the name; if the date is the longer, the name
    moves left instead so that the date keeps two characters on its right.
    """
    name = text_width_em(agency)
    if date is None:
        return 2.0, 2.0
    day = text_width_em(date)
    if day + 2 <= name:
        return 2.0, 2.0 + name - 2 - day
    return 2.0 + day + 2 - name, 2.0


def format_number(value: Number | None) -> str:
    """A cell as printed: integers plainly, decimals without exponent or trailing zeros, blank for None."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
