"""Turn a report's printed lines into text pieces and value tokens (numbers, explicit blanks).

Everything the table reader compares is first `squash`ed (NFKC, no whitespace, '1、' → '1.'), so that
full-width brackets, half-width brackets, stray spaces inside labels and line breaks do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.annual.textnorm import compact, normalize, squash

__all__ = ["LinePieces", "Token", "compact", "line_pieces", "normalize", "squash"]

# A page number ('- 3 -', '— 5 —', '第 3 页', '第3页 共5页', '3/5'): never a table value.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–―~_－]+\d{1,3}[-—–―~_－]+|第\d{1,3}页(?:[,，/]?共\d{1,3}页)?|共\d{1,3}页第\d{1,3}页|\d{1,3}/\d{1,3}|page\d{1,3})$",
    re.IGNORECASE,
)
# The same joined onto a line of text, at its end or its start ('…另行制作 - 3 -', '— 3 — 3.其他').
# Dashed forms need dashes on both sides spaced alike ('- 3 -', '—3—'), so that a negative value
# followed by a blank mark ('-3 -') is not taken for one; still, '- 3 -' may be three cells (blank,
# 3, blank) of a three-cell row, so they are only removed where the caller says no row can be that.
# Everywhere removed: worded forms ('第3页'), and a spaced dashed form touching the text ('件数— 3 —',
# '- 3 -3.其他'): cells are spaced from their label in spaced text and touch nothing in glued text.
_DASHED = r"(?:[-—–―－]\s+\d{1,3}\s+[-—–―－]|[—–―－]\d{1,3}[—–―－])"
_SPACED = r"(?:[-—–―－]\s+\d{1,3}\s+[-—–―－])"
_WORDED = r"(?:第\s?\d{1,3}\s?页(?:\s?[,，/]?\s?共\s?\d{1,3}\s?页)?)"
_TEXT_AFTER = r"(?=[^\d\s]|\d{1,2}[.、]\D)"  # text, or an enumeration ('3.补正后…')
_DASHED_AT = (rf"(?<=[^\d\s])\s*{_DASHED}\s*$", rf"^\s*{_DASHED}\s*{_TEXT_AFTER}")
_TOUCHING_AT = (rf"(?<=[^\d\s\-—–―－]){_SPACED}\s*$", rf"^\s*{_SPACED}{_TEXT_AFTER}")
_WORDED_AT = (rf"\s*{_WORDED}\s*$", rf"^\s*{_WORDED}\s*")
_JOINED_PAGE_NUMBER = {
    dashed: tuple(re.compile("|".join(forms)) for forms in zip(*forms_used, strict=True))
    for dashed, forms_used in ((True, (_DASHED_AT, _WORDED_AT)), (False, (_TOUCHING_AT, _WORDED_AT)))
}
_PAGE_MARK = re.compile(r"[-—–―－第]")
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")

_NUMBER = re.compile(r"[-−+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−+]?\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_WORD_BLANKS = ("无", "空")
_MARK_CHARACTER = re.compile(r"[/／\\—–―\-－~_无空]")  # a character a blank mark is made of
_BLANK_MARK = re.compile(r"^(?:[/／\\—–―\-－~_]+|无|空)$")
# Inside a chunk: an enumeration prefix ('1.', '2.') before a label is text; a number directly
# followed by a date/percent unit is text; other digits are values. Digits glued onto an enumeration
# ('00000002.其他…': a crawler joined a row's cells and the next label) end before its ordinal: the
# row's last cell cannot end in '2.' followed by text (a decimal has digits after its point).
_PIECES = re.compile(
    r"(?P<lead>[-−+]?\d+?)(?=\d[.、](?:\D|$))"
    r"|(?P<prefix>\d{1,2}[.、](?=\D|$))"
    r"|(?P<dated>\d+(?:\.\d+)?(?:年|月|日|号|%|‰|岁|时|分))"
    r"|(?P<num>[-−+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|[-−+]?\d+(?:\.\d+)?)"
    r"|(?P<text>[^\d−-]+|[−-])"
)
# one ordinal digit and a label without digits or minus signs: its prefix and its text, as `_PIECES`
# reads them (a two-digit ordinal is not taken here: `_PIECES` reads its first digit as a value)
_ENUMERATED_LABEL = re.compile(r"(\d[.、])([^\d−-]+)\Z")
_UNIT = re.compile(r"^(?P<num>[-−+]?\d+(?:\.\d+)?)(?:件|个|项|条|次|万元|元)$")
# a change printed in words (2019 本年增/减: '减4' for -4, '增加3' for 3)
_CHANGE = re.compile(r"^(?P<sign>增加?|减少?)(?P<num>\d+)(?:件|个|项)?$")


def is_page_number(squashed: str) -> bool:
    """Whether a (squashed) line is a page number."""
    return bool(squashed) and bool(_PAGE_NUMBER.match(squashed))


def without_page_number(line: str, dashed: bool = True) -> str:
    """A line of (normalised) text without a page number joined onto its end or start; the dashed
    forms only if `dashed` (where no row could be read as blank, number, blank)."""
    if not _DIGIT.search(line) or not _PAGE_MARK.search(line):
        return line  # every joined form has digits and a dash or '第'
    at_end, at_start = _JOINED_PAGE_NUMBER[dashed]
    return at_start.sub("", at_end.sub("", line))


@dataclass(frozen=True, init=False)
class Token:
    """A value cell as printed: a number, or an explicit or structural blank (value None)."""

    raw: str
    value: int | float | None
    in_cell: bool = False  # from a line with known cell boundaries: never digits of several cells
    unsure: bool = False  # a blank that may be layout or text instead: the reader also tries without
    joined: bool = False  # printed touching the text before it ('规章0810'): that label's values
    # printed on a line of its own among lines of one cell each (`zones.one_cell_per_line`): one
    # cell (`in_cell`), but a blank cell may have left no line, so the row's cells are not all seen
    alone: bool = False

    def __init__(
        self,
        raw: str,
        value: int | float | None,
        in_cell: bool = False,
        unsure: bool = False,
        joined: bool = False,
        alone: bool = False,
    ) -> None:
        # the generated frozen __init__ sets each field through object.__setattr__; tokens are made
        # by the hundred per report, so their fields go straight into the instance's dict (it stays
        # frozen), and a flag left at its default is not stored: the class attribute holds it
        fields = self.__dict__
        fields["raw"] = raw
        fields["value"] = value
        fields["in_cell"] = in_cell
        if unsure is not False:
            fields["unsure"] = unsure
        if joined is not False:
            fields["joined"] = joined
        if alone is not False:
            fields["alone"] = alone

    @property
    def is_blank(self) -> bool:
        return self.value is None

    @property
    def digits(self) -> str:
        """The digit string when the token may be glued cells (a plain integer outside a known cell)."""
        return self.raw if self.raw.isdigit() and not self.in_cell else ""


Piece = str | Token  # text (squashed) or a value token


def parse_number(raw: str) -> int | float | None:
    text = raw.replace(",", "").replace("−", "-")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in text else value


def _worded_number(chunk: str) -> str | None:
    """The number of a cell printed with its unit ('3件', '12.5万元') or as a change in words ('减4'
    is -4, '增加3' is 3), as number text; None for any other chunk."""
    unit = _UNIT.match(chunk)
    if unit:
        return unit.group("num")
    change = _CHANGE.match(chunk) if chunk[:1] in ("增", "减") else None
    if change:
        return ("-" if change.group("sign")[0] == "减" else "") + change.group("num")
    return None


def _chunk_pieces(chunk: str, in_cell: bool = False) -> list[Piece]:
    """Pieces of one whitespace- or tab-delimited chunk (already normalised); `in_cell`: the chunk is
    a whole cell of a line with known cell boundaries (its tokens are marked so)."""
    if chunk.isdigit() and chunk.isascii():
        return [Token(chunk, int(chunk), in_cell)]
    if not _DIGIT.search(chunk) and not _BLANK_MARK.match(chunk):
        text = compact(chunk)
        return [text] if text else []
    label = _ENUMERATED_LABEL.match(chunk)
    if label:  # the common label ('1.属于国家秘密'): what `_PIECES` gives it, without the scan (it
        # is no number, blank mark or worded number: those have no digit followed by '.' and text)
        text = compact(label.group(2))
        return [compact(label.group(1)), text] if text else [compact(label.group(1))]
    if _NUMBER.fullmatch(chunk):
        return [Token(chunk, parse_number(chunk), in_cell)]
    if _BLANK_MARK.match(chunk):
        return [Token(chunk, None, in_cell)]
    number = _worded_number(chunk)
    if number is not None:
        return [Token(number, parse_number(number), in_cell)]
    pieces: list[Piece] = []
    for match in _PIECES.finditer(chunk):
        number = match.group("num") or match.group("lead")
        if number is not None:
            joined = bool(pieces) and isinstance(pieces[-1], str)
            pieces.append(Token(number, parse_number(number), in_cell, joined=joined))
        else:
            text = compact(match.group(0))
            if text:
                pieces.append(text)
    return pieces


_CHUNK = re.compile(r"\S+")
# the common row: a label (may start with its enumeration, '1.属于…'), then numbers one space apart
# (ASCII minus signs allowed: the 2019 format's 本年增/减, which `int` reads as `_chunk_pieces` does)
_SIMPLE_ROW = re.compile(r"^(?:((?:\d{1,2}[.、])?[^\s\d][^\s]*) )?(-?\d{1,12}(?: -?\d{1,12})*)$", re.ASCII)
_COLUMN_NAME = re.compile(r"^(?:数据|列|栏|项|Column|col)\s*\d{1,2}$", re.IGNORECASE)
GAP_BLANK = " "  # raw text of a blank cell seen as a double space between single-spaced numbers
LABEL_GAP_BLANK = "  "  # the same between the label and the first number (less sure: a variant)


def _spelled(chunk: str, index: int, found: Sequence[re.Match[str]]) -> list[Piece]:
    """'无' or '空' spelled out with a space before the next character ('无 法 提 供': a vertical
    label flattened onto one line) is text, not a blank cell."""
    if chunk not in _WORD_BLANKS or index + 1 >= len(found):
        return []
    following = found[index + 1].group(0)
    return (
        [chunk]
        if len(following) == 1 and not following.isdigit() and not _BLANK_MARK.match(following)
        else []
    )


def _spaced_pieces(line: str) -> list[Piece]:
    """Pieces of a line without cell boundaries. Where numbers are separated by single spaces, a
    wider gap between two numbers is an empty cell (one blank per extra space)."""
    found = list(_CHUNK.finditer(line))
    if len(found) == 1 and found[0].group(0) in _WORD_BLANKS:
        return [found[0].group(0)]  # a character of a vertical label ('无' of 无法提供), not a blank
    chunks = [
        (m.start(), m.end(), _spelled(m.group(0), k, found) or _chunk_pieces(m.group(0)))
        for k, m in enumerate(found)
    ]
    numeric = [len(pieces) == 1 and isinstance(pieces[0], Token) for _start, _end, pieces in chunks]
    gaps = [chunks[k + 1][0] - chunks[k][1] for k in range(len(chunks) - 1) if numeric[k] and numeric[k + 1]]
    single = bool(gaps) and min(gaps) == 1
    out: list[Piece] = []
    for k, (start, _end, pieces) in enumerate(chunks):
        if single and k and numeric[k]:
            raw = GAP_BLANK if numeric[k - 1] else LABEL_GAP_BLANK
            out += [Token(raw, None, unsure=raw == LABEL_GAP_BLANK)] * (start - chunks[k - 1][1] - 1)
        word = pieces[0] if numeric[k] else None
        if isinstance(word, Token) and word.raw in _WORD_BLANKS and not _between_numbers(chunks, k):
            pieces = [Token(word.raw, None, unsure=True)]
        out += pieces
    return out


def _between_numbers(chunks: Sequence[tuple[int, int, list[Piece]]], k: int) -> bool:
    """Whether chunk `k` has a value on both sides: '无' there is surely a blank cell; next to text
    it may be a character of a label ('无' of 无法提供 flattened onto one line)."""
    return all(
        0 <= n < len(chunks) and len(chunks[n][2]) == 1 and isinstance(chunks[n][2][0], Token)
        for n in (k - 1, k + 1)
    )


def _cells(line: str) -> list[str] | None:
    """The cells of a line whose source knows cell boundaries (tab or markdown pipes), else None."""
    if "\t" in line:
        return line.split("\t")
    if "|" not in line:  # the common line: no boundaries at all
        return None
    stripped = line.strip()
    if stripped.count("|") >= 2 or (
        stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1
    ):
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        return stripped.split("|")
    return None


@dataclass(frozen=True, init=False)
class LinePieces:
    """One line as pieces. `cells`: True when the line came with known cell boundaries, in which
    case empty cells were kept as blank tokens (only on lines that hold at least one number)."""

    pieces: tuple[Piece, ...]
    cells: bool

    def __init__(self, pieces: tuple[Piece, ...], cells: bool) -> None:
        # one per line of every table: filled straight into the instance's dict, as `Token` is
        fields = self.__dict__
        fields["pieces"] = pieces
        fields["cells"] = cells


def line_pieces(line: str, line_no: int = 0) -> LinePieces:
    """Split one printed line, already `normalize`d, into text pieces and value tokens (`line_no`
    is kept for callers that number lines; the pieces do not depend on it)."""
    cells = _cells(line)
    if cells is None:
        return LinePieces(_plain_pieces(line), False)
    if "--" in line and _MARKDOWN_RULE.match(line.strip()):  # a rule holds '--' in every cell
        return LinePieces((), True)
    if not _DIGIT.search(line) and not _MARK_CHARACTER.search(line):
        # a header line: every filled cell one text piece (no value, blank mark or page number)
        return LinePieces(tuple(text for cell in cells if (text := compact(cell))), True)
    pieces, empty, has_number, last_text = _cell_pieces(cells)
    if len(empty) == len(cells) - 1:
        filled = next(cell for cell in cells if cell.strip())
        if is_page_number(compact(filled)):
            return LinePieces((), True)  # a page footer ('| — 3 — |  |  |') printed as a row of its own
    if has_number:
        # an empty cell among the values is a blank; empty cells left of the label are layout
        for where, index in reversed(empty):
            if index > last_text:
                pieces.insert(where, Token("", None, True))
    return LinePieces(tuple(pieces), True)


def _plain_pieces(line: str) -> tuple[Piece, ...]:
    """The pieces of a line without known cell boundaries."""
    if not _DIGIT.search(line) and not _MARK_CHARACTER.search(line):
        text = compact(line)  # the common text line: no value, no blank mark, one piece
        return (text,) if text else ()
    simple = _SIMPLE_ROW.match(line)
    if simple and simple.group(1) not in _WORD_BLANKS and not _BLANK_MARK.match(simple.group(1) or ""):
        # the common row: a label, then numbers one space apart (what `_spaced_pieces` gives)
        head = _chunk_pieces(simple.group(1)) if simple.group(1) else []
        return (*head, *[Token(raw, int(raw)) for raw in simple.group(2).split(" ")])
    return tuple(_spaced_pieces(line))


def _cell_pieces(cells: Sequence[str]) -> tuple[list[Piece], list[tuple[int, int]], bool, int]:
    """The pieces of a line's cells; (where in the pieces, cell index) of each empty cell; whether a
    cell holds a number; the index of the last cell holding text (-1: none)."""
    pieces: list[Piece] = []
    empty: list[tuple[int, int]] = []
    has_number = False
    last_text = -1
    for index, cell in enumerate(cells):
        text = cell.strip()
        if not text:
            empty.append((len(pieces), index))
        elif text.isdigit() and text.isascii():  # the common cell, as `_chunk_pieces` reads it
            pieces.append(Token(text, int(text), True))
            has_number = True
        elif _COLUMN_NAME.match(text):  # a converter's invented column header ('数据1')
            pieces.append(compact(text))
            last_text = index
        else:
            for piece in _chunk_pieces(text, True):
                if isinstance(piece, str):
                    last_text = index
                elif piece.value is not None:
                    has_number = True
                pieces.append(piece)
    return pieces, empty, has_number, last_text
