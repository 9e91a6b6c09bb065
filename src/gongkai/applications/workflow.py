"""The workflow as data: which action leads from which states to which, who may take it, and when.

Each row of `TRANSITIONS` is carried out by one small function in `services.py` of the same name.
A guard looks at the application (and the clock) on the day of the action and returns the Chinese
reason for refusing, or None when the action may go ahead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from gongkai.agencies.models import Role
from gongkai.applications import clock
from gongkai.applications.models import Application, State
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.zh import date_zh

Guard = Callable[[Application, dt.date], str | None]

# States in which the agency is handling the application and may consult, charge or decide.
HANDLING: frozenset[str] = frozenset(
    {State.REGISTERED, State.AMENDED, State.CONSULTED, State.PAID, State.RETURNED}
)
# States in which the reply period is running or paused but the application is not decided yet.
OPEN: frozenset[str] = HANDLING | {
    State.AMENDMENT_REQUESTED,
    State.CONSULTING,
    State.FEE_NOTIFIED,
    State.DRAFTED,
    State.REVIEWED,
}
CLOSED: frozenset[str] = frozenset({State.DELIVERED, State.ABANDONED, State.FILED})


@dataclass(frozen=True)
class Transition:
    """One permitted step: from any of `sources` to `target` (None: the state does not change)."""

    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    guard: Guard | None = None
    # Whether the page asks for more than the date (a form with fields) before the step is taken.
    needs_form: bool = False

    def to_state(self, current: str) -> str:
        return self.target if self.target is not None else current


# -- guards (each gets the application and the day of the action) -----------------------------------


def guard_amendment_request(application: Application, on: dt.date) -> str | None:
    if clock.has_event(application, "request_amendment"):
        return "补正只能一次性告知（第三十条）：本申请已经告知过补正。"
    try:
        due = clock.amendment_notice_due(application)
    except CalendarMissingError:  # the 7 days cannot be counted yet: the notice is not refused for that
        return None
    if on > due:
        return f"补正告知应在收到申请之日起7个工作日内发出（第三十条），期限已于{date_zh(due)}届满。"
    return None


def _due_or_refusal(compute: Callable[[], dt.date | None], what: str) -> tuple[dt.date | None, str | None]:
    """The due date, or the Chinese refusal when a year's holidays are missing to count it."""
    try:
        return compute(), None
    except CalendarMissingError as exc:
        return None, clock.calendar_warning(exc.year, what)


def guard_amendment_period_over(application: Application, on: dt.date) -> str | None:
    due, missing = _due_or_refusal(lambda: clock.amendment_period_due(application), "补正期限")
    if missing:
        return missing  # abandonment needs the period to be certainly over
    if due is not None and on <= due:
        return f"申请人的补正期限至{date_zh(due)}，期限届满前不能视为放弃申请。"
    return None


def guard_within_amendment_period(application: Application, on: dt.date) -> str | None:
    due, _missing = _due_or_refusal(lambda: clock.amendment_period_due(application), "补正期限")
    if due is not None and on > due:
        return f"补正期限已于{date_zh(due)}届满，应按逾期未补正处理。"
    return None


def guard_consultation_window_closed(application: Application, on: dt.date) -> str | None:
    due, missing = _due_or_refusal(lambda: clock.consultation_window_due(application), "征求意见期限")
    if missing:
        return missing
    if due is not None and on <= due:
        return f"征求意见期限至{date_zh(due)}（15个工作日），期满前不能按逾期未答复处理。"
    return None


def guard_extension(application: Application, on: dt.date) -> str | None:
    if clock.has_event(application, "approve_extension"):
        return "延期答复只能一次（第三十三条）：本申请已经延期。"
    if application.reply_due is not None and on > application.reply_due:
        return f"答复期限已于{date_zh(application.reply_due)}届满，不能再延期。"
    return None


def guard_payment_in_time(application: Application, on: dt.date) -> str | None:
    due, _missing = _due_or_refusal(lambda: clock.fee_payment_due(application), "缴费期限")
    if due is not None and on > due:
        return f"缴费期限已于{date_zh(due)}届满，应按逾期未缴费处理。"
    return None


def guard_payment_overdue(application: Application, on: dt.date) -> str | None:
    due, missing = _due_or_refusal(lambda: clock.fee_payment_due(application), "缴费期限")
    if missing:
        return missing
    if due is not None and on <= due:
        return f"缴费期限至{date_zh(due)}，期满前不能视为放弃申请。"
    return None


# -- the table -------------------------------------------------------------------------------------

CLERK = frozenset({Role.CLERK})
REVIEWERS = frozenset({Role.REVIEWER, Role.HEAD})
HEAD = frozenset({Role.HEAD})
REGISTRARS = frozenset({Role.CLERK, Role.HEAD})
DECIDABLE = frozenset(HANDLING)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "register",
            gettext_noop("登记申请"),
            frozenset({""}),
            State.REGISTERED,
            REGISTRARS,
            needs_form=True,
        ),
        Transition(
            "request_amendment",
            gettext_noop("告知补正"),
            frozenset({State.REGISTERED}),
            State.AMENDMENT_REQUESTED,
            CLERK,
            guard_amendment_request,
            needs_form=True,
        ),
        Transition(
            "record_amendment",
            gettext_noop("登记收到补正"),
            frozenset({State.AMENDMENT_REQUESTED}),
            State.AMENDED,
            CLERK,
            guard_within_amendment_period,
        ),
        Transition(
            "abandon_no_amendment",
            gettext_noop("逾期未补正，视为放弃"),
            frozenset({State.AMENDMENT_REQUESTED}),
            State.ABANDONED,
            CLERK,
            guard_amendment_period_over,
        ),
        Transition(
            "start_consultation",
            gettext_noop("征求第三方或其他机关意见"),
            DECIDABLE,
            State.CONSULTING,
            CLERK,
            needs_form=True,
        ),
        Transition(
            "record_consultation_answer",
            gettext_noop("登记意见答复"),
            frozenset({State.CONSULTING}),
            State.CONSULTED,
            CLERK,
            needs_form=True,
        ),
        Transition(
            "close_consultation_window",
            gettext_noop("征求意见期满未答复"),
            frozenset({State.CONSULTING}),
            State.CONSULTED,
            CLERK,
            guard_consultation_window_closed,
        ),
        Transition(
            "approve_extension",
            gettext_noop("批准延期答复"),
            OPEN - {State.AMENDMENT_REQUESTED},
            None,
            HEAD,
            guard_extension,
            needs_form=True,
        ),
        Transition(
            "send_fee_notice",
            gettext_noop("发出收费通知"),
            DECIDABLE,
            State.FEE_NOTIFIED,
            CLERK,
            needs_form=True,
        ),
        Transition(
            "record_payment",
            gettext_noop("登记已缴费"),
            frozenset({State.FEE_NOTIFIED}),
            State.PAID,
            CLERK,
            guard_payment_in_time,
        ),
        Transition(
            "abandon_fee_unpaid",
            gettext_noop("逾期未缴费，视为放弃"),
            frozenset({State.FEE_NOTIFIED}),
            State.ABANDONED,
            CLERK,
            guard_payment_overdue,
        ),
        Transition(
            "draft_decision", gettext_noop("拟写答复"), DECIDABLE, State.DRAFTED, CLERK, needs_form=True
        ),
        Transition(
            "return_draft",
            gettext_noop("退回修改"),
            frozenset({State.DRAFTED, State.REVIEWED}),
            State.RETURNED,
            REVIEWERS,
            needs_form=True,
        ),
        Transition(
            "review_decision",
            gettext_noop("审核通过"),
            frozenset({State.DRAFTED}),
            State.REVIEWED,
            frozenset({Role.REVIEWER}),
        ),
        Transition(
            "approve_decision",
            gettext_noop("批准答复并签发"),
            frozenset({State.REVIEWED}),
            State.APPROVED,
            HEAD,
        ),
        Transition(
            "deliver_decision",
            gettext_noop("登记已送达"),
            frozenset({State.APPROVED}),
            State.DELIVERED,
            CLERK,
            needs_form=True,
        ),
        Transition(
            "file_application",
            gettext_noop("归档"),
            frozenset({State.DELIVERED, State.ABANDONED}),
            State.FILED,
            CLERK,
        ),
    )
}


# Events that are not transitions (they change no state), with their labels: the timeline shows these,
# never an action's code. Letters, attachments, review cases, the ledger import (ledger.IMPORT_ACTION,
# ledger.UPDATE_ACTION), the handler's reassignment and the deadlines recomputed once a year is loaded.
NOTE_LABELS: dict[str, str] = {
    "issue_letter": gettext_noop("签发告知书"),
    "edit_letter": gettext_noop("修改告知书"),
    "add_attachment": gettext_noop("上传附件"),
    "record_review_case": gettext_noop("登记复议/诉讼案件"),
    "conclude_review_case": gettext_noop("登记复议/诉讼结果"),
    "ledger_import": gettext_noop("从台账导入"),
    "ledger_update": gettext_noop("按台账更新"),
    "reassign_handler": gettext_noop("更换经办人"),
    "recompute_deadlines": gettext_noop("载入节假日安排后重新计算期限"),
}

# Every action an event may carry, with its Chinese label.
ACTION_LABELS: dict[str, str] = {**{a: t.label for a, t in TRANSITIONS.items()}, **NOTE_LABELS}


def action_label(action: str) -> str:
    """The Chinese label of an event's action (an unknown one is named as such, never shown bare)."""
    return ACTION_LABELS.get(action, f"其他操作（{action}）")


def refusal(
    transition: Transition, application: Application, roles: frozenset[str], on: dt.date
) -> str | None:
    """Why `transition` may not be taken now by someone with `roles` (Chinese), or None if it may."""
    if application.state not in transition.sources:
        return f"当前状态为“{State(application.state).label}”，不能“{transition.label}”。"
    if not roles & transition.roles:
        allowed = "、".join(str(Role(r).label) for r in sorted(transition.roles))
        return f"只有{allowed}可以“{transition.label}”。"
    if transition.action != "register":
        earliest = clock.last_event_day(application)
        if on < earliest:
            return f"办理日期不能早于上一步的日期（{date_zh(earliest)}）。"
    if transition.guard is not None:
        return transition.guard(application, on)
    return None


def available(application: Application, roles: frozenset[str], on: dt.date) -> list[Transition]:
    """The actions that someone with `roles` may take on `application` today (for the page's buttons)."""
    return [
        t
        for t in TRANSITIONS.values()
        if application.state in t.sources and roles & t.roles and refusal(t, application, roles, on) is None
    ]
