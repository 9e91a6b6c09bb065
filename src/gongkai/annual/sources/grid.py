"""Table cells from any front-end (HTML, Word, PDF) to tab-joined lines the report reader understands.

Merged cells (HTML rowspan/colspan, Word gridSpan/vMerge, a PDF cell spanning grid lines) are
placed on the grid so that every printed cell knows its column. A row becomes one line: its cells
in order, joined by tabs. Empty cells are kept only where they are blank *values* (in the value
columns, after the row's label): an empty slot in the label columns is the rest of a
merged label, and a blank there would read as a missing number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

_CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# What a value cell holds: a number (possibly negative, decimal, with thousands separators) or a
# placeholder printed for "none".
VALUE = re.compile(r"^\s*(?:[-−+]?\d[\d,]*(?:\.\d+)?|[—–\-/／]+)\s*$")


@functools.lru_cache(maxsize=4096)
def is_value(text: str) -> bool:
    """Whether a cell holds a value (tables repeat the same few texts: '0', '1', '—' …)."""
    return VALUE.match(text) is not None


# Browsers cap spans too; a hostile file must not make us allocate millions of cells.
MAX_SPAN = 1000

MAX_SPAN_SLOTS = 200_000

PlacedRow = list[tuple[int, str]]  # (grid column, text) of each printed cell of a row


@dataclass(frozen=True)
class SpanCell:
    """One printed cell: its text and how many grid rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def place_cells(rows: Iterable[Iterable[SpanCell]]) -> list[PlacedRow]:
    """Each row's printed cells with the grid column they start in, skipping slots that cells
    spanning down from rows above already take."""
    placed: list[PlacedRow] = []
    taken: dict[int, list[tuple[int, int]]] = {}  # row → column ranges [start, end) taken from above
    budget = MAX_SPAN_SLOTS
    for r, row in enumerate(rows):
        out: PlacedRow = []
        col = 0
        spans_here = taken.pop(r, [])
        for cell in row:
            col = _first_free(col, spans_here)
            rowspan = max(1, min(cell.rowspan, MAX_SPAN))
            colspan = max(1, min(cell.colspan, MAX_SPAN))
            out.append((col, cell.text))
            budget -= rowspan
            if budget > 0:  # a hostile file must not make us track millions of spans
                for below in range(r + 1, r + rowspan):
                    taken.setdefault(below, []).append((col, col + colspan))
            col += colspan
        placed.append(out)
    return placed


def _first_free(col: int, spans: list[tuple[int, int]]) -> int:
    moved = True
    while moved:
        moved = False
        for start, end in spans:
            if start <= col < end:
                col, moved = end, True
    return col


def first_value_column(rows: Iterable[PlacedRow]) -> int:
    """The leftmost grid column in which some row has a value: labels sit left of it."""
    return min((col for row in rows for col, text in row if text and is_value(text)), default=0)


def row_line(row: PlacedRow, values_from: int) -> str:
    """A row as a tab-joined line, keeping empty cells only where they are blank values: after
    the row's last label and in the value columns (from `values_from` on). A row without any
    label (table 四's single row) keeps all its cells."""
    labels = [index for index, (_, text) in enumerate(row) if text and not is_value(text)]
    if not labels:
        return "\t".join(text for _, text in row)
    kept = [
        text.replace("\t", " ")
        for index, (col, text) in enumerate(row)
        if text or (index > labels[-1] and col >= values_from)
    ]
    return "\t".join(kept)


def table_lines(rows: list[PlacedRow]) -> list[str]:
    """One tab-joined line per table row that has any text."""
    values_from = first_value_column(rows)
    return [row_line(row, values_from) for row in rows if any(text.strip() for _, text in row)]


def join_fragments(parts: Iterable[str]) -> str:
    """Join the lines of one cell as printed text: nothing between CJK characters, a space otherwise."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (_CJK_EDGE.match(out[-1]) and _CJK_EDGE.match(part[0])):
            out += " "
        out += part
    return out
