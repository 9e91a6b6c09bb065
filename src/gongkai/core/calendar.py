"""The system's working-day calendar, and loading a year's holiday arrangement into it.

The calendar is the package's (`gongkai.law.calendar.builtin_calendar`) plus the administrator's folder
(env `GONGKAI_CALENDAR_DIR`, default `var/calendar/`). `system_calendar()` builds it once per change of
that folder — in every process, a cheap look at the folder per call — and the use cases pass it to the
core's functions: nothing computes a deadline on a calendar it was not given.

The year after the last published one is counted provisionally (暂定) from the statutory holidays
(`gongkai.law.holidays.provisional_calendar`): a deadline running into it is computed and marked 暂定.

Loading a year (`load_arrangement`: the `gongkai calendar load` command, or the administrator's upload on
the 节假日安排 page) is one use case: in one database
transaction the apps recompute every stored deadline the year changes (receivers of `calendar_changed`,
given the new calendar), then the file is written; if anything fails, nothing is recomputed and the
folder is as it was.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal

from gongkai.law.calendar import (
    ARRANGEMENT_SUFFIXES,
    Arrangement,
    WorkingCalendar,
    build_calendar,
    calendar_dir,
    files_for_year,
    install_arrangement,
    read_arrangement_file,
    with_arrangement,
)
from gongkai.law.holidays import provisional_calendar
from gongkai.law.zh import date_zh, weekday_zh

# Sent inside the loading transaction with `calendar` (the new one) and `years` (those it changes); each
# receiver recomputes what it stores and returns a summary whose str() is a Chinese sentence, or None.
calendar_changed = Signal()

_Signature = tuple[str, tuple[tuple[str, int, int], ...]]


@dataclass(frozen=True)
class _Built:
    signature: _Signature
    exact: WorkingCalendar  # the published arrangements only
    calendar: WorkingCalendar  # with the next year counted provisionally (暂定)


_lock = threading.Lock()
_built: _Built | None = None


def _signature(directory: Path) -> _Signature:
    """What identifies the folder's content: its path and each arrangement file's name, time and size."""
    try:
        files = tuple(
            (path.name, path.stat().st_mtime_ns, path.stat().st_size)
            for path in sorted(directory.iterdir())
            if path.suffix in ARRANGEMENT_SUFFIXES and path.is_file()
        )
    except OSError:  # no folder (yet): the package's calendar
        files = ()
    return str(directory), files


def _current() -> _Built:
    global _built
    directory = calendar_dir()
    signature = _signature(directory)
    with _lock:
        if _built is None or _built.signature != signature:
            exact = build_calendar(directory)
            _built = _Built(signature, exact, provisional_calendar(exact))
        return _built


def system_calendar() -> WorkingCalendar:
    """The calendar every use case counts on: the published arrangements, and the year after the last of
    them counted provisionally from the statutory holidays (暂定, `gongkai.law.holidays`) until its own
    arrangement is loaded — a deadline running into it is shown, marked 暂定, never left uncomputed.
    Built again only when the administrator's folder changed (e.g. a year loaded by another process).
    Raises CalendarDataError for a bad file in the folder."""
    return _current().calendar


def published_calendar() -> WorkingCalendar:
    """The published arrangements alone (no provisional year): what loading a year adds to."""
    return _current().exact


def latest_published_year(calendar: WorkingCalendar) -> int:
    """The last year of `calendar` whose arrangement is published (not provisional)."""
    return max(year for year in calendar.years if year not in calendar.provisional_years)


def provisional_year(calendar: WorkingCalendar) -> int | None:
    """The year `calendar` counts provisionally (the next one to load), if any."""
    return min(calendar.provisional_years, default=None)


def missing_year(calendar: WorkingCalendar) -> int:
    """The first year after those `calendar` covers: the one a deadline running past them needs."""
    return max(calendar.years) + 1


@dataclass(frozen=True)
class Loaded:
    """What loading a year did: the arrangement, where it was saved, the new calendar, the apps' summaries."""

    arrangement: Arrangement
    target: Path
    calendar: WorkingCalendar
    summaries: tuple[str, ...]


class _YearFiles:
    """The folder's files for one year, kept in memory so that a failed load can put them back."""

    def __init__(self, directory: Path, year: int) -> None:
        self.directory = directory
        self.year = year
        existing = files_for_year(directory, year) if directory.is_dir() else []
        self.saved = {path: path.read_bytes() for path in existing}

    def restore(self) -> None:
        if self.directory.is_dir():
            for path in files_for_year(self.directory, self.year):
                path.unlink()
        for path, content in self.saved.items():
            path.write_bytes(content)


def load_arrangement(
    path: Path,
    *,
    source: str | None = None,
    record: Callable[[Arrangement, tuple[str, ...]], object] | None = None,
) -> Loaded:
    """Check a year's arrangement file, recompute every stored deadline it changes — the provisional ones
    (暂定) of that year become exact — and install it.

    `source`: how to name the file in messages (an upload's name); `record`: called in the transaction,
    before the file is installed, with the arrangement and the apps' summaries (an audit record).
    Raises CalendarDataError (Chinese, every problem listed) for a bad file, CalendarMissingError if the
    calendar with it cannot be built; then nothing is changed.
    """
    arrangement = read_arrangement_file(path, source=source)
    directory = calendar_dir()
    calendar = provisional_calendar(with_arrangement(published_calendar(), arrangement))
    before = _YearFiles(directory, arrangement.year)
    try:
        with transaction.atomic():
            responses = calendar_changed.send(
                sender=load_arrangement, calendar=calendar, years=frozenset({arrangement.year})
            )
            summaries = tuple(str(response) for _receiver, response in responses if response is not None)
            if record is not None:
                record(arrangement, summaries)
            _arrangement, target = install_arrangement(path, directory)  # last: only the commit follows
    except BaseException:
        before.restore()
        raise
    return Loaded(arrangement, target, system_calendar(), summaries)


# -- the arrangement as the command shows it ----------------------------------------------------------


def describe_arrangement(arrangement: Arrangement) -> str:
    """Each holiday of the arrangement on a line: its days off and its make-up working days."""
    lines = []
    for span in arrangement.holidays:
        days = (span.last_day - span.first_day).days + 1
        off = date_zh(span.first_day) if days == 1 else f"{date_zh(span.first_day)}至{date_zh(span.last_day)}"
        line = f"{span.name}：{off}放假，共{days}天"
        if span.makeup_workdays:
            worked = "、".join(f"{date_zh(day)}（{weekday_zh(day)}）" for day in span.makeup_workdays)
            line += f"；调休上班：{worked}"
        lines.append(line)
    return "\n".join(lines)


def working_days_in(calendar: WorkingCalendar, year: int) -> int:
    """How many working days `year` has on `calendar`."""
    day = dt.date(year, 1, 1)
    return int(calendar.is_working_day(day)) + calendar.working_days_between(day, dt.date(year, 12, 31))
