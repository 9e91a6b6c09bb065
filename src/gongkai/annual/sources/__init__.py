"""Reader front-ends: any report file (text, HTML, PDF, Word) to a `Document`, chosen by content."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gongkai.annual.document import Document, ReadError
from gongkai.annual.sources.bounded import REPORT, REPORT_TEXT_BYTES, check_size, check_zip, read_file

# Extensions the folder commands pick up; `load_document` itself looks at the content, not the name.
REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".pdf", ".docx")

_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<body",
    b"<table",
    b"<head",
    b"<meta",
    b"<p>",
    b"<div",
    b"<p ",
)
_SNIFF = 2048


def sniff_kind(data: bytes) -> str:
    """'pdf', 'docx', 'html' or 'text' from the bytes themselves; ReadError for what we cannot read."""
    if not data or data.isspace():  # (`strip` would copy the whole file)
        raise ReadError("文件为空，没有任何内容。")
    head = data[:_SNIFF]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        if b"word/" in data or b"[Content_Types].xml" in head:
            return "docx"
        raise ReadError("文件是压缩包（ZIP），不是 Word（.docx）文档；请解压后分别读取。")
    if head.startswith(_OLE_MAGIC):
        raise ReadError("旧版 Word（.doc）或其他 Office 二进制格式暂不支持，请另存为 .docx 或 PDF 后再读取。")
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            raise ReadError(f"文件是 {name} 图片，没有文字层，需要先进行文字识别（OCR）后才能读取。")
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        raise ReadError("文件是 WEBP 图片，没有文字层，需要先进行文字识别（OCR）后才能读取。")
    lowered = _ascii_lower(head)
    if any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    return "text"


def _ascii_lower(head: bytes) -> bytes:
    """Lower-case ASCII, also for UTF-16 text (NUL bytes dropped) so that its markup is found."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00" or head[:1] == b"\x00":
        head = head.replace(b"\x00", b"")
    return head.lower()


def load_document(source: str | Path | bytes, name: str | None = None) -> Document:
    """Read a report file (path) or its bytes into a Document, choosing the front-end by content.

    Raises ReadError with a Chinese message for anything that cannot be read (missing file, empty,
    image, damaged, encrypted, scanned PDF, undecodable text).
    """
    data, label = _source_bytes(source, name)
    kind = _bounded_kind(data)
    with _read_errors():
        # each front-end is imported when its kind of file comes: its library (pypdfium2,
        # python-docx, the HTML parser) loads only for the files that need it
        if kind == "pdf":
            from gongkai.annual.sources.pdf import read_pdf

            return read_pdf(data, label)
        if kind == "docx":
            from gongkai.annual.sources.docx import read_docx

            return read_docx(data, label)
        if kind == "html":
            from gongkai.annual.sources.html import read_html

            return read_html(data, label)
        from gongkai.annual.sources.text import read_text

        return read_text(data, label)


def load_pages(source: str | Path | bytes, name: str | None = None) -> tuple[Document, ...]:
    """Like `load_document`, but a PDF gives one Document per page (running heads kept: checks that
    must see every printed word use this); any other file gives its one Document."""
    data, label = _source_bytes(source, name)
    if _bounded_kind(data) != "pdf":
        return (load_document(data, label),)
    with _read_errors():
        # imported on demand, as in `load_document`: pypdfium2 loads only for PDF files
        from gongkai.annual.sources.pdf import read_pdf_pages

        return read_pdf_pages(data, label)


def _source_bytes(source: str | Path | bytes, name: str | None) -> tuple[bytes, str]:
    """The bytes of a report file, refused by size before they are read (`bounded.REPORT`)."""
    if isinstance(source, bytes):
        check_size(len(source), REPORT)
        return source, name or ""
    return read_file(source, REPORT), name or str(source)


def _bounded_kind(data: bytes) -> str:
    """`sniff_kind`, then the bounds of that kind: a Word file's zip checked, text and HTML at most
    `REPORT_TEXT_BYTES`."""
    kind = sniff_kind(data)
    if kind == "docx":
        check_zip(data, REPORT, "Word 文件（.docx）")
    elif kind in {"text", "html"}:
        check_size(len(data), REPORT, REPORT_TEXT_BYTES)
    return kind


@contextmanager
def _read_errors() -> Iterator[None]:
    """A front-end's failure as ReadError with a Chinese message (hostile input must never give a traceback)."""
    try:
        yield
    except ReadError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ReadError("文件过大或结构过深，无法读取。") from exc
    except Exception as exc:  # a library failing on hostile input must still give a Chinese message
        raise ReadError(f"文件内容已损坏，无法读取（{type(exc).__name__}）。") from exc


__all__ = ["REPORT_SUFFIXES", "Document", "ReadError", "load_document", "load_pages", "sniff_kind"]
