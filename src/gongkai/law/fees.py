"""The processing fee (信息处理费, 国办函〔2020〕109号): progressive schedules by count and by pages, as data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gongkai.law.zh import date_zh

BASIS_ZH = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True)
class Band:
    """Units `first`..`last` (None: no upper end) cost `yuan` each; an open band may rise by `step_yuan`
    every `step_units` units (the by-count schedule from the 31st application on)."""

    first: int
    last: int | None
    yuan: int
    step_units: int | None = None
    step_yuan: int = 0


@dataclass(frozen=True)
class Schedule:
    """One method of charging: its key, its Chinese name and unit, its bands in ascending order."""

    method: str
    name_zh: str
    unit_zh: str
    bands: tuple[Band, ...]
    basis_zh: str


BY_COUNT = Schedule(
    method="by_count",
    name_zh="按件计收",
    unit_zh="件",
    bands=(
        Band(1, 10, 0),
        Band(11, 30, 100),
        Band(31, None, 200, step_units=10, step_yuan=100),
    ),
    basis_zh=(
        f"{BASIS_ZH}按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；"
        "11—30件（含30件）的部分，100元/件；30件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件"
    ),
)

BY_PAGES = Schedule(
    method="by_pages",
    name_zh="按量计收",
    unit_zh="页",
    bands=(
        Band(1, 30, 0),
        Band(31, 100, 10),
        Band(101, 200, 20),
        Band(201, None, 40),
    ),
    basis_zh=(
        f"{BASIS_ZH}按量计收：同一申请30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；"
        "101—200页（含200页）的部分，20元/页；200页以上的部分，40元/页"
    ),
)

SCHEDULES: dict[str, Schedule] = {schedule.method: schedule for schedule in (BY_COUNT, BY_PAGES)}


@dataclass(frozen=True)
class FeeItem:
    """A line of a quote: units `first`..`last` at `unit_yuan` each."""

    first: int
    last: int
    unit_yuan: int
    yuan: int
    label_zh: str

    @property
    def units(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class FeeQuote:
    """The fee for one application by one method, with its line items and basis."""

    method: str
    yuan: int
    items: tuple[FeeItem, ...]
    basis_zh: str

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "method_zh": SCHEDULES[self.method].name_zh,
            "yuan": self.yuan,
            "items": [
                {
                    "first": item.first,
                    "last": item.last,
                    "units": item.units,
                    "unit_yuan": item.unit_yuan,
                    "yuan": item.yuan,
                    "label": item.label_zh,
                }
                for item in self.items
            ],
            "basis_zh": self.basis_zh,
        }


def _pieces(schedule: Schedule, first: int, last: int) -> list[tuple[int, int, int]]:
    """Units first..last cut where the rate changes: (from, to, yuan per unit)."""
    pieces = []
    for band in schedule.bands:
        band_last = band.last if band.last is not None else last
        low, high = max(first, band.first), min(last, band_last)
        if band.step_units is None:
            if low <= high:
                pieces.append((low, high, band.yuan))
            continue
        step = low
        while step <= high:
            level = (step - band.first) // band.step_units
            step_end = min(high, band.first + (level + 1) * band.step_units - 1)
            pieces.append((step, step_end, band.yuan + level * band.step_yuan))
            step = step_end + 1
    return pieces


def _quote(schedule: Schedule, first: int, last: int, what_zh: str) -> FeeQuote:
    unit = schedule.unit_zh
    items = tuple(
        FeeItem(low, high, rate, rate * (high - low + 1), _item_label(low, high, rate, unit))
        for low, high, rate in _pieces(schedule, first, last)
    )
    total = sum(item.yuan for item in items)
    return FeeQuote(schedule.method, total, items, f"{what_zh}，共{total}元。依据：{schedule.basis_zh}。")


def _item_label(low: int, high: int, rate: int, unit: str) -> str:
    span = f"第{low}{unit}" if low == high else f"第{low}—{high}{unit}"
    if rate == 0:
        return f"{span}：免费"
    return f"{span}：{rate}元/{unit} × {high - low + 1}{unit} = {rate * (high - low + 1)}元"


def _require_positive(value: int, what_zh: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what_zh}应为正整数，现为“{value}”。")


def quote_by_count(n: int) -> FeeQuote:
    """The fee for an applicant's nth application within one calendar month (按件计收)."""
    _require_positive(n, "本自然月内的申请件次")
    return _quote(BY_COUNT, n, n, f"按件计收：本申请为该申请人本自然月内第{n}件申请")


def quote_by_pages(pages: int) -> FeeQuote:
    """The fee for one application of `pages` pages (按量计收)."""
    _require_positive(pages, "页数")
    return _quote(BY_PAGES, 1, pages, f"按量计收：本申请共{pages}页")


def quote(*, by_count: int | None = None, by_pages: int | None = None) -> FeeQuote:
    """The fee by exactly one method: one application is charged by count or by pages, never both."""
    if by_count is not None and by_pages is not None:
        raise ValueError("同一申请只能选择一种计收方式：按件计收或按量计收，不能同时采用。")
    if by_count is not None:
        return quote_by_count(by_count)
    if by_pages is not None:
        return quote_by_pages(by_pages)
    raise ValueError("请指定计收方式：按件计收（本自然月内第几件申请）或按量计收（页数）。")


def quote_month_by_count(applications: int) -> FeeQuote:
    """The fees of all of an applicant's `applications` applications in one calendar month, together."""
    _require_positive(applications, "本自然月内的申请件数")
    return _quote(BY_COUNT, 1, applications, f"按件计收：该申请人本自然月内共{applications}件申请")


# --- counting an applicant's applications in a natural month (109号 第四条) ------------------------------


@dataclass(frozen=True)
class CountedApplication:
    """One application as 按件计收 counts it: received on `received`, worth `pieces` 件.

    An application asking for several things may be split into several 件 by the smallest reasonable unit
    (“一事一申请”, 109号 第四条); the reason is recorded with it (`split_reason`).
    """

    key: str
    received: date
    pieces: int = 1
    split_reason: str = ""


@dataclass(frozen=True)
class MonthCount:
    """Where an application's 件 fall in its applicant's natural month: units `first`..`last` of `total`."""

    key: str
    year: int
    month: int
    first: int
    last: int
    total: int
    split_reason: str

    @property
    def pieces(self) -> int:
        return self.last - self.first + 1


def _check_counted(applications: Sequence[CountedApplication]) -> None:
    problems: list[str] = []
    seen: set[str] = set()
    for item in applications:
        if item.key in seen:
            problems.append(f"申请“{item.key}”重复列出")
        seen.add(item.key)
        if isinstance(item.pieces, bool) or not isinstance(item.pieces, int) or item.pieces < 1:
            problems.append(f"申请“{item.key}”的件数应为正整数，现为“{item.pieces}”")
        elif item.pieces > 1 and not item.split_reason.strip():
            problems.append(
                f"申请“{item.key}”拆分为{item.pieces}件，须写明拆分理由（按照“一事一申请”原则以合理的最小单位拆分）"
            )
    if problems:
        raise ValueError("；".join(problems) + "。")


def month_count(applications: Sequence[CountedApplication], key: str) -> MonthCount:
    """The units of application `key` among its applicant's applications in the same natural month.

    `applications` are the same applicant's applications to the agency, in the order they were received
    (ties on one day keep that order); all of them count, whatever their outcome (第四条: 按件计收适用于所有
    政府信息公开申请处理决定类型). The month is that of the receipt date (收到申请之日, 条例第三十一条).
    """
    _check_counted(applications)
    target = next((item for item in applications if item.key == key), None)
    if target is None:
        raise ValueError(f"申请“{key}”不在该申请人的申请中。")
    month = [
        item
        for item in sorted(applications, key=lambda item: item.received)
        if (item.received.year, item.received.month) == (target.received.year, target.received.month)
    ]
    before = 0
    for item in month:
        if item.key == key:
            break
        before += item.pieces
    return MonthCount(
        key=key,
        year=target.received.year,
        month=target.received.month,
        first=before + 1,
        last=before + target.pieces,
        total=sum(item.pieces for item in month),
        split_reason=target.split_reason.strip(),
    )


def quote_in_month(applications: Sequence[CountedApplication], key: str) -> FeeQuote:
    """The 按件计收 fee of application `key`, counted among its applicant's applications of that month."""
    count = month_count(applications, key)
    place = f"第{count.first}件" if count.pieces == 1 else f"第{count.first}—{count.last}件"
    what = f"按件计收：本申请为该申请人{count.year}年{count.month}月内{place}"
    if count.pieces > 1:
        what += f"（按“一事一申请”原则拆分为{count.pieces}件：{count.split_reason}）"
    return _quote(BY_COUNT, count.first, count.last, what)


def fee_notice_problem(notice_on: date, reply_due: date) -> str | None:
    """Why a fee notice sent on `notice_on` is not allowed, or None: it must be sent within the reply period
    (109号: 在政府信息公开申请答复期限内), i.e. on or before the reply deadline it would pause."""
    if notice_on > reply_due:
        return (
            f"收费通知应在答复期限内发出：答复期限已于{date_zh(reply_due)}届满，"
            f"不能在{date_zh(notice_on)}发出收费通知（国办函〔2020〕109号）。"
        )
    return None


def fee_notice_allowed(notice_on: date, reply_due: date) -> bool:
    """Whether a fee notice may be sent on `notice_on` for an application whose reply is due `reply_due`."""
    return fee_notice_problem(notice_on, reply_due) is None
