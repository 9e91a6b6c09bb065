"""The stored reply deadlines: which wait for a year's holidays, recomputing them when the calendar
changes, and how lists and pages show them (colours, explanations).

A reply deadline is stored on the application at every step (`steps.py`). It is counted again only when
its cause changes — a year's arrangement loaded or replaced (`gongkai calendar load`, through the
`calendar_changed` signal, in the loading transaction) or `gongkai recompute-deadlines` / `gongkai remind`
run — never when someone opens a page: every page shows the stored value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.dispatch import receiver

from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock, ConsultationRecord, calendar_command_warning, calendar_warning
from gongkai.applications.events import apply_changes
from gongkai.applications.models import Application, ApplicationEvent, Letter, State
from gongkai.applications.workflow import ABANDONMENT_OUTCOMES, CLOSED, NO_REPLY_DUE, OPEN, REPLY_DUE_EXPECTED
from gongkai.core.calendar import calendar_changed, latest_published_year, provisional_year
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.deadlines import Deadline
from gongkai.law.zh import date_zh

# -- which deadlines wait ---------------------------------------------------------------------------------


def with_reply_due(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The applications of `queryset` that have a reply deadline, known or waiting for a year's holidays
    (none while the applicant amends, nor after abandonment for want of an amendment or of the fee)."""
    return queryset.filter(state__in=REPLY_DUE_EXPECTED).exclude(outcome__in=ABANDONMENT_OUTCOMES)


def expects_reply_due(application: Application) -> bool:
    """Whether the application has a reply deadline (known or waiting): `with_reply_due` for one."""
    return application.state in REPLY_DUE_EXPECTED and application.outcome not in ABANDONMENT_OUTCOMES


def deadline_unknown(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The applications of `queryset` whose reply deadline waits for a year's holiday arrangement."""
    return with_reply_due(queryset).filter(reply_due__isnull=True)


def open_deadline_unknown(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Those still being handled: what a clerk, a supervisor and the administrator are warned about."""
    return deadline_unknown(queryset).filter(state__in=OPEN)


def is_provisional(application: Application, calendar: WorkingCalendar) -> bool:
    """Whether the stored reply deadline rests on a year `calendar` counts only provisionally (暂定: its
    holiday arrangement not loaded yet). Loading the year recomputes it, so a stored deadline that reaches
    a provisional year was counted on the statutory holidays alone."""
    due = application.reply_due
    return due is not None and calendar.depends_on_provisional(application.received_on, due)


def open_provisional(queryset: QuerySet[Application], calendar: WorkingCalendar) -> QuerySet[Application]:
    """The open applications of `queryset` whose reply deadline is provisional (暂定)."""
    year = provisional_year(calendar)
    if year is None:
        return queryset.none()
    return with_reply_due(queryset).filter(
        state__in=OPEN, reply_due__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31)
    )


# -- recomputing them when the calendar changes -------------------------------------------------------------


@dataclass(frozen=True)
class Recomputed:
    """What `recompute_deadlines` did: how many deadlines it changed, and how many still wait per year."""

    computed: int
    waiting: Mapping[int, int]

    def __str__(self) -> str:
        lines = [f"已按节假日安排重新计算{self.computed}件申请的答复期限。"]
        lines += [
            f"仍有{n}件申请无法计算：{calendar_command_warning(year)}"
            for year, n in sorted(self.waiting.items())
        ]
        return "\n".join(lines)


def _candidates(calendar: WorkingCalendar, calendar_years: Collection[int] | None) -> QuerySet[Application]:
    """Deadlines waiting for a year, and — when `calendar_years` changed — those counted through them.

    Without `calendar_years` (a scheduled `gongkai remind`, a plain `gongkai recompute-deadlines`), also
    those reaching the latest published year or later: a provisional deadline (暂定) stays stale when its
    year's file was put in the folder by hand rather than loaded, and is made exact here."""
    changed = Q(reply_due__isnull=True)
    if calendar_years is None:
        changed |= Q(reply_due__gte=dt.date(latest_published_year(calendar), 1, 1))
    for year in calendar_years or ():
        changed |= Q(received_on__lte=dt.date(year, 12, 31), reply_due__gte=dt.date(year, 1, 1))
    return with_reply_due(Application.objects.all()).filter(changed)


def _recompute(application: Application, calendar: WorkingCalendar) -> tuple[bool, int | None]:
    """Count the application's reply deadline again on `calendar`; record a change as an event dated on
    the last step's day (it corrects the record, it is not a new step).

    Returns whether it changed, and the year still missing for a deadline that stays unknown.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    clock = Clock.of(locked, calendar)
    try:
        due = clock.reply_due()
    except CalendarMissingError as exc:
        return False, exc.year if locked.reply_due is None else None
    previous = locked.reply_due
    changes = apply_changes(locked, {"reply_due": due})
    if not changes:
        return False, None
    locked.save(update_fields=["reply_due", "updated_at"])
    _refresh_drafts(locked, previous, clock)
    data = {"on": clock.last_step_day().isoformat(), "changes": changes}
    ApplicationEvent.objects.append(locked, Action.RECOMPUTE_DEADLINES, data=data)
    return True, None


def _due_text(due: dt.date | None, application: Application, calendar: WorkingCalendar) -> str | None:
    """How a letter drafted on `calendar` gives the reply deadline `due` (`letters.letter_context`)."""
    if due is None:
        return None
    provisional = calendar.depends_on_provisional(application.received_on, due)
    return date_zh(due) + ("（暂定）" if provisional else "")


_PENDING = re.compile(r"〔期限待\d{4}年节假日安排公布后确定〕")  # letters._due_pending


def _refresh_drafts(application: Application, previous: dt.date | None, clock: Clock) -> None:
    """The application's unsigned drafts that gave the previous reply deadline — provisional (暂定), or
    waiting for the year (〔期限待…〕) — give the recomputed one; signed letters are never touched."""
    new = _due_text(application.reply_due, application, clock.calendar)
    if new is None:
        return
    old = _PENDING if previous is None else re.compile(re.escape(f"{date_zh(previous)}（暂定）"))
    for letter in Letter.objects.filter(application=application, issued_at__isnull=True, withdrawn=False):
        body = old.sub(new, letter.body)
        if body != letter.body:
            letter.body = body
            letter.save(update_fields=["body"])


@transaction.atomic
def recompute_deadlines(
    calendar: WorkingCalendar,
    *,
    years: Collection[int] | None = None,
    agency_ids: Iterable[int] | None = None,
) -> Recomputed:
    """Count again, on `calendar`, every reply deadline that waits for a year's holidays and — when `years`
    were loaded or replaced — every one counted through them; one event per deadline that changed."""
    candidates = _candidates(calendar, years)
    if agency_ids is not None:
        candidates = candidates.filter(agency_id__in=list(agency_ids))
    computed = 0
    waiting: dict[int, int] = {}
    for application in candidates.order_by("pk").iterator():
        changed, year = _recompute(application, calendar)
        computed += changed
        if year is not None:
            waiting[year] = waiting.get(year, 0) + 1
    return Recomputed(computed, waiting)


@receiver(calendar_changed, dispatch_uid="gongkai.applications.deadlines")
def _calendar_changed(
    sender: Any, *, calendar: WorkingCalendar, years: Collection[int], **_: Any
) -> Recomputed:
    """A year's arrangement is being loaded: its deadlines are counted again in the same transaction."""
    return recompute_deadlines(calendar, years=years)


# -- how lists and pages show them --------------------------------------------------------------------------


def urgency(due: dt.date | None, today: dt.date, soon_working_days: int, calendar: WorkingCalendar) -> str:
    """'red' when overdue, 'yellow' when due within `soon_working_days` working days, else 'green'."""
    if due is None:
        return "green"
    if due < today:
        return "red"
    try:
        between = calendar.working_days_between(today, due)
    except CalendarMissingError:  # today in a year not loaded yet: warn rather than guess
        return "yellow"
    return "yellow" if between <= soon_working_days else "green"


def due_status(
    application: Application, today: dt.date, soon_working_days: int, calendar: WorkingCalendar
) -> str:
    """The colour of an application in lists: 'done' when closed, 'unknown' while its reply deadline
    cannot be computed (a year's holidays not loaded), else `urgency` of its reply deadline."""
    if application.state in CLOSED:
        return "done"
    if application.reply_due is None and application.state not in NO_REPLY_DUE:
        return "unknown"
    return urgency(application.reply_due, today, soon_working_days, calendar)


@dataclass(frozen=True)
class ShownDeadline:
    """A deadline as a clerk sees it: what it is for, its due date, its explanation, whether it is met."""

    label: str
    due: dt.date | None  # None: cannot be computed yet (`explanation` then says which year is missing)
    explanation: str
    status: str  # 'green' | 'yellow' | 'red' | 'done' | 'unknown'
    provisional: bool = False  # counted on a year whose arrangement is not loaded (暂定)


def _missing_year(clock: Clock) -> int:
    """The year whose holidays the stored reply deadline waits for, as its step recorded it."""
    for step in reversed(clock.history):
        if "calendar_missing" in step.data:
            return int(step.data["calendar_missing"])
    return max(clock.calendar.years) + 1


def _as_counted(clock: Clock) -> Clock:
    """The clock as it was at the step that last set the stored reply deadline: what explains it."""
    amended_on: dt.date | None = None
    amended_at_count: dt.date | None = None
    counted = 0
    for index, step in enumerate(clock.history):
        changes = step.data.get("changes", {})
        if "amended_on" in changes:
            amended_on = dt.date.fromisoformat(changes["amended_on"][1]) if changes["amended_on"][1] else None
        if "reply_due" in changes:
            counted, amended_at_count = index + 1, amended_on
    if not counted:
        return clock
    return Clock(clock.received_on, amended_at_count, clock.history[:counted], clock.calendar)


def _reply_shown(application: Application, clock: Clock, today: dt.date, soon: int) -> ShownDeadline:
    """The stored reply deadline, explained day by day as the step that set it counted it."""
    label = "答复期限"
    due = application.reply_due
    if due is None:
        return ShownDeadline(label, None, calendar_warning(_missing_year(clock), label), "unknown")
    status = "done" if application.state in CLOSED else urgency(due, today, soon, clock.calendar)
    deferred = _as_counted(clock).last(Action.DEFER_REPLY)
    if deferred is not None and deferred.data.get("reply_by") == due.isoformat():
        return ShownDeadline(label, due, deferral_explained(deferred.on, deferred.data), status)
    try:
        deadline: Deadline | None = _as_counted(clock).reply()
    except CalendarMissingError:
        deadline = None
    if deadline is not None and deadline.due == due:
        return ShownDeadline(label, due, deadline.explain_zh(), status, deadline.provisional)
    # The calendar changed since the deadline was stored and it has not been counted again yet.
    return ShownDeadline(
        label,
        due,
        "节假日安排已有变化，答复期限将在重新计算后更新。",
        status,
        is_provisional(application, clock.calendar),
    )


def deferral_explained(on: dt.date, data: Mapping[str, Any]) -> str:
    """How a reply date set under 第三十五条 is explained to a clerk, a reviewer or a supervisor."""
    previous = data.get("previous_due")
    was = f"，原答复期限为{date_zh(dt.date.fromisoformat(previous))}" if previous else ""
    return (
        f"申请人说明的理由合理，但是无法在第三十三条规定的期限内答复：本机关于{date_zh(on)}依照条例第三十五条"
        f"确定延迟答复的合理期限至{date_zh(dt.date.fromisoformat(data['reply_by']))}{was}。"
    )


def shown_deadlines(application: Application, clock: Clock, today: dt.date, soon: int) -> list[ShownDeadline]:
    """Every deadline that matters in the application's current state, with its explanation."""
    state = application.state
    result: list[ShownDeadline] = []

    def add(label: str, compute: Callable[[], Deadline | None]) -> None:
        try:
            deadline = compute()
        except CalendarMissingError as exc:
            result.append(ShownDeadline(label, None, calendar_warning(exc.year, label), "unknown"))
            return
        if deadline is not None:
            status = urgency(deadline.due, today, soon, clock.calendar)
            result.append(
                ShownDeadline(label, deadline.due, deadline.explain_zh(), status, deadline.provisional)
            )

    if state == State.REGISTERED and not clock.has(Action.REQUEST_AMENDMENT):
        # once passed, no amendment may be asked: nothing left to show
        add("补正告知期限（如需补正）", lambda: _if_not_passed(clock.amendment_notice(), today))
    if state == State.AMENDMENT_REQUESTED:
        provisional = (
            "" if clock.amendment_notice_delivered() else "（暂定：尚未登记送达日期，自发出之日起算）"
        )
        add(f"申请人补正期限{provisional}", clock.amendment_period)
    if state == State.CONSULTING:
        for record in clock.open_consultations():
            provisional = "（暂定：尚未登记送达日期，自发出之日起算）" if record.delivered is None else ""
            add(f"征求意见期限：{record.party}{provisional}", partial(_window_deadline, record, clock))
    if state == State.FEE_NOTIFIED:
        add("缴费期限", clock.fee_payment)
    if application.reply_due is not None or expects_reply_due(application):
        result.append(_reply_shown(application, clock, today, soon))
    return result


def _window_deadline(record: ConsultationRecord, clock: Clock) -> Deadline:
    return record.law().window(clock.calendar).deadline


def _if_not_passed(deadline: Deadline, today: dt.date) -> Deadline | None:
    return deadline if deadline.due >= today else None
