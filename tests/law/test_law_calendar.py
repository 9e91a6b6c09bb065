"""The working-day calendar: official arrangements, refusal of unknown years, and the administrator's files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from calendar_files import FILE_2027

from gongkai.law.calendar import (
    CalendarDataError,
    CalendarMissingError,
    DayType,
    WorkingCalendar,
    build_calendar,
    builtin_calendar,
    chinesecalendar_arrangements,
    install_arrangement,
    project_arrangements,
)

# Days as the State Council's notices set them (checked by hand against each notice).
WORKED_WEEKENDS = [
    date(2024, 9, 29),  # Sunday, 国庆节 2024
    date(2024, 10, 12),  # Saturday, 国庆节 2024
    date(2025, 1, 26),  # Sunday, 春节 2025
    date(2025, 2, 8),  # Saturday, 春节 2025
    date(2025, 4, 27),  # Sunday, 劳动节 2025
    date(2026, 1, 4),  # Sunday, 元旦 2026
    date(2026, 2, 14),  # Saturday, 春节 2026
    date(2026, 2, 28),  # Saturday, 春节 2026
    date(2023, 1, 28),  # Saturday, 春节 2023
    date(2022, 1, 29),  # Saturday, 春节 2022
]
WEEKDAY_HOLIDAYS = [
    (date(2024, 10, 7), "国庆节"),
    (date(2025, 1, 28), "春节"),  # 除夕, a holiday from 2025 on
    (date(2025, 2, 4), "春节"),
    (date(2025, 5, 5), "劳动节"),
    (date(2026, 1, 2), "元旦"),
    (date(2026, 2, 23), "春节"),
    (date(2023, 1, 2), "元旦"),  # New Year on a Sunday: Monday off
    (date(2022, 1, 3), "元旦"),  # New Year on a Saturday: Monday off
]


@pytest.mark.parametrize("day", WORKED_WEEKENDS)
def test_make_up_working_days_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert builtin_calendar().is_working_day(day)
    assert builtin_calendar().day_type(day)[0] is DayType.MAKEUP


@pytest.mark.parametrize(("day", "name"), WEEKDAY_HOLIDAYS)
def test_weekday_holidays_are_not_working_days(day: date, name: str) -> None:
    assert day.weekday() < 5
    assert not builtin_calendar().is_working_day(day)
    day_type, holiday = builtin_calendar().day_type(day)
    assert day_type is DayType.HOLIDAY
    assert holiday is not None and name in holiday


def test_ordinary_days() -> None:
    calendar = builtin_calendar()
    assert calendar.day_type(date(2024, 10, 13)) == (DayType.WEEKEND, None)
    assert calendar.day_type(date(2024, 10, 14)) == (DayType.WORKING, None)
    assert calendar.day_type(date(2024, 2, 9)) == (DayType.WORKING, None)  # 除夕 2024: only "encouraged" off


def test_the_whole_calendar_agrees_with_chinesecalendar() -> None:
    """The project's transcriptions (2024–2026) and chinesecalendar's data give the same working days."""
    calendar = builtin_calendar()
    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_project_data_agrees_with_chinesecalendar_year_by_year() -> None:
    package = {a.year: a for a in chinesecalendar_arrangements()}
    for ours in project_arrangements():
        theirs = WorkingCalendar([package[ours.year]])
        mine = WorkingCalendar([ours])
        for day in (date(ours.year, 1, 1) + timedelta(days=n) for n in range(365)):
            assert mine.is_working_day(day) == theirs.is_working_day(day), day


def test_working_days_per_year() -> None:
    """2025 and 2026: 261 weekdays, 18 and 19 weekday holidays, 5 and 6 worked weekend days (by hand)."""
    calendar = builtin_calendar()
    assert calendar.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_covered_years() -> None:
    years = builtin_calendar().years
    assert set(range(2004, 2027)) <= years
    assert 2027 not in years and 2003 not in years


@pytest.mark.parametrize("day", [date(2027, 1, 4), date(2003, 12, 31), date(2030, 6, 3)])
def test_a_year_without_data_is_refused_in_chinese(day: date) -> None:
    calendar = builtin_calendar()
    with pytest.raises(CalendarMissingError) as caught:
        calendar.is_working_day(day)
    assert f"{day.year}年" in str(caught.value)
    assert caught.value.year == day.year
    with pytest.raises(CalendarMissingError):
        calendar.add_working_days(day, 1)


def test_counting_into_a_missing_year_is_refused() -> None:
    calendar = builtin_calendar()
    assert calendar.add_working_days(date(2026, 12, 1), 20) == date(2026, 12, 29)
    with pytest.raises(CalendarMissingError, match="2027年"):
        calendar.add_working_days(date(2026, 12, 10), 20)


def test_a_gap_year_is_never_jumped_over() -> None:
    arrangements = {a.year: a for a in chinesecalendar_arrangements()}
    calendar = WorkingCalendar([arrangements[2022], arrangements[2024]])
    with pytest.raises(CalendarMissingError, match="2023年"):
        calendar.add_working_days(date(2022, 12, 20), 20)
    with pytest.raises(CalendarMissingError, match="2023年"):
        calendar.working_days_between(date(2022, 12, 20), date(2024, 1, 10))


def test_add_working_days_counts_from_the_next_day() -> None:
    calendar = builtin_calendar()
    assert calendar.add_working_days(date(2024, 10, 14), 1) == date(2024, 10, 15)
    assert calendar.add_working_days(date(2024, 10, 18), 1) == date(2024, 10, 21)
    assert calendar.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert calendar.add_working_days(date(2024, 10, 13), 0) == date(2024, 10, 13)
    with pytest.raises(ValueError, match="负数"):
        calendar.add_working_days(date(2024, 10, 13), -1)


def test_working_days_between() -> None:
    calendar = builtin_calendar()
    assert calendar.working_days_between(date(2024, 9, 27), date(2024, 10, 30)) == 20
    assert calendar.working_days_between(date(2024, 10, 30), date(2024, 9, 27)) == -20
    assert calendar.working_days_between(date(2024, 10, 1), date(2024, 10, 7)) == 0


# --- arrangement files ------------------------------------------------------------------------------------


def test_the_administrators_file_adds_a_year(admin_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "2027.toml"
    source.write_text(FILE_2027, encoding="utf-8")
    with pytest.raises(CalendarMissingError):
        build_calendar(admin_dir).is_working_day(date(2027, 1, 4))
    arrangement, target = install_arrangement(source, admin_dir)
    assert target == admin_dir / "2027.toml"
    assert arrangement.year == 2027
    with pytest.raises(CalendarMissingError):  # a calendar built before keeps its years
        builtin_calendar().is_working_day(date(2027, 1, 4))
    calendar = build_calendar(admin_dir)
    assert 2027 in calendar.years
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.day_type(date(2027, 2, 14)) == (DayType.MAKEUP, "春节")
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_the_administrators_file_corrects_a_year(admin_dir: Path) -> None:
    admin_dir.mkdir()
    (admin_dir / "2026.json").write_text(
        '{"year": 2026, "source": "更正（测试）", "holidays": '
        '[{"name": "元旦", "first_day": "2026-01-01", "last_day": "2026-01-01"}]}',
        encoding="utf-8",
    )
    calendar = build_calendar(admin_dir)
    assert calendar.is_working_day(date(2026, 1, 2))
    assert not calendar.is_working_day(date(2026, 1, 4))
    assert calendar.is_working_day(date(2026, 2, 16))  # the year is replaced as a whole: no 春节 given
    assert calendar.arrangement(2026).source.endswith("（更正（测试））")


def test_installing_replaces_the_years_other_file(admin_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.toml"
    first.write_text(FILE_2027, encoding="utf-8")
    install_arrangement(first, admin_dir)
    second = tmp_path / "b.json"
    second.write_text(
        '{"year": 2027, "holidays": [{"name": "元旦", "first_day": "2027-01-01", "last_day": "2027-01-01"}]}',
        encoding="utf-8",
    )
    install_arrangement(second, admin_dir)
    assert sorted(p.name for p in admin_dir.iterdir()) == ["2027.json"]
    assert build_calendar(admin_dir).is_working_day(date(2027, 2, 8))


def test_two_files_for_one_year_are_an_error(admin_dir: Path) -> None:
    admin_dir.mkdir()
    (admin_dir / "x.toml").write_text(FILE_2027, encoding="utf-8")
    (admin_dir / "y.toml").write_text(FILE_2027, encoding="utf-8")
    with pytest.raises(CalendarDataError, match="同一年只能有一个文件"):
        build_calendar(admin_dir)


BAD_FILE = """\
year = 2027
colour = "red"

[[holidays]]
name = "春节"
first_day = 2027-02-13
last_day = 2027-02-06
makeup_workdays = [2027-02-15]

[[holidays]]
name = ""
first_day = 2027-05-01
last_day = 2027-05-03

[[holidays]]
name = "国庆节"
first_day = 2027-10-01
last_day = 2027-10-07
makeup_workdays = [2027-10-03]

[[holidays]]
name = "端午节"
first_day = 2028-01-08
last_day = 2028-01-08

[[holidays]]
name = "中秋节"
first_day = 2027-09-15
last_day = "2027-09-31"
"""


def test_a_bad_file_is_refused_with_every_problem_in_chinese(tmp_path: Path, admin_dir: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(BAD_FILE, encoding="utf-8")
    with pytest.raises(CalendarDataError) as caught:
        install_arrangement(path, admin_dir)
    problems = "\n".join(caught.value.problems)
    assert "未知字段“colour”" in problems
    assert "早于第一天" in problems
    assert "2027年2月15日不是星期六或星期日" in problems
    assert "缺少名称" in problems
    assert "既是“国庆节”的假日，又是“国庆节”的调休上班日" in problems
    assert "2028年1月8日不在2027年" in problems
    assert "2027-09-31" in problems
    assert str(caught.value).startswith("节假日安排")
    assert not admin_dir.exists()


@pytest.mark.parametrize(
    ("text", "suffix", "message"),
    [
        ("year = ", ".toml", "文件格式有误"),
        ("[1, 2]", ".json", "应为一个表"),
        ('{"year": 1999, "holidays": []}', ".json", "year（年份）"),
        ('{"year": 2027}', ".json", "缺少 holidays"),
        ("year = 2027", ".txt", ".toml 或 .json"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, suffix: str, message: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarDataError, match=message.replace("(", r"\(").replace(".", r"\.")):
        install_arrangement(path, tmp_path / "target")


def test_cross_year_new_year_days_belong_to_the_next_notice() -> None:
    """元旦 2023 (2022-12-31 to 2023-01-02) was set by the notice for 2023."""
    arrangement = {a.year: a for a in chinesecalendar_arrangements()}[2023]
    new_year = arrangement.holidays[0]
    assert (new_year.name, new_year.first_day, new_year.last_day) == (
        "元旦",
        date(2022, 12, 31),
        date(2023, 1, 2),
    )
