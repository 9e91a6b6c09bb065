"""Word (.docx) front-end: body paragraphs and tables in document order, merged cells expanded.

Word's automatic numbering ('一、', '（二）', '1.') is not in the text runs; it is rendered here from
the numbering definitions, because section headings and row labels are recognised by it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from gongkai.annual.document import Document, ReadError
from gongkai.annual.sources.grid import PlacedRow, join_fragments, table_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_VAL = f"{_W}val"
_TC_PR, _GRID_SPAN, _V_MERGE = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge"
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Content that is not part of the printed body flow (deleted revisions, text boxes drawn elsewhere).
_SKIPPED = frozenset({f"{_W}del", f"{_W}txbxContent", f"{_W}fldChar", f"{_W}instrText"})
_CHINESE_DIGITS = "〇一二三四五六七八九"
_MAX_LEVELS = 9


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十 (Word's chineseCounting)."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = (
        ""
        if not rest
        else (
            "零" + _CHINESE_DIGITS[rest]
            if rest < 10
            else _CHINESE_DIGITS[rest // 10] + "十" + (_CHINESE_DIGITS[rest % 10] if rest % 10 else "")
        )
    )
    return _CHINESE_DIGITS[hundreds % 10] + "百" + tail


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        count, n = divmod(n, value)
        out += numeral * count
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "chineseCounting": _chinese_number,
    "chineseCountingThousand": _chinese_number,
    "chineseLegalSimplified": _chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class _Numbering:
    """Word list numbering: each list's counters, advanced paragraph by paragraph in body order."""

    def __init__(self, numbering_xml: Any, styles: Callable[[], Any] | None = None) -> None:
        # Paragraph style id → its w:numPr; the styles part (often the largest) is parsed only
        # when a paragraph without numbering of its own has a style.
        self._styles = styles
        self._style_numbering: dict[str, Any] | None = None
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (abstract id, level) → format
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, list[int]] = {}
        if numbering_xml is None:
            return
        for abstract in numbering_xml.iter(f"{_W}abstractNum"):
            for level in abstract.iter(f"{_W}lvl"):
                fmt, text, start = (
                    level.find(f"{_W}numFmt"),
                    level.find(f"{_W}lvlText"),
                    level.find(f"{_W}start"),
                )
                self._levels[(abstract.get(f"{_W}abstractNumId", ""), _int(level.get(f"{_W}ilvl")))] = (
                    fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                    text.get(_VAL, "") if text is not None else "",
                    _int(start.get(_VAL) if start is not None else "1", 1),
                )
        for num in numbering_xml.iter(f"{_W}num"):
            abstract_id = num.find(f"{_W}abstractNumId")
            if abstract_id is not None:
                self._abstract_of[num.get(f"{_W}numId", "")] = abstract_id.get(_VAL, "")

    def _numbering_of_style(self, style_id: str) -> Any:
        if self._style_numbering is None:
            self._style_numbering = {}
            styles_xml = self._styles() if self._styles is not None else None
            for style in styles_xml.iter(f"{_W}style") if styles_xml is not None else ():
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    self._style_numbering[style.get(f"{_W}styleId", "")] = num_pr
        return self._style_numbering.get(style_id)

    def label(self, p: Any) -> str:
        """The number Word prints before paragraph `p` ('一、'), advancing its list; '' if none."""
        if not self._levels:
            return ""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            num_pr = self._numbering_of_style(style.get(_VAL, "")) if style is not None else None
        if num_pr is None:
            return ""
        num_id_el, level_el = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        num_id = num_id_el.get(_VAL, "") if num_id_el is not None else ""
        level = min(_int(level_el.get(_VAL) if level_el is not None else "0"), _MAX_LEVELS - 1)
        abstract = self._abstract_of.get(num_id)
        if abstract is None or (abstract, level) not in self._levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * _MAX_LEVELS)
        counters[level] += 1
        counters[level + 1 :] = [0] * (_MAX_LEVELS - level - 1)
        fmt, text, _ = self._levels[(abstract, level)]
        if fmt in ("bullet", "none"):
            return ""
        for shown in range(level + 1):
            shown_fmt, _, start = self._levels.get((abstract, shown), ("decimal", "", 1))
            value = max(counters[shown] + start - 1, 1)
            text = text.replace(f"%{shown + 1}", _FORMATS.get(shown_fmt, str)(value))
        return text


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _paragraph_text(p: Any) -> str:
    pieces = list(p.iter(*_TEXT_TAGS, *_SKIPPED))  # lxml walks the paragraph in C
    if any(piece.tag in _SKIPPED for piece in pieces):
        return _paragraph_text_skipping(p)
    return "".join(
        (piece.text or "") if (replacement := _TEXT_TAGS[piece.tag]) is None else replacement
        for piece in pieces
    )


def _paragraph_text_skipping(p: Any) -> str:
    """A paragraph's text without what is not printed in the body flow (deleted text, text boxes)."""
    parts: list[str] = []
    stack = [p]
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag in _SKIPPED:
            continue
        if tag in _TEXT_TAGS:
            replacement = _TEXT_TAGS[tag]
            parts.append((el.text or "") if replacement is None else replacement)
        stack.extend(reversed(el))
    return "".join(parts)


def _cell_layout(tc: Any) -> tuple[int, bool]:
    """How many grid columns a cell spans, and whether it continues a vertically merged cell."""
    properties = tc.find(_TC_PR)
    if properties is None:
        return 1, False
    span, merge = properties.find(_GRID_SPAN), properties.find(_V_MERGE)
    return (
        max(1, _int(span.get(_VAL) if span is not None else "1", 1)),
        merge is not None and merge.get(_VAL, "continue") == "continue",
    )


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Direct children with `tag`, looking through content controls (rows or cells wrapped in w:sdt)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _children(content, tag)


def _body_blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables directly in a body or cell, looking through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content)


class _BodyReader:
    """Walks a document body in order, so that list numbering advances as Word prints it."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering

    def paragraph_lines(self, p: Any) -> list[str]:
        text = self.numbering.label(p) + _paragraph_text(p)
        return [line.rstrip() for line in text.split("\n") if line.strip()]

    def cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for block in _body_blocks(tc):
            if block.tag == _P:
                lines.extend(self.paragraph_lines(block))
            else:  # a table nested in a cell: its rows, flattened
                lines.extend(" ".join(row.split("\t")).strip() for row in self.table_lines(block))
        return join_fragments(lines).replace("\t", " ")

    def table_lines(self, tbl: Any) -> list[str]:
        """Each row's cells at their grid columns; a vertically merged cell only where it starts."""
        rows: list[PlacedRow] = []
        for tr in _children(tbl, _TR):
            before = tr.find(f"{_W}trPr/{_W}gridBefore")
            col = _int(before.get(_VAL) if before is not None else "0")
            cells: PlacedRow = []
            for tc in _children(tr, _TC):
                span, continued = _cell_layout(tc)
                if not continued:
                    cells.append((col, self.cell_text(tc)))
                col += span
            rows.append(cells)
        return table_lines(rows)

    def body_lines(self, body: Any) -> list[str]:
        lines: list[str] = []
        for block in _body_blocks(body):
            lines.extend(self.paragraph_lines(block) if block.tag == _P else self.table_lines(block))
        return lines


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN_PART = "word/document.xml"  # where Word puts the body when the package relationships do not say
_PART_LIMIT = 256 * 1024 * 1024  # a part inflating beyond this is a zip bomb, not a report


def _xml_parser() -> Any:
    from lxml import etree

    # As python-docx parses parts: no entities, no network, ignorable whitespace dropped.
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)


def _part_path(source: str, target: str) -> str:
    """A relationship's target as a path in the package, relative to its source part's folder."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _relationships(archive: zipfile.ZipFile, source: str, parser: Any) -> dict[str, str]:
    """The part `source`'s internal relationships: the last segment of each type → the target part."""
    from lxml import etree

    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.NameToInfo:
        return {}
    targets: dict[str, str] = {}
    for rel in etree.fromstring(_read_part(archive, rels_name), parser).iter(_REL):
        kind, target = rel.get("Type", ""), rel.get("Target")
        if target and rel.get("TargetMode", "Internal") == "Internal":
            targets.setdefault(kind.rsplit("/", 1)[-1], _part_path(source, target))
    return targets


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _PART_LIMIT:
        raise ReadError("Word 文件（.docx）过大，无法读取。")
    return archive.read(name)


def _optional_part(archive: zipfile.ZipFile, name: str | None) -> bytes | None:
    """A part's bytes, or None when it is absent (numbering and styles are extras)."""
    if name is None or name not in archive.NameToInfo:
        return None
    return _read_part(archive, name)


def _parse_optional(data: bytes | None, parser: Any) -> Any:
    """An optional part's root element, or None when it is absent or damaged."""
    from lxml import etree

    if data is None:
        return None
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _docx_parts(data: bytes) -> tuple[Any, Any, bytes | None]:
    """The document body, the numbering part (or None) and the styles part's bytes (or None, also when
    no style numbers its paragraphs), read straight from the zip."""
    from lxml import etree

    parser = _xml_parser()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main = _relationships(archive, "", parser).get("officeDocument", _MAIN_PART)
            document = etree.fromstring(_read_part(archive, main), parser)
            related = _relationships(archive, main, parser)
            numbering = _optional_part(archive, related.get("numbering"))
            styles = _optional_part(archive, related.get("styles"))
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise ReadError("Word 文件（.docx）已损坏或不完整，无法打开。") from exc
    except etree.XMLSyntaxError as exc:
        raise ReadError("Word 文件（.docx）的内容已损坏，无法读取。") from exc
    body = document.find(f"{_W}body")
    if body is None:
        raise ReadError("Word 文件（.docx）的内容已损坏，无法读取。")
    return body, _parse_optional(numbering, parser), styles if styles and b"numPr" in styles else None


def docx_lines(data: bytes) -> list[str]:
    """The printed lines of a .docx body: paragraphs as lines, each table row tab-joined."""
    body, numbering_xml, styles = _docx_parts(data)
    parser = _xml_parser()
    numbering = _Numbering(numbering_xml, lambda: _parse_optional(styles, parser))
    return _BodyReader(numbering).body_lines(body)


def read_docx(data: bytes, name: str = "") -> Document:
    """The Word front-end: bytes of a .docx file to a Document."""
    lines = docx_lines(data)
    if not lines:
        raise ReadError("Word 文件中没有任何文字内容。")
    return Document(lines=tuple(lines), kind="docx", source=name)
