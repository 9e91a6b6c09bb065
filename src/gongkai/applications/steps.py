"""The workflow's steps: one small use case per transition of `workflow.TRANSITIONS`.

Each is one transaction: `_take_step` checks the transition (state, role, guard) under the application's
row lock, recomputes the reply deadline from the event log on the system's calendar, saves the
application and appends one event holding the day of the step, its details and every changed field's
previous and new value; the letters the step sends are drafted (or numbered) in the same transaction.
If anything fails, nothing of the step is kept and it may be taken again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.applications import letters
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock, ConsultationRecord, calendar_warning
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import TRACKED_FIELDS, apply_changes
from gongkai.applications.models import Application, ApplicationEvent, LetterKind
from gongkai.applications.queries import Objection, consultations, decided_outcome, reasoned_objections
from gongkai.applications.workflow import (
    NO_REPLY_DUE,
    REPLY_DUE_KEPT,
    TRANSITIONS,
    decidable_outcomes,
    refusal,
    state_after,
)
from gongkai.core.calendar import system_calendar
from gongkai.law import fees
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.dates import date_problem
from gongkai.law.deadlines import (
    DEFAULT_AMENDMENT_WORKING_DAYS,
    AmendmentStatus,
    amendment_status,
    deferral_problem,
)
from gongkai.law.zh import date_zh
from gongkai.proactive.queries import office_contacts

# Checks a step against the clock under the row lock; returns more details, or raises StepRefused.
Prepare = Callable[[Clock, dt.date], Mapping[str, Any]]


@dataclass(frozen=True)
class Taken:
    """A step just taken: its event, the application as stored, and its clock with the step in it."""

    event: ApplicationEvent
    application: Application
    clock: Clock


def reply_due_after(application: Application, state: str, clock: Clock) -> dt.date | None:
    """The reply due date once the step is taken (`clock` holds it): see `workflow.NO_REPLY_DUE`."""
    if state in NO_REPLY_DUE:
        return None
    if state in REPLY_DUE_KEPT:
        return application.reply_due
    return clock.reply_due()


def _take_step(
    application: Application,
    action: str,
    actor: Any,
    on: dt.date,
    *,
    changes: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    prepare: Prepare | None = None,
) -> Taken:
    """Carry out the transition `action` on day `on` inside the caller's transaction, or raise StepRefused.

    `prepare` checks the step against the application's clock under the row lock and gives more details
    (which consultation a step is about, and whether its window allows it)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    transition = TRANSITIONS[action]
    roles = roles_in(actor, locked.agency_id)
    clock = Clock.of(locked, system_calendar())
    check_step_day(on, clock)
    reason = refusal(transition, locked, roles, on, clock)
    if reason is not None:
        raise StepRefused(reason)
    data: dict[str, Any] = {"on": on.isoformat(), **(details or {})}
    if prepare is not None:
        data.update(prepare(clock, on))
    if locked.handler_id is None and Role.CLERK in roles:
        # An unassigned application (e.g. imported from a ledger) becomes the clerk's who first acts on it.
        locked.handler = actor
        data["handler"] = actor.get_username()
    amended_on = (changes or {}).get("amended_on", locked.amended_on)
    clock = clock.then(action, data, amended_on=amended_on)
    new_values: dict[str, Any] = {"state": state_after(transition, locked.state, clock), **(changes or {})}
    if transition.outcome:
        new_values.update(outcome=transition.outcome, closed_on=on)
    try:
        new_values["reply_due"] = reply_due_after(locked, new_values["state"], clock)
    except CalendarMissingError as exc:
        # The step is taken; its deadline stays unknown until the year is loaded (gongkai calendar load).
        new_values["reply_due"] = None
        data["calendar_missing"] = exc.year
    from_state = locked.state
    data["changes"] = apply_changes(locked, new_values)
    locked.save()
    event = ApplicationEvent.objects.append(locked, action, actor=actor, data=data, from_state=from_state)
    return Taken(event, locked, clock)


def check_step_day(on: dt.date, clock: Clock) -> None:
    """A step is dated neither in the future (it would lock the case: no later step could be dated before
    it), nor before 2008-05-01, nor before the step it follows; else InvalidInput on the day field `on`."""
    problem = date_problem(
        on,
        timezone.localdate(),
        label="办理日期",
        not_before=clock.last_step_day(),
        not_before_label="上一步",
    )
    if problem is not None:
        raise InvalidInput({"on": problem})


def _done(application: Application, taken: Taken) -> ApplicationEvent:
    """The step's event, with the caller's application brought up to date (once everything succeeded)."""
    for field in (*TRACKED_FIELDS, "handler"):
        setattr(application, field, getattr(taken.application, field))
    return taken.event


def _step(
    application: Application,
    action: str,
    actor: Any,
    on: dt.date,
    *,
    changes: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    then: Callable[[Taken], object] | None = None,
    prepare: Prepare | None = None,
) -> ApplicationEvent:
    """Take the step and `then` do what it does besides (draft or number its letters), in one transaction."""
    with transaction.atomic():
        taken = _take_step(application, action, actor, on, changes=changes, details=details, prepare=prepare)
        if then is not None:
            then(taken)
    return _done(application, taken)


def _drafting(*kinds: LetterKind) -> Callable[[Taken], None]:
    """Drafting the letters of `kinds` that a step sends."""

    def draft(taken: Taken) -> None:
        for kind in kinds:
            letters.draft(taken.event, kind, taken.clock)

    return draft


# -- amendment (第三十条) ---------------------------------------------------------------------------------


def request_amendment(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    points: str,
    period_working_days: int = DEFAULT_AMENDMENT_WORKING_DAYS,
) -> ApplicationEvent:
    """Ask the applicant, once and for all points, to amend the application; drafts the notice."""
    if not points.strip():
        raise InvalidInput({"points": "请写明需要补正的事项（第三十条：一次性告知）。"})
    if not 1 <= period_working_days <= 60:
        raise InvalidInput({"period_working_days": "补正期限应为1至60个工作日。"})
    return _step(
        application,
        Action.REQUEST_AMENDMENT,
        actor,
        on,
        then=_drafting(LetterKind.AMENDMENT_NOTICE),
        details={"points": points.strip(), "period_working_days": period_working_days},
    )


def record_amendment_notice_delivery(
    application: Application, actor: Any, on: dt.date, *, delivered_on: dt.date | None = None
) -> ApplicationEvent:
    """The applicant received the amendment notice on `delivered_on` (default: `on`): its amendment period
    runs from that day (第三十条), no longer provisionally from the day the notice was sent."""
    delivered = delivered_on or on

    def check(clock: Clock, day: dt.date) -> dict[str, Any]:
        request = clock.last(Action.REQUEST_AMENDMENT)
        sent = request.on if request is not None else clock.received_on
        if delivered < sent:
            raise InvalidInput({"delivered_on": f"送达日期不能早于补正告知书发出之日（{date_zh(sent)}）。"})
        if delivered > day:
            raise InvalidInput({"delivered_on": "送达日期不能晚于登记之日。"})
        return {"delivered_on": delivered.isoformat()}

    return _step(application, Action.RECORD_AMENDMENT_NOTICE_DELIVERY, actor, on, prepare=check)


def record_amendment(
    application: Application, actor: Any, on: dt.date, *, late_reason: str = ""
) -> ApplicationEvent:
    """The amended application arrived on `on`: the reply period runs again from that day.

    Only 无正当理由逾期不补正 ends an application (第三十条): an amendment after the period is accepted when
    the applicant's good reason for the delay is recorded (`late_reason`), and refused without one."""

    def in_time_or_excused(clock: Clock, day: dt.date) -> dict[str, Any]:
        try:
            period = clock.amendment_period()
        except CalendarMissingError:
            period = None  # the period cannot be counted yet: the amendment is not late as far as known
        if period is None or day <= period.due:
            return {}
        status = amendment_status(period.due, day, amended_on=day, late_reason=late_reason)
        if status is AmendmentStatus.ABANDONED:
            raise InvalidInput(
                {
                    "late_reason": f"补正期限已于{date_zh(period.due)}届满。申请人有正当理由逾期补正的，"
                    "请写明理由后登记；无正当理由逾期不补正的，应按逾期未补正处理（第三十条）。"
                }
            )
        return {"late": True, "late_reason": late_reason.strip(), "period_due": period.due.isoformat()}

    return _step(
        application,
        Action.RECORD_AMENDMENT,
        actor,
        on,
        changes={"amended_on": on},
        prepare=in_time_or_excused,
    )


def _abandonment_letter(taken: Taken) -> None:
    """The letter telling the applicant the application is treated as abandoned, with its remedies."""
    letters.draft_abandonment(taken.event, taken.clock, taken.application.outcome)


def abandon_no_amendment(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """No amendment within the period: treated as abandoned (第三十条; table 三 其他处理 1); drafts the
    letter telling the applicant."""
    return _step(application, Action.ABANDON_NO_AMENDMENT, actor, on, then=_abandonment_letter)


# -- consultation (第三十二条, 第三十四条) ------------------------------------------------------------------

CONSULTED_KINDS: dict[str, str] = {"third_party": "第三方", "agency": "其他行政机关"}


def start_consultation(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    party: str,
    kind: str = "third_party",
    matters: str = "",
) -> ApplicationEvent:
    """Send a consultation letter (several may run at once); the reply clock pauses for the time used."""
    errors = {}
    if not party.strip():
        errors["party"] = "请填写被征求意见的第三方或机关名称。"
    if kind not in CONSULTED_KINDS:
        errors["kind"] = "被征求意见方应为第三方或其他行政机关。"
    if errors:
        raise InvalidInput(errors)

    def numbered(clock: Clock, _on: dt.date) -> dict[str, Any]:
        return {"ref": max((record.ref for record in clock.consultations()), default=0) + 1}

    return _step(
        application,
        Action.START_CONSULTATION,
        actor,
        on,
        then=_drafting(LetterKind.CONSULTATION_LETTER, LetterKind.CONSULTATION_NOTICE),
        details={"party": party.strip(), "kind": kind, "matters": matters.strip()},
        prepare=numbered,
    )


def _open_consultation(clock: Clock, ref: int | None) -> ConsultationRecord:
    """The open consultation `ref` (when not given, the latest one sent: the forms always give it)."""
    records = clock.open_consultations()
    if not records:
        raise StepRefused("没有正在进行的征求意见。")
    if ref is None:
        return records[-1]
    found = next((record for record in records if record.ref == ref), None)
    if found is None:
        raise InvalidInput({"ref": f"第{ref}项征求意见不存在或已结束。"})
    return found


def _first_lapsed(clock: Clock, day: dt.date) -> int | None:
    """The first open consultation whose window (from a recorded receipt) closed before `day`, if any."""
    for record in clock.open_consultations():
        try:
            if record.delivered is not None and record.law().window(clock.calendar).due < day:
                return record.ref
        except CalendarMissingError:
            continue
    return None


def record_consultation_delivery(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    ref: int | None = None,
    delivered_on: dt.date | None = None,
) -> ApplicationEvent:
    """The consulted party received the letter on `delivered_on` (default: `on`): its 15 working days run
    from that day (第三十二条、第三十四条), no longer provisionally from the day sent."""
    delivered = delivered_on or on

    def check(clock: Clock, day: dt.date) -> dict[str, Any]:
        record = _open_consultation(clock, ref)
        if delivered < record.sent:
            raise InvalidInput(
                {"delivered_on": f"送达日期不能早于征求意见书发出之日（{date_zh(record.sent)}）。"}
            )
        if delivered > day:
            raise InvalidInput({"delivered_on": "送达日期不能晚于登记之日。"})
        return {"ref": record.ref, "party": record.party, "delivered_on": delivered.isoformat()}

    return _step(application, Action.RECORD_CONSULTATION_DELIVERY, actor, on, prepare=check)


def record_consultation_answer(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    objects: bool,
    summary: str = "",
    objection_reasons: str = "",
    ref: int | None = None,
) -> ApplicationEvent:
    """The consulted party answered on `on`: consent, or an objection with its reasons (第三十二条)."""
    if objection_reasons.strip() and not objects:
        raise InvalidInput({"objection_reasons": "只有不同意公开时才填写不同意公开的理由。"})

    def which(clock: Clock, _on: dt.date) -> dict[str, Any]:
        record = _open_consultation(clock, ref)
        return {"ref": record.ref, "party": record.party}

    return _step(
        application,
        Action.RECORD_CONSULTATION_ANSWER,
        actor,
        on,
        details={
            "objects": bool(objects),
            "summary": summary.strip(),
            "objection_reasons": objection_reasons.strip() if objects else "",
        },
        prepare=which,
    )


def close_consultation_window(
    application: Application, actor: Any, on: dt.date, *, ref: int | None = None
) -> ApplicationEvent:
    """No answer within the 15 working days from the party's receipt: a third party's silence leaves the
    decision to the agency (第三十二条); another agency's silence is its consent (第三十四条)."""

    def window_closed(clock: Clock, day: dt.date) -> dict[str, Any]:
        record = _open_consultation(clock, ref if ref is not None else _first_lapsed(clock, day))
        if record.delivered is None:
            raise StepRefused(
                f"尚未登记{record.party}收到征求意见书的日期：征求意见期限自其收到之日起计算，"
                "请先登记送达日期。"
            )
        try:
            window = record.law().window(clock.calendar)
        except CalendarMissingError as exc:
            raise StepRefused(calendar_warning(exc.year, "征求意见期限")) from None
        if day <= window.due:
            raise StepRefused(
                f"{record.party}的征求意见期限至{date_zh(window.due)}，期满前不能按逾期未答复处理。"
            )
        consent = record.kind == "agency"
        return {"ref": record.ref, "party": record.party, "consented": consent}

    return _step(application, Action.CLOSE_CONSULTATION_WINDOW, actor, on, prepare=window_closed)


# -- 大量反复申请 (第三十五条) -------------------------------------------------------------------------------


def request_reasons(
    application: Application, actor: Any, on: dt.date, *, matters: str, answer_by: dt.date
) -> ApplicationEvent:
    """Ask the applicant to state the reasons for its many or repeated applications (第三十五条): what
    the agency sees and by when to answer; drafts the letter."""
    errors = {}
    if not matters.strip():
        errors["matters"] = "请写明申请的数量、频次明显超过合理范围的情况。"
    if answer_by <= on:
        errors["answer_by"] = "说明理由的期限应晚于办理日期。"
    elif answer_by > on + dt.timedelta(days=366):
        errors["answer_by"] = "说明理由的期限不应超过办理日期后一年。"
    if errors:
        raise InvalidInput(errors)
    return _step(
        application,
        Action.REQUEST_REASONS,
        actor,
        on,
        then=_drafting(LetterKind.REASONS_REQUEST),
        details={"matters": matters.strip(), "answer_by": answer_by.isoformat()},
    )


def record_reasons(
    application: Application, actor: Any, on: dt.date, *, answered: bool, answer: str = ""
) -> ApplicationEvent:
    """The applicant's answer to the request for reasons (or none by the date asked), recorded."""
    if answered and not answer.strip():
        raise InvalidInput({"answer": "请记录申请人说明的理由。"})
    return _step(
        application,
        Action.RECORD_REASONS,
        actor,
        on,
        details={"answered": bool(answered), "answer": answer.strip() if answered else ""},
    )


def defer_reply(
    application: Application, actor: Any, on: dt.date, *, reply_by: dt.date, reason: str
) -> ApplicationEvent:
    """The applicant's reasons are reasonable but no reply is possible within the 第三十三条 period: the
    head sets a later, reasonable reply date (第三十五条), which becomes the reply deadline; drafts the
    letter telling the applicant."""
    if not reason.strip():
        raise InvalidInput({"reason": "请写明无法在法定期限内答复的原因。"})

    def later(clock: Clock, day: dt.date) -> dict[str, Any]:
        try:
            current: dt.date | None = clock.reply_due()
        except CalendarMissingError:
            current = None  # the statutory deadline cannot be counted yet: the date is checked against today
        problem = deferral_problem(reply_by, reply_due=current, on=day, today=timezone.localdate())
        if problem is not None:
            raise InvalidInput({"reply_by": problem})
        return {"previous_due": current.isoformat()} if current is not None else {}

    return _step(
        application,
        Action.DEFER_REPLY,
        actor,
        on,
        then=_drafting(LetterKind.DEFERRAL_NOTICE),
        details={"reply_by": reply_by.isoformat(), "reason": reason.strip()},
        prepare=later,
    )


# -- extension (第三十三条) ---------------------------------------------------------------------------------


def request_extension(application: Application, actor: Any, on: dt.date, *, reason: str) -> ApplicationEvent:
    """The clerk asks the head to extend the reply period, with the reason (第三十三条)."""
    if not reason.strip():
        raise InvalidInput({"reason": "请写明申请延期答复的理由。"})
    return _step(application, Action.REQUEST_EXTENSION, actor, on, details={"reason": reason.strip()})


def approve_extension(application: Application, actor: Any, on: dt.date, *, reason: str) -> ApplicationEvent:
    """The head approves the one extension of up to 20 working days; drafts the extension notice."""
    if not reason.strip():
        raise InvalidInput({"reason": "请写明延期答复的理由。"})
    return _step(
        application,
        Action.APPROVE_EXTENSION,
        actor,
        on,
        then=_drafting(LetterKind.EXTENSION_NOTICE),
        details={"reason": reason.strip()},
    )


# -- the processing fee (国办函〔2020〕109号) ------------------------------------------------------------------


def send_fee_notice(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    by_count: int | None = None,
    by_pages: int | None = None,
    notice_received_on: dt.date | None = None,
    pieces: int | None = None,
    split_reason: str = "",
) -> ApplicationEvent:
    """Quote the fee by one method and notify it; the reply clock pauses until payment.

    按件计收 without `by_count`: the application's place among its applicant's applications of the natural
    month is counted (109号 第四条); `pieces` splits this one request into several 件 with `split_reason`."""
    split: dict[str, Any] = {}
    try:
        if by_count is None and by_pages is None:
            counted = same_applicant_in_month(application)
            if pieces is not None:
                split = {"pieces": pieces, "split_reason": split_reason.strip()}
                counted = [
                    fees.CountedApplication(c.key, c.received, pieces, split_reason)
                    if c.key == str(application.pk)
                    else c
                    for c in counted
                ]
            quote = fees.quote_in_month(counted, str(application.pk))
        else:
            quote = fees.quote(by_count=by_count, by_pages=by_pages)
    except ValueError as exc:
        raise InvalidInput({"fee": str(exc)}) from None
    if quote.yuan == 0:
        raise InvalidInput({"fee": "按所选方式计算，本申请不收费，无需发出收费通知。"})
    received = notice_received_on or on
    if received < on:
        raise InvalidInput({"notice_received_on": "申请人收到通知之日不能早于通知发出之日。"})
    return _step(
        application,
        Action.SEND_FEE_NOTICE,
        actor,
        on,
        then=lambda taken: _split_and_draft(taken, split),
        details={"quote": quote.as_dict(), "notice_received_on": received.isoformat(), **split},
    )


def _split_and_draft(taken: Taken, split: Mapping[str, Any]) -> None:
    """Keep the 件 the request was split into (counted for the applicant's later applications of the
    month), then draft the fee notice."""
    if split:
        Application.objects.filter(pk=taken.application.pk).update(**split)
    letters.draft(taken.event, LetterKind.FEE_NOTICE, taken.clock)


def same_applicant_in_month(application: Application) -> list[fees.CountedApplication]:
    """The applicant's applications to the agency received in the same natural month, in registration
    order (109号 第四条: 按件计收 counts them all, whatever their outcome). The same applicant: the same
    identity document or credit code, else the same name and telephone."""
    received = application.received_on
    month = Application.objects.filter(
        agency_id=application.agency_id, received_on__year=received.year, received_on__month=received.month
    )
    if application.id_number:
        month = month.filter(id_type=application.id_type, id_number=application.id_number)
    elif application.credit_code:
        month = month.filter(credit_code=application.credit_code)
    else:
        month = month.filter(applicant_name=application.applicant_name, phone=application.phone)
    return [
        fees.CountedApplication(str(pk), day, pieces, reason)
        for pk, day, pieces, reason in month.order_by("received_on", "id").values_list(
            "pk", "received_on", "pieces", "split_reason"
        )
    ]


def record_payment(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    return _step(application, Action.RECORD_PAYMENT, actor, on)


def abandon_fee_unpaid(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """Not paid in time: treated as abandoned (table 三 其他处理 2); drafts the letter telling the applicant."""
    return _step(application, Action.ABANDON_FEE_UNPAID, actor, on, then=_abandonment_letter)


def withdraw(application: Application, actor: Any, on: dt.date, *, statement: str) -> ApplicationEvent:
    """The applicant withdrew the application on `on` (in writing, or orally and recorded): it is closed
    without a decision (table 三: 其他处理·其他)."""
    if not statement.strip():
        raise InvalidInput({"statement": "请写明申请人撤回申请的方式和内容（如：书面撤回申请书，已附卷）。"})
    return _step(application, Action.WITHDRAW, actor, on, details={"statement": statement.strip()})


# -- the decision (第三十六条 to 第三十九条) ------------------------------------------------------------------

# Outcomes that withhold something or give nothing: the decision letter must state the reasons.
_REASONS_NOT_NEEDED = frozenset({"disclosed"})


def _decision_errors(
    outcome: str, reasons: str, public_interest: str, objections: Sequence[Objection]
) -> dict[str, str]:
    if outcome not in decidable_outcomes():
        return {"outcome": f"请从办理结果分类中选择一项（“{outcome}”不是可选的答复结果）。"}
    if outcome.split(".")[0] not in _REASONS_NOT_NEEDED and not reasons.strip():
        return {"reasons": "此类答复须说明理由（不予公开、部分公开、无法提供、不予处理均应说明理由）。"}
    if objections and not public_interest.strip():
        parties = "、".join(sorted({o.party for o in objections}))
        return {
            "public_interest": f"第三方（{parties}）以合理理由不同意公开：依照条例第三十二条，决定予以公开须写明"
            "不公开可能对公共利益造成重大影响的理由，并书面告知第三方。"
        }
    return {}


THIRD_PARTY_GROUND = "withheld.third_party_rights"
EXCESSIVE = "not_processed.excessive"


def _excessive_errors(application: Application, outcome: str) -> dict[str, str]:
    """第三十五条: 不予处理 for 无正当理由大量反复申请 only after the applicant was asked for reasons and its
    answer (or its silence) recorded; the letter says 经要求说明理由 because that happened."""
    if outcome != EXCESSIVE:
        return {}
    done = set(
        application.events.filter(action__in=["request_reasons", "record_reasons"]).values_list(
            "action", flat=True
        )
    )
    if "request_reasons" not in done:
        return {
            "outcome": "以无正当理由大量反复申请为由不予处理，应当先要求申请人说明理由（条例第三十五条）。"
        }
    if "record_reasons" not in done:
        return {
            "outcome": "请先登记申请人说明的理由（或期限内未说明），再作出不予处理的决定（条例第三十五条）。"
        }
    return {}


NOT_HELD = "unable_to_provide.not_held"
# 第三十六条第（四）项 and 第（五）项 share table 三's row but are separate answers.
NOT_HELD_KINDS: dict[str, str] = {"absent": "政府信息不存在", "elsewhere": "不属于本机关负责公开"}


def _not_held_errors(outcome: str, not_held: Mapping[str, str]) -> dict[str, str]:
    """本机关不掌握: which answer (不存在 with the search made, or 非本机关 naming the responsible agency)."""
    if outcome != NOT_HELD:
        return {}
    kind = not_held.get("not_held_kind", "")
    if kind not in NOT_HELD_KINDS:
        return {
            "not_held_kind": "请选择：政府信息不存在（第三十六条第（四）项），或不属于本机关负责公开（第（五）项）。"
        }
    if kind == "absent" and not not_held.get("search_made", "").strip():
        return {"search_made": "答复政府信息不存在，请写明所作的检索（检索范围、方式和结果）。"}
    if kind == "elsewhere" and not not_held.get("responsible_agency", "").strip():
        return {
            "responsible_agency": "答复不属于本机关负责公开，请写明负责公开该政府信息的行政机关"
            "（确实无法确定的，请填写“无法确定”）。"
        }
    return {}


def known_contact(agency_name: str) -> str:
    """The contact of an agency gongkai knows, from its disclosure guide (第十二条), or '' — what a
    非本机关 answer names when the clerk leaves the contact blank (第三十六条第（五）项)."""
    name = agency_name.strip()
    return office_contacts([name]).get(name, "") if name else ""


def _third_party_errors(
    application: Application, outcome: str, no_consultation_reason: str
) -> dict[str, str]:
    """不予公开·保护第三方合法权益 needs the third party consulted (第三十二条) — or a recorded reason why it
    could not be — and cannot stand on the third party's own consent (第十五条: 第三方同意公开的，予以公开)."""
    if outcome != THIRD_PARTY_GROUND:
        return {}
    parties = [r for r in consultations(application) if r.kind == "third_party"]
    if not parties and not no_consultation_reason.strip():
        return {
            "no_consultation_reason": "以保护第三方合法权益为由不予公开，应当先书面征求第三方意见（条例第三十二条）；"
            "确实无法征求的，请写明原因。"
        }
    if parties and all(r.answered is not None and not r.objects for r in parties):
        return {
            "outcome": "被征求意见的第三方均同意公开：依照条例第十五条应当予以公开；如另有不予公开的法定理由，"
            "请选择相应的办理结果。"
        }
    return {}


def draft_decision(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    outcome: str,
    reasons: str = "",
    delivery: str = "",
    public_interest: str = "",
    no_consultation_reason: str = "",
    not_held_kind: str = "",
    search_made: str = "",
    responsible_agency: str = "",
    responsible_contact: str = "",
) -> ApplicationEvent:
    """Choose the outcome (exactly one row of table 三) and draft the decision letter.

    本机关不掌握 is answered as one of two (第三十六条): 不存在, with the search made recorded, or 非本机关,
    naming the responsible agency and its contact where they can be determined.

    Disclosing over a third party's reasoned objection needs the public-interest reason (第三十二条), and
    drafts, with the decision, the notice telling each such third party what is disclosed and why.
    """
    objections = reasoned_objections(application) if outcome == "disclosed" else []
    not_held = {
        "not_held_kind": not_held_kind,
        "search_made": search_made.strip(),
        "responsible_agency": responsible_agency.strip(),
        "responsible_contact": responsible_contact.strip() or known_contact(responsible_agency),
    }
    errors = (
        _decision_errors(outcome, reasons, public_interest, objections)
        or _third_party_errors(application, outcome, no_consultation_reason)
        or _not_held_errors(outcome, not_held)
        or _excessive_errors(application, outcome)
    )
    if errors:
        raise InvalidInput(errors)
    details = {"outcome": outcome, "reasons": reasons.strip(), "delivery": delivery.strip()}
    if outcome == NOT_HELD:
        details.update({key: value for key, value in not_held.items() if value})
    if outcome == THIRD_PARTY_GROUND and no_consultation_reason.strip():
        details["no_consultation_reason"] = no_consultation_reason.strip()
    if objections:
        details["public_interest"] = public_interest.strip()

    def draft(taken: Taken) -> None:
        letters.draft(taken.event, LetterKind.DECISION, taken.clock)
        for objection in objections:
            letters.draft_to_third_party(taken.event, taken.clock, objection.party, objection.reasons)

    return _step(application, Action.DRAFT_DECISION, actor, on, details=details, then=draft)


def return_draft(application: Application, actor: Any, on: dt.date, *, comment: str) -> ApplicationEvent:
    """A reviewer or the head sends the draft back; its letter is withdrawn, never deleted."""
    if not comment.strip():
        raise InvalidInput({"comment": "请写明退回修改的意见。"})
    return _step(
        application,
        Action.RETURN_DRAFT,
        actor,
        on,
        details={"comment": comment.strip()},
        then=lambda taken: letters.withdraw_decision_drafts(
            taken.application, actor, on, f"答复退回修改：{comment.strip()}"
        ),
    )


def _opinion(opinion: str) -> dict[str, str]:
    return {"opinion": opinion.strip()} if opinion.strip() else {}


def review_decision(
    application: Application, actor: Any, on: dt.date, *, opinion: str = ""
) -> ApplicationEvent:
    """The reviewer passes the draft, with an opinion if any (kept in the log)."""
    return _step(application, Action.REVIEW_DECISION, actor, on, details=_opinion(opinion))


def approve_decision(
    application: Application, actor: Any, on: dt.date, *, opinion: str = ""
) -> ApplicationEvent:
    """The head approves the decision; its letters are numbered and frozen in the same transaction."""

    def number(taken: Taken) -> None:
        for letter in letters.current_decision_letters(taken.application):
            if not letter.is_issued:
                letters.number(letter, actor, on)

    return _step(application, Action.APPROVE_DECISION, actor, on, then=number, details=_opinion(opinion))


def deliver_decision(
    application: Application, actor: Any, on: dt.date, *, method: str = ""
) -> ApplicationEvent:
    """The decision reached the applicant on `on`: the application is replied to and closed (办结).

    Information disclosed over a third party's objection reaches the applicant only once the third party
    has had its notice (第三十二条) for `GONGKAI_THIRD_PARTY_NOTICE_DAYS` days, time to seek its remedy."""

    def third_party_had_time(_clock: Clock, day: dt.date) -> dict[str, Any]:
        days = int(getattr(settings, "GONGKAI_THIRD_PARTY_NOTICE_DAYS", 15))
        issued = [
            (letter.recipient, letter.issued_on)
            for letter in letters.current_decision_letters(application)
            if letter.kind == LetterKind.THIRD_PARTY_NOTICE and letter.issued_on is not None
        ]
        for party, issued_on in issued:
            earliest = issued_on + dt.timedelta(days=days)
            if day < earliest:
                raise StepRefused(
                    f"已于{date_zh(issued_on)}书面告知第三方（{party}）决定公开（条例第三十二条）："
                    f"为使第三方能够依法寻求救济，{date_zh(earliest)}前不向申请人送达公开决定。"
                )
        return {"third_party_notified": [on.isoformat() for _party, on in issued]} if issued else {}

    return _step(
        application,
        Action.DELIVER_DECISION,
        actor,
        on,
        prepare=third_party_had_time,
        changes={"outcome": decided_outcome(application), "replied_on": on, "closed_on": on},
        details={"method": method.strip()},
    )


def file_application(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    return _step(application, Action.FILE_APPLICATION, actor, on)
