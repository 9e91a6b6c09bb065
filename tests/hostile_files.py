"""Hostile files, made on demand (issue 14): zip bombs, a declared-dimension bomb, a sparse sheet, a Word file
holding hundreds of MB of XML, a huge text file. Used small by the tests and full size by
bench/bench_hostile.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MB = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _stream(archive: zipfile.ZipFile, name: str, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
    """An entry of about `size` bytes: head, `unit` repeated, tail, written in chunks (never all in memory)."""
    chunk = unit * max(1, MB // len(unit))
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as out:
        out.write(head)
        written = len(head)
        while written < size:
            out.write(chunk)
            written += len(chunk)
        out.write(tail)


def docx_xml_bomb(size: int = 250 * MB) -> bytes:
    """A .docx whose document.xml inflates to `size` bytes of ordinary paragraphs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
        unit = "<w:p><w:r><w:t>本机关全年共收到政府信息公开申请</w:t></w:r></w:p>".encode()
        _stream(archive, "word/document.xml", head, unit, size, b"</w:body></w:document>")
    return buffer.getvalue()


def _xlsx(sheet: bytes | None = None, stream: tuple[bytes, bytes, int, bytes] | None = None) -> bytes:
    """A minimal workbook with one sheet: its XML given, or streamed (head, unit, size, tail)."""
    from openpyxl import Workbook

    plain = io.BytesIO()
    Workbook().save(plain)
    buffer = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != "xl/worksheets/sheet1.xml":
                target.writestr(entry.filename, source.read(entry))
            elif sheet is not None:
                target.writestr(entry.filename, sheet)
            else:
                assert stream is not None
                head, unit, size, tail = stream
                _stream(target, entry.filename, head, unit, size, tail)
    return buffer.getvalue()


_SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def xlsx_zip_bomb(size: int = 250 * MB) -> bytes:
    """An .xlsx whose sheet inflates to `size` bytes of one cell's text."""
    head = f'{_SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode()
    return _xlsx(stream=(head, b"a" * 1024, size, b"</t></is></c></row></sheetData></worksheet>"))


def xlsx_dimension_bomb() -> bytes:
    """A tiny .xlsx whose sheet declares the whole grid, A1:XFD1048576, as its dimension."""
    sheet = (
        f'{_SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>申请编号</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _xlsx(sheet.encode())


def xlsx_sparse(rows: int = 20_000, step: int | None = None) -> bytes:
    """An .xlsx with a cell in the last column (XFD) of `rows` rows, `step` apart (default: spread down the
    whole sheet)."""
    step = step or max(1, 1_048_576 // rows)
    cells = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, rows * step, step)
    )
    return _xlsx(f"{_SHEET_HEAD}<sheetData>{cells}</sheetData></worksheet>".encode())


def xlsx_many_rows(rows: int) -> bytes:
    """An .xlsx of `rows` short rows (beyond the row cap)."""
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, rows + 1))
    return _xlsx(f"{_SHEET_HEAD}<sheetData>{cells}</sheetData></worksheet>".encode())


def zip_many_entries(count: int) -> bytes:
    """A .docx-looking package of `count` tiny entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        for n in range(count):
            archive.writestr(f"word/media/{n}.xml", b"")
    return buffer.getvalue()


def huge_text(path: Path, size: int = 200 * MB, sparse: bool = False) -> Path:
    """A text file of `size` bytes: report-like lines, or (sparse) a hole the file system makes at once."""
    with path.open("wb") as out:
        if sparse:
            out.truncate(size)
            return path
        line = "本机关全年共收到政府信息公开申请12件，其中自然人申请10件。\n".encode()
        block = line * max(1, MB // len(line))
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
    return path
