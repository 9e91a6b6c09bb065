"""The processing fee (信息处理费, 国办函〔2020〕109号): progressive schedules by count and by pages, as data."""

from __future__ import annotations

from dataclasses import dataclass

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
