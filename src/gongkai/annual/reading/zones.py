"""A table's text as the reader sees it: the squashed text pieces and the runs of values between them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.annual.reading.lines import LinePieces, Token

# A table printed one cell per line: at least this many lines hold a value (or a blank mark) alone,
# and no line holds a value beside anything else.
MIN_CELL_LINES = 3
# an empty line among such lines: a blank cell, or the page's layout (the reader tries both)
_EMPTY_CELL = Token("", None, in_cell=True, unsure=True, alone=True)

# --- the table's text as pieces and runs ----------------------------------------------------------


@dataclass
class Run:
    """Consecutive value tokens with no text between them, at offset `offset` of the zone's text."""

    tokens: list[Token]
    offset: int
    line: int
    cells: bool  # from a line with known cell boundaries
    continues: bool = False  # follows the previous run with only a line break between

    def variants(self, layout_tail: int = 0) -> list[tuple[Token, ...]]:
        """Readings of the run: as printed; for cell lines also without the empty cells at its ends.

        Empty cells after the last value are blanks of the last columns, unless the table's lines
        show that they are layout (`layout_tail`: full rows still end in that many empty cells):
        that many are dropped first (a blank last cell stays a blank), then all of them (a row of a
        wider grid)."""
        tokens = tuple(self.tokens)
        if not self.cells:
            unsure = tuple(token for token in tokens if not token.unsure)
            return [tokens, unsure] if unsure != tokens else [tokens]
        out = [tokens]
        if layout_tail:
            tokens = tokens[: len(tokens) - tail_blanks(tokens, layout_tail)]
            out = [tokens]
            if (all_stripped := strip_blanks(tokens, end=True)) != tokens:
                out.append(all_stripped)
        stripped = strip_blanks(tokens, end=False)
        if stripped != tokens:
            out.append(stripped)
        return out

    @property
    def trailing_blank(self) -> bool:
        return self.cells and bool(self.tokens) and self.tokens[-1].raw == ""


def tail_blanks(tokens: tuple[Token, ...], most: int) -> int:
    """How many of the empty cells at the end of `tokens` (at most `most`)."""
    count = 0
    while count < min(most, len(tokens)) and tokens[len(tokens) - 1 - count].raw == "":
        count += 1
    return count


def strip_blanks(tokens: tuple[Token, ...], end: bool) -> tuple[Token, ...]:
    """Without the structural blanks (empty cells) at the end (`end`) or the start."""
    if end:
        while tokens and tokens[-1].raw == "":
            tokens = tokens[:-1]
    else:
        while tokens and tokens[0].raw == "":
            tokens = tokens[1:]
    return tokens


@dataclass
class Zone:
    """A table's lines: concatenated squashed text, where each text piece starts, and the runs."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each text piece
    lines: list[int] = field(default_factory=list)  # line of each text piece
    runs: list[Run] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return self.lines[index] if index >= 0 else -1


def one_cell_per_line(lines: Sequence[tuple[int, LinePieces | None]]) -> list[tuple[int, LinePieces]]:
    """A table's lines (None: an empty line) as the reader reads them. Where the table prints every
    value on a line of its own (a web page's cells one per line), the value lines between two lines
    of text are one row's cells and become one line: each value one cell (never digits of several),
    an empty line among or next to them a blank cell that may be layout instead (`_EMPTY_CELL`).
    Elsewhere empty lines are dropped and the lines kept as they are."""
    kept = [(number, line) for number, line in lines if line is not None]
    alone = 0
    for _number, kept_line in kept:
        tokens = sum(isinstance(piece, Token) for piece in kept_line.pieces)
        if tokens and (len(kept_line.pieces) > 1 or kept_line.cells):
            return kept  # a value beside text or other values: not one cell per line
        alone += tokens
    if alone < MIN_CELL_LINES:
        return kept
    out: list[tuple[int, LinePieces]] = []
    cells: list[Token] = []
    text_line = -1  # the last line of text: the row's values are given its number, so that they
    # belong to the label printed there (`align._anchors`), never to a row before or after it
    for number, line in lines:
        if line is None:
            cells.append(_EMPTY_CELL)
        elif line.pieces and isinstance(token := line.pieces[0], Token):
            cells.append(Token(token.raw, token.value, True, token.unsure, alone=True))
        elif line.pieces:
            _add_row(out, cells, text_line)
            cells, text_line = [], number  # empty lines between lines of text are no row's cells
            out.append((number, line))
    _add_row(out, cells, text_line)
    return out


def _add_row(out: list[tuple[int, LinePieces]], cells: list[Token], line: int) -> None:
    if any(cell is not _EMPTY_CELL for cell in cells):
        out.append((line, LinePieces(tuple(cells), False)))


def build_zone(lines: Sequence[tuple[int, LinePieces]]) -> Zone:
    zone = Zone()
    parts: list[str] = []
    # bound once: a zone's pieces run to hundreds per report
    add_start, add_line, add_part, add_run = (
        zone.starts.append,
        zone.lines.append,
        parts.append,
        zone.runs.append,
    )
    offset = 0
    continues = False  # no text since the last token: a new line's run continues the last one
    for line_no, line in lines:
        tokens: list[Token] | None = None  # the tokens of the current run; runs are cut at line ends
        for piece in line.pieces:
            if type(piece) is str:
                tokens = None
                continues = False
                add_start(offset)
                add_line(line_no)
                add_part(piece)
                offset += len(piece)
            else:
                if tokens is None:
                    tokens = []
                    add_run(Run(tokens, offset, line_no, line.cells, continues and not line.cells))
                tokens.append(piece)  # type: ignore[arg-type]
                continues = True
    zone.text = "".join(parts)
    return zone
