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

    @property
    def provisional(self) -> bool:
        """Whether the due date rests on a year whose holiday notice is not yet published (暂定)."""
        return self.calendar is not None and self.calendar.depends_on_provisional(self.start, self.due)

    @property
    def provisional_years(self) -> tuple[int, ...]:
        """The years, from start to due, that the calendar only knows provisionally."""
        if self.calendar is None:
            return ()
        years = self.calendar.provisional_years
        return tuple(year for year in range(self.start.year, self.due.year + 1) if year in years)

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
                tentative = "（暂定）" if day.year in calendar.provisional_years else ""
                days.append(ExplainedDay(day, DayKind.HOLIDAY, None, f"{holiday}假期{tentative}"))
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
        lines.extend(_provisional_note_zh(year) for year in self.provisional_years)
        lines.extend(_describe_run(run) for run in _runs(self.explanation))
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready values: ISO dates, the explanation day by day."""
        return {
            "name": self.name_zh,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "working_days": self.working_days,
            "provisional": self.provisional,
            "pauses": [
                {"from": p.start.isoformat(), "to": p.end.isoformat(), "reason": p.reason}
                for p in self.pauses
            ],
            "explanation": [
                {"date": d.day.isoformat(), "kind": str(d.kind), "count": d.count, "note": d.note_zh}
                for d in self.explanation
            ],
        }


def _provisional_note_zh(year: int) -> str:
    return (
        f"暂定：国务院办公厅尚未公布{year}年节假日安排，{year}年的日期按周末和《全国年节及纪念日放假办法》"
        f"规定的法定节假日（含逢周末的补假）推算，调休安排公布并载入后以正式安排为准。"
    )


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
    consultations: Iterable[Consultation] = (),
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """The reply deadline (第三十三条): 20 working days from receipt, or from the amended application's
    receipt (第三十条); 20 more with an extension; the working days of pauses not counted, and of each
    consultation the time it actually took (`Consultation.pause`), overlapping ones once."""
    consulted = consultation_pauses(consultations, calendar) if consultations else ()
    if consulted:
        pauses = (*pauses_of(pauses), *consulted)
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


# --- periods counted from the other side's receipt of a letter -------------------------------------------


@dataclass(frozen=True)
class Window:
    """A period the other side has, counted from the day it received our letter (its 送达).

    Until that day is recorded the window is counted from the day the letter was sent, and is provisional:
    it can only end later once the receipt is recorded.
    """

    deadline: Deadline
    delivery_recorded: bool

    @property
    def due(self) -> date:
        return self.deadline.due

    @property
    def provisional(self) -> bool:
        """True while the receipt is not recorded, or while the due date rests on a provisional year."""
        return not self.delivery_recorded or self.deadline.provisional

    def as_dict(self) -> dict[str, object]:
        return {
            "due": self.due.isoformat(),
            "delivery_recorded": self.delivery_recorded,
            "provisional": self.provisional,
            "deadline": self.deadline.as_dict(),
        }


def _window(
    period: Period | str, sent: date, delivered: date | None, calendar: WorkingCalendar | None, what_zh: str
) -> Window:
    if delivered is not None and delivered < sent:
        raise ValueError(f"{what_zh}的送达日期{date_zh(delivered)}早于发出日期{date_zh(sent)}。")
    start = delivered if delivered is not None else sent
    return Window(working_day_deadline(period, start, calendar=calendar), delivered is not None)


# Our rule (procedure.md): the period an applicant is given to amend; 第三十条 says only “合理的补正期限”.
DEFAULT_AMENDMENT_WORKING_DAYS = 15


def amendment_period(working_days: int) -> Period:
    """The amendment period (补正期限) the notice gives the applicant, in working days."""
    return Period(
        "amendment_period",
        working_days,
        "补正期限",
        "《中华人民共和国政府信息公开条例》第三十条：行政机关应当一次性告知申请人作出补正，并说明需要补正的事项和合理的补正期限",
    )


def amendment_window(
    notice_sent: date,
    working_days: int = DEFAULT_AMENDMENT_WORKING_DAYS,
    *,
    delivered: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> Window:
    """The applicant's amendment period (第三十条): `working_days` from its receipt of the notice where that
    is recorded, else (provisionally) from the day the notice was sent."""
    if working_days < 1:
        raise ValueError(f"补正期限应至少为1个工作日，现为{working_days}个。")
    return _window(amendment_period(working_days), notice_sent, delivered, calendar, "补正告知书")


class AmendmentStatus(StrEnum):
    """Where an application asked to be amended stands (第三十条)."""

    WAITING = "waiting"  # the period is running
    AMENDED = "amended"  # amended within the period
    AMENDED_LATE_EXCUSED = "amended_late_excused"  # amended late, with a good reason recorded: accepted
    OVERDUE_EXCUSED = (
        "overdue_excused"  # period over, a good reason recorded: still waiting for the amendment
    )
    ABANDONED = "abandoned"  # 无正当理由逾期不补正: treated as abandoned


def amendment_status(
    period_due: date, today: date, *, amended_on: date | None = None, late_reason: str = ""
) -> AmendmentStatus:
    """Only 无正当理由逾期不补正 ends the application (第三十条): an amendment after `period_due` is accepted
    when a good reason for the delay is recorded (`late_reason`), and an overdue one waits while it is."""
    excused = bool(late_reason.strip())
    if amended_on is not None:
        if amended_on <= period_due:
            return AmendmentStatus.AMENDED
        return AmendmentStatus.AMENDED_LATE_EXCUSED if excused else AmendmentStatus.ABANDONED
    if today <= period_due:
        return AmendmentStatus.WAITING
    return AmendmentStatus.OVERDUE_EXCUSED if excused else AmendmentStatus.ABANDONED


def treated_as_abandoned(
    period_due: date, today: date, *, amended_on: date | None = None, late_reason: str = ""
) -> bool:
    """Whether the application is treated as abandoned for want of amendment (第三十条, table 三 其他处理 1)."""
    status = amendment_status(period_due, today, amended_on=amended_on, late_reason=late_reason)
    return status is AmendmentStatus.ABANDONED


class ConsultedKind(StrEnum):
    """Who is consulted: a third party (第三十二条) or another agency (第三十四条)."""

    THIRD_PARTY = "third_party"
    AGENCY = "agency"


class ConsultationState(StrEnum):
    AWAITING = "awaiting"  # no answer, the window open (or its start, the receipt, not yet recorded)
    ANSWERED = "answered"
    LAPSED = "lapsed"  # a third party's window closed unanswered: the agency decides (第三十二条)
    CONSENTED = "consented"  # another agency's window closed unanswered: silence is consent (第三十四条)


@dataclass(frozen=True)
class Consultation:
    """One consultation: the letter sent, received by the consulted party, and its answer.

    The party's 15 working days run from its receipt (`delivered`, 第三十二条、第三十四条). The time it takes
    does not count toward the reply deadline (第三十三条第二款): the working days after `sent` up to the
    answer or, without an answer, up to the window's end — never beyond the window's end, since a late
    answer does not lengthen the time the law allows.
    """

    sent: date
    delivered: date | None = None
    answered: date | None = None
    kind: ConsultedKind = ConsultedKind.THIRD_PARTY
    party: str = ""

    def __post_init__(self) -> None:
        if self.delivered is not None and self.delivered < self.sent:
            raise ValueError(
                f"征求意见书的送达日期{date_zh(self.delivered)}早于发出日期{date_zh(self.sent)}。"
            )
        if self.answered is not None:
            earliest = self.delivered if self.delivered is not None else self.sent
            if self.answered < earliest:
                what = "送达" if self.delivered is not None else "发出"
                raise ValueError(
                    f"收到意见的日期{date_zh(self.answered)}早于征求意见书{what}日期{date_zh(earliest)}。"
                )

    def window(self, calendar: WorkingCalendar | None = None) -> Window:
        """The party's 15 working days (第三十二条、第三十四条) from its receipt of the letter."""
        return _window("consultation", self.sent, self.delivered, calendar, "征求意见书")

    def pause(self, calendar: WorkingCalendar | None = None, *, as_of: date | None = None) -> Pause | None:
        """The time this consultation takes out of the reply period; as far as known on `as_of` if given
        (an answer after that day is not yet known, an open window is counted only up to that day).
        None when the letter is sent after `as_of`."""
        if as_of is not None and as_of < self.sent:
            return None
        answered = self.answered if as_of is None or (self.answered and self.answered <= as_of) else None
        if answered is not None and self.delivered is None:
            end = answered  # received, evidently: the answer is the time actually used
        else:
            window_due = self.window(calendar).due
            end = min(answered, window_due) if answered is not None else window_due
        if as_of is not None:
            end = min(end, as_of)
        return Pause(self.sent, end, PAUSE_REASONS["consultation"])

    def state(self, today: date, calendar: WorkingCalendar | None = None) -> ConsultationState:
        """Answered, waiting, or — once a window counted from a recorded receipt has closed unanswered —
        lapsed (a third party: the agency decides) or consent (another agency: 第三十四条, silence consents)."""
        if self.answered is not None and self.answered <= today:
            return ConsultationState.ANSWERED
        if self.delivered is None or today <= self.window(calendar).due:
            return ConsultationState.AWAITING
        if self.kind is ConsultedKind.AGENCY:
            return ConsultationState.CONSENTED
        return ConsultationState.LAPSED


def consultation_pauses(
    consultations: Iterable[Consultation],
    calendar: WorkingCalendar | None = None,
    *,
    as_of: date | None = None,
) -> tuple[Pause, ...]:
    """The pauses of several consultations; where they overlap the days are excluded once."""
    found = (c.pause(calendar, as_of=as_of) for c in consultations)
    return tuple(p for p in found if p is not None)


# What an extension letter says beside its date, since later pauses move it (第三十三条第二款).
EXTENSION_PAUSE_NOTE_ZH = (
    "征求第三方或者其他机关意见所需时间不计算在答复期限内；如需征求意见，答复期限相应顺延，本机关将另行告知。"
)


def promised_reply_deadline(
    received: date,
    on: date,
    *,
    amended: date | None = None,
    extended: bool = True,
    pauses: Iterable[PauseLike] = (),
    consultations: Iterable[Consultation] = (),
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """The reply date a letter dated `on` (an extension notice) may promise: pauses count only as far as
    they are known that day — a consultation still unanswered up to `on`, never to its window's end.

    So the promise is never later than the lawful deadline: an early answer cannot make it so. Should
    the pause go on, the deadline moves later and the agency tells the applicant again.
    """
    known: list[Pause] = []
    for pause in pauses_of(pauses):
        if pause.start < on:
            known.append(Pause(pause.start, min(pause.end, on), pause.reason))
    known.extend(consultation_pauses(consultations, calendar, as_of=on))
    return reply_deadline(received, amended=amended, extended=extended, pauses=known, calendar=calendar)


# -- 第三十五条: a later, reasonable reply date ------------------------------------------------------------

# The latest a later reply date set under 第三十五条 may be, counted from the day it is set: the law says
# only 合理期限; a year is a bound no reasonable period reaches, and it catches a mistyped year.
DEFERRAL_LIMIT_DAYS = 366


def deferral_problem(reply_by: date, *, reply_due: date | None, on: date, today: date) -> str | None:
    """Why `reply_by` may not be the later reply date set on `on` under 第三十五条 (申请理由合理，但是无法在
    第三十三条规定的期限内答复的，可以确定延迟答复的合理期限), or None: it is later than the reply deadline
    it replaces (`reply_due`, when known), not in the past, and within a year of `on`."""
    if reply_due is not None and reply_by <= reply_due:
        return (
            f"延迟答复的期限应晚于现在的答复期限（{date_zh(reply_due)}）：在该期限内能够答复的，"
            "无需确定延迟答复期限（条例第三十五条）。"
        )
    if reply_by < today:
        return f"延迟答复的期限不能早于今天（{date_zh(today)}）。"
    if reply_by > on + timedelta(days=DEFERRAL_LIMIT_DAYS):
        return "延迟答复的期限不应超过办理日期后一年，请核对年份。"
    return None
