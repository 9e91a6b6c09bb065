"""The official working-day calendar: statutory holidays and make-up working days (调休), year by year.

A year's arrangement comes from the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知).
Three sources, later ones replacing earlier ones year by year:

1. the `chinesecalendar` package, for the years it covers;
2. the project's own transcriptions of the notices, `gongkai/law/data/<year>.toml`;
3. the administrator's directory (env `GONGKAI_CALENDAR_DIR`, default `var/calendar/` in the project),
   filled by `gongkai calendar load FILE` the day a notice is published — no code change needed.

A date in a year none of them covers is refused with `CalendarMissingError`: such a year is never treated
as a plain Monday-to-Friday year.
"""

from __future__ import annotations

import json
import os
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from gongkai.law.zh import date_zh

CALENDAR_DIR_ENV = "GONGKAI_CALENDAR_DIR"
ARRANGEMENT_SUFFIXES: tuple[str, ...] = (".toml", ".json")

# The official Chinese names, as the State Council's notices write them, of chinesecalendar's holidays.
_CHINESECALENDAR_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
_NEW_YEARS_DAY = "元旦"

# A notice for year Y may place days of the 元旦 holiday (and their make-up days) in late December of Y-1.
_EARLIEST_YEAR, _LATEST_YEAR = 2000, 2100
_LONGEST_HOLIDAY_DAYS = 15
_ARRANGEMENT_KEYS = frozenset({"year", "source", "holidays"})
_HOLIDAY_KEYS = frozenset({"name", "first_day", "last_day", "makeup_workdays"})


class CalendarMissingError(Exception):
    """A date falls in a year for which no holiday arrangement is known."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return (
            f"缺少{self.year}年的节假日安排（国务院办公厅关于{self.year}年部分节假日安排的通知），"
            f"无法计算{self.year}年的工作日。请在通知公布后用 `gongkai calendar load 文件` 载入该年安排。"
        )


class CalendarDataError(ValueError):
    """A holiday-arrangement file is malformed; `problems` lists every mistake found, in Chinese."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(source, tuple(problems))
        self.source = source
        self.problems = tuple(problems)

    def __str__(self) -> str:
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"节假日安排“{self.source}”有误：\n{lines}"


class DayType(StrEnum):
    """What the official calendar makes of a day."""

    WORKING = "working"  # Monday to Friday, not a holiday
    MAKEUP = "makeup"  # a weekend day turned into a working day (调休上班)
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a day of a statutory holiday's time off, weekend days inside it included


@dataclass(frozen=True)
class HolidaySpan:
    """One holiday of a notice: its name, its days off (first to last, inclusive), its make-up working days."""

    name: str
    first_day: date
    last_day: date
    makeup_workdays: tuple[date, ...] = ()

    def days(self) -> tuple[date, ...]:
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + timedelta(days=offset) for offset in range(count))


@dataclass(frozen=True)
class Arrangement:
    """A year's holiday arrangement, as one notice publishes it, and where it was read from.

    `provisional`: not a notice but the statutory holidays alone (`gongkai.law.holidays`), standing in for a
    year whose notice is not yet published; every date it decides is marked 暂定.
    """

    year: int
    holidays: tuple[HolidaySpan, ...]
    source: str
    provisional: bool = False

    def holiday_days(self) -> dict[date, str]:
        return {day: span.name for span in self.holidays for day in span.days()}

    def makeup_days(self) -> dict[date, str]:
        return {day: span.name for span in self.holidays for day in span.makeup_workdays}


class WorkingCalendar:
    """Working days over the years its arrangements cover, indexed once for fast arithmetic.

    Counting follows the project's rule (procedure.md): the day of the event is not counted, day 1 is the
    next working day. Arrangements given later replace earlier ones for the same year.
    """

    def __init__(self, arrangements: Iterable[Arrangement]) -> None:
        by_year: dict[int, Arrangement] = {}
        for arrangement in arrangements:
            by_year[arrangement.year] = arrangement
        self._arrangements = dict(sorted(by_year.items()))
        self._holidays: dict[date, str] = {}
        self._makeup: dict[date, str] = {}
        for arrangement in self._arrangements.values():
            self._holidays.update(arrangement.holiday_days())
            self._makeup.update(arrangement.makeup_days())
        self._years = frozenset(self._arrangements)
        self._provisional_years = frozenset(y for y, a in self._arrangements.items() if a.provisional)
        ordinals = [
            day.toordinal() for year in self._arrangements for day in _days_of_year(year) if self._works(day)
        ]
        self._working_dates = [date.fromordinal(ordinal) for ordinal in ordinals]
        # `_rank[o - _first_ordinal]`: how many working days fall on or before ordinal o, for every day from
        # the first covered year's 1 January to the last one's 31 December — a list index, not a search.
        years = sorted(self._arrangements)
        self._first_ordinal = date(years[0], 1, 1).toordinal() if years else 0
        span = date(years[-1], 12, 31).toordinal() - self._first_ordinal + 1 if years else 0
        self._rank = [bisect_right(ordinals, self._first_ordinal + offset) for offset in range(span)]

    @property
    def years(self) -> frozenset[int]:
        """The years this calendar covers."""
        return self._years

    @property
    def provisional_years(self) -> frozenset[int]:
        """The covered years whose days come from the statutory holidays alone, not from a published notice."""
        return self._provisional_years

    def depends_on_provisional(self, first: date, last: date) -> bool:
        """Whether a result counted over the days from `first` to `last` rests on a provisional year."""
        if not self._provisional_years:
            return False
        low, high = min(first, last).year, max(first, last).year
        return any(low <= year <= high for year in self._provisional_years)

    def arrangement(self, year: int) -> Arrangement:
        self.require_year(year)
        return self._arrangements[year]

    def require_year(self, year: int) -> None:
        """Raise `CalendarMissingError` unless `year` is covered."""
        if year not in self._years:
            raise CalendarMissingError(year)

    def day_type(self, day: date) -> tuple[DayType, str | None]:
        """The day's type, with the holiday's name for holidays and make-up working days."""
        self.require_year(day.year)
        if day in self._makeup:
            return DayType.MAKEUP, self._makeup[day]
        if day in self._holidays:
            return DayType.HOLIDAY, self._holidays[day]
        if day.weekday() >= 5:
            return DayType.WEEKEND, None
        return DayType.WORKING, None

    def is_working_day(self, day: date) -> bool:
        self.require_year(day.year)
        return self._works(day)

    def add_working_days(self, start: date, n: int, *, excluded: Sequence[tuple[date, date]] = ()) -> date:
        """The nth working day after `start` (`start` itself not counted); `start` when n is 0.

        `excluded` holds pauses (A, B): the working days after A up to and including B are not counted.
        """
        if n < 0:
            raise ValueError(f"工作日数不能为负数（{n}）。")
        if start.year not in self._years:
            raise CalendarMissingError(start.year)
        if n == 0:
            return start
        position = self._rank[start.toordinal() - self._first_ordinal]
        if excluded:
            position = self._skip_excluded(position, n, excluded)
        else:
            position += n - 1
        if position >= len(self._working_dates):
            raise CalendarMissingError(max(self._years) + 1)
        due = self._working_dates[position]
        if due.year != start.year:  # the index has no days for uncovered years: never jump over one
            self._require_years(start.year, due.year)
        return due

    def working_days_between(self, first: date, last: date) -> int:
        """Working days d with first < d <= last; negative (counted from `last` to `first`) when last < first."""
        self._require_years(min(first, last).year, max(first, last).year)
        return self._position(last) - self._position(first)

    def _position(self, day: date) -> int:
        """How many indexed working days fall on or before `day` (a covered day)."""
        return self._rank[day.toordinal() - self._first_ordinal]

    def _skip_excluded(self, position: int, n: int, excluded: Sequence[tuple[date, date]]) -> int:
        """Index of the nth counted working day from `position` on, skipping the excluded working days."""
        for pause_start, pause_end in excluded:
            self._require_years(pause_start.year, pause_end.year)
        blocks = sorted((self._position(a), self._position(b)) for a, b in excluded if b > a)
        remaining = n
        for block_start, block_end in blocks:
            if block_end <= position:
                continue
            available = block_start - position
            if available >= remaining:
                break
            if available > 0:
                remaining -= available
            position = max(position, block_end)
        return position + remaining - 1

    def _require_years(self, first_year: int, last_year: int) -> None:
        for year in range(first_year, last_year + 1):
            self.require_year(year)

    def _works(self, day: date) -> bool:
        if day in self._makeup:
            return True
        return day.weekday() < 5 and day not in self._holidays


def _days_of_year(year: int) -> Iterable[date]:
    day, end = date(year, 1, 1), date(year, 12, 31)
    while day <= end:
        yield day
        day += timedelta(days=1)


# --- reading arrangements -------------------------------------------------------------------------------


def parse_arrangement(data: Mapping[str, Any], source: str) -> Arrangement:
    """Check a year's arrangement as read from TOML or JSON; `CalendarDataError` lists every problem.

    Shape: `year`, optional `source` (the notice), and `holidays`: a list of tables with `name`,
    `first_day`, `last_day` (the days off, inclusive) and `makeup_workdays` (weekend days worked).
    """
    problems: list[str] = []
    problems.extend(f"未知字段“{key}”" for key in sorted(set(data) - _ARRANGEMENT_KEYS))
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        problems.append(f"year（年份）应为 {_EARLIEST_YEAR} 至 {_LATEST_YEAR} 之间的整数，现为“{year}”")
        raise CalendarDataError(source, problems)
    raw_holidays = data.get("holidays")
    if not isinstance(raw_holidays, list) or not raw_holidays:
        problems.append("缺少 holidays（节假日列表），至少应有一项")
        raise CalendarDataError(source, problems)
    spans = [_parse_span(raw, number, year, problems) for number, raw in enumerate(raw_holidays, start=1)]
    valid = [span for span in spans if span is not None]
    problems.extend(_overlaps(valid))
    if problems:
        raise CalendarDataError(source, problems)
    notice = data.get("source")
    label = f"{source}（{notice}）" if isinstance(notice, str) and notice.strip() else source
    return Arrangement(year=year, holidays=tuple(sorted(valid, key=lambda s: s.first_day)), source=label)


def _parse_span(raw: Any, number: int, year: int, problems: list[str]) -> HolidaySpan | None:
    where = f"第{number}项节假日"
    if not isinstance(raw, Mapping):
        problems.append(f"{where}应为含 name、first_day、last_day 的表")
        return None
    start = len(problems)
    problems.extend(f"{where}：未知字段“{key}”" for key in sorted(set(raw) - _HOLIDAY_KEYS))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}：缺少名称 name（例如“春节”）")
    label = f"{where}（{name}）" if isinstance(name, str) and name.strip() else where
    first_day = _parse_day(raw.get("first_day"), f"{label}的 first_day（放假第一天）", problems)
    last_day = _parse_day(raw.get("last_day"), f"{label}的 last_day（放假最后一天）", problems)
    raw_makeup = raw.get("makeup_workdays", [])
    if not isinstance(raw_makeup, list):
        problems.append(f"{label}：makeup_workdays（调休上班日）应为日期列表")
        raw_makeup = []
    makeup = [_parse_day(value, f"{label}的调休上班日", problems) for value in raw_makeup]
    for day in (first_day, last_day, *makeup):
        if day is not None and not _within_notice(day, year):
            problems.append(f"{label}：{date_zh(day)}不在{year}年（或其前一年12月）内")
    if first_day and last_day:
        length = (last_day - first_day).days + 1
        if length < 1:
            problems.append(f"{label}：放假最后一天{date_zh(last_day)}早于第一天{date_zh(first_day)}")
        elif length > _LONGEST_HOLIDAY_DAYS:
            problems.append(f"{label}：放假{length}天，超过{_LONGEST_HOLIDAY_DAYS}天，请核对日期")
    for day in makeup:
        if day is not None and day.weekday() < 5:
            problems.append(f"{label}：调休上班日{date_zh(day)}不是星期六或星期日")
    if len(problems) > start or first_day is None or last_day is None or not isinstance(name, str):
        return None
    return HolidaySpan(name.strip(), first_day, last_day, tuple(sorted(d for d in makeup if d is not None)))


def _parse_day(value: Any, what: str, problems: list[str]) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"{what}应为日期（YYYY-MM-DD），现为“{value}”" if value is not None else f"缺少{what}")
    return None


def _within_notice(day: date, year: int) -> bool:
    return day.year == year or (day.year == year - 1 and day.month == 12)


def _overlaps(spans: Sequence[HolidaySpan]) -> list[str]:
    problems: list[str] = []
    seen: dict[date, str] = {}
    for span in spans:
        for day in span.days():
            if day in seen:
                problems.append(f"{date_zh(day)}同时列为“{seen[day]}”和“{span.name}”的假日")
            seen[day] = span.name
    worked: dict[date, str] = {}
    for span in spans:
        for day in span.makeup_workdays:
            if day in seen:
                problems.append(f"{date_zh(day)}既是“{seen[day]}”的假日，又是“{span.name}”的调休上班日")
            if day in worked:
                problems.append(f"{date_zh(day)}重复列为调休上班日")
            worked[day] = span.name
    return problems


def read_arrangement_file(path: Path, *, source: str | None = None) -> Arrangement:
    """Read and check one arrangement file (`.toml` or `.json`)."""
    label = source or str(path)
    if path.suffix not in ARRANGEMENT_SUFFIXES:
        raise CalendarDataError(label, ["文件应为 .toml 或 .json 格式"])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarDataError(label, [f"无法读取文件（{exc}）"]) from exc
    return _parse_text(text, path.suffix, label)


def _parse_text(text: str, suffix: str, label: str) -> Arrangement:
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise CalendarDataError(label, [f"文件格式有误（{exc}）"]) from exc
    if not isinstance(data, dict):
        raise CalendarDataError(label, ["文件内容应为一个表（year、source、holidays）"])
    return parse_arrangement(data, label)


def chinesecalendar_arrangements() -> list[Arrangement]:
    """The years the `chinesecalendar` package covers, grouped by notice (late-December 元旦 days go with next year)."""
    import chinese_calendar
    from chinese_calendar import constants

    version = getattr(chinese_calendar, "__version__", "")
    covered = {day.year for day in constants.holidays}
    days_off: dict[int, dict[str, list[date]]] = {}
    worked: dict[int, dict[str, list[date]]] = {}
    for table, entries in ((days_off, constants.holidays), (worked, constants.workdays)):
        for day, english in entries.items():
            name = _CHINESECALENDAR_NAMES_ZH.get(english, english)
            notice_year = day.year + 1 if day.month == 12 and name == _NEW_YEARS_DAY else day.year
            table.setdefault(notice_year, {}).setdefault(name, []).append(day)
    return [
        Arrangement(
            year=year,
            holidays=_spans(days_off.get(year, {}), worked.get(year, {})),
            source=f"chinesecalendar {version}".strip(),
        )
        for year in sorted(covered)
    ]


def _spans(days_off: Mapping[str, list[date]], worked: Mapping[str, list[date]]) -> tuple[HolidaySpan, ...]:
    """Runs of consecutive days with one name become spans; make-up days go to their holiday's nearest span."""
    spans: list[HolidaySpan] = []
    for name, days in days_off.items():
        ordered = sorted(days)
        run_start = previous = ordered[0]
        runs: list[tuple[date, date]] = []
        for day in ordered[1:]:
            if day != previous + timedelta(days=1):
                runs.append((run_start, previous))
                run_start = day
            previous = day
        runs.append((run_start, previous))
        makeup_by_run: dict[tuple[date, date], list[date]] = {run: [] for run in runs}
        for day in worked.get(name, []):
            nearest = min(runs, key=lambda run: min(abs((day - run[0]).days), abs((day - run[1]).days)))
            makeup_by_run[nearest].append(day)
        spans.extend(HolidaySpan(name, a, b, tuple(sorted(makeup_by_run[(a, b)]))) for a, b in runs)
    return tuple(sorted(spans, key=lambda span: span.first_day))


def project_arrangements() -> list[Arrangement]:
    """The project's transcriptions of the State Council's notices, shipped in `gongkai/law/data/`."""
    folder = resources.files("gongkai.law") / "data"
    arrangements = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        suffix = Path(entry.name).suffix
        if suffix in ARRANGEMENT_SUFFIXES:
            label = f"gongkai/law/data/{entry.name}"
            arrangements.append(_parse_text(entry.read_text(encoding="utf-8"), suffix, label))
    return arrangements


def calendar_dir() -> Path:
    """The administrator's directory: env GONGKAI_CALENDAR_DIR, else `var/calendar/` of the project."""
    configured = os.environ.get(CALENDAR_DIR_ENV)
    if configured:
        return Path(configured)
    project = Path(__file__).resolve().parents[3]
    base = project if (project / "pyproject.toml").is_file() else Path.cwd()
    return base / "var" / "calendar"


def directory_arrangements(directory: Path) -> list[Arrangement]:
    """Every arrangement file in `directory` (none if it does not exist); two files for one year are an error."""
    if not directory.is_dir():
        return []
    arrangements: dict[int, Arrangement] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix not in ARRANGEMENT_SUFFIXES or not path.is_file():
            continue
        arrangement = read_arrangement_file(path)
        if arrangement.year in arrangements:
            other = arrangements[arrangement.year].source
            raise CalendarDataError(
                str(path), [f"{arrangement.year}年的安排已由“{other}”给出，同一年只能有一个文件"]
            )
        arrangements[arrangement.year] = arrangement
    return list(arrangements.values())


def build_calendar(directory: Path | None = None) -> WorkingCalendar:
    """chinesecalendar, then the project's data, then the administrator's files, each replacing whole years."""
    return WorkingCalendar(
        [
            *chinesecalendar_arrangements(),
            *project_arrangements(),
            *directory_arrangements(directory if directory is not None else calendar_dir()),
        ]
    )


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The calendar every deadline uses unless given another; `default_calendar.cache_clear()` re-reads it."""
    return build_calendar()


def install_arrangement(path: Path, directory: Path | None = None) -> tuple[Arrangement, Path]:
    """Check a year's arrangement file and copy it into the administrator's directory as `<year>.<suffix>`.

    Any other file there for the same year is removed, so the new one is the only one. The default calendar
    is re-read on its next use.
    """
    arrangement = read_arrangement_file(path)
    target_dir = directory if directory is not None else calendar_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{arrangement.year}{path.suffix}"
    for existing in _files_for_year(target_dir, arrangement.year):
        if existing != target:
            existing.unlink()
    target.write_bytes(path.read_bytes())
    default_calendar.cache_clear()
    return arrangement, target


def _files_for_year(directory: Path, year: int) -> list[Path]:
    """The files in `directory` that give `year`'s arrangement (unreadable files are skipped here)."""
    found = []
    for candidate in sorted(directory.iterdir()):
        if candidate.suffix not in ARRANGEMENT_SUFFIXES or not candidate.is_file():
            continue
        try:
            if read_arrangement_file(candidate).year == year:
                found.append(candidate)
        except CalendarDataError:
            continue
    return found
