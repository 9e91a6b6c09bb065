"""A table's text as the reader sees it: the squashed text pieces and the runs of values between them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.annual.reading.lines import LinePieces, Token

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


def build_zone(lines: Sequence[tuple[int, LinePieces]]) -> Zone:
    zone = Zone()
    parts: list[str] = []
    offset = 0
    run: Run | None = None
    continues = False  # no text since the last token: a new line's run continues the last one
    for line_no, line in lines:
        for piece in line.pieces:
            if isinstance(piece, str):
                run = None
                continues = False
                zone.starts.append(offset)
                zone.lines.append(line_no)
                parts.append(piece)
                offset += len(piece)
            else:
                if run is None:
                    run = Run([], offset, line_no, line.cells, continues and not line.cells)
                    zone.runs.append(run)
                run.tokens.append(piece)
                continues = True
        run = None  # runs are cut at line ends; the alignment may join them again
    zone.text = "".join(parts)
    return zone
