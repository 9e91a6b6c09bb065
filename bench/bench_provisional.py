"""How far a provisional deadline (statutory holidays only) lands from the exact one, on the years we know.

For each year Y from 2014 to 2026 the calendar is built as it stood the November before Y's notice: every
year up to Y-1 exact, Y provisional. Every 20- and 40-working-day reply deadline started on a day from
1 December Y-1 whose exact due date falls in Y is computed both ways; the script prints how many agree and
how far apart the others are, for the rule gongkai uses (`statutory_arrangement`: statutory days plus 补假)
and, for comparison, for weekends only and for the statutory days without 补假.

    .venv/bin/python bench/bench_provisional.py
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from gongkai.law.calendar import (
    Arrangement,
    CalendarMissingError,
    HolidaySpan,
    WorkingCalendar,
    build_calendar,
)
from gongkai.law.holidays import statutory_arrangement, statutory_days


def weekends_only(year: int) -> Arrangement:
    return Arrangement(year, (), "weekends only", provisional=True)


def without_compensation(year: int) -> Arrangement:
    days = sorted({day for day, _ in statutory_days(year)})
    return Arrangement(
        year, tuple(HolidaySpan("法定", day, day) for day in days), "no 补假", provisional=True
    )


RULES: dict[str, Callable[[int], Arrangement]] = {
    "statutory days + 补假 (gongkai)": statutory_arrangement,
    "statutory days, no 补假": without_compensation,
    "weekends only": weekends_only,
}


def measure(rule: Callable[[int], Arrangement], working_days: int, december_only: bool) -> None:
    exact = build_calendar()
    by_days: Counter[int] = Counter()
    by_working_days: Counter[int] = Counter()
    for year in range(2014, 2027):
        known = [exact.arrangement(y) for y in sorted(exact.years) if y < year]
        provisional = WorkingCalendar([*known, rule(year)])
        start = date(year - 1, 12, 1)
        last = date(year - 1, 12, 31) if december_only else date(year, 12, 31)
        while start <= last:
            try:
                exact_due = exact.add_working_days(start, working_days)
                guess = provisional.add_working_days(start, working_days)
            except CalendarMissingError:  # runs past Y: not a result of this setting
                break
            if exact_due.year == year:
                by_days[(guess - exact_due).days] += 1
                by_working_days[exact.working_days_between(exact_due, guess)] += 1
            start += timedelta(days=1)
    total, same = sum(by_days.values()), by_days[0]
    print(f"    {working_days} working days: {total} deadlines, {same} identical ({same / total:.1%})")
    print("      provisional − exact, calendar days:", dict(sorted(by_days.items())))
    print("      provisional − exact, working days: ", dict(sorted(by_working_days.items())))


def main() -> None:
    for name, rule in RULES.items():
        for december_only in (True, False):
            starts = "started in December Y-1" if december_only else "started from December Y-1 through Y"
            print(f"{name}, deadlines {starts}:")
            for working_days in (20, 40):
                measure(rule, working_days, december_only)


if __name__ == "__main__":
    main()
