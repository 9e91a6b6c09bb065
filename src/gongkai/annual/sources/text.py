"""Plain-text front-end: decode any common encoding deterministically and split into printed lines."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from gongkai.annual.document import Document, ReadError


@dataclass(frozen=True)
class TextSettings:
    """How much of a decoded text must look like writing before we accept the decoding."""

    # Share of characters that must be CJK ideographs, CJK punctuation, or printable ASCII/whitespace.
    min_plausible_share: float = 0.9
    # Share of CJK ideographs that must come from the common block (GB2312 level) for a GB18030 guess.
    min_common_cjk_share: float = 0.8
    # A file with at most this share of undecodable bytes is read, the damage replaced and noted.
    max_damaged_share: float = 0.005
    # At most this share of control characters (other than tab/newline/CR/form feed) is tolerated.
    max_control_share: float = 0.01


DEFAULT_TEXT_SETTINGS = TextSettings()

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029]")


_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff"
_CJK = re.compile(f"[{_CJK_CLASS}]+")
# Ordinary Chinese or ASCII prose: printable ASCII, whitespace, CJK ideographs and punctuation,
# full-width forms, general punctuation (“ ” — …), enclosed numbers (①) and a few common signs.
_IMPLAUSIBLE = re.compile(
    f"[^\x20-\x7e\t\n\r\f\v{_CJK_CLASS}\u3000-\u303f\uff00-\uffef\u2000-\u206f"
    "\xa0-\xff\u2100-\u27bf\ufe30-\ufe4f]"  # Latin-1, letterlike to dingbats (№ ℃ Ⅱ → √ ① ─ ■ ★ ✓)
)
# Tables drawn with box-drawing characters: vertical strokes become cell separators ('|'), and
# lines made only of strokes and corners are dropped.
_BOX_CHARACTER = re.compile("[\u2500-\u257f]")
_BOX_VERTICALS = str.maketrans(dict.fromkeys("│┃║┆┇┊┋", "|"))
_BOX_RULE = re.compile(r"^[\s\u2500-\u257f+\-=|]*[\u2500-\u257f][\s\u2500-\u257f+\-=|]*$")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")
# Tables a web page converter printed one cell per line: each cell's text then ' |' ('规章 |', '0 |'),
# a blank cell as a lone '|', and after a row shorter than the table's grid one line of a pipe per
# missing cell ('||', '|||'). A page is read so only with this many such cell lines, most of the
# lines holding a pipe: markdown tables and text with pipes between cells have none.
MIN_PIPED_CELLS = 12
_PIPED_CELL = re.compile(r"[^|]*[^|\s]\s?\|")
_PIPED_VALUE = re.compile(r"(?:[-−+]?\d[\d,]*(?:\.\d+)?|[/／\\—–―\-－~_]+|无|空)\s?\|")
_PIPES = re.compile(r"\|+")


def plausibility(text: str) -> float:
    """Share of characters that ordinary Chinese or ASCII prose is made of (1.0 for empty text)."""
    if not text:
        return 1.0
    return 1.0 - len(_IMPLAUSIBLE.findall(text)) / len(text)


def _common_cjk_share(text: str) -> float:
    """Share of CJK ideographs that GB2312 can encode; GB18030 mis-decodings land on rare ones."""
    cjk = "".join(_CJK.findall(text))
    if not cjk:
        return 1.0
    return len(cjk.encode("gb2312", errors="ignore")) / 2 / len(cjk)


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes, settings: TextSettings = DEFAULT_TEXT_SETTINGS) -> str:
    """Decode bytes as text (see `decode_with_notes`), without the notes."""
    return decode_with_notes(data, settings)[0]


def decode_with_notes(
    data: bytes, settings: TextSettings = DEFAULT_TEXT_SETTINGS
) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as text: a BOM wins, then strict UTF-8, then GB18030 judged by plausibility, then
    (for a file with a few damaged bytes) the first of UTF-8 or GB18030 with few replacements.

    Returns the text and notes on what had to be repaired. Raises ReadError when no decoding looks
    like written text (binary data, unknown encodings).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _accept(text, settings), _damage_notes(text, encoding)
    candidates: list[str] = []
    utf16 = _looks_like_utf16(data)
    if utf16:
        candidates.append(utf16)
    candidates += ["utf-8", "gb18030", "big5"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _common_cjk_share(text) < settings.min_common_cjk_share:
            continue
        if plausibility(text) >= settings.min_plausible_share:
            return _accept(text, settings), ()
    for encoding in ("utf-8", "gb18030"):
        text = data.decode(encoding, errors="replace")
        damaged = text.count("\ufffd")
        if (
            damaged <= settings.max_damaged_share * len(text)
            and _common_cjk_share(text) >= settings.min_common_cjk_share
            and plausibility(text.replace("\ufffd", "")) >= settings.min_plausible_share
        ):
            return _accept(text, settings), _damage_notes(text, encoding)
    raise ReadError(
        "无法识别文件的文字编码，或文件不是文本（请提供 UTF-8、GB18030/GBK 或 UTF-16 编码的文本）。"
    )


def _damage_notes(text: str, encoding: str) -> tuple[str, ...]:
    damaged = text.count("\ufffd")
    if not damaged:
        return ()
    return (
        f"文件中有 {damaged} 处字节无法按 {encoding.upper()} 编码解读（文件可能已损坏），已用“\ufffd”代替。",
    )


def _accept(text: str, settings: TextSettings) -> str:
    controls = len(_CONTROLS.findall(text))
    if text and controls / len(text) > settings.max_control_share:
        raise ReadError("文件含有大量控制字符，不是可读的文本文件。")
    return text.replace("\x00", "")


def split_lines(text: str) -> tuple[str, ...]:
    """Printed lines with trailing spaces removed; tabs inside a line are kept as cell separators,
    box-drawing strokes become '|' separators and ruling lines of box drawing are dropped; tables
    printed one piped cell per line become one cell per line without the pipes (`without_cell_pipes`)."""
    lines = [line.rstrip(" \u3000\xa0") for line in _LINE_BREAKS.split(text)]
    if "|" in text:
        lines = without_cell_pipes(lines)
    if not _BOX_CHARACTER.search(text):
        return tuple(lines)
    return tuple(line.translate(_BOX_VERTICALS) for line in lines if not _BOX_RULE.match(line))


def without_cell_pipes(lines: list[str]) -> list[str]:
    """A page whose tables were printed one cell per line with pipes (see `MIN_PIPED_CELLS`) as one
    cell per line: 'text |' is 'text', a lone '|' a blank cell ('/'), a line of pipes the grid's
    padding (dropped). A lone '|' that ends a row may be a blank last cell or one cell of padding:
    it becomes an empty line, which the reader takes for a blank where the row's cell count says
    so. Other pages are returned as they are."""
    if sum(1 for line in lines if line[-1:] == "|" and line[:1] != "|") < MIN_PIPED_CELLS:
        return lines  # the common case (markdown rows start with a pipe too)
    piped = [line for line in lines if "|" in line and not _PIPES.fullmatch(line)]
    cells = sum(1 for line in piped if line[-1] == "|" and _PIPED_CELL.fullmatch(line))
    if cells < MIN_PIPED_CELLS or 2 * (len(piped) - cells) > cells:
        return lines
    out: list[str] = []
    for index, line in enumerate(lines):
        if _PIPED_CELL.fullmatch(line):
            out.append(line[:-1].rstrip())
        elif line == "|":
            after = lines[index + 1] if index + 1 < len(lines) else ""
            # before a cell of the same row, or before the row's padding line: a blank cell
            out.append("/" if after.startswith("|") or _PIPED_VALUE.fullmatch(after) else "")
        elif not _PIPES.fullmatch(line):
            out.append(line)
    return out


def read_text(data: bytes, name: str = "") -> Document:
    """The text front-end: bytes of a .txt file to a Document."""
    text, notes = decode_with_notes(data)
    if not text.strip():
        raise ReadError("文件没有任何文字内容。")
    return Document(lines=split_lines(text), kind="text", source=name, notes=notes)
