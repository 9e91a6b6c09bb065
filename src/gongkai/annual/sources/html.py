"""HTML front-end: paragraphs and headings as lines, real <table>s as grids of tab-joined cells."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from gongkai.annual.document import Document, ReadError
from gongkai.annual.sources.grid import SpanCell, join_fragments, place_cells, table_lines
from gongkai.annual.sources.text import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SNIFF_BYTES = 4096
# Legacy Chinese charsets are all subsets of GB18030; decoding with the superset never loses text.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "svg"}
)
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "section", "summary", "ul",
        "tr", "td", "th", "table", "thead", "tbody", "tfoot",
    }
)  # fmt: skip
_WHITESPACE = re.compile(r"[ \t\n\r\f\v\xa0\u3000]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in a <meta> (or XML declaration), if any."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or re.search(rb"""<\?xml[^>]*encoding=["']([-\w.:]+)""", head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return _CHARSET_ALIASES.get(name, name)


def decode_html(data: bytes) -> str:
    """Declared charset first (when it decodes cleanly), otherwise the text front-end's sniffing."""
    declared = sniff_html_charset(data)
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _is_hidden(el: lxml.html.HtmlElement) -> bool:
    return bool(_HIDDEN_STYLE.search(el.get("style", "") or "")) or el.get("hidden") is not None


class _LineCollector:
    """Accumulates inline text and breaks it into lines at block boundaries and <br>."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buffer: list[str] = []

    def add_text(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def break_line(self) -> None:
        line = _WHITESPACE.sub(" ", "".join(self._buffer)).strip()
        if line:
            self.lines.append(line)
        self._buffer = []

    def add_lines(self, lines: list[str]) -> None:
        self.break_line()
        self.lines.extend(lines)


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """Tables holding other tables, or a single column, are page layout, not data."""
    if next(table.iterdescendants("table"), None) is not None:
        return True
    return max((len(_cells(tr)) for tr in _rows(table)), default=0) <= 1


def _rows(table: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    for tr in table.iter("tr"):
        if not _is_hidden(tr):
            yield tr


def _cells(tr: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [cell for cell in tr if isinstance(cell.tag, str) and cell.tag in ("td", "th")]


def _span(cell: lxml.html.HtmlElement, attribute: str) -> int:
    digits = re.match(r"\s*(\d+)", cell.get(attribute, "1") or "1")
    return int(digits.group(1)) if digits else 1


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    collector = _LineCollector()
    _walk_children(cell, collector)
    collector.break_line()
    return join_fragments(collector.lines)


def _table_lines(table: lxml.html.HtmlElement) -> list[str]:
    rows = [
        [SpanCell(_cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan")) for cell in _cells(tr)]
        for tr in _rows(table)
    ]
    return table_lines(place_cells(rows))


def _walk(el: lxml.html.HtmlElement, collector: _LineCollector) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag and tag.lower() not in _SKIPPED and not _is_hidden(el):
        tag = tag.lower()
        if tag == "table" and not _is_layout_table(el):
            collector.add_lines(_table_lines(el))
        elif tag == "br":
            collector.break_line()
        elif tag == "pre":
            collector.add_lines([line.rstrip() for line in el.text_content().splitlines() if line.strip()])
        else:
            block = tag in _BLOCKS
            if block:
                collector.break_line()
            _walk_children(el, collector)
            if block:
                collector.break_line()
    collector.add_text(el.tail)


def _walk_children(el: lxml.html.HtmlElement, collector: _LineCollector) -> None:
    collector.add_text(el.text)
    for child in el:
        _walk(child, collector)


def html_lines(text: str) -> list[str]:
    """The printed lines of an HTML page in document order."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise ReadError("网页文件没有任何内容。")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReadError("无法解析网页（HTML）文件。") from exc
    body = root.find("body")
    collector = _LineCollector()
    _walk(body if body is not None else root, collector)
    collector.break_line()
    return collector.lines


def read_html(data: bytes, name: str = "") -> Document:
    """The HTML front-end: bytes of an .html file to a Document."""
    lines = html_lines(decode_html(data))
    if not lines:
        raise ReadError("网页中没有任何文字内容。")
    return Document(lines=tuple(lines), kind="html", source=name)
