"""An application's clock: its deadlines on a given calendar, rebuilt from its event log.

The law's counting rules live in `gongkai.law`; this module only reads the log to know what happened
when (receipt, amendment, consultation and fee pauses, the extension) and asks the law for the dates,
on the calendar it is given (`gongkai.core.calendar.system_calendar()` in the use cases).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from gongkai.applications.actions import Action
from gongkai.applications.models import Application
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.deadlines import (
    PAUSE_REASONS,
    Consultation,
    ConsultedKind,
    Deadline,
    Pause,
    Window,
    amendment_notice_deadline,
    amendment_window,
    consultation_deadline,
    consultation_pauses,
    fee_payment_deadline,
    promised_reply_deadline,
    reply_deadline,
)


def calendar_warning(year: int, what: str = "答复期限") -> str:
    """What a clerk and a supervisor read while `year`'s holidays are not loaded, two years ahead of the
    last published arrangement (the next year alone is counted provisionally): no commands, whom to ask."""
    return (
        f"{year}年节假日安排尚未载入，{what}暂无法计算。"
        f"国务院办公厅公布{year}年节假日安排后，请系统管理员在“节假日安排”页面载入，期限将自动重新计算。"
    )


def calendar_command_warning(year: int, what: str = "答复期限") -> str:
    """The same for the system administrator at the command line (`gongkai remind`, `recompute-deadlines`)."""
    return (
        f"{year}年节假日安排尚未载入，{what}暂无法计算。"
        f"请在国务院办公厅公布{year}年节假日安排后运行 gongkai calendar load 文件 载入（或在“节假日安排”页面上传），"
        "期限将自动重新计算（也可运行 gongkai recompute-deadlines）。"
    )


def provisional_notice(year: int) -> str:
    """What a clerk reads about deadlines that run into `year` while its arrangement is not published."""
    return (
        f"{year}年节假日安排尚未公布（或尚未载入），涉及{year}年的期限暂按周末和法定节假日推算，标注“暂定”；"
        f"系统管理员载入{year}年节假日安排后，期限将自动更新。"
    )


@dataclass(frozen=True)
class Step:
    """What the clock needs of one event: its action, its day and its details."""

    action: str
    on: dt.date
    data: Mapping[str, Any]


def step_of(action: str, data: Mapping[str, Any]) -> Step:
    return Step(str(action), dt.date.fromisoformat(data["on"]), data)


def history_of(application: Application, *, leaving_out: Collection[int] = ()) -> tuple[Step, ...]:
    """The application's events as clock steps, oldest first (one query); a step undone by a correction
    (`Action.UNDO_STEP`, whose data names the undone event's `undoes` seq) is left out, as is the undoing,
    and so are the events numbered in `leaving_out` (a step about to be undone)."""
    events = list(application.events.order_by("seq").values_list("seq", "action", "data"))
    return history_from(events, leaving_out=leaving_out)


def history_from(
    events: Iterable[tuple[int, str, Mapping[str, Any]]], *, leaving_out: Collection[int] = ()
) -> tuple[Step, ...]:
    """`history_of` from the application's events already read: (seq, action, data), oldest first."""
    events = list(events)
    undone = {int(data["undoes"]) for _seq, action, data in events if action == Action.UNDO_STEP}
    undone.update(leaving_out)
    return tuple(
        step_of(action, data)
        for seq, action, data in events
        if seq not in undone and action != Action.UNDO_STEP
    )


@dataclass(frozen=True)
class ConsultationRecord:
    """One consultation as the log tells it (several may run at once): its letter sent, received by the
    party (once recorded), answered, or its window closed unanswered."""

    ref: int
    party: str
    kind: str
    sent: dt.date
    delivered: dt.date | None = None
    answered: dt.date | None = None
    objects: bool = False
    objection_reasons: str = ""
    closed: bool = False

    @property
    def open(self) -> bool:
        return self.answered is None and not self.closed

    @property
    def consented_by_silence(self) -> bool:
        """Another agency that stays silent until its window closes consents (第三十四条)."""
        return self.closed and self.kind == ConsultedKind.AGENCY

    @property
    def label(self) -> str:
        return f"{self.ref}. {self.party}"

    def law(self) -> Consultation:
        kind = ConsultedKind.AGENCY if self.kind == ConsultedKind.AGENCY else ConsultedKind.THIRD_PARTY
        return Consultation(self.sent, self.delivered, self.answered, kind=kind, party=self.party)


def _ref_of(data: Mapping[str, Any], records: dict[int, ConsultationRecord]) -> int | None:
    """The consultation a step is about; a step logged before several could run is about the latest open."""
    if data.get("ref") is not None:
        return int(data["ref"])
    return next((ref for ref in reversed(records) if records[ref].open), None)


def consultation_records(history: tuple[Step, ...]) -> list[ConsultationRecord]:
    """Every consultation of the history, in the order they were sent."""
    records: dict[int, ConsultationRecord] = {}
    for step in history:
        if step.action == Action.START_CONSULTATION:
            new = int(step.data.get("ref") or len(records) + 1)
            kind = str(step.data.get("kind", "third_party"))
            records[new] = ConsultationRecord(new, str(step.data.get("party", "")), kind, step.on)
            continue
        about = _ref_of(step.data, records)
        if about is None or about not in records:
            continue
        ref, record = about, records[about]
        if step.action == Action.RECORD_CONSULTATION_DELIVERY:
            records[ref] = replace(record, delivered=dt.date.fromisoformat(step.data["delivered_on"]))
        elif step.action == Action.RECORD_CONSULTATION_ANSWER:
            reasons = str(step.data.get("objection_reasons", ""))
            objects = bool(step.data.get("objects"))
            records[ref] = replace(record, answered=step.on, objects=objects, objection_reasons=reasons)
        elif step.action == Action.CLOSE_CONSULTATION_WINDOW:
            records[ref] = replace(record, closed=True)
    return list(records.values())


@dataclass(frozen=True)
class Clock:
    """An application's deadlines on `calendar`, from its receipt, its amendment and its history."""

    received_on: dt.date
    amended_on: dt.date | None
    history: tuple[Step, ...]
    calendar: WorkingCalendar

    @classmethod
    def of(
        cls,
        application: Application,
        calendar: WorkingCalendar,
        events: Iterable[tuple[int, str, Mapping[str, Any]]] | None = None,
    ) -> Clock:
        """The application's clock; from `events` (its (seq, action, data), oldest first) when already read."""
        history = history_of(application) if events is None else history_from(events)
        return cls(application.received_on, application.amended_on, history, calendar)

    def then(self, action: str, data: Mapping[str, Any], *, amended_on: dt.date | None) -> Clock:
        """The clock once the step `action` with `data` has happened (amended on `amended_on`)."""
        return replace(self, amended_on=amended_on, history=(*self.history, step_of(action, data)))

    def has(self, action: str) -> bool:
        return any(step.action == action for step in self.history)

    def last(self, action: str) -> Step | None:
        return next((step for step in reversed(self.history) if step.action == action), None)

    def last_step_day(self) -> dt.date:
        """The day of the latest workflow step (receipt for a new application): no later step may be dated
        before it. Notes (letters issued, attachments, review cases) carry no `changes` and do not count."""
        return max(
            (s.on for s in self.history if "changes" in s.data and s.action != Action.RECOMPUTE_DEADLINES),
            default=self.received_on,
        )

    # -- the deadlines of one step -----------------------------------------------------------------------

    def amendment_notice(self) -> Deadline:
        """The last day to ask for an amendment (第三十条): 7 working days from receipt."""
        return amendment_notice_deadline(self.received_on, calendar=self.calendar)

    def amendment_period(self) -> Deadline | None:
        """The applicant's period to amend (None before the request): from its receipt of the notice where
        that is recorded, else (provisionally) from the day the notice was sent (第三十条)."""
        window = self.amendment_window()
        return window.deadline if window is not None else None

    def amendment_window(self) -> Window | None:
        """The applicant's amendment period with whether it runs from a recorded receipt (None before one)."""
        request = self.last(Action.REQUEST_AMENDMENT)
        if request is None:
            return None
        return amendment_window(
            request.on,
            int(request.data["period_working_days"]),
            delivered=self.amendment_notice_delivered(),
            calendar=self.calendar,
        )

    def amendment_notice_delivered(self) -> dt.date | None:
        """The day the applicant received the amendment notice, once recorded."""
        step = self.last(Action.RECORD_AMENDMENT_NOTICE_DELIVERY)
        return dt.date.fromisoformat(step.data["delivered_on"]) if step is not None else None

    def consultations(self) -> list[ConsultationRecord]:
        return consultation_records(self.history)

    def open_consultations(self) -> list[ConsultationRecord]:
        return [record for record in self.consultations() if record.open]

    def consultation_window(self, ref: int | None = None) -> Window | None:
        """The consulted party's 15 working days from its receipt of the letter (第三十二条、第三十四条):
        provisional, counted from the day sent, until the receipt is recorded. The latest consultation's
        when `ref` is not given; None before any."""
        records = {record.ref: record for record in self.consultations()}
        if not records:
            return None
        record = records.get(ref if ref is not None else max(records))
        return record.law().window(self.calendar) if record else None

    def consultation_window_from(self, sent: dt.date) -> Deadline:
        return consultation_deadline(sent, calendar=self.calendar)

    def promised_reply(self, on: dt.date) -> Deadline:
        """The reply date a letter dated `on` may promise (an extension notice): a consultation still open
        counts only up to `on`, never to its window's end (第三十三条第二款: the time actually used)."""
        return promised_reply_deadline(
            self.received_on,
            on,
            amended=self.amended_on,
            extended=self.has(Action.APPROVE_EXTENSION),
            pauses=self._fee_pauses(),
            consultations=[record.law() for record in self.consultations()],
            calendar=self.calendar,
        )

    def fee_payment(self) -> Deadline | None:
        """The applicant's 20 working days to pay, from the latest fee notice's receipt (None before one)."""
        notice = self.last(Action.SEND_FEE_NOTICE)
        return self._fee_payment(notice) if notice else None

    def _fee_payment(self, notice: Step) -> Deadline:
        received = dt.date.fromisoformat(notice.data["notice_received_on"])
        return fee_payment_deadline(received, calendar=self.calendar)

    # -- the reply deadline -------------------------------------------------------------------------------

    def pauses(self) -> tuple[Pause, ...]:
        """The consultation and fee pauses (第三十三条第二款; our rule for the fee).

        Consultation: from the day the letter is sent to the day the answer arrives, or — unanswered — the
        day its window closes, counted from the party's receipt (`gongkai.law.deadlines.Consultation`).
        Fee: from the notice to the payment. A pause still open is assumed to last until its window
        closes, so the reply deadline shown meanwhile is the latest it can be.
        """
        consulting = [self._consultation_pause(record) for record in self.consultations()]
        return tuple(sorted((*consulting, *self._fee_pauses()), key=lambda p: p.start))

    def _consultation_pause(self, record: ConsultationRecord) -> Pause:
        try:
            (pause,) = consultation_pauses([record.law()], self.calendar)
        except CalendarMissingError as exc:
            # An answer before the missing year came before the window's end, whenever that is.
            if record.answered is None or record.answered.year >= exc.year:
                raise
            return Pause(record.sent, record.answered, PAUSE_REASONS["consultation"])
        return pause

    def _fee_pauses(self) -> list[Pause]:
        found: list[Pause] = []
        notice: Step | None = None
        for step in self.history:
            if step.action == Action.SEND_FEE_NOTICE:
                notice = step
            elif step.action in (Action.RECORD_PAYMENT, Action.ABANDON_FEE_UNPAID) and notice is not None:
                found.append(Pause(notice.on, max(step.on, notice.on), PAUSE_REASONS["fee"]))
                notice = None
        if notice is not None:
            found.append(Pause(notice.on, self._fee_payment(notice).due, PAUSE_REASONS["fee"]))
        return found

    def deferred_reply(self) -> dt.date | None:
        """The later reply date set under 第三十五条 (申请理由合理，但是无法在第三十三条规定的期限内答复的),
        once set: it replaces the statutory reply deadline."""
        step = self.last(Action.DEFER_REPLY)
        return dt.date.fromisoformat(step.data["reply_by"]) if step is not None else None

    def reply_due(self) -> dt.date:
        """The day the reply is due: the later date set under 第三十五条, else the statutory deadline
        (`reply`; CalendarMissingError while a year's holidays it needs are not loaded)."""
        deferred = self.deferred_reply()
        return deferred if deferred is not None else self.reply().due

    def reply(self) -> Deadline:
        """The reply deadline (第三十三条) as the history makes it: from receipt or the amended application,
        extended once approved, the pauses not counted."""
        return reply_deadline(
            self.received_on,
            amended=self.amended_on,
            extended=self.has(Action.APPROVE_EXTENSION),
            pauses=self.pauses(),
            calendar=self.calendar,
        )
