"""An application's clock: its deadlines on a given calendar, rebuilt from its event log.

The law's counting rules live in `gongkai.law`; this module only reads the log to know what happened
when (receipt, amendment, consultation and fee pauses, the extension) and asks the law for the dates,
on the calendar it is given (`gongkai.core.calendar.system_calendar()` in the use cases).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from gongkai.applications.actions import Action
from gongkai.applications.models import Application
from gongkai.law.calendar import WorkingCalendar
from gongkai.law.deadlines import (
    PAUSE_REASONS,
    Deadline,
    Pause,
    amendment_notice_deadline,
    amendment_period,
    consultation_deadline,
    fee_payment_deadline,
    reply_deadline,
    working_day_deadline,
)


def calendar_warning(year: int, what: str = "答复期限") -> str:
    """What a clerk, a supervisor and the administrator read while `year`'s holidays are not loaded."""
    return (
        f"{year}年节假日安排尚未载入，{what}暂无法计算。"
        f"请系统管理员在国务院办公厅公布{year}年节假日安排后运行 gongkai calendar load 文件 载入，"
        "期限将自动重新计算（也可运行 gongkai recompute-deadlines）。"
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
    undone = {int(data["undoes"]) for _seq, action, data in events if action == Action.UNDO_STEP}
    undone.update(leaving_out)
    return tuple(
        step_of(action, data)
        for seq, action, data in events
        if seq not in undone and action != Action.UNDO_STEP
    )


@dataclass(frozen=True)
class Clock:
    """An application's deadlines on `calendar`, from its receipt, its amendment and its history."""

    received_on: dt.date
    amended_on: dt.date | None
    history: tuple[Step, ...]
    calendar: WorkingCalendar

    @classmethod
    def of(cls, application: Application, calendar: WorkingCalendar) -> Clock:
        return cls(application.received_on, application.amended_on, history_of(application), calendar)

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
        """The applicant's period to amend, from the amendment request (None before one)."""
        request = self.last(Action.REQUEST_AMENDMENT)
        if request is None:
            return None
        period = amendment_period(int(request.data["period_working_days"]))
        return working_day_deadline(period, request.on, calendar=self.calendar)

    def consultation_window(self) -> Deadline | None:
        """The consulted party's 15 working days, from the latest consultation (None before one)."""
        start = self.last(Action.START_CONSULTATION)
        return consultation_deadline(start.on, calendar=self.calendar) if start else None

    def consultation_window_from(self, sent: dt.date) -> Deadline:
        return consultation_deadline(sent, calendar=self.calendar)

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

        Consultation: from the day it is sent to the day the answer arrives or the 15-day window closes.
        Fee: from the notice to the payment. A pause still open is assumed to last until its window
        closes, so the reply deadline shown meanwhile is the latest it can be.
        """
        found: list[Pause] = []
        open_since: dict[str, Step] = {}
        for step in self.history:
            if step.action == Action.START_CONSULTATION:
                open_since["consultation"] = step
            elif step.action in (Action.RECORD_CONSULTATION_ANSWER, Action.CLOSE_CONSULTATION_WINDOW):
                start = open_since.pop("consultation")
                answered = step.action == Action.RECORD_CONSULTATION_ANSWER
                end = (
                    step.on if answered else self.consultation_window_from(start.on).due
                )  # counted if needed
                found.append(Pause(start.on, max(end, start.on), PAUSE_REASONS["consultation"]))
            elif step.action == Action.SEND_FEE_NOTICE:
                open_since["fee"] = step
            elif step.action in (Action.RECORD_PAYMENT, Action.ABANDON_FEE_UNPAID) and "fee" in open_since:
                start = open_since.pop("fee")
                found.append(Pause(start.on, max(step.on, start.on), PAUSE_REASONS["fee"]))
        for kind, start in open_since.items():
            window = (
                self.consultation_window_from(start.on)
                if kind == "consultation"
                else self._fee_payment(start)
            )
            found.append(Pause(start.on, window.due, PAUSE_REASONS[kind]))
        return tuple(sorted(found, key=lambda p: p.start))

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
