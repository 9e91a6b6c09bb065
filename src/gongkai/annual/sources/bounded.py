"""Untrusted files read within bounds: one helper for every upload and import (issue 14 items 4 and 6).

Every file a user gives gongkai — a report to read, a ledger (台账) or review-case list, the table 二
template, an attachment — passes through here before it is parsed:

- its size, checked from the file system or the upload before its bytes are read (`check_size`,
  `read_file`);
- for a zip-based file (.xlsx, .docx, .ofd): the number of entries, each entry's uncompressed size, the
  total uncompressed size and the expansion ratio, all from the central directory, before anything is
  inflated (`check_zip`). Python's `zipfile` stops inflating an entry at its declared size (and fails
  on the checksum), so a directory that lies about sizes cannot make a reader inflate more;
- a spreadsheet: read in openpyxl's read-only streaming mode, its declared dimension ignored, at most
  `max_rows` rows of at most `max_columns` cells (`xlsx_rows`); a CSV: lines and fields counted first
  (`csv_rows`);
- time: a row loop gives up after `seconds` (`Deadline`).

What goes beyond a bound is refused with `FileRefused`, a `ReadError` whose message is Chinese and says
which bound and how to fix the file.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from gongkai.annual.document import ReadError

MB = 1024 * 1024


class FileRefused(ReadError):
    """A file beyond one of the bounds (Chinese message)."""


@dataclass(frozen=True)
class Limits:
    """The bounds of one kind of file."""

    max_bytes: int = 32 * MB  # the file itself
    max_entries: int = 2000  # entries of a zip-based file
    max_part: int = 64 * MB  # one entry, uncompressed
    max_total: int = 256 * MB  # all entries, uncompressed
    max_ratio: int = 200  # uncompressed / compressed size of an entry above 1 MB
    max_rows: int = 100_000  # spreadsheet rows
    max_columns: int = 200  # spreadsheet columns read (cells further right are ignored)
    seconds: float = 60.0  # a row loop's time

    def but(self, **changes: float) -> Limits:
        return replace(self, **changes)  # type: ignore[arg-type]


# A published annual report: a 200-page report is well under 1 MB of text or Word XML.
REPORT = Limits(max_bytes=32 * MB, max_part=8 * MB, max_total=128 * MB)
REPORT_TEXT_BYTES = 4 * MB  # a text or HTML report (decoded and read line by line)
# An agency's ledger or review-case list: a hundred thousand rows at most.
LEDGER = Limits(max_bytes=32 * MB, max_part=64 * MB, max_total=128 * MB)
# The table 二 template: a few dozen rows.
TEMPLATE = Limits(max_bytes=2 * MB, max_part=8 * MB, max_total=16 * MB, max_rows=1000, max_columns=20)
# An attachment kept with an application (never parsed; a zip-based one is checked not to be a bomb).
ATTACHMENT = Limits(max_bytes=10 * MB, max_part=64 * MB, max_total=256 * MB)

# A year's holiday arrangement (.toml or .json): a few kilobytes of text.
ARRANGEMENT = Limits(max_bytes=256 * 1024)

_RATIO_FLOOR = MB  # small entries compress as they like


def _mb(size: float) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size / MB:.0f} MB"


def check_size(size: int, limits: Limits, max_bytes: int | None = None) -> None:
    """Refuse a file of `size` bytes beyond `max_bytes` (default: the limits' own)."""
    limit = limits.max_bytes if max_bytes is None else max_bytes
    if size > limit:
        raise FileRefused(f"文件过大（{_mb(size)}），超过了 {_mb(limit)} 的上限，没有读取。")


def read_file(path: str | Path, limits: Limits) -> bytes:
    """A file's bytes, refused by its size on disk before anything is read (OSError as ReadError)."""
    path = Path(path)
    try:
        check_size(path.stat().st_size, limits)
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError as exc:
        raise ReadError(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise ReadError(f"这是一个文件夹，不是文件：{path}") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件：{path}（{exc.strerror or exc}）") from exc
    check_size(len(data), limits)  # a file that grew while read, or a device
    return data


def check_zip(data: bytes | BinaryIO, limits: Limits, what: str = "Office 文件") -> None:
    """Refuse a zip-based file whose central directory declares too many entries, an entry or a total
    too large once inflated, or an entry that expands too much (a zip bomb). Reads no entry; a file
    object is left at its start."""
    source: BinaryIO = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"{what}已损坏或不完整，无法打开。") from exc
    finally:
        if not isinstance(data, bytes):
            source.seek(0)
    if len(entries) > limits.max_entries:
        raise FileRefused(f"文件内含 {len(entries)} 个部件，超过了 {limits.max_entries} 个的上限，没有读取。")
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > limits.max_part:
            raise FileRefused(
                f"文件中的“{entry.filename[:60]}”解压后有 {_mb(entry.file_size)}，"
                f"超过了 {_mb(limits.max_part)} 的上限，没有读取（可能是压缩炸弹）。"
            )
        if entry.file_size > _RATIO_FLOOR and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise FileRefused(
                f"文件中的“{entry.filename[:60]}”压缩比异常（{entry.file_size // max(entry.compress_size, 1)} 倍），"
                "疑似压缩炸弹，没有读取。"
            )
    if total > limits.max_total:
        raise FileRefused(f"文件解压后共 {_mb(total)}，超过了 {_mb(limits.max_total)} 的上限，没有读取。")


class Deadline:
    """A time bound for a loop over an untrusted file's rows."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise FileRefused(f"文件处理超过 {self.seconds:.0f} 秒，已停止；请拆分成较小的文件后再试。")


# Characters never kept in a file name: path separators, control and format characters (a right-to-left
# override makes `evil\u202egpj.exe` show as `evilexe.jpg`), and what Windows forbids.
_NAME_DROPPED = re.compile(r'[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff<>:"|?*]')


def clean_name(name: str, default: str = "文件", max_length: int = 120) -> str:
    """A file name fit to keep and to offer for download: its last path component only, without control,
    direction-override or forbidden characters, no leading dots, at most `max_length` characters (the
    extension kept)."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _NAME_DROPPED.sub("", base).strip().lstrip(".").strip()
    if not base:
        return default
    if len(base) > max_length:
        stem, dot, suffix = base.rpartition(".")
        suffix = suffix[:16] if dot else ""
        base = (stem if dot else base)[: max_length - len(suffix) - 1].rstrip() + (
            f".{suffix}" if suffix else ""
        )
    return base


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(f"表格超过 {limits.max_rows:,} 行的上限，没有导入；请拆分成较小的文件后再试。")


def xlsx_rows(data: bytes, limits: Limits, sheet_title: str | None = None) -> Iterator[tuple[object, ...]]:
    """The rows of a workbook's first sheet (or the sheet `sheet_title`, when it has one): values only,
    at most `max_columns` cells each, streamed; the sheet's declared dimension is not believed."""
    check_size(len(data), limits)
    check_zip(data, limits, "Excel 文件")
    try:
        # Imported here: openpyxl takes a quarter of a second to import; text readers never need it.
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ReadError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError("无法读取该 Excel 文件（文件已损坏或不是 .xlsx 格式）。") from exc
    try:
        titles = workbook.sheetnames
        sheet = workbook[sheet_title] if sheet_title in titles else workbook.worksheets[0]
        sheet.reset_dimensions()  # type: ignore[union-attr]  # read-only sheets: forget the declared size
        yield from _streamed(sheet, limits)
    except ReadError:
        raise
    except Exception as exc:  # the sheet's XML is parsed while streaming: damage shows only now
        raise ReadError(f"Excel 文件内容已损坏，无法读取（{type(exc).__name__}）。") from exc
    finally:
        workbook.close()


def _streamed(sheet: Any, limits: Limits) -> Iterator[tuple[object, ...]]:
    deadline = Deadline(limits.seconds)
    rows = sheet.iter_rows(max_col=limits.max_columns, values_only=True)
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise _too_many_rows(limits)
        if count % 1000 == 0:
            deadline.check()
        yield _trimmed(row)


def _trimmed(row: tuple[object, ...]) -> tuple[object, ...]:
    """A row without its empty cells at the end (rows were padded to `max_columns`)."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(row[:end])


def csv_rows(text: str, delimiter: str, limits: Limits) -> list[list[str]]:
    """A CSV text's records: refused beyond `max_rows` lines; fields beyond `max_columns` dropped (a line
    of a million commas is refused before it becomes a million fields)."""
    lines = text.count("\n") + 1
    if lines > limits.max_rows + 1:
        raise _too_many_rows(limits)
    widest = max((line.count(delimiter) for line in text.splitlines()), default=0)
    if widest > 10 * limits.max_columns:
        raise FileRefused(f"表格有一行超过 {widest:,} 列，不是台账的格式，没有导入。")
    deadline = Deadline(limits.seconds)
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            records.append(record[: limits.max_columns])
            if len(records) % 1000 == 0:
                deadline.check()
    except csv.Error as exc:
        raise ReadError(f"CSV 文件格式有误（{exc}）。") from exc
    return records


__all__ = [
    "ATTACHMENT",
    "LEDGER",
    "REPORT",
    "REPORT_TEXT_BYTES",
    "TEMPLATE",
    "Deadline",
    "FileRefused",
    "Limits",
    "check_size",
    "check_zip",
    "clean_name",
    "csv_rows",
    "read_file",
    "xlsx_rows",
]
