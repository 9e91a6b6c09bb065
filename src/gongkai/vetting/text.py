"""The text the checks read: a document's lines as one string, with the way back to line, offset and page.

Printed lines of a PDF or of text extracted from one end wherever the page was full, often in the
middle of a word, a name or a number (`…第五` / `十条…`). Such wrapped lines are joined back into their
paragraph before any rule runs, so that a name or an ID number broken by the layout is still seen;
`Flow.where` maps every character back to the line and offset it came from. Word and HTML paragraphs
are whole already and are only joined with line breaks.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from stdnum import luhn
from stdnum.cn import ric

# Full-width digits, letters and a few signs as ASCII, one character for one: the checks for numbers
# read this copy, positions stay the same.
_ASCII_FOLD = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code - 0xFEE0).isalnum()}
    | {"＊": "*", "－": "-", "　": " "}
)
# A printed line ending a sentence is not joined to the next: that would gain nothing and could run a
# paragraph into the next one.
_SENTENCE_END = "。！？；：”"
# Marks a printed line never starts with: such a line continues the one before.
_CONTINUING = "，。、；：！？”）》】"
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Where:
    """Where a finding is: 1-based line (a paragraph for Word and HTML, a printed line for PDF and text),
    0-based character offset in that line, and the page for PDF."""

    line: int
    offset: int
    page: int | None = None

    def as_dict(self) -> dict[str, int]:
        place = {"line": self.line, "offset": self.offset}
        if self.page is not None:
            place["page"] = self.page
        return place

    def zh(self) -> str:
        """`第3页第12行第5字`, for people."""
        page = f"第{self.page}页" if self.page is not None else ""
        return f"{page}第{self.line}行第{self.offset + 1}字"


def display_width(text: str) -> int:
    """Columns a line takes when printed: two for wide (CJK) characters, one for the others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@dataclass(frozen=True)
class WrapSettings:
    """When printed lines count as wrapped (full) and are joined to the next one."""

    # A line at most this many columns short of the document's full width is full.
    tolerance: int = 4
    # Lines this wide or wider are candidates for measuring the full width …
    min_width: int = 20
    # … whose share at the full width must be at least this for the text to be wrapped at all.
    min_full_share: float = 0.2
    min_full_lines: int = 2


DEFAULT_WRAP = WrapSettings()


def full_width(lines: Sequence[str], settings: WrapSettings = DEFAULT_WRAP) -> int | None:
    """The width at which the document's lines wrap, or None when its lines are not wrapped.

    Wrapped paragraphs fill their lines to one width; paragraphs one per line have widths all over the
    place. The full width is the 90th percentile of the prose lines' widths, and the text counts as
    wrapped when enough lines reach it.
    """
    widths = sorted(
        width
        for line in lines
        if "\t" not in line and (width := display_width(line.strip())) >= settings.min_width
    )
    if len(widths) < settings.min_full_lines:
        return None
    full = widths[int(0.9 * (len(widths) - 1))]
    at_full = sum(1 for width in widths if width >= full - settings.tolerance)
    if at_full < settings.min_full_lines or at_full < settings.min_full_share * len(widths):
        return None
    return full


_DIGITS_AT_END = re.compile(r"[0-9０-９]+$")
_DIGITS_AT_START = re.compile(r"^[0-9０-９]+[Xx]?")


def _glues_numbers(line: str, after: str) -> bool:
    """Whether joining would glue two numbers into one: the line ends in a number that is complete by
    itself (a mobile number, a card number) or the two together are longer than any identifier. A
    number broken by the layout (an ID number's first digits) is joined."""
    end, start = _DIGITS_AT_END.search(line), _DIGITS_AT_START.match(after)
    if end is None or start is None:
        return False
    head = end.group().translate(_ASCII_FOLD)
    if _self_checking(head + start.group().translate(_ASCII_FOLD).upper()):
        return False  # together they make an ID number or a card number: the layout broke it
    return (
        len(head) >= 16
        or (len(head) == 11 and head[0] == "1" and head[1] in "3456789")
        or len(head) + len(start.group()) > 19
    )


def _self_checking(digits: str) -> bool:
    """An 18-character ID number or a 16–19 digit Luhn number: digits that check themselves."""
    if len(digits) == 18 and digits[:17].isdigit():
        return ric.calc_check_digit(digits) == digits[17]
    return 16 <= len(digits) <= 19 and digits.isdigit() and luhn.is_valid(digits)


class Flow:
    """A document's text as the rules read it, and the map back to its lines.

    `text` holds the paragraphs separated by `\\n` (wrapped printed lines joined without a break),
    `folded` the same with full-width digits and letters as ASCII (same length, same positions).
    """

    def __init__(
        self,
        lines: Sequence[str],
        *,
        pages: Sequence[int | None] | None = None,
        wrapped: bool = False,
        settings: WrapSettings = DEFAULT_WRAP,
    ) -> None:
        self.lines = tuple(lines)
        self.pages = tuple(pages) if pages is not None else None
        full = full_width(self.lines, settings) if wrapped else None
        joins = self._joins(full, settings) if full is not None else set()
        parts: list[str] = []
        # Segments: where each line's text starts in `text`, and which line it is.
        self._starts: list[int] = []
        self._line_of: list[int] = []
        position = 0
        joining = False
        for index, line in enumerate(self.lines):
            if joining and not line.strip():
                continue  # blank lines between the printed lines of one paragraph
            if parts and not joining:
                parts.append("\n")
                position += 1
            self._starts.append(position)
            self._line_of.append(index)
            parts.append(line)
            position += len(line)
            joining = index in joins
        self.text = "".join(parts)
        self._first_rows: dict[int, int] = {}  # row start → its table's first row start
        self.folded = self.text.translate(_ASCII_FOLD)

    def _joins(self, full: int, settings: WrapSettings) -> set[int]:
        """The lines that continue on the next non-blank line: full lines (not ending a sentence,
        unless the next line starts with a mark no line can start with)."""
        content = [index for index, line in enumerate(self.lines) if line.strip()]
        joins = set()
        for index, following in itertools.pairwise(content):
            line, after = self.lines[index].rstrip(), self.lines[following]
            if "\t" in line or "\t" in after or not _CJK.search(line):
                continue
            if display_width(line.strip()) < full - settings.tolerance:
                continue
            if _glues_numbers(line, after.lstrip()):
                continue
            if line[-1] not in _SENTENCE_END or after.lstrip()[:1] in _CONTINUING:
                joins.add(index)
        return joins

    def where(self, position: int) -> Where:
        """The line, offset and page of the character at `position` in `text`."""
        segment = bisect.bisect_right(self._starts, position) - 1
        line = self._line_of[segment]
        offset = min(position - self._starts[segment], len(self.lines[line]))
        page = self.pages[line] if self.pages is not None else None
        return Where(line + 1, offset, page)

    def paragraph(self, position: int) -> tuple[int, int]:
        """Start and end of the paragraph (between line breaks) holding `position`."""
        start = self.text.rfind("\n", 0, position) + 1
        end = self.text.find("\n", position)
        return start, len(self.text) if end < 0 else end

    def sentence(self, position: int, end: int | None = None) -> tuple[int, int]:
        """Start and end of the sentence holding text[position:end]: between 。！？；, line breaks."""
        end = position if end is None else end
        start = max(self.text.rfind(mark, 0, position) for mark in "。！？；\n") + 1
        stops = [found for mark in "。！？；\n" if (found := self.text.find(mark, end)) >= 0]
        return start, min(stops) + 1 if stops else len(self.text)

    def lines_before(self, position: int, count: int) -> tuple[int, int]:
        """Start of the `count`th paragraph before the one holding `position`, and `position`."""
        start = position
        for _ in range(count + 1):
            start = self.text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
            if start == 0:
                break
        return start, position

    def _table_first_row(self, position: int) -> tuple[int, int] | None:
        """Start of the table's first row and of the row holding `position`; None outside tables."""
        start, end = self.paragraph(position)
        if "\t" not in self.text[start:end]:
            return None
        first = start
        while first > 0 and first not in self._first_rows:
            previous = self.text.rfind("\n", 0, first - 1) + 1
            if "\t" not in self.text[previous : first - 1]:
                break
            first = previous
        first = self._first_rows.get(first, first)
        self._first_rows[start] = first  # the rows below find it in one step
        return first, start

    def header_row(self, position: int) -> str:
        """The first row of the table holding `position`; '' outside tables or in that row itself."""
        rows = self._table_first_row(position)
        if rows is None or rows[0] == rows[1]:
            return ""
        return self.text[rows[0] : self.text.find("\n", rows[0])]

    def column_header(self, position: int) -> str:
        """The cell of the table's first row in the column of `position` ('' where `header_row` is '')."""
        rows = self._table_first_row(position)
        if rows is None or rows[0] == rows[1]:
            return ""
        cells = self.header_row(position).split("\t")
        column = self.text.count("\t", rows[1], position)
        return cells[column] if column < len(cells) else ""
