"""An application's clock: its deadlines rebuilt from the event log with `gongkai.law.deadlines`.

The law's counting rules live in `gongkai.law`; this module only reads the log to know what happened
when (receipt, amendment, consultation and fee pauses, the extension) and asks the law for the dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.applications.models import Application, State
from gongkai.law.calendar import CalendarMissingError, calendar_dir, default_calendar
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


def missing_year() -> int:
    """The first year after those the calendar covers: the one a deadline running past them needs."""
    return max(default_calendar().years) + 1


_calendar_signature: tuple[str, tuple[tuple[str, int, int], ...]] | None = None


def refresh_calendar() -> bool:
    """Re-read the calendar when the administrator's directory changed (e.g. `gongkai calendar load` in
    another process); True when it was re-read. A long-running web process thus sees a newly loaded year."""
    global _calendar_signature
    directory = calendar_dir()
    try:
        files = tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(directory.iterdir())
            if p.is_file()
        )
    except OSError:
        files = ()
    signature = (str(directory), files)
    if signature == _calendar_signature:
        return False
    _calendar_signature = signature
    default_calendar.cache_clear()
    return True


@dataclass(frozen=True)
class Step:
    """What the clock needs of one event: its action, its day and its details."""

    action: str
    on: dt.date
    data: Mapping[str, Any]


def step_of(action: str, data: Mapping[str, Any]) -> Step:
    return Step(action, dt.date.fromisoformat(data["on"]), data)


def steps(application: Application) -> list[Step]:
    """The application's events as clock steps, oldest first."""
    return [
        step_of(action, data)
        for action, data in application.events.order_by("seq").values_list("action", "data")
    ]


def has_event(application: Application, action: str) -> bool:
    return application.events.filter(action=action).exists()


def last_event_day(application: Application) -> dt.date:
    """The day of the latest workflow step (receipt for a new application): no later step may be dated
    before it. Notes (letters issued, attachments, review cases) carry no `changes` and do not count."""
    history = steps(application)
    return max((s.on for s in history if "changes" in s.data), default=application.received_on)


def _last(history: Sequence[Step], action: str) -> Step | None:
    return next((s for s in reversed(history) if s.action == action), None)


# -- the deadlines of one step ---------------------------------------------------------------------------


def amendment_notice_due(application: Application) -> dt.date:
    return amendment_notice_deadline(application.received_on).due


def amendment_period_deadline(history: Sequence[Step]) -> Deadline | None:
    request = _last(history, "request_amendment")
    if request is None:
        return None
    return working_day_deadline(amendment_period(int(request.data["period_working_days"])), request.on)


def amendment_period_due(application: Application) -> dt.date | None:
    deadline = amendment_period_deadline(steps(application))
    return deadline.due if deadline else None


def consultation_window(history: Sequence[Step]) -> Deadline | None:
    start = _last(history, "start_consultation")
    return consultation_deadline(start.on) if start else None


def consultation_window_due(application: Application) -> dt.date | None:
    window = consultation_window(steps(application))
    return window.due if window else None


def fee_deadline(history: Sequence[Step]) -> Deadline | None:
    notice = _last(history, "send_fee_notice")
    if notice is None:
        return None
    return fee_payment_deadline(dt.date.fromisoformat(notice.data["notice_received_on"]))


def fee_payment_due(application: Application) -> dt.date | None:
    deadline = fee_deadline(steps(application))
    return deadline.due if deadline else None


# -- the reply deadline ----------------------------------------------------------------------------------


def pauses(history: Sequence[Step]) -> tuple[Pause, ...]:
    """The consultation and fee pauses (第三十三条第二款; our rule for the fee).

    Consultation: from the day it is sent to the day the answer arrives or the 15-day window closes.
    Fee: from the notice to the payment. A pause still open is assumed to last until its window closes,
    so the reply deadline shown meanwhile is the latest it can be.
    """
    found: list[Pause] = []
    open_since: dict[str, Step] = {}
    for step in history:
        if step.action == "start_consultation":
            open_since["consultation"] = step
        elif step.action in ("record_consultation_answer", "close_consultation_window"):
            start = open_since.pop("consultation")
            answered = step.action == "record_consultation_answer"
            end = step.on if answered else consultation_deadline(start.on).due  # counted only when needed
            found.append(Pause(start.on, max(end, start.on), PAUSE_REASONS["consultation"]))
        elif step.action == "send_fee_notice":
            open_since["fee"] = step
        elif step.action in ("record_payment", "abandon_fee_unpaid") and "fee" in open_since:
            start = open_since.pop("fee")
            found.append(Pause(start.on, max(step.on, start.on), PAUSE_REASONS["fee"]))
    for kind, start in open_since.items():
        window = consultation_deadline(start.on) if kind == "consultation" else fee_deadline([start])
        assert window is not None
        found.append(Pause(start.on, window.due, PAUSE_REASONS[kind]))
    return tuple(sorted(found, key=lambda p: p.start))


def reply_deadline_of(received_on: dt.date, amended_on: dt.date | None, history: Sequence[Step]) -> Deadline:
    return reply_deadline(
        received_on,
        amended=amended_on,
        extended=any(s.action == "approve_extension" for s in history),
        pauses=pauses(history),
    )


def reply_due_after(
    application: Application, state: str, amended_on: dt.date | None, history: Sequence[Step]
) -> dt.date | None:
    """The reply due date once `history` (ending with the new step) has happened.

    None while the applicant is asked to amend (the period restarts from the amended application);
    unchanged once the application is decided or closed.
    """
    if state == State.AMENDMENT_REQUESTED:
        return None
    if state in (State.APPROVED, State.DELIVERED, State.ABANDONED, State.FILED):
        return application.reply_due
    return reply_deadline_of(application.received_on, amended_on, history).due


# -- what the page and the queue show --------------------------------------------------------------------


@dataclass(frozen=True)
class ShownDeadline:
    """A deadline as a clerk sees it: what it is for, its due date, its explanation, whether it is met."""

    label: str
    due: dt.date | None  # None: cannot be computed yet (`explanation` then says which year is missing)
    explanation: str
    status: str  # 'green' | 'yellow' | 'red' | 'done' | 'unknown'


def urgency(due: dt.date | None, today: dt.date, soon_working_days: int) -> str:
    """'red' when overdue, 'yellow' when due within `soon_working_days` working days, else 'green'."""
    if due is None:
        return "green"
    if due < today:
        return "red"
    try:
        between = default_calendar().working_days_between(today, due)
    except CalendarMissingError:  # today in a year not loaded yet: warn rather than guess
        return "yellow"
    return "yellow" if between <= soon_working_days else "green"


# States whose reply deadline is not running: none while the applicant amends, none needed once abandoned.
_NO_REPLY_DUE = frozenset({State.AMENDMENT_REQUESTED, State.ABANDONED, ""})
_CLOSED = frozenset({State.DELIVERED, State.ABANDONED, State.FILED})


def due_status(application: Application, today: dt.date, soon_working_days: int) -> str:
    """The colour of an application in lists: 'done' when closed, 'unknown' while its reply deadline
    cannot be computed (a year's holidays not loaded), else `urgency` of its reply deadline."""
    if application.state in _CLOSED:
        return "done"
    if application.reply_due is None and application.state not in _NO_REPLY_DUE:
        return "unknown"
    return urgency(application.reply_due, today, soon_working_days)


def shown_deadlines(application: Application, today: dt.date, soon_working_days: int) -> list[ShownDeadline]:
    """Every deadline that matters in the application's current state, with its explanation."""
    history = steps(application)
    state = application.state
    result: list[ShownDeadline] = []

    def add(label: str, compute: Callable[[], Deadline | None], done: bool = False) -> None:
        try:
            deadline = compute()
        except CalendarMissingError as exc:
            result.append(ShownDeadline(label, None, calendar_warning(exc.year, label), "unknown"))
            return
        if deadline is not None:
            status = "done" if done else urgency(deadline.due, today, soon_working_days)
            result.append(ShownDeadline(label, deadline.due, deadline.explain_zh(), status))

    if state == State.REGISTERED and not any(s.action == "request_amendment" for s in history):
        # once passed, no amendment may be asked: nothing left to show
        add(
            "补正告知期限（如需补正）",
            lambda: _if_not_passed(amendment_notice_deadline(application.received_on), today),
        )
    if state == State.AMENDMENT_REQUESTED:
        add("申请人补正期限", lambda: amendment_period_deadline(history))
    if state == State.CONSULTING:
        add("征求意见期限", lambda: consultation_window(history))
    if state == State.FEE_NOTIFIED:
        add("缴费期限", lambda: fee_deadline(history))
    if state != State.AMENDMENT_REQUESTED:
        add(
            "答复期限",
            lambda: reply_deadline_of(application.received_on, application.amended_on, history),
            done=state in _CLOSED,
        )
    return result


def _if_not_passed(deadline: Deadline, today: dt.date) -> Deadline | None:
    return deadline if deadline.due >= today else None
