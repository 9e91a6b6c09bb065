"""Statutory deadlines in working days, each with an explanation a clerk or a court can follow day by day.

The counting rule (procedure.md, docs/decisions/deadline-counting.md) lives in
`WorkingCalendar.add_working_days`: the day of the event is not counted, day 1 is the next working day,
the deadline is the Nth working day; a pause from A to B removes the working days after A up to and
including B.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from gongkai.law.calendar import DayType, WorkingCalendar, builtin_calendar
from gongkai.law.zh import date_zh, weekday_zh


@dataclass(frozen=True)
class Period:
    """A statutory period: how many working days, for what, on which legal basis."""

    key: str
    working_days: int
    name_zh: str
    basis_zh: str


# The periods of the 条例 (国务院令第711号) and of 国办函〔2020〕109号, as data.
PERIODS: dict[str, Period] = {
    period.key: period
    for period in (
        Period(
            "reply",
            20,
            "答复期限",
            "《中华人民共和国政府信息公开条例》第三十三条第一款：自收到申请之日起20个工作日内予以答复",
        ),
        Period(
            "extension",
            20,
            "延长答复期限",
            "《中华人民共和国政府信息公开条例》第三十三条第一款：延长的期限最长不得超过20个工作日",
        ),
        Period(
            "amendment_notice",
            7,
            "补正告知期限",
            "《中华人民共和国政府信息公开条例》第三十条：自收到申请之日起7个工作日内一次性告知申请人作出补正",
        ),
        Period(
            "consultation",
            15,
            "征求意见答复期限",
            "《中华人民共和国政府信息公开条例》第三十二条、第三十四条：被征求意见的第三方或者其他机关自收到征求意见书之日起15个工作日内提出意见",
        ),
        Period(
            "fee_payment",
            20,
            "缴费期限",
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）：自收到收费通知的次日起20个工作日内缴纳",
        ),
        Period(
            "proactive_publication",
            20,
            "主动公开期限",
            "《中华人民共和国政府信息公开条例》第二十六条：自该政府信息形成或者变更之日起20个工作日内予以公开",
        ),
    )
}

# Why the working days of a pause do not count (第三十三条第二款; procedure.md's rule for the fee).
PAUSE_REASONS: dict[str, str] = {
    "consultation": "征求第三方或者其他机关意见（条例第三十三条第二款：所需时间不计算在答复期限内）",
    "fee": "收费通知至缴费期间（不计算在答复期限内）",
    "other": "中止计算",
}


class DayKind(StrEnum):
    """How a calendar day between a deadline's start and its due date is accounted for."""

    START = "start"  # the day of the event: not counted
    COUNTED = "counted"  # an ordinary working day, counted
    MAKEUP = "makeup"  # a weekend day worked (调休上班), counted
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    PAUSED = "paused"  # a working day inside a pause, not counted


@dataclass(frozen=True)
class ExplainedDay:
    """One calendar day of a deadline's explanation; `count` is its number among the counted working days."""

    day: date
    kind: DayKind
    count: int | None
    note_zh: str


@dataclass(frozen=True)
class Pause:
    """Time that does not count: the working days after `start` up to and including `end`."""

    start: date
    end: date
    reason: str = PAUSE_REASONS["other"]

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"中止计算的结束日{date_zh(self.end)}早于开始日{date_zh(self.start)}。")

    def covers(self, day: date) -> bool:
        return self.start < day <= self.end


PauseLike = Pause | tuple[date, date] | tuple[date, date, str]


class Deadline(NamedTuple):
    """A computed deadline: `due` is the `working_days`th counted working day after `start`.

    `explanation` accounts for every calendar day from `start` to `due`. It is worked out on each reading,
    not stored: a day-by-day walk costs ~50 times the indexed arithmetic, and most deadlines are never
    explained.

    An immutable named tuple rather than a frozen dataclass, and `calendar` None for the built-in calendar
    (`builtin_calendar()`, also used to explain): building one costs a third as much, and a tuple of plain
    values is one Python's cyclic garbage collector stops tracking — which halves the time of a million
    deadlines kept in memory. Any other calendar is kept in the deadline and explains it.
    """

    start: date
    due: date
    working_days: int
    calendar: WorkingCalendar | None
    pauses: tuple[Pause, ...] = ()
    name_zh: str = "期限"

    @property
    def explanation(self) -> tuple[ExplainedDay, ...]:
        return self._explain()

    def _explain(self) -> tuple[ExplainedDay, ...]:
        calendar = self.calendar if self.calendar is not None else builtin_calendar()
        days = [ExplainedDay(self.start, DayKind.START, None, "起算日，当日不计入")]
        count = 0
        day = self.start
        while day < self.due:
            day += timedelta(days=1)
            day_type, holiday = calendar.day_type(day)
            pause = next((p for p in self.pauses if p.covers(day)), None)
            if day_type is DayType.HOLIDAY:
                days.append(ExplainedDay(day, DayKind.HOLIDAY, None, f"{holiday}假期"))
            elif day_type is DayType.WEEKEND:
                days.append(ExplainedDay(day, DayKind.WEEKEND, None, "周末"))
            elif pause is not None:
                days.append(ExplainedDay(day, DayKind.PAUSED, None, f"中止计算：{pause.reason}"))
            elif day_type is DayType.MAKEUP:
                count += 1
                days.append(ExplainedDay(day, DayKind.MAKEUP, count, f"调休上班（{holiday}）"))
            else:
                count += 1
                days.append(ExplainedDay(day, DayKind.COUNTED, count, ""))
        if count != self.working_days:  # the index and the day-by-day walk must agree
            raise AssertionError(f"explanation counts {count} working days, deadline has {self.working_days}")
        return tuple(days)

    def explain_zh(self) -> str:
        """The explanation as Chinese text, consecutive days of one kind on one line."""
        lines = [
            f"{self.name_zh}：自{date_zh(self.start)}起计算{self.working_days}个工作日，"
            f"届满日为{date_zh(self.due)}（{weekday_zh(self.due)}）。",
            "计算方法：起算当日不计入，次日起的第一个工作日为第1日；周末和法定节假日不计，调休上班日计入"
            + ("；中止计算期间的工作日不计入。" if self.pauses else "。"),
        ]
        lines.extend(
            f"中止计算：{date_zh(p.start)}之后至{date_zh(p.end)}（含）的工作日，{p.reason}"
            for p in self.pauses
        )
        lines.extend(_describe_run(run) for run in _runs(self.explanation))
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready values: ISO dates, the explanation day by day."""
        return {
            "name": self.name_zh,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "working_days": self.working_days,
            "pauses": [
                {"from": p.start.isoformat(), "to": p.end.isoformat(), "reason": p.reason}
                for p in self.pauses
            ],
            "explanation": [
                {"date": d.day.isoformat(), "kind": str(d.kind), "count": d.count, "note": d.note_zh}
                for d in self.explanation
            ],
        }


# Shown on a line of their own even when consecutive: a make-up day deserves its own mention.
_SINGLE_DAY_KINDS = (DayKind.START, DayKind.MAKEUP)


def _runs(days: Sequence[ExplainedDay]) -> list[list[ExplainedDay]]:
    """Consecutive days of the same kind and note (counted days: consecutive plain working days)."""
    runs: list[list[ExplainedDay]] = []
    for day in days:
        joins = runs and (runs[-1][-1].kind, runs[-1][-1].note_zh) == (day.kind, day.note_zh)
        if joins and day.kind not in _SINGLE_DAY_KINDS:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _describe_run(run: Sequence[ExplainedDay]) -> str:
    first, last = run[0], run[-1]
    when = f"{date_zh(first.day)}（{weekday_zh(first.day)}）"
    if last.day != first.day:
        end = date_zh(last.day) if last.day.year != first.day.year else f"{last.day.month}月{last.day.day}日"
        when += f"至{end}（{weekday_zh(last.day)}）"
    if first.kind in (DayKind.COUNTED, DayKind.MAKEUP):
        numbers = f"第{first.count}个工作日" if len(run) == 1 else f"第{first.count}至第{last.count}个工作日"
        return f"{when}：{numbers}" + (f"，{first.note_zh}" if first.note_zh else "")
    if first.kind is DayKind.START:
        return f"{when}：{first.note_zh}"
    return f"{when}：{first.note_zh}，不计（{len(run)}天）"


def pauses_of(pauses: Iterable[PauseLike]) -> tuple[Pause, ...]:
    """Pause objects from pauses or (from, to[, reason]) pairs."""
    return tuple(p if isinstance(p, Pause) else Pause(*p) for p in pauses)


def working_day_deadline(
    period: Period | str,
    start: date,
    *,
    extra_working_days: int = 0,
    pauses: Iterable[PauseLike] = (),
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """The deadline of a statutory period counted from `start` (the day of the event, itself not counted)."""
    chosen = PERIODS[period] if isinstance(period, str) else period
    return _count(start, chosen.working_days + extra_working_days, pauses, calendar, chosen.name_zh)


def _count(
    start: date,
    working_days: int,
    pauses: Iterable[PauseLike],
    calendar: WorkingCalendar | None,
    name_zh: str,
) -> Deadline:
    default = builtin_calendar()
    if calendar is default:
        calendar = None  # one spelling of "the built-in calendar", so that equal deadlines compare equal
    chosen = calendar if calendar is not None else default
    if not pauses:  # the common case, kept lean for a million deadlines (bench/bench_deadlines.py)
        due = chosen.add_working_days(start, working_days)
        # tuple.__new__ directly: the named tuple's own __new__ is one more Python call
        return tuple.__new__(Deadline, (start, due, working_days, calendar, (), name_zh))
    paused = pauses_of(pauses)
    due = chosen.add_working_days(start, working_days, excluded=[(p.start, p.end) for p in paused])
    return Deadline(start, due, working_days, calendar, paused, name_zh)


_REPLY = PERIODS["reply"]
_EXTENSION = PERIODS["extension"]


def reply_deadline(
    received: date,
    *,
    amended: date | None = None,
    extended: bool = False,
    pauses: Iterable[PauseLike] = (),
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """The reply deadline (第三十三条): 20 working days from receipt, or from the amended application's
    receipt (第三十条); 20 more with an extension; the working days of pauses not counted."""
    if amended is None:
        start = received
    elif amended < received:
        raise ValueError(f"补正后申请的收到日期{date_zh(amended)}早于原申请的收到日期{date_zh(received)}。")
    else:
        start = amended
    working_days = _REPLY.working_days + _EXTENSION.working_days if extended else _REPLY.working_days
    return _count(start, working_days, pauses, calendar, _REPLY.name_zh)


def amendment_notice_deadline(received: date, *, calendar: WorkingCalendar | None = None) -> Deadline:
    """The last day to send the one amendment notice (补正告知, 第三十条): 7 working days from receipt."""
    return working_day_deadline("amendment_notice", received, calendar=calendar)


def consultation_deadline(sent: date, *, calendar: WorkingCalendar | None = None) -> Deadline:
    """The window of a consulted third party or co-producing agency (第三十二条, 第三十四条): 15 working days."""
    return working_day_deadline("consultation", sent, calendar=calendar)


def fee_payment_deadline(notice_received: date, *, calendar: WorkingCalendar | None = None) -> Deadline:
    """The last day to pay the processing fee: 20 working days from the day after the notice is received."""
    return working_day_deadline("fee_payment", notice_received, calendar=calendar)


def proactive_publication_deadline(created: date, *, calendar: WorkingCalendar | None = None) -> Deadline:
    """The last day to publish proactively (第二十六条): 20 working days from creation or change."""
    return working_day_deadline("proactive_publication", created, calendar=calendar)
