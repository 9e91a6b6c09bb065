"""The workflow as data: the state groups, and which action leads from which states to which, who may
take it, and when.

Each row of `TRANSITIONS` is carried out by one small service of the same name (`steps.py`). A guard
looks at the application's clock on the day of the action and returns the Chinese reason for refusing,
or None when the action may go ahead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from gongkai.agencies.models import Role
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock, ConsultationRecord, calendar_warning
from gongkai.applications.models import Application, State
from gongkai.law import fees, outcomes
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.deadlines import Deadline
from gongkai.law.zh import date_zh

# -- the state groups ---------------------------------------------------------------------------------------

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
CLOSED: frozenset[str] = frozenset({State.DELIVERED, State.ABANDONED, State.WITHDRAWN, State.FILED})
# States in which the applicant still waits for the reply: an approved decision not yet delivered counts
# against the reply deadline too (第三十三条: the reply must reach the applicant within the period).
AWAITING_REPLY: frozenset[str] = OPEN | {State.APPROVED}
# The reply deadline: none while the applicant amends (the period restarts from the amended application);
# kept as it was once the decision is approved or the application closed; counted again at every other step.
NO_REPLY_DUE: frozenset[str] = frozenset({State.AMENDMENT_REQUESTED})
REPLY_DUE_KEPT: frozenset[str] = CLOSED | {State.APPROVED}
# States whose reply deadline is known unless a year's holidays were missing when it was counted (an
# application abandoned for want of an amendment has none: see `ABANDONMENT_OUTCOMES`).
REPLY_DUE_EXPECTED: frozenset[str] = (OPEN - NO_REPLY_DUE) | {State.APPROVED, State.DELIVERED, State.FILED}

Guard = Callable[[Application, Clock, dt.date], str | None]


@dataclass(frozen=True)
class Transition:
    """One permitted step: from any of `sources` to `target` (None: the state does not change).

    `outcome`: the row of table 三 the step decides by itself (the applicant's conduct: abandonment).
    """

    action: Action
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    guard: Guard | None = None
    outcome: str = ""

    @property
    def label(self) -> str:
        return str(self.action.label)

    def to_state(self, current: str) -> str:
        return self.target if self.target is not None else current


# -- guards (each gets the application, its clock and the day of the action) ---------------------------


def _due_or_refusal(compute: Callable[[], Deadline | None], what: str) -> tuple[dt.date | None, str | None]:
    """The due date, or the Chinese refusal when a year's holidays are missing to count it."""
    try:
        deadline = compute()
    except CalendarMissingError as exc:
        return None, calendar_warning(exc.year, what)
    return (deadline.due if deadline else None), None


def guard_amendment_request(_application: Application, clock: Clock, on: dt.date) -> str | None:
    if clock.has(Action.REQUEST_AMENDMENT):
        return "补正只能一次性告知（第三十条）：本申请已经告知过补正。"
    due, _missing = _due_or_refusal(clock.amendment_notice, "补正告知期限")
    if due is not None and on > due:  # when the 7 days cannot be counted yet, the notice is not refused
        return f"补正告知应在收到申请之日起7个工作日内发出（第三十条），期限已于{date_zh(due)}届满。"
    return None


def guard_amendment_period_over(_application: Application, clock: Clock, on: dt.date) -> str | None:
    due, missing = _due_or_refusal(clock.amendment_period, "补正期限")
    if missing:
        return missing  # abandonment needs the period to be certainly over
    if due is not None and on <= due:
        return f"申请人的补正期限至{date_zh(due)}，期限届满前不能视为放弃申请。"
    return None


def guard_notice_delivery_unrecorded(_application: Application, clock: Clock, _on: dt.date) -> str | None:
    delivered = clock.amendment_notice_delivered()
    if delivered is not None:
        return f"已登记申请人于{date_zh(delivered)}收到补正告知书。"
    return None


def _window_of(record: ConsultationRecord, clock: Clock) -> Deadline:
    return record.law().window(clock.calendar).deadline


def guard_a_window_closed(_application: Application, clock: Clock, on: dt.date) -> str | None:
    """Some open consultation's window, counted from the party's recorded receipt, has closed."""
    reasons: list[str] = []
    for record in clock.open_consultations():
        if record.delivered is None:
            reasons.append(f"尚未登记{record.party}收到征求意见书的日期（期限自其收到之日起计算）")
            continue
        due, missing = _due_or_refusal(partial(_window_of, record, clock), "征求意见期限")
        if missing:
            reasons.append(missing)
        elif due is not None and on > due:
            return None
        else:
            reasons.append(f"{record.party}的征求意见期限至{date_zh(due) if due else ''}")
    return "；".join(reasons) + "，期满前不能按逾期未答复处理。" if reasons else "没有正在进行的征求意见。"


def guard_extension(application: Application, clock: Clock, on: dt.date) -> str | None:
    if clock.has(Action.APPROVE_EXTENSION):
        return "延期答复只能一次（第三十三条）：本申请已经延期。"
    if clock.deferred_reply() is not None:
        return "已依照第三十五条确定延迟答复的期限，不再依照第三十三条延期答复。"
    if application.reply_due is not None and on > application.reply_due:
        return f"答复期限已于{date_zh(application.reply_due)}届满，不能再延期。"
    return None


def guard_fee_notice_in_reply_period(application: Application, _clock: Clock, on: dt.date) -> str | None:
    """A fee notice only within the reply period (国办函〔2020〕109号)."""
    if application.reply_due is None:
        return None  # the period cannot be counted yet: the notice is not refused for it
    return fees.fee_notice_problem(on, application.reply_due)


def guard_reasons_not_requested(_application: Application, clock: Clock, _on: dt.date) -> str | None:
    if clock.has(Action.REQUEST_REASONS):
        return "已经要求申请人说明理由（第三十五条）。"
    return None


def guard_reasons_awaited(_application: Application, clock: Clock, _on: dt.date) -> str | None:
    if not clock.has(Action.REQUEST_REASONS):
        return "尚未要求申请人说明理由（第三十五条）。"
    if clock.has(Action.RECORD_REASONS):
        return "已经登记申请人说明的理由。"
    return None


def guard_reasons_accepted(_application: Application, clock: Clock, _on: dt.date) -> str | None:
    """第三十五条: a later reply date only once the applicant has stated reasons (the agency finds them
    reasonable by taking the step), and only once."""
    answer = clock.last(Action.RECORD_REASONS)
    if answer is None:
        return "尚未登记申请人说明的理由：申请人说明理由、本机关认为理由合理的，才能确定延迟答复的期限（第三十五条）。"
    if not answer.data.get("answered"):
        return "申请人未说明理由，不能确定延迟答复的期限（第三十五条）。"
    if clock.deferred_reply() is not None:
        return "已经确定延迟答复的期限（第三十五条）。"
    return None


def guard_payment_in_time(_application: Application, clock: Clock, on: dt.date) -> str | None:
    due, _missing = _due_or_refusal(clock.fee_payment, "缴费期限")
    if due is not None and on > due:
        return f"缴费期限已于{date_zh(due)}届满，应按逾期未缴费处理。"
    return None


def guard_payment_overdue(_application: Application, clock: Clock, on: dt.date) -> str | None:
    due, missing = _due_or_refusal(clock.fee_payment, "缴费期限")
    if missing:
        return missing
    if due is not None and on <= due:
        return f"缴费期限至{date_zh(due)}，期满前不能视为放弃申请。"
    return None


# -- the table ----------------------------------------------------------------------------------------------

CLERK = frozenset({Role.CLERK})
REVIEWERS = frozenset({Role.REVIEWER, Role.HEAD})
HEAD = frozenset({Role.HEAD})
REGISTRARS = frozenset({Role.CLERK, Role.HEAD})
DECIDABLE = frozenset(HANDLING)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(Action.REGISTER, frozenset({""}), State.REGISTERED, REGISTRARS),
        Transition(
            Action.REQUEST_AMENDMENT,
            frozenset({State.REGISTERED}),
            State.AMENDMENT_REQUESTED,
            CLERK,
            guard_amendment_request,
        ),
        # The applicant's receipt of the notice starts its amendment period (第三十条: 合理的补正期限).
        Transition(
            Action.RECORD_AMENDMENT_NOTICE_DELIVERY,
            frozenset({State.AMENDMENT_REQUESTED}),
            None,
            CLERK,
            guard_notice_delivery_unrecorded,
        ),
        # A late amendment is accepted with a recorded good reason (the step checks it: `steps.py`).
        Transition(Action.RECORD_AMENDMENT, frozenset({State.AMENDMENT_REQUESTED}), State.AMENDED, CLERK),
        Transition(
            Action.ABANDON_NO_AMENDMENT,
            frozenset({State.AMENDMENT_REQUESTED}),
            State.ABANDONED,
            CLERK,
            guard_amendment_period_over,
            outcome="other.no_amendment",
        ),
        # Several consultations may run at once: the state stays 征求意见中 until the last one ends
        # (`state_after`); which consultation a step is about, and its window, the step checks itself.
        Transition(Action.START_CONSULTATION, DECIDABLE | {State.CONSULTING}, State.CONSULTING, CLERK),
        Transition(Action.RECORD_CONSULTATION_DELIVERY, frozenset({State.CONSULTING}), None, CLERK),
        Transition(Action.RECORD_CONSULTATION_ANSWER, frozenset({State.CONSULTING}), None, CLERK),
        Transition(
            Action.CLOSE_CONSULTATION_WINDOW,
            frozenset({State.CONSULTING}),
            None,
            CLERK,
            guard_a_window_closed,
        ),
        # 第三十五条: before refusing 无正当理由大量反复申请 the agency asks the applicant to state reasons.
        Transition(Action.REQUEST_REASONS, DECIDABLE, None, CLERK, guard_reasons_not_requested),
        Transition(Action.RECORD_REASONS, DECIDABLE, None, CLERK, guard_reasons_awaited),
        # Reasons found reasonable but no reply possible in time: the head sets a later reply date.
        Transition(Action.DEFER_REPLY, DECIDABLE, None, HEAD, guard_reasons_accepted),
        # The clerk asks the head for the extension (the reason goes with it); the head approves it.
        Transition(Action.REQUEST_EXTENSION, OPEN - NO_REPLY_DUE, None, CLERK, guard_extension),
        Transition(Action.APPROVE_EXTENSION, OPEN - NO_REPLY_DUE, None, HEAD, guard_extension),
        Transition(
            Action.SEND_FEE_NOTICE, DECIDABLE, State.FEE_NOTIFIED, CLERK, guard_fee_notice_in_reply_period
        ),
        Transition(
            Action.RECORD_PAYMENT, frozenset({State.FEE_NOTIFIED}), State.PAID, CLERK, guard_payment_in_time
        ),
        Transition(
            Action.ABANDON_FEE_UNPAID,
            frozenset({State.FEE_NOTIFIED}),
            State.ABANDONED,
            CLERK,
            guard_payment_overdue,
            outcome="other.fee_unpaid",
        ),
        Transition(Action.DRAFT_DECISION, DECIDABLE, State.DRAFTED, CLERK),
        # The applicant withdraws the application before the reply reaches it (table 三: 其他处理·其他).
        Transition(Action.WITHDRAW, OPEN | {State.APPROVED}, State.WITHDRAWN, CLERK, outcome="other.other"),
        Transition(
            Action.RETURN_DRAFT, frozenset({State.DRAFTED, State.REVIEWED}), State.RETURNED, REVIEWERS
        ),
        Transition(
            Action.REVIEW_DECISION, frozenset({State.DRAFTED}), State.REVIEWED, frozenset({Role.REVIEWER})
        ),
        Transition(Action.APPROVE_DECISION, frozenset({State.REVIEWED}), State.APPROVED, HEAD),
        Transition(Action.DELIVER_DECISION, frozenset({State.APPROVED}), State.DELIVERED, CLERK),
        Transition(
            Action.FILE_APPLICATION,
            frozenset({State.DELIVERED, State.ABANDONED, State.WITHDRAWN}),
            State.FILED,
            CLERK,
        ),
    )
}


# The steps that end one consultation: the last to end closes the state 征求意见中.
ENDS_A_CONSULTATION = frozenset({Action.RECORD_CONSULTATION_ANSWER, Action.CLOSE_CONSULTATION_WINDOW})


def state_after(transition: Transition, current: str, clock: Clock) -> str:
    """The state once `transition` is taken (`clock` holds the step)."""
    if transition.action in ENDS_A_CONSULTATION and not clock.open_consultations():
        return State.CONSULTED
    return transition.to_state(current)


def refusal(
    transition: Transition, application: Application, roles: frozenset[str], on: dt.date, clock: Clock
) -> str | None:
    """Why `transition` may not be taken now by someone with `roles` (Chinese), or None if it may."""
    if application.state not in transition.sources:
        return f"当前状态为“{State(application.state).label}”，不能“{transition.label}”。"
    if not roles & transition.roles:
        allowed = "、".join(str(Role(r).label) for r in sorted(transition.roles))
        return f"只有{allowed}可以“{transition.label}”。"
    if transition.action != Action.REGISTER:
        earliest = clock.last_step_day()
        if on < earliest:
            return f"办理日期不能早于上一步的日期（{date_zh(earliest)}）。"
    if transition.guard is not None:
        return transition.guard(application, clock, on)
    return None


def available(application: Application, roles: frozenset[str], on: dt.date, clock: Clock) -> list[Transition]:
    """The actions that someone with `roles` may take on `application` today (for the page's buttons)."""
    return [
        t
        for t in TRANSITIONS.values()
        if application.state in t.sources
        and roles & t.roles
        and refusal(t, application, roles, on, clock) is None
    ]


# -- outcomes -----------------------------------------------------------------------------------------------

# The rows of table 三 that the applicant's conduct decides (abandonment); a decision never chooses them.
ABANDONMENT_OUTCOMES: frozenset[str] = frozenset(
    t.outcome for t in TRANSITIONS.values() if t.outcome and t.target == State.ABANDONED
)


def decidable_outcomes() -> list[str]:
    """The keys a decision may choose: the 2021 rows of table 三, less those the applicant's conduct decides."""
    return [
        o.key for o in outcomes.OUTCOMES if o.label_2021 is not None and o.key not in ABANDONMENT_OUTCOMES
    ]


def outcome_label(outcome_key: str) -> str:
    """`不予公开 · 属于国家秘密`: the group and the row of table 三."""
    chosen = outcomes.outcome(outcome_key)
    group = outcomes.GROUPS[chosen.group].label_zh
    return group if chosen.name_zh.startswith(group) else f"{group} · {chosen.name_zh}"
