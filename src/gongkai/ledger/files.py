"""Reading a ledger file (.xlsx or .csv) into rows under its header, and the errors found, by row."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gongkai.annual.document import ReadError
from gongkai.annual.sources.bounded import LEDGER, check_size, clean_name, csv_rows, read_file, xlsx_rows
from gongkai.annual.sources.text import decode_with_notes


class LedgerError(Exception):
    """The files cannot be imported; `errors` lists every problem found, in Chinese, with row numbers."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = tuple(errors)


@dataclass(frozen=True)
class RowError:
    """One problem in one row of one file (row 0: the file as a whole)."""

    file: str
    row: int
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行：" if self.row else ""
        return f"{self.file} {where}{self.message}"


@dataclass(frozen=True)
class Column:
    """A column of an import file: its canonical header, the other headers accepted, whether required."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def accepts(self, header: str) -> bool:
        return header == self.name or header in self.aliases


LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("申请编号", ("编号", "申请号", "登记编号", "申请登记编号")),
    Column("申请人类型", ("申请人类别", "申请人分类", "申请主体类型")),
    Column("收到日期", ("收到申请日期", "收到申请之日", "收件日期", "受理日期")),
    Column("办结日期", ("办结时间", "结案日期")),
    Column("办理结果", ("处理结果", "答复结果", "答复类型")),
    Column("申请人", ("申请人姓名", "申请人名称", "申请人姓名或名称", "申请人姓名（名称）"), required=False),
    Column("申请内容", ("内容", "申请公开内容", "申请公开的内容", "所需信息"), required=False),
    Column("答复日期", ("答复时间",), required=False),
)

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("案件编号", ("编号", "案号")),
    Column("类型", ("案件类型", "类别")),
    Column("收到日期", ("收案日期", "立案日期", "受理日期")),
    Column("结案日期", ("审结日期", "办结日期")),
    Column("结果", ("审理结果", "案件结果")),
    Column("申请编号", (), required=False),
)

# Spellings used in ledgers beside the labels of `gongkai.law.outcomes` (the issue names 直接起诉).


# ---------------------------------------------------------------------------------------------------
# Reading a file into rows


@dataclass(frozen=True)
class Row:
    """A data row: its number as Excel shows it and its cells by canonical column name (None: empty)."""

    number: int
    cells: Mapping[str, object]

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))


# A cell holding only dashes or slashes (—, -, /) is written for "nothing here": it reads as empty.
_PLACEHOLDER = re.compile(r"[-—–－/／\\]+")


def cell_text(value: object) -> str:
    """A cell as trimmed text; whole numbers typed into Excel (2024001.0) lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\u3000", " ").strip()
    return "" if _PLACEHOLDER.fullmatch(text) else text


def normalise_header(header: object) -> str:
    """A header without spaces, line breaks, required-marks (*) or a trailing colon."""
    return re.sub(r"[\s*＊:：]", "", cell_text(header))


def decode_csv(data: bytes) -> str:
    """CSV bytes as text, in whatever encoding the reports' reader recognises (UTF-8 with or without BOM,
    GB18030 as Chinese Excel writes it, UTF-16); a file with damaged bytes is refused, not guessed."""
    try:
        text, notes = decode_with_notes(data)
    except ReadError as exc:
        raise ValueError(str(exc).rstrip("。")) from None
    if notes:
        raise ValueError("；".join(note.rstrip("。") for note in notes))
    return text


def csv_delimiter(text: str) -> str:
    """Comma, unless the first lines (where the header is) hold more tabs or semicolons."""
    head = "\n".join(text.splitlines()[:5])
    return max((",", "\t", ";"), key=head.count)


def read_grid(data: bytes, filename: str) -> list[list[object]]:
    """The first worksheet of an .xlsx file, or a .csv file, as a list of rows of cell values."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".csv" or suffix == ".txt":
            check_size(len(data), LEDGER)
            text = decode_csv(data)
            return [list(r) for r in csv_rows(text, csv_delimiter(text), LEDGER)]
        if suffix in {".xlsx", ".xlsm"}:
            return [list(values) for values in xlsx_rows(data, LEDGER)]
    except ReadError as exc:
        raise ValueError(str(exc).rstrip("。")) from None
    if suffix in {".xls", ".et", ".wps"}:
        raise ValueError("不支持旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 或 .csv 后再导入")
    raise ValueError("只能导入 .xlsx 或 .csv 文件")


def find_rows(grid: Sequence[Sequence[object]], columns: Sequence[Column]) -> tuple[list[Row], list[str]]:
    """The data rows under the header row (the first row naming every required column).

    Returns the rows and the names of the missing required columns (empty when the header was found).
    Rows that are entirely empty are skipped.
    """
    required = [c for c in columns if c.required]
    best_missing = [c.name for c in required]
    for index, raw_header in enumerate(grid[:20]):
        headers = [normalise_header(h) for h in raw_header]
        positions: dict[str, int] = {}
        for column in columns:
            for position, header in enumerate(headers):
                if column.accepts(header):
                    positions.setdefault(column.name, position)
        missing = [c.name for c in required if c.name not in positions]
        if missing:
            if len(missing) < len(best_missing):
                best_missing = missing
            continue
        rows = []
        for offset, values in enumerate(grid[index + 1 :], start=index + 2):
            cells = {name: values[pos] if pos < len(values) else None for name, pos in positions.items()}
            if any(cell_text(v) for v in cells.values()):
                rows.append(Row(offset, cells))
        return rows, []
    return [], best_missing


def read_rows(
    data: bytes, filename: str, columns: Sequence[Column], file: str
) -> tuple[list[Row], list[RowError]]:
    """A file's data rows, or the error that it cannot be read or lacks required columns."""
    try:
        grid = read_grid(data, filename)
    except ValueError as exc:
        return [], [RowError(file, 0, str(exc))]
    rows, missing = find_rows(grid, columns)
    if missing:
        return [], [RowError(file, 0, f"找不到表头中的必需列：{'、'.join(missing)}（第一行应为列名）")]
    return rows, []


@dataclass(frozen=True)
class ImportFile:
    """A file to import: its name (for the suffix and messages) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> ImportFile:
        """The file at `path`, refused by its size before it is read (ReadError, in Chinese)."""
        path = Path(path)
        return cls(clean_name(path.name), read_file(path, LEDGER))
