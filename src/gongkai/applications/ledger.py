"""Importing an agency's ledger (台账) of applications and of review cases from Excel or CSV, all or nothing.

The rules, as shown to users:

- The ledger (申请台账) needs the columns 申请编号, 申请人类型, 收到日期, 办结日期 and 办理结果; 办结日期 and
  办理结果 stay empty while an application is open. Optional: 申请人, 申请内容, 答复日期.
- The review file (复议诉讼台账) needs 案件编号, 类型 (行政复议 / 直接起诉 / 复议后起诉), 收到日期, 结案日期
  and 结果 (维持 / 纠正 / 其他, empty while pending); optionally 申请编号 linking the case to an application.
- Dates may be written 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, or be Excel date cells.
- The header row is the first row that names the required columns; rows are numbered as Excel shows them.
- All or nothing: if any row is wrong, nothing is imported and every error is listed with its row number.
- Importing the same ledger again changes nothing. A row whose 申请编号 already exists in the agency updates
  that application when it was itself imported from a ledger (e.g. it has been closed since), recording the
  previous and new values as an event; an application registered and handled in the workbench is never
  overwritten by a ledger (such a row must agree with it, or it is an error).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.law import outcomes as law_outcomes
from gongkai.law import zh
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.deadlines import reply_deadline

# The event action that marks an application (or an update of it) as coming from a ledger.
IMPORT_ACTION = "ledger_import"
UPDATE_ACTION = "ledger_update"


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
LEDGER_ALIASES: dict[str, str] = {
    "直接起诉": "litigation_direct",
    "行政诉讼未经复议直接起诉": "litigation_direct",
    "行政诉讼复议后起诉": "litigation_after_reconsideration",
    "复议": "reconsideration",
    "未审结": "pending",
}


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
    """CSV bytes as text: UTF-8 with or without BOM, else GB18030 (what Chinese Excel writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ValueError("文件编码无法识别（应为 UTF-8 或 GB18030/GBK）") from exc


def csv_delimiter(text: str) -> str:
    """Comma, unless the first lines (where the header is) hold more tabs or semicolons."""
    head = "\n".join(text.splitlines()[:5])
    return max((",", "\t", ";"), key=head.count)


def read_grid(data: bytes, filename: str) -> list[list[object]]:
    """The first worksheet of an .xlsx file, or a .csv file, as a list of rows of cell values."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        text = decode_csv(data)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
        return [list(record) for record in reader]
    if suffix in {".xlsx", ".xlsm"}:
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValueError("无法读取该 Excel 文件（文件已损坏或不是 .xlsx 格式）") from exc
        try:
            sheet = workbook.worksheets[0]
            return [list(values) for values in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
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


# ---------------------------------------------------------------------------------------------------
# Parsing cell values

# Excel stores dates as days since 1899-12-30 (with its 1900 leap-year bug folded in).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# A time of day that Excel appends when a date cell is saved as CSV text.
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def parse_date(value: object) -> dt.date | None:
    """A date cell: None when empty; raises ValueError (Chinese message) when it is not a date.

    Text is read by `gongkai.law.zh.parse_date` (2024-01-05, 2024/1/5, 2024年1月5日); Excel date
    cells arrive as datetimes, or as serial day numbers when their number format was lost.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = cell_text(value)
    if not text:
        return None
    return zh.parse_date(_TIME_SUFFIX.sub("", text))


def _compact(text: str) -> str:
    """A label without spaces, brackets and dashes: 行政诉讼（复议后起诉） → 行政诉讼复议后起诉."""
    return re.sub(r"[\s\-—－_/／、·（）()]", "", text)


# What a ledger may write before the row's own label: its group (不予公开-属于国家秘密, 法人或其他组织/商业企业).
_GROUP_SEPARATOR = re.compile(r"[\s\-—－/／|｜:：]+")


def _candidates(text: str) -> list[str]:
    """The ways to read a label: as written, compacted, a ledger alias, and without a group prefix."""
    last = _GROUP_SEPARATOR.split(text.strip())[-1]
    found = [text, _compact(text), LEDGER_ALIASES.get(_compact(text), ""), last, LEDGER_ALIASES.get(last, "")]
    return [c for i, c in enumerate(found) if c and c not in found[:i]]


def _term_key(terms: tuple[law_outcomes.Term, ...], text: str, what: str) -> str:
    """The key of the term named by its key, label, printed label or a ledger spelling."""
    for candidate in _candidates(text):
        try:
            return law_outcomes.term(terms, candidate).key
        except KeyError:
            continue
    labels = "、".join(t.label_zh for t in terms)
    raise ValueError(f"{what}“{text}”无法识别（应为{labels}之一）")


def parse_category(text: str) -> str:
    """An applicant category key from its printed label (自然人, 商业企业, 社会组织 …) or its key."""
    return _term_key(law_outcomes.APPLICANT_CATEGORIES, text, "申请人类型")


def parse_review_kind(text: str) -> str:
    """A review kind key: 行政复议, 直接起诉 (未经复议直接起诉), 复议后起诉, or the key."""
    return _term_key(law_outcomes.REVIEW_KINDS, text, "类型")


def parse_review_result(text: str) -> str:
    """A review result key (维持, 纠正, 其他); '' for a pending case (尚未审结 written out)."""
    key = _term_key(law_outcomes.REVIEW_RESULTS, text, "结果")
    return "" if key == "pending" else key


def parse_outcome(text: str) -> str:
    """An outcome key from the printed row label without its number (属于国家秘密) or the key itself.

    Only rows of the 2021 format are accepted: the 2019 format's one row 其他处理 does not say which
    of the three 2021 rows an application belongs to.
    """
    found = None
    # also the cell path of report-format.md: results.withheld.state_secret
    for candidate in _candidates(text.strip().removeprefix("results.")):
        try:
            found = law_outcomes.outcome(candidate)
            break
        except KeyError:
            continue
    if found is None:
        raise ValueError(
            f"办理结果“{text}”无法识别（应为年度报告表三的结果行名称，如“予以公开”“属于国家秘密”“逾期不补正”）"
        )
    if found.label_2021 is None:
        raise ValueError(
            f"办理结果“{text}”不是表三的一行：请写明具体情形（如“逾期不补正”“逾期未缴费”“其他”）"
        )
    return found.key


# ---------------------------------------------------------------------------------------------------
# Rows as values


@dataclass(frozen=True)
class LedgerEntry:
    """One application as the ledger states it."""

    row: int
    number: str
    applicant_category: str
    received_on: dt.date
    closed_on: dt.date | None
    outcome: str
    applicant_name: str = ""
    content: str = ""
    replied_on: dt.date | None = None


@dataclass(frozen=True)
class ReviewEntry:
    """One reconsideration or lawsuit as the review file states it."""

    row: int
    number: str
    kind: str
    received_on: dt.date
    concluded_on: dt.date | None
    result: str
    application_number: str = ""


class _RowChecker:
    """Collects the errors of one row while its cells are parsed."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.messages: list[str] = []

    def required(self, column: str) -> str:
        text = self.row.text(column)
        if not text:
            self.messages.append(f"“{column}”不能为空")
        return text

    def number(self, column: str) -> str:
        """A required record number of at most 64 characters."""
        text = self.required(column)
        if len(text) > 64:
            self.messages.append(f"“{column}”超过64个字符")
        return text

    def required_choice(self, column: str, parser: Callable[[str], Any]) -> Any:
        """A required cell parsed by `parser` (None when empty or unparsable, with the error noted)."""
        return self.parse(column, parser) if self.required(column) else None

    def parse(self, column: str, parser: Callable[[Any], Any], *, raw: bool = False) -> Any:
        value = self.row.cells.get(column) if raw else self.row.text(column)
        if not raw and not value:
            return None
        try:
            return parser(value)
        except ValueError as exc:
            self.messages.append(f"{column}：{exc}" if raw else str(exc))
            return None

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        if not self.row.text(column):
            if required:
                self.messages.append(f"“{column}”不能为空")
            return None
        return self.parse(column, parse_date, raw=True)  # type: ignore[no-any-return]

    def closing_pair(self, date_column: str, result_column: str, has_result: bool) -> None:
        """A closing date and a result go together: both or neither."""
        has_date = bool(self.row.text(date_column))
        if has_date and not has_result:
            self.messages.append(f"有“{date_column}”但没有“{result_column}”")
        if has_result and not has_date:
            self.messages.append(f"有“{result_column}”但没有“{date_column}”")

    def not_before(
        self, later: dt.date | None, earlier: dt.date | None, later_name: str, earlier_name: str
    ) -> None:
        if later and earlier and later < earlier:
            self.messages.append(f"{later_name}（{later:%Y-%m-%d}）早于{earlier_name}（{earlier:%Y-%m-%d}）")


def _check_unique(entries: Iterable[LedgerEntry | ReviewEntry], file: str, column: str) -> Iterator[RowError]:
    seen: dict[str, int] = {}
    for entry in entries:
        first = seen.setdefault(entry.number, entry.row)
        if first != entry.row:
            yield RowError(file, entry.row, f"“{column}”{entry.number} 与第{first}行重复")


_Entry = TypeVar("_Entry", LedgerEntry, ReviewEntry)


def _parse_rows(
    rows: Iterable[Row], file: str, number_column: str, entry: Callable[[_RowChecker], _Entry | None]
) -> tuple[list[_Entry], list[RowError]]:
    """Each row as `entry` makes it (None: the checker holds the row's errors), then the duplicate numbers."""
    entries: list[_Entry] = []
    errors: list[RowError] = []
    for row in rows:
        check = _RowChecker(row)
        made = entry(check)
        if made is None:
            errors.extend(RowError(file, row.number, m) for m in check.messages)
        else:
            entries.append(made)
    errors.extend(_check_unique(entries, file, number_column))
    return entries, errors


def _ledger_entry(check: _RowChecker) -> LedgerEntry | None:
    row = check.row
    number = check.number("申请编号")
    category = check.required_choice("申请人类型", parse_category)
    received_on = check.date("收到日期", required=True)
    closed_on = check.date("办结日期")
    outcome = check.parse("办理结果", parse_outcome)
    replied_on = check.date("答复日期")
    check.closing_pair("办结日期", "办理结果", bool(row.text("办理结果")))
    check.not_before(closed_on, received_on, "办结日期", "收到日期")
    check.not_before(replied_on, received_on, "答复日期", "收到日期")
    if check.messages:
        return None
    assert category is not None and received_on is not None
    return LedgerEntry(
        row=row.number,
        number=number,
        applicant_category=category,
        received_on=received_on,
        closed_on=closed_on,
        outcome=outcome or "",
        applicant_name=row.text("申请人")[:200],
        content=row.text("申请内容"),
        replied_on=replied_on,
    )


def _review_entry(check: _RowChecker) -> ReviewEntry | None:
    row = check.row
    number = check.number("案件编号")
    kind = check.required_choice("类型", parse_review_kind)
    received_on = check.date("收到日期", required=True)
    concluded_on = check.date("结案日期")
    result = check.parse("结果", parse_review_result)
    check.closing_pair("结案日期", "结果", bool(result) if result is not None else bool(row.text("结果")))
    check.not_before(concluded_on, received_on, "结案日期", "收到日期")
    if check.messages:
        return None
    assert kind is not None and received_on is not None
    return ReviewEntry(
        row=row.number,
        number=number,
        kind=kind,
        received_on=received_on,
        concluded_on=concluded_on,
        result=result or "",
        application_number=row.text("申请编号"),
    )


def parse_ledger_rows(
    rows: Iterable[Row], file: str = "申请台账"
) -> tuple[list[LedgerEntry], list[RowError]]:
    """The ledger's rows as entries, and the errors of every bad row (the entries of bad rows are left out)."""
    return _parse_rows(rows, file, "申请编号", _ledger_entry)


def parse_review_rows(
    rows: Iterable[Row], file: str = "复议诉讼台账"
) -> tuple[list[ReviewEntry], list[RowError]]:
    """The review file's rows as entries, and the errors of every bad row (references are checked later)."""
    return _parse_rows(rows, file, "案件编号", _review_entry)


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


# ---------------------------------------------------------------------------------------------------
# Writing to the database


@dataclass
class ImportSummary:
    """What an import did; unchanged rows are counted, not touched."""

    agency: str
    agency_created: bool = False
    applications_created: int = 0
    applications_updated: int = 0
    applications_unchanged: int = 0
    reviews_created: int = 0
    reviews_updated: int = 0
    reviews_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def describe(self) -> str:
        """The summary in Chinese, for the command line and the import page."""
        lines = [
            f"机关：{self.agency}" + ("（新建）" if self.agency_created else ""),
            f"申请：新增 {self.applications_created} 件，更新 {self.applications_updated} 件，"
            f"未变 {self.applications_unchanged} 件",
        ]
        if self.reviews_created or self.reviews_updated or self.reviews_unchanged:
            lines.append(
                f"复议诉讼案件：新增 {self.reviews_created} 件，更新 {self.reviews_updated} 件，"
                f"未变 {self.reviews_unchanged} 件"
            )
        return "\n".join(lines)


def agency_kind(name: str) -> str:
    """A new agency's kind from its name: a government when it ends with 人民政府, else a department."""
    return Agency.Kind.GOVERNMENT if name.endswith("人民政府") else Agency.Kind.DEPARTMENT


def agency_code(name: str) -> str:
    """A stable slug for an agency created by an import (names are Chinese, slugs are ASCII)."""
    return "a-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def get_or_create_agency(name: str) -> tuple[Agency, bool]:
    agency = Agency.objects.filter(name=name).first()
    if agency is not None:
        return agency, False
    return Agency.objects.create(name=name, kind=agency_kind(name), code=agency_code(name)), True


@dataclass(frozen=True)
class ImportFile:
    """A file to import: its name (for the suffix and messages) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> ImportFile:
        path = Path(path)
        return cls(path.name, path.read_bytes())


def import_ledger(
    agency_name: str,
    ledger: ImportFile,
    reviews: ImportFile | None = None,
    *,
    actor: Any = None,
) -> ImportSummary:
    """Imports a ledger (and a review file) for an agency, all or nothing.

    Raises LedgerError listing every bad row; then nothing at all has been written (not even the agency).
    """
    ledger_label = f"申请台账 {ledger.name}"
    rows, errors = read_rows(ledger.data, ledger.name, LEDGER_COLUMNS, ledger_label)
    entries, row_errors = parse_ledger_rows(rows, ledger_label)
    errors += row_errors
    review_entries: list[ReviewEntry] = []
    reviews_label = ""
    if reviews is not None:
        reviews_label = f"复议诉讼台账 {reviews.name}"
        review_rows, review_errors = read_rows(reviews.data, reviews.name, REVIEW_COLUMNS, reviews_label)
        review_entries, row_errors = parse_review_rows(review_rows, reviews_label)
        errors += review_errors + row_errors
    return save_entries(
        agency_name,
        entries,
        review_entries,
        source=ledger.name,
        reviews_label=reviews_label,
        actor=actor,
        errors=errors,
    )


def save_entries(
    agency_name: str,
    entries: Sequence[LedgerEntry],
    review_entries: Sequence[ReviewEntry] = (),
    *,
    source: str,
    reviews_label: str = "复议诉讼台账",
    actor: Any = None,
    errors: Sequence[RowError] = (),
) -> ImportSummary:
    """Writes parsed entries for an agency (creating it if new) in one transaction, or nothing at all.

    `errors` found while reading the files are passed in so that the errors that need the database
    (unknown 申请编号, a workbench application that disagrees) are reported together with them.
    """
    agency_name = agency_name.strip()
    if not agency_name:
        raise LedgerError([RowError("", 0, "机关名称不能为空")])
    ledger_label = f"申请台账 {source}"
    found = list(errors)
    with transaction.atomic():
        agency, created = get_or_create_agency(agency_name)
        existing = _existing_applications(agency)
        known = {e.number for e in entries} | set(existing)
        found += check_references(review_entries, known, reviews_label)
        summary = ImportSummary(agency=agency.name, agency_created=created)
        if not found:
            found += _write_applications(agency, entries, existing, summary, actor, source)
        if not found:
            _write_reviews(agency, review_entries, summary)
        if found:
            transaction.set_rollback(True)
            raise LedgerError(sorted(found, key=lambda e: (e.file != ledger_label, e.file, e.row)))
    return summary


def check_references(entries: Iterable[ReviewEntry], known: set[str], file: str) -> list[RowError]:
    """Review cases that name a 申请编号 that is neither in the ledger nor already in the agency."""
    return [
        RowError(file, e.row, f"“申请编号”{e.application_number} 在申请台账和本机关已有申请中都不存在")
        for e in entries
        if e.application_number and e.application_number not in known
    ]


def _existing_applications(agency: Agency) -> dict[str, Any]:
    from gongkai.applications.models import Application

    return {a.number: a for a in Application.objects.filter(agency=agency)}


# The applicant's particulars a ledger row sets; the workflow fields it sets (closed_on, outcome,
# replied_on, and from them state and reply_due) are recorded as the workbench records them.
_PARTICULARS = ("applicant_category", "received_on", "applicant_name", "content")
_LEDGER_FIELDS = (*_PARTICULARS, "closed_on", "outcome", "replied_on")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _workflow_values(entry: LedgerEntry) -> dict[str, Any]:
    """The workflow fields an imported application gets from its row: filed when closed, else registered.

    An open application is 已登记 (registered), with its reply deadline computed from its receipt date, so
    that it joins the clerks' queue and its handling continues in the workbench.
    """
    from gongkai.applications.models import State

    try:
        due: dt.date | None = reply_deadline(entry.received_on).due
    except CalendarMissingError:  # a year whose holidays are not published yet: no deadline shown
        due = None
    return {
        "state": State.FILED if entry.closed_on else State.REGISTERED,
        "reply_due": due,
        "closed_on": entry.closed_on,
        "outcome": entry.outcome,
        "replied_on": entry.replied_on,
    }


def _event_data(
    entry: LedgerEntry, source: str, changes: dict[str, Any], particulars: dict[str, Any]
) -> dict[str, Any]:
    """An import event in the workbench's format: the day of the step and each changed field's [old, new]."""
    return {
        "on": (entry.closed_on or entry.received_on).isoformat(),
        "source": source,
        "row": entry.row,
        "changes": changes,
        "particulars": particulars,
    }


def _write_applications(
    agency: Agency,
    entries: Sequence[LedgerEntry],
    existing: Mapping[str, Any],
    summary: ImportSummary,
    actor: Any,
    source: str,
) -> list[RowError]:
    from gongkai.applications.models import Application, ApplicationEvent
    from gongkai.applications.services import _apply

    events = ApplicationEvent.objects.filter(application__agency=agency)
    # Only an application that came from a ledger and has not been handled since may be updated by one.
    imported = set(events.filter(action=IMPORT_ACTION).values_list("application_id", flat=True))
    handled = set(
        events.exclude(action__in=(IMPORT_ACTION, UPDATE_ACTION)).values_list("application_id", flat=True)
    )
    errors: list[RowError] = []
    new: list[tuple[Any, dict[str, Any], LedgerEntry]] = []
    changed: list[tuple[Any, LedgerEntry]] = []
    for entry in entries:
        current = existing.get(entry.number)
        if current is None:
            application = Application(
                agency=agency, number=entry.number, state="", **{f: getattr(entry, f) for f in _PARTICULARS}
            )
            new.append((application, _apply(application, _workflow_values(entry)), entry))
        elif all(getattr(current, f) == getattr(entry, f) for f in _LEDGER_FIELDS):
            summary.applications_unchanged += 1
        elif current.id in handled or current.id not in imported:
            message = f"申请编号 {entry.number} 已在本系统中办理，与台账不一致，不能用台账覆盖"
            errors.append(RowError(f"申请台账 {source}", entry.row, message))
        else:
            changed.append((current, entry))
    if errors:
        return errors
    now = timezone.now()
    Application.objects.bulk_create([a for a, _c, _e in new], batch_size=500)
    ids = dict(
        Application.objects.filter(agency=agency, number__in=[a.number for a, _c, _e in new]).values_list(
            "number", "id"
        )
    )
    log = [
        ApplicationEvent(
            application_id=ids[application.number],
            seq=1,
            at=now,
            actor=actor,
            action=IMPORT_ACTION,
            from_state="",
            to_state=application.state,
            data=_event_data(entry, source, changes, {f: _json(getattr(entry, f)) for f in _PARTICULARS}),
        )
        for application, changes, entry in new
    ]
    last_seq = dict(
        events.filter(application__in=[a for a, _e in changed])
        .values_list("application_id")
        .annotate(Max("seq"))
    )
    for application, entry in changed:
        from_state = application.state
        particulars = {
            f: [_json(getattr(application, f)), _json(getattr(entry, f))]
            for f in _PARTICULARS
            if getattr(application, f) != getattr(entry, f)
        }
        for f in _PARTICULARS:
            setattr(application, f, getattr(entry, f))
        changes = _apply(application, _workflow_values(entry))
        application.save()
        log.append(
            ApplicationEvent(
                application=application,
                seq=last_seq.get(application.id, 0) + 1,
                at=now,
                actor=actor,
                action=UPDATE_ACTION,
                from_state=from_state,
                to_state=application.state,
                data=_event_data(entry, source, changes, particulars),
            )
        )
    ApplicationEvent.objects.bulk_create(log, batch_size=500)
    summary.applications_created = len(new)
    summary.applications_updated = len(changed)
    return []


def _write_reviews(agency: Agency, entries: Sequence[ReviewEntry], summary: ImportSummary) -> None:
    from gongkai.applications.models import Application, ReviewCase

    if not entries:
        return
    applications = dict(
        Application.objects.filter(
            agency=agency, number__in=[e.application_number for e in entries if e.application_number]
        ).values_list("number", "id")
    )
    existing = {c.number: c for c in ReviewCase.objects.filter(agency=agency)}
    new = []
    for entry in entries:
        values = {
            "kind": entry.kind,
            "received_on": entry.received_on,
            "concluded_on": entry.concluded_on,
            "result": entry.result,
            "application_id": applications.get(entry.application_number),
        }
        current = existing.get(entry.number)
        if current is None:
            new.append(ReviewCase(agency=agency, number=entry.number, **values))
        elif all(getattr(current, k) == v for k, v in values.items()):
            summary.reviews_unchanged += 1
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
            summary.reviews_updated += 1
    ReviewCase.objects.bulk_create(new, batch_size=500)
    summary.reviews_created = len(new)
