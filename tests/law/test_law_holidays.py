"""Provisional years: the statutory holidays of the 放假办法, checked against every published arrangement."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from calendar_files import FILE_2027
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.calendar import (
    CalendarMissingError,
    DayType,
    WorkingCalendar,
    build_calendar,
    read_arrangement_file,
)
from gongkai.law.deadlines import reply_deadline
from gongkai.law.holidays import (
    holiday_law,
    provisional_calendar,
    statutory_arrangement,
    statutory_days,
)

EXACT = build_calendar(Path("/nonexistent"))  # chinesecalendar + the project's data: 2004–2026
KNOWN_YEARS = range(2008, 2027)


def spans(year: int) -> list[tuple[str, str, str]]:
    return [
        (s.name, s.first_day.isoformat(), s.last_day.isoformat())
        for s in statutory_arrangement(year).holidays
    ]


def test_2027_from_the_2024_law() -> None:
    """Worked out by hand: 除夕 is Friday 5 February 2027 (正月初一 Saturday 6 February), so 初一 and 初二 on the
    weekend are owed the Tuesday and Wednesday after 初三; 劳动节 and 国庆 likewise."""
    assert spans(2027) == [
        ("元旦", "2027-01-01", "2027-01-01"),
        ("春节", "2027-02-05", "2027-02-10"),
        ("清明节", "2027-04-05", "2027-04-05"),
        ("劳动节", "2027-05-01", "2027-05-04"),
        ("端午节", "2027-06-09", "2027-06-09"),
        ("中秋节", "2027-09-15", "2027-09-15"),
        ("国庆节", "2027-10-01", "2027-10-05"),
    ]
    arrangement = statutory_arrangement(2027)
    assert arrangement.provisional
    assert "2024年修订，国务院令第795号" in arrangement.source
    assert all(not span.makeup_workdays for span in arrangement.holidays)


def test_mid_autumn_on_national_day_is_owed_a_day() -> None:
    """2028: 中秋 falls on 3 October; with 1 October a Sunday, two weekdays are owed (4 and 5 October)."""
    assert ("国庆节、中秋节", "2028-10-01", "2028-10-05") in spans(2028)
    assert ("元旦", "2028-01-01", "2028-01-03") in spans(2028)  # a Saturday: Monday 3 January off


def test_the_law_in_force_each_year() -> None:
    def spring(year: int) -> list[date]:
        return [day for day, name in statutory_days(year) if name == "春节"]

    # 2007 version: 除夕、初一、初二; 2013: 初一至初三; 2024: 除夕、初一至初三 (2013-02-10, 2014-01-31, 2025-01-29)
    assert spring(2013) == [date(2013, 2, 9), date(2013, 2, 10), date(2013, 2, 11)]
    assert spring(2014) == [date(2014, 1, 31), date(2014, 2, 1), date(2014, 2, 2)]
    assert spring(2025) == [date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30), date(2025, 1, 31)]
    assert [d for d, n in statutory_days(2025) if n == "劳动节"] == [date(2025, 5, 1), date(2025, 5, 2)]
    assert [d for d, n in statutory_days(2024) if n == "劳动节"] == [date(2024, 5, 1)]
    assert holiday_law(2008).since == 2008
    with pytest.raises(ValueError, match="2007年不在"):
        holiday_law(2007)
    with pytest.raises(ValueError, match="2100年不在"):
        holiday_law(2100)


@pytest.mark.parametrize("year", KNOWN_YEARS)
def test_every_statutory_day_is_off_in_the_published_arrangement(year: int) -> None:
    """Checks the lunar and solar-term dates (春节, 清明, 端午, 中秋) against 19 years of notices."""
    for day, name in statutory_days(year):
        assert not EXACT.is_working_day(day), (day, name)


# The State Council's notices departed from the law's count of days off only here: a one-off holiday for the
# 70th anniversary of the victory (2015-09-03/04), the Spring Festival extended against COVID-19 (2020), and
# the 2012 notice making 2011-12-31 a working day (one day moved from 2012 to 2011).
COUNT_EXCEPTIONS = {2011: -1, 2012: 1, 2015: 1, 2020: 2}


@pytest.mark.parametrize("year", KNOWN_YEARS)
def test_a_years_working_days_match_the_notice(year: int) -> None:
    """调休 only moves days: with 补假 (第六条) the law alone gives each year's number of working days."""
    provisional = WorkingCalendar([statutory_arrangement(year)])
    days = [date(year, 1, 1) + timedelta(n) for n in range((date(year, 12, 31) - date(year, 1, 1)).days + 1)]
    exact = sum(EXACT.is_working_day(day) for day in days)
    guessed = sum(provisional.is_working_day(day) for day in days)
    assert guessed - exact == COUNT_EXCEPTIONS.get(year, 0)


@pytest.mark.parametrize("year", [y for y in KNOWN_YEARS if y not in (2015, 2020)])
def test_provisional_and_exact_differ_only_where_the_notice_arranged(year: int) -> None:
    """A day the two disagree on is a make-up day, a day off the notice bridged, or a 补假 placed elsewhere."""
    law_only = statutory_arrangement(year)
    owed = {d for span in law_only.holidays for d in span.days()} - {d for d, _ in statutory_days(year)}
    # next year's notice may arrange late-December days too (2018-12-29 worked for 2019's 元旦)
    notices = [EXACT.arrangement(y) for y in (year, year + 1) if y in EXACT.years]
    notice_days = {d for n in notices for span in n.holidays for d in (*span.days(), *span.makeup_workdays)}
    provisional = WorkingCalendar([law_only])
    day = date(year, 1, 1)
    while day.year == year:
        if provisional.is_working_day(day) != EXACT.is_working_day(day):
            assert day in notice_days or day in owed, day
        day += timedelta(days=1)


def calendar_before(year: int) -> WorkingCalendar:
    """The calendar as it stood before `year`'s notice: earlier years exact."""
    return WorkingCalendar([EXACT.arrangement(y) for y in sorted(EXACT.years) if y < year])


@pytest.mark.parametrize("working_days", [20, 40])
def test_provisional_deadlines_stay_within_three_working_days(working_days: int) -> None:
    """Measured over 2014–2026 (bench/bench_provisional.py): 85 % identical, the rest within 3 working days."""
    worst = 0
    for year in range(2014, 2027):
        provisional = provisional_calendar(calendar_before(year))
        start = date(year - 1, 12, 1)
        while start < date(year, 11, 1):
            exact_due = EXACT.add_working_days(start, working_days)
            guess = provisional.add_working_days(start, working_days)
            worst = max(worst, abs(EXACT.working_days_between(exact_due, guess)))
            start += timedelta(days=3)
    assert 1 <= worst <= 3


def test_provisional_calendar_adds_one_year_only() -> None:
    calendar = provisional_calendar(EXACT)
    assert calendar.years == EXACT.years | {2027}
    assert calendar.provisional_years == {2027}
    assert EXACT.provisional_years == frozenset()
    assert not calendar.is_working_day(date(2027, 2, 9))  # 补假 for 正月初一 on a Saturday
    assert calendar.day_type(date(2027, 2, 9)) == (DayType.HOLIDAY, "春节")
    with pytest.raises(CalendarMissingError, match="2028年"):
        calendar.is_working_day(date(2028, 1, 4))
    assert provisional_calendar(EXACT, 0) is EXACT
    assert provisional_calendar(EXACT) is calendar  # built once per calendar
    assert provisional_calendar(EXACT, 2).provisional_years == {2027, 2028}


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2008, 5, 1), max_value=date(2026, 12, 31)),
    working_days=st.integers(min_value=0, max_value=60),
)
def test_loaded_years_are_unchanged(start: date, working_days: int) -> None:
    """Adding a provisional year changes no result that stays within the loaded years, nor marks it."""
    provisional = provisional_calendar(EXACT)
    try:
        exact_due = EXACT.add_working_days(start, working_days)
    except CalendarMissingError:
        guess = provisional.add_working_days(start, working_days)
        assert guess.year == 2027 and provisional.depends_on_provisional(start, guess)
        return
    assert provisional.add_working_days(start, working_days) == exact_due
    assert not provisional.depends_on_provisional(start, exact_due)
    try:
        exact_reply = reply_deadline(start, calendar=EXACT)
    except CalendarMissingError:
        assert reply_deadline(start, calendar=provisional).provisional
        return
    guessed_reply = reply_deadline(start, calendar=provisional)
    assert (guessed_reply.due, guessed_reply.provisional) == (exact_reply.due, False)


def test_loading_the_year_replaces_the_provisional_one(tmp_path: Path) -> None:
    """Received Monday 8 February 2027 — a statutory day off in both. Provisionally 2027-02-09/10 are 补假;
    the test arrangement (FILE_2027, made up) has 2-6 … 2-13 off and Sunday 2-14 worked instead."""
    provisional = reply_deadline(date(2027, 2, 8), calendar=provisional_calendar(EXACT))
    assert (provisional.due, provisional.provisional, provisional.provisional_years) == (
        date(2027, 3, 10),
        True,
        (2027,),
    )
    assert (
        "2027年2月9日（星期二）至2月10日（星期三）：春节假期（暂定），不计（2天）" in provisional.explain_zh()
    )
    assert "暂定：国务院办公厅尚未公布2027年节假日安排" in provisional.explain_zh()
    path = tmp_path / "2027.toml"
    path.write_text(FILE_2027, encoding="utf-8")
    loaded = WorkingCalendar(
        [*(EXACT.arrangement(y) for y in sorted(EXACT.years)), read_arrangement_file(path)]
    )
    exact = reply_deadline(date(2027, 2, 8), calendar=provisional_calendar(loaded))
    assert (exact.due, exact.provisional) == (date(2027, 3, 11), False)
    assert "暂定" not in exact.explain_zh()
    assert exact.as_dict()["provisional"] is False and provisional.as_dict()["provisional"] is True


def test_a_deadline_ending_before_the_provisional_year_is_exact() -> None:
    calendar = provisional_calendar(EXACT)
    inside = reply_deadline(date(2026, 11, 2), calendar=calendar)
    assert inside.due.year == 2026 and not inside.provisional
    across = reply_deadline(date(2026, 12, 20), calendar=calendar)
    assert (across.due, across.provisional) == (date(2027, 1, 18), True)
