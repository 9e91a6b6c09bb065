"""The workflow's steps: one small function per transition of `workflow.TRANSITIONS`, plus registration.

Every step goes through `take_step`, which checks the transition (state, role, guard), recomputes the
reply deadline from the event log, saves the application and appends one `ApplicationEvent` holding the
day of the step, its details and every changed field's previous and new value. `rebuild_state` replays
those changes: the stored application must always equal what its log says.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.applications import clock, letters, queries, validators
from gongkai.applications.models import (
    REVIEW_KIND_CHOICES,
    Application,
    ApplicationEvent,
    Attachment,
    LetterKind,
    ReviewCase,
    State,
)
from gongkai.applications.workflow import TRANSITIONS, refusal
from gongkai.law import fees, receipt
from gongkai.law.calendar import CalendarMissingError, default_calendar
from gongkai.law.deadlines import DEFAULT_AMENDMENT_WORKING_DAYS
from gongkai.law.outcomes import APPLICANT_CATEGORIES, OUTCOMES

# The application fields that the workflow changes; their history is in each event's data["changes"].
TRACKED_FIELDS: tuple[str, ...] = ("state", "amended_on", "reply_due", "closed_on", "replied_on", "outcome")
_DATE_FIELDS = frozenset({"amended_on", "reply_due", "closed_on", "replied_on"})

# Outcomes that withhold something or give nothing: the decision letter must state the reasons.
_REASONS_NOT_NEEDED = frozenset({"disclosed"})


class StepRefused(Exception):
    """A step that may not be taken; the message (Chinese) says why."""


class InvalidInput(StepRefused):
    """The details given for a step are wrong; `errors` maps field names to Chinese messages."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = dict(errors)


# -- the event log ---------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _from_json(field: str, value: Any) -> Any:
    return dt.date.fromisoformat(value) if field in _DATE_FIELDS and value else value


def _append_event(
    application: Application, actor: Any, action: str, from_state: str, data: dict[str, Any]
) -> ApplicationEvent:
    last = application.events.aggregate(last=Max("seq"))["last"] or 0
    return ApplicationEvent.objects.create(
        application=application,
        seq=last + 1,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_state=from_state,
        to_state=application.state,
        data=data,
    )


def record_note(
    application: Application, actor: Any, action: str, on: dt.date, **details: Any
) -> ApplicationEvent:
    """Append an event that changes no tracked field (a letter issued, an attachment, a review case)."""
    return _append_event(application, actor, action, application.state, {"on": on.isoformat(), **details})


@transaction.atomic
def take_step(
    application: Application,
    action: str,
    actor: Any,
    on: dt.date,
    *,
    changes: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
) -> ApplicationEvent:
    """Carry out the transition `action` on day `on`, or raise StepRefused with the reason."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    transition = TRANSITIONS[action]
    roles = roles_in(actor, locked.agency_id)
    reason = refusal(transition, locked, roles, on)
    if reason is not None:
        raise StepRefused(reason)
    data: dict[str, Any] = {"on": on.isoformat(), **(details or {})}
    if locked.handler_id is None and Role.CLERK in roles:
        # An unassigned application (e.g. imported from a ledger) becomes the clerk's who first acts on it.
        locked.handler = actor
        data["handler"] = actor.get_username()
    history = [*clock.steps(locked), clock.step_of(action, data)]
    new_values: dict[str, Any] = {"state": transition.to_state(locked.state), **(changes or {})}
    amended_on = new_values.get("amended_on", locked.amended_on)
    try:
        new_values["reply_due"] = clock.reply_due_after(locked, new_values["state"], amended_on, history)
    except CalendarMissingError as exc:
        # The step is taken; its deadline stays unknown until the year is loaded (recompute_deadlines).
        new_values["reply_due"] = None
        data["calendar_missing"] = exc.year
    data["changes"] = _apply(locked, new_values)
    from_state = application.state
    locked.save()
    event = _append_event(locked, actor, action, from_state, data)
    for field in (*TRACKED_FIELDS, "handler"):
        setattr(application, field, getattr(locked, field))
    return event


def _step_with_letters(
    application: Application,
    action: str,
    actor: Any,
    on: dt.date,
    kinds: Sequence[LetterKind],
    *,
    details: Mapping[str, Any] | None = None,
) -> ApplicationEvent:
    """Take the step, then draft the letters of `kinds` that it sends."""
    event = take_step(application, action, actor, on, details=details)
    for kind in kinds:
        letters.draft(event, kind)
    return event


def _apply(application: Application, new_values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the new values; return {field: [previous, new]} for those that changed."""
    changed: dict[str, list[Any]] = {}
    for field, new in new_values.items():
        old = getattr(application, field)
        if old != new:
            changed[field] = [_json(old), _json(new)]
            setattr(application, field, new)
    return changed


def rebuild_state(application: Application) -> dict[str, Any]:
    """The tracked fields as the event log says they are, replaying every change in order."""
    state: dict[str, Any] = {
        "state": "",
        "amended_on": None,
        "reply_due": None,
        "closed_on": None,
        "replied_on": None,
        "outcome": "",
    }
    for data in application.events.order_by("seq").values_list("data", flat=True):
        for field, (_old, new) in data.get("changes", {}).items():
            state[field] = _from_json(field, new)
    return state


def stored_state(application: Application) -> dict[str, Any]:
    return {field: getattr(application, field) for field in TRACKED_FIELDS}


# -- deadlines waiting for a year's holidays (gongkai calendar load) ------------------------------------

RECOMPUTE_ACTION = "recompute_deadlines"


@dataclass(frozen=True)
class Recomputed:
    """What `recompute_deadlines` did: how many deadlines it computed, and how many still wait per year."""

    computed: int
    waiting: Mapping[int, int]


def recompute_deadline(application: Application) -> int | None:
    """Compute the reply deadline left unknown for lack of a year's holidays, recording it as an event.

    Returns the year still missing (the deadline stays unknown), or None when computed or not waiting.
    The event is dated on the last step's day: it corrects the record, it is not a new step.
    """
    if application.reply_due is not None:  # the usual case (a page view): nothing to do, no query
        return None
    return _recompute_deadline(application)


@transaction.atomic
def _recompute_deadline(application: Application) -> int | None:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not queries.deadline_unknown(Application.objects.filter(pk=locked.pk)).exists():
        return None
    history = clock.steps(locked)
    try:
        due = clock.reply_deadline_of(locked.received_on, locked.amended_on, history).due
    except CalendarMissingError as exc:
        return exc.year
    on = clock.last_event_day(locked)
    data: dict[str, Any] = {"on": on.isoformat()}
    data["changes"] = _apply(locked, {"reply_due": due})
    locked.save()
    _append_event(locked, None, RECOMPUTE_ACTION, locked.state, data)
    application.reply_due = locked.reply_due
    return None


def recompute_deadlines(agency_ids: Iterable[int] | None = None) -> Recomputed:
    """Recompute every unknown reply deadline that the calendar now covers (after `gongkai calendar load`)."""
    clock.refresh_calendar()
    candidates = queries.deadline_unknown(Application.objects.all())
    if agency_ids is not None:
        candidates = candidates.filter(agency_id__in=list(agency_ids))
    computed = 0
    waiting: dict[int, int] = {}
    for application in candidates.order_by("pk").iterator():
        year = recompute_deadline(application)
        if year is None:
            computed += 1
        else:
            waiting[year] = waiting.get(year, 0) + 1
    return Recomputed(computed, waiting)


_recomputed_for: frozenset[int] | None = None


def recompute_after_calendar_change() -> None:
    """For page views: recompute unknown deadlines once per process and again whenever the calendar's
    years change (a year loaded by another process is noticed through `clock.refresh_calendar`)."""
    global _recomputed_for
    clock.refresh_calendar()
    years = default_calendar().years
    if years != _recomputed_for:
        recompute_deadlines()
        _recomputed_for = years


# -- the handling clerk -----------------------------------------------------------------------------------

REASSIGNERS = frozenset({Role.HEAD, Role.AGENCY_ADMIN})


def clerks_of(agency_id: int) -> Any:
    """The clerks of an agency, who may be made an application's handler."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__agency_id=agency_id, memberships__role=Role.CLERK, is_active=True)
        .distinct()
        .order_by("username")
    )


def person_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@transaction.atomic
def reassign_handler(
    application: Application, actor: Any, handler: Any, on: dt.date, *, reason: str = ""
) -> ApplicationEvent:
    """The head or the agency administrator makes another clerk of the agency the application's handler."""
    if not roles_in(actor, application.agency_id) & REASSIGNERS:
        raise StepRefused("只有本机关的负责人或机关管理员可以更换经办人。")
    if application.state == State.FILED:
        raise StepRefused("已归档的申请不能更换经办人。")
    if handler is None or not clerks_of(application.agency_id).filter(pk=handler.pk).exists():
        raise InvalidInput({"handler": "新经办人应为本机关的经办人。"})
    if handler.pk == application.handler_id:
        raise InvalidInput({"handler": "新经办人与现经办人相同。"})
    locked = Application.objects.select_for_update().get(pk=application.pk)
    previous = locked.handler
    locked.handler = handler
    locked.save(update_fields=["handler", "updated_at"])
    application.handler = handler
    return record_note(
        locked,
        actor,
        "reassign_handler",
        on,
        handler_from=person_name(previous) or "（未指定）",
        handler_to=person_name(handler),
        handler=handler.get_username(),
        reassign_reason=reason.strip(),
    )


# -- registration ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """An applicant's particulars as given on the form (第二十九条)."""

    category: str
    name: str
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Request:
    """What is asked for and how the applicant wants it."""

    content: str
    form_wanted: str = ""
    delivery_wanted: str = ""


def check_applicant(applicant: Applicant) -> Applicant:
    """The applicant with normalised particulars, or InvalidInput naming every problem."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    if applicant.category not in {t.key for t in APPLICANT_CATEGORIES}:
        errors["applicant_category"] = f"申请人类型“{applicant.category}”无效。"
    if not applicant.name.strip():
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    checks = {
        "id_number": validators.check_id_number,
        "credit_code": validators.check_credit_code,
        "phone": validators.check_phone,
        "email": validators.check_email,
    }
    for field, check in checks.items():
        value = getattr(applicant, field).strip()
        if value:
            try:
                cleaned[field] = check(value)
            except ValueError as exc:
                errors[field] = str(exc)
    if applicant.category == "natural_person" and applicant.credit_code.strip():
        errors["credit_code"] = "自然人申请不填写统一社会信用代码。"
    if not (applicant.phone.strip() or applicant.email.strip() or applicant.address.strip()):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）（第二十九条）。"
    if errors:
        raise InvalidInput(errors)
    return Applicant(
        category=applicant.category,
        name=applicant.name.strip(),
        id_number=cleaned.get("id_number", ""),
        credit_code=cleaned.get("credit_code", ""),
        phone=cleaned.get("phone", ""),
        email=cleaned.get("email", ""),
        address=applicant.address.strip(),
    )


def next_number(agency: Agency, year: int) -> str:
    """The next free 申请编号 of the agency for the year: 2025-0001, 2025-0002, …"""
    prefix = f"{year}-"
    taken = Application.objects.filter(agency=agency, number__startswith=prefix).values_list(
        "number", flat=True
    )
    highest = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def register_application(
    agency: Agency,
    actor: Any,
    *,
    channel: str,
    arrival: Mapping[str, dt.date | None],
    applicant: Applicant,
    request: Request,
    number: str = "",
    on: dt.date | None = None,
) -> Application:
    """Register a received application; its receipt date follows its channel (第三十一条).

    `arrival` holds the dates the channel needs (handed_in, signed_for or confirmed). A receipt letter is
    drafted with the registration event.
    """
    roles = roles_in(actor, agency.pk)
    if not roles & TRANSITIONS["register"].roles:
        raise StepRefused("只有本机关的经办人或负责人可以登记申请。")
    try:
        received_on = receipt.receipt_date(channel, **arrival)
    except ValueError as exc:
        raise InvalidInput({"received_on": str(exc)}) from None
    today = on or timezone.localdate()
    if received_on > today:
        raise InvalidInput({"received_on": "收到申请之日不能晚于今天。"})
    if not request.content.strip():
        raise InvalidInput(
            {"content": "请填写申请公开的政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）。"}
        )
    person = check_applicant(applicant)
    for _attempt in range(5):  # two clerks registering at once may race for the same automatic number
        try:
            return _create_registered(agency, actor, channel, received_on, person, request, number)
        except IntegrityError:
            if number:
                raise InvalidInput({"number": f"申请编号“{number}”在本机关已经存在。"}) from None
    raise StepRefused("申请编号分配冲突，请重试。")


@transaction.atomic
def _create_registered(
    agency: Agency,
    actor: Any,
    channel: str,
    received_on: dt.date,
    person: Applicant,
    request: Request,
    number: str,
) -> Application:
    # Clerks registering at once queue here for the agency's next 申请编号 (as letters.issue does for
    # letter numbers) instead of colliding on it: on PostgreSQL, 50 at once exhausted the retries.
    Agency.objects.select_for_update().get(pk=agency.pk)
    application = Application(
        agency=agency,
        number=number or next_number(agency, received_on.year),
        channel=channel,
        applicant_category=person.category,
        applicant_name=person.name,
        id_number=person.id_number,
        credit_code=person.credit_code,
        phone=person.phone,
        email=person.email,
        address=person.address,
        content=request.content.strip(),
        form_wanted=request.form_wanted,
        delivery_wanted=request.delivery_wanted,
        received_on=received_on,
        state="",
        handler=actor if Role.CLERK in roles_in(actor, agency.pk) else None,
    )
    with transaction.atomic():
        application.save()
    data: dict[str, Any] = {"on": received_on.isoformat(), "channel": channel, "number": application.number}
    try:
        reply_due: dt.date | None = clock.reply_deadline_of(received_on, None, []).due
    except CalendarMissingError as exc:
        reply_due = None
        data["calendar_missing"] = exc.year
    new_values = {"state": State.REGISTERED, "reply_due": reply_due}
    data["changes"] = _apply(application, new_values)
    application.save()
    event = _append_event(application, actor, "register", "", data)
    letters.draft(event, LetterKind.RECEIPT)
    return application


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
    return _step_with_letters(
        application,
        "request_amendment",
        actor,
        on,
        (LetterKind.AMENDMENT_NOTICE,),
        details={"points": points.strip(), "period_working_days": period_working_days},
    )


def record_amendment(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """The amended application arrived on `on`: the reply period runs again from that day."""
    return take_step(application, "record_amendment", actor, on, changes={"amended_on": on})


def abandon_no_amendment(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """No amendment within the period: treated as abandoned (第三十条; table 三 其他处理 1)."""
    return take_step(
        application,
        "abandon_no_amendment",
        actor,
        on,
        changes={"outcome": "other.no_amendment", "closed_on": on},
    )


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
    """Send the consultation letter; the reply clock pauses until the answer or the window's end."""
    errors = {}
    if not party.strip():
        errors["party"] = "请填写被征求意见的第三方或机关名称。"
    if kind not in CONSULTED_KINDS:
        errors["kind"] = "被征求意见方应为第三方或其他行政机关。"
    if errors:
        raise InvalidInput(errors)
    return _step_with_letters(
        application,
        "start_consultation",
        actor,
        on,
        (LetterKind.CONSULTATION_LETTER, LetterKind.CONSULTATION_NOTICE),
        details={"party": party.strip(), "kind": kind, "matters": matters.strip()},
    )


def record_consultation_answer(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    objects: bool,
    summary: str = "",
    objection_reasons: str = "",
) -> ApplicationEvent:
    """The consulted party answered on `on`: consent, or an objection with its reasons (第三十二条)."""
    if objection_reasons.strip() and not objects:
        raise InvalidInput({"objection_reasons": "只有不同意公开时才填写不同意公开的理由。"})
    return take_step(
        application,
        "record_consultation_answer",
        actor,
        on,
        details={
            "objects": bool(objects),
            "summary": summary.strip(),
            "objection_reasons": objection_reasons.strip() if objects else "",
        },
    )


@dataclass(frozen=True)
class Objection:
    """A third party's reasoned refusal of disclosure (第三十二条)."""

    party: str
    reasons: str


def reasoned_objections(application: Application) -> list[Objection]:
    """The third parties consulted on this application who objected to disclosure with reasons."""
    found: list[Objection] = []
    consulted: Mapping[str, Any] = {}
    for action, data in application.events.order_by("seq").values_list("action", "data"):
        if action == "start_consultation":
            consulted = data
        elif (
            action == "record_consultation_answer"
            and consulted.get("kind", "third_party") == "third_party"
            and data.get("objects")
            and str(data.get("objection_reasons", "")).strip()
        ):
            found.append(Objection(str(consulted.get("party", "")), str(data["objection_reasons"])))
    return found


def close_consultation_window(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """No answer within 15 working days: the agency decides (第三十二条; silence of an agency is consent)."""
    return take_step(application, "close_consultation_window", actor, on)


# -- extension (第三十三条) ---------------------------------------------------------------------------------


def approve_extension(application: Application, actor: Any, on: dt.date, *, reason: str) -> ApplicationEvent:
    """The head approves the one extension of up to 20 working days; drafts the extension notice."""
    if not reason.strip():
        raise InvalidInput({"reason": "请写明延期答复的理由。"})
    return _step_with_letters(
        application,
        "approve_extension",
        actor,
        on,
        (LetterKind.EXTENSION_NOTICE,),
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
) -> ApplicationEvent:
    """Quote the fee by one method and notify it; the reply clock pauses until payment."""
    try:
        quote = fees.quote(by_count=by_count, by_pages=by_pages)
    except ValueError as exc:
        raise InvalidInput({"fee": str(exc)}) from None
    if quote.yuan == 0:
        raise InvalidInput({"fee": "按所选方式计算，本申请不收费，无需发出收费通知。"})
    received = notice_received_on or on
    if received < on:
        raise InvalidInput({"notice_received_on": "申请人收到通知之日不能早于通知发出之日。"})
    return _step_with_letters(
        application,
        "send_fee_notice",
        actor,
        on,
        (LetterKind.FEE_NOTICE,),
        details={"quote": quote.as_dict(), "notice_received_on": received.isoformat()},
    )


def record_payment(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    return take_step(application, "record_payment", actor, on)


def abandon_fee_unpaid(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """Not paid in time: treated as abandoned (table 三 其他处理 2)."""
    return take_step(
        application, "abandon_fee_unpaid", actor, on, changes={"outcome": "other.fee_unpaid", "closed_on": on}
    )


# -- the decision (第三十六条 to 第三十九条) ------------------------------------------------------------------

# Outcomes that only the applicant's own conduct produces; a decision letter never chooses them.
_NOT_DECIDABLE = frozenset({"other.no_amendment", "other.fee_unpaid"})


def decidable_outcomes() -> list[str]:
    """The keys a decision may choose: the 2021 rows of table 三, less those the applicant's conduct decides."""
    return [o.key for o in OUTCOMES if o.label_2021 is not None and o.key not in _NOT_DECIDABLE]


def draft_decision(
    application: Application,
    actor: Any,
    on: dt.date,
    *,
    outcome: str,
    reasons: str = "",
    delivery: str = "",
    public_interest: str = "",
) -> ApplicationEvent:
    """Choose the outcome (exactly one row of table 三) and draft the decision letter.

    Disclosing over a third party's reasoned objection needs the public-interest reason (第三十二条), and
    drafts, with the decision, the notice telling each such third party what is disclosed and why.
    """
    errors = {}
    objections = reasoned_objections(application) if outcome == "disclosed" else []
    if outcome not in decidable_outcomes():
        errors["outcome"] = f"请从办理结果分类中选择一项（“{outcome}”不是可选的答复结果）。"
    elif outcome.split(".")[0] not in _REASONS_NOT_NEEDED and not reasons.strip():
        errors["reasons"] = "此类答复须说明理由（不予公开、部分公开、无法提供、不予处理均应说明理由）。"
    elif objections and not public_interest.strip():
        parties = "、".join(sorted({o.party for o in objections}))
        errors["public_interest"] = (
            f"第三方（{parties}）以合理理由不同意公开：依照条例第三十二条，决定予以公开须写明"
            "不公开可能对公共利益造成重大影响的理由，并书面告知第三方。"
        )
    if errors:
        raise InvalidInput(errors)
    details = {"outcome": outcome, "reasons": reasons.strip(), "delivery": delivery.strip()}
    if objections:
        details["public_interest"] = public_interest.strip()
    event = take_step(application, "draft_decision", actor, on, details=details)
    letters.draft(event, LetterKind.DECISION)
    for objection in objections:
        letters.draft_to_third_party(event, objection.party, objection.reasons)
    return event


def return_draft(application: Application, actor: Any, on: dt.date, *, comment: str) -> ApplicationEvent:
    """A reviewer or the head sends the draft back; its letter is withdrawn, never deleted."""
    if not comment.strip():
        raise InvalidInput({"comment": "请写明退回修改的意见。"})
    event = take_step(application, "return_draft", actor, on, details={"comment": comment.strip()})
    application.letters.filter(
        kind__in=letters.DECISION_KINDS, issued_at__isnull=True, withdrawn=False
    ).update(withdrawn=True)
    return event


def review_decision(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    return take_step(application, "review_decision", actor, on)


def approve_decision(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    """The head approves the decision; its letter is numbered and frozen."""
    event = take_step(application, "approve_decision", actor, on)
    for letter in letters.current_decision_letters(application):
        if not letter.is_issued:
            letters.issue(letter, actor, on)
    return event


def decided_outcome(application: Application) -> str:
    """The outcome chosen in the latest decision draft ('' before any; the workflow then refuses delivery)."""
    draft = application.events.filter(action="draft_decision").order_by("-seq").first()
    return str(draft.data["outcome"]) if draft is not None else ""


def deliver_decision(
    application: Application, actor: Any, on: dt.date, *, method: str = ""
) -> ApplicationEvent:
    """The decision reached the applicant on `on`: the application is replied to and closed (办结)."""
    return take_step(
        application,
        "deliver_decision",
        actor,
        on,
        changes={"outcome": decided_outcome(application), "replied_on": on, "closed_on": on},
        details={"method": method.strip()},
    )


def file_application(application: Application, actor: Any, on: dt.date) -> ApplicationEvent:
    return take_step(application, "file_application", actor, on)


# -- review cases (table 四) -----------------------------------------------------------------------------


@transaction.atomic
def record_review_case(
    application: Application,
    actor: Any,
    *,
    number: str,
    kind: str,
    received_on: dt.date,
    concluded_on: dt.date | None = None,
    result: str = "",
) -> ReviewCase:
    """Record a reconsideration or lawsuit about the application's decision, and note it in its log."""
    if not roles_in(actor, application.agency_id) & {Role.CLERK, Role.HEAD}:
        raise StepRefused("只有本机关的经办人或负责人可以登记复议、诉讼案件。")
    errors = {}
    if kind not in {key for key, _ in REVIEW_KIND_CHOICES}:
        errors["kind"] = "案件类型应为行政复议、未经复议直接起诉或复议后起诉。"
    if not number.strip():
        errors["number"] = "请填写案件编号。"
    if (concluded_on is None) != (result == ""):
        errors["result"] = "已结案的案件须填写结果和结案日期；尚未审结的两项都不填。"
    if concluded_on is not None and concluded_on < received_on:
        errors["concluded_on"] = "结案日期不能早于收到日期。"
    if ReviewCase.objects.filter(agency_id=application.agency_id, number=number.strip()).exists():
        errors["number"] = f"案件编号“{number.strip()}”在本机关已经存在。"
    if errors:
        raise InvalidInput(errors)
    case = ReviewCase.objects.create(
        agency_id=application.agency_id,
        number=number.strip(),
        kind=kind,
        application=application,
        received_on=received_on,
        concluded_on=concluded_on,
        result=result,
    )
    record_note(
        application, actor, "record_review_case", received_on, case=case.number, kind=kind, result=result
    )
    return case


# -- attachments -----------------------------------------------------------------------------------------

# The first bytes that files of each type start with; a file whose content does not match is refused.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
}


def check_upload(name: str, size: int, head: bytes) -> str:
    """The file's extension if it may be attached; InvalidInput with the Chinese reason otherwise."""
    limit = int(settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    allowed: dict[str, str] = settings.GONGKAI_ATTACHMENT_TYPES
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        kinds = "、".join(sorted(allowed))
        raise InvalidInput({"file": f"不支持的文件类型“{suffix or '无扩展名'}”，可上传：{kinds}。"})
    if size > limit:
        raise InvalidInput(
            {"file": f"文件过大（{size / 1048576:.1f} MB），单个附件不能超过 {limit / 1048576:.0f} MB。"}
        )
    if size == 0:
        raise InvalidInput({"file": "文件是空的。"})
    magic = _MAGIC.get(suffix)
    if magic is not None and not head.startswith(magic):
        raise InvalidInput({"file": f"文件内容与扩展名“{suffix}”不符。"})
    return suffix


@transaction.atomic
def add_attachment(application: Application, actor: Any, upload: Any) -> Attachment:
    """Keep an uploaded file with the application (under MEDIA_ROOT) and note it in the log."""
    if not roles_in(actor, application.agency_id) & {Role.CLERK, Role.REVIEWER, Role.HEAD}:
        raise StepRefused("只有本机关办理人员可以上传附件。")
    head = upload.read(8)
    upload.seek(0)
    suffix = check_upload(upload.name, upload.size, head)
    allowed: dict[str, str] = settings.GONGKAI_ATTACHMENT_TYPES
    attachment = Attachment(
        application=application,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=allowed[suffix],
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    attachment.save()
    record_note(
        application,
        actor,
        "add_attachment",
        timezone.localdate(),
        attachment=attachment.pk,
        name=attachment.original_name,
    )
    return attachment


def conclude_review_case(case: ReviewCase, actor: Any, *, concluded_on: dt.date, result: str) -> ReviewCase:
    """Record a pending case's conclusion (维持, 纠正 or 其他)."""
    if not roles_in(actor, case.agency_id) & {Role.CLERK, Role.HEAD}:
        raise StepRefused("只有本机关的经办人或负责人可以登记案件结果。")
    if case.result:
        raise StepRefused("该案件已经结案。")
    if result not in {"upheld", "corrected", "other"}:
        raise InvalidInput({"result": "结果应为维持、纠正或其他。"})
    if concluded_on < case.received_on:
        raise InvalidInput({"concluded_on": "结案日期不能早于收到日期。"})
    case.concluded_on, case.result = concluded_on, result
    case.save(update_fields=["concluded_on", "result"])
    if case.application is not None:
        record_note(
            case.application, actor, "conclude_review_case", concluded_on, case=case.number, result=result
        )
    return case
