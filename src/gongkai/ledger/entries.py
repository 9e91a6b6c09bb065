"""A ledger's rows as values: each cell parsed (dates, applicant categories, outcomes, review kinds and
results), each row checked, every error kept with its row number."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from gongkai.law import outcomes as law_outcomes
from gongkai.law import zh
from gongkai.law.dates import date_problem, range_problem
from gongkai.ledger.files import (
    LEDGER_COLUMNS,
    REVIEW_COLUMNS,
    ImportFile,
    Row,
    RowError,
    cell_text,
    read_rows,
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
    for candidate in _candidates(text.strip().removeprefix(law_outcomes.RESULTS_PREFIX)):
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

    def __init__(self, row: Row, today: dt.date | None) -> None:
        self.row = row
        self.today = today
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
        day: dt.date | None = self.parse(column, parse_date, raw=True)
        if day is not None:
            label = f"“{column}”"
            problem = (
                date_problem(day, self.today, label=label)
                if self.today is not None
                else range_problem(day, dt.date.today(), label=label)
            )
            if problem is not None:
                self.messages.append(problem.rstrip("。"))
        return day

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
    rows: Iterable[Row],
    file: str,
    number_column: str,
    entry: Callable[[_RowChecker], _Entry | None],
    today: dt.date | None,
) -> tuple[list[_Entry], list[RowError]]:
    """Each row as `entry` makes it (None: the checker holds the row's errors), then the duplicate numbers."""
    entries: list[_Entry] = []
    errors: list[RowError] = []
    for row in rows:
        check = _RowChecker(row, today)
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
    rows: Iterable[Row], file: str = "申请台账", today: dt.date | None = None
) -> tuple[list[LedgerEntry], list[RowError]]:
    """The ledger's rows as entries, and the errors of every bad row (the entries of bad rows are left out).

    With `today`, a date after it or before 2008-05-01 (the 条例 took effect) is an error of its row."""
    return _parse_rows(rows, file, "申请编号", _ledger_entry, today)


def parse_review_rows(
    rows: Iterable[Row], file: str = "复议诉讼台账", today: dt.date | None = None
) -> tuple[list[ReviewEntry], list[RowError]]:
    """The review file's rows as entries, and the errors of every bad row (references are checked later)."""
    return _parse_rows(rows, file, "案件编号", _review_entry, today)


def check_references(entries: Iterable[ReviewEntry], known: set[str], file: str) -> list[RowError]:
    """Review cases that name a 申请编号 that is neither in the ledger nor already in the agency."""
    return [
        RowError(file, e.row, f"“申请编号”{e.application_number} 在申请台账和本机关已有申请中都不存在")
        for e in entries
        if e.application_number and e.application_number not in known
    ]


@dataclass(frozen=True)
class ReadLedger:
    """What a ledger and its review file hold, and every error found reading them."""

    entries: list[LedgerEntry]
    review_entries: list[ReviewEntry]
    errors: list[RowError]
    ledger_label: str
    reviews_label: str


def read_ledger(
    ledger: ImportFile, reviews: ImportFile | None = None, *, today: dt.date | None = None
) -> ReadLedger:
    """The entries of a ledger and of its review file, with the errors of every bad row of both (`today`:
    dates after it are errors)."""
    ledger_label = f"申请台账 {ledger.name}"
    rows, errors = read_rows(ledger.data, ledger.name, LEDGER_COLUMNS, ledger_label)
    entries, row_errors = parse_ledger_rows(rows, ledger_label, today)
    errors += row_errors
    review_entries: list[ReviewEntry] = []
    reviews_label = "复议诉讼台账"
    if reviews is not None:
        reviews_label = f"复议诉讼台账 {reviews.name}"
        review_rows, review_errors = read_rows(reviews.data, reviews.name, REVIEW_COLUMNS, reviews_label)
        review_entries, row_errors = parse_review_rows(review_rows, reviews_label, today)
        errors += review_errors + row_errors
    return ReadLedger(entries, review_entries, errors, ledger_label, reviews_label)
