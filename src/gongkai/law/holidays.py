"""The statutory holidays fixed by law, standing in for a year whose holiday notice is not yet published.

The 《全国年节及纪念日放假办法》 fixes which days are holidays (第二条); the State Council's yearly notice then
arranges them (调休: weekdays bridged and weekend days worked instead). Until next year's notice is published,
a deadline running into it is computed from the law alone — weekends, the statutory holidays and the
补假 that 第六条 owes for a holiday falling on a Saturday or Sunday — and marked 暂定 (provisional). Loading
the notice (`gongkai calendar load`) replaces the year as a whole. docs/decisions/provisional-calendar.md
says how close this comes to the published arrangements.

Lunar dates (春节, 端午, 中秋) come from `lunardate`, the 清明 solar term from `chinese_calendar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from chinese_calendar import get_solar_terms
from lunardate import LunarDate as _LunarDate

from gongkai.law.calendar import Arrangement, HolidaySpan, WorkingCalendar


@dataclass(frozen=True)
class Solar:
    """A fixed day of the Gregorian calendar."""

    month: int
    day: int


@dataclass(frozen=True)
class Lunar:
    """A day of the Chinese lunar calendar (农历), in the lunar year of the same number."""

    month: int
    day: int


@dataclass(frozen=True)
class SolarTerm:
    """The day of a solar term (节气), as named in Chinese: 清明."""

    name: str


Anchor = Solar | Lunar | SolarTerm


@dataclass(frozen=True)
class StatutoryHoliday:
    """A holiday of the 放假办法: `days` consecutive days off from `offset` days after its anchor day."""

    name: str
    anchor: Anchor
    days: int = 1
    offset: int = 0  # 除夕, the eve of 正月初一: -1


@dataclass(frozen=True)
class HolidayLaw:
    """One version of the 放假办法: in force for the years from `since` on."""

    since: int
    source: str
    holidays: tuple[StatutoryHoliday, ...]


def _version(since: int, source: str, spring: StatutoryHoliday, labour_days: int) -> HolidayLaw:
    """A version of 第二条: the versions differ only in the days of 春节 and 劳动节."""
    return HolidayLaw(
        since,
        source,
        (
            StatutoryHoliday("元旦", Solar(1, 1)),
            spring,
            StatutoryHoliday("清明节", SolarTerm("清明")),
            StatutoryHoliday("劳动节", Solar(5, 1), days=labour_days),
            StatutoryHoliday("端午节", Lunar(5, 5)),
            StatutoryHoliday("中秋节", Lunar(8, 15)),
            StatutoryHoliday("国庆节", Solar(10, 1), days=3),
        ),
    )


# 第二条 of each version: the holidays for all citizens (全体公民放假的节日). The earliest is the version in force
# when the 条例 took effect (2008-05-01), so every year a disclosure deadline can fall in has one.
HOLIDAY_LAWS: tuple[HolidayLaw, ...] = (
    _version(
        2008,
        "《全国年节及纪念日放假办法》（2007年修订，国务院令第513号）",
        StatutoryHoliday("春节", Lunar(1, 1), days=3, offset=-1),  # 农历除夕、正月初一、初二
        labour_days=1,
    ),
    _version(
        2014,
        "《全国年节及纪念日放假办法》（2013年修订，国务院令第644号）",
        StatutoryHoliday("春节", Lunar(1, 1), days=3),  # 农历正月初一、初二、初三
        labour_days=1,
    ),
    _version(
        2025,
        "《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）",
        StatutoryHoliday("春节", Lunar(1, 1), days=4, offset=-1),  # 农历除夕、正月初一至初三
        labour_days=2,  # 5月1日、2日
    ),
)

# lunardate's tables end with lunar year 2099.
_LAST_YEAR = 2099


def holiday_law(year: int) -> HolidayLaw:
    """The version of the 放假办法 in force in `year`; a Chinese ValueError outside the years covered."""
    if not HOLIDAY_LAWS[0].since <= year <= _LAST_YEAR:
        raise ValueError(
            f"{year}年不在可按法定节假日推算的年份（{HOLIDAY_LAWS[0].since}—{_LAST_YEAR}年）内。"
        )
    return [law for law in HOLIDAY_LAWS if law.since <= year][-1]


def _anchor_day(anchor: Anchor, year: int) -> date:
    if isinstance(anchor, Solar):
        return date(year, anchor.month, anchor.day)
    if isinstance(anchor, Lunar):
        return _LunarDate(year, anchor.month, anchor.day).to_solar_date()
    found = [
        day for day, name in get_solar_terms(date(year, 1, 1), date(year, 12, 31)) if name == anchor.name
    ]
    if len(found) != 1:
        raise ValueError(f"无法确定{year}年的节气“{anchor.name}”。")
    return found[0]


def statutory_days(year: int) -> list[tuple[date, str]]:
    """Each statutory holiday day of `year` with its holiday's name, in date order; a day on which two
    holidays fall (中秋 on 国庆) appears twice, since each is owed a day off."""
    items: list[tuple[date, str]] = []
    for holiday in holiday_law(year).holidays:
        first = _anchor_day(holiday.anchor, year) + timedelta(days=holiday.offset)
        items.extend((first + timedelta(days=n), holiday.name) for n in range(holiday.days))
    return sorted(items)


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def _joined(first: date, second: date, off: set[date]) -> bool:
    """Whether only weekend days and days off lie between `first` and `second` (one stretch off work)."""
    day = first + timedelta(days=1)
    while day < second:
        if not _is_weekend(day) and day not in off:
            return False
        day += timedelta(days=1)
    return True


def _stretches(days: Iterable[date], off: set[date]) -> list[list[date]]:
    stretches: list[list[date]] = []
    for day in sorted(set(days)):
        if stretches and _joined(stretches[-1][-1], day, off):
            stretches[-1].append(day)
        else:
            stretches.append([day])
    return stretches


def statutory_arrangement(year: int) -> Arrangement:
    """`year`'s days off as the 放假办法 alone fixes them, marked provisional.

    The statutory days (第二条), and for each holiday day that falls on a Saturday or Sunday — or on
    another holiday's day — one 补假 on the next weekday not already off (第六条: 应当在工作日补假; which
    weekday is the notice's choice, so this is a guess, and so is any 调休, of which there is none here).
    """
    items = statutory_days(year)
    off = {day for day, _ in items}
    for stretch in _stretches(off, off):
        inside = [(day, name) for day, name in items if stretch[0] <= day <= stretch[-1]]
        # each holiday day is owed a weekday off; the stretch's own weekdays pay for as many as they are
        owed = len(inside) - len({day for day, _ in inside if not _is_weekend(day)})
        day = stretch[-1]
        while owed:
            day += timedelta(days=1)
            if not _is_weekend(day) and day not in off:
                off.add(day)
                owed -= 1
    spans = []
    for stretch in _stretches(off, off):
        names = dict.fromkeys(name for day, name in items if stretch[0] <= day <= stretch[-1])
        spans.append(HolidaySpan("、".join(names), stretch[0], stretch[-1]))
    law = holiday_law(year)
    return Arrangement(
        year=year,
        holidays=tuple(spans),
        source=f"暂定：国务院办公厅尚未公布{year}年节假日安排，按{law.source}规定的法定节假日推算",
        provisional=True,
    )


@lru_cache(maxsize=8)
def provisional_calendar(calendar: WorkingCalendar, years_ahead: int = 1) -> WorkingCalendar:
    """`calendar` with the `years_ahead` years after its last covered year added provisionally.

    Covered years stay exactly as they are, so every result that does not reach a provisional year is
    unchanged; one that does says so (`Deadline.provisional`, `WorkingCalendar.depends_on_provisional`).
    A year further ahead is still refused (`CalendarMissingError`): a guess two years out helps nobody.
    """
    if years_ahead < 0:
        raise ValueError(f"暂定年份数不能为负数（{years_ahead}）。")
    last = max(calendar.years)
    added = [
        statutory_arrangement(year) for year in range(last + 1, last + 1 + years_ahead) if year <= _LAST_YEAR
    ]
    if not added:
        return calendar
    return WorkingCalendar([*(calendar.arrangement(year) for year in sorted(calendar.years)), *added])
