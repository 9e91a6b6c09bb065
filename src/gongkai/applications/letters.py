"""Letters (告知书): drafted from a template per kind, editable until issued, then numbered and frozen.

The wording of each kind is data: `templates/letters/<kind>.txt`, a Django template filled from the
application and the event that produced the letter. Numbers run per agency and year: 〔2025〕3号.
Editing and issuing are use cases of their own (`edit_letter`, `issue_letter`), open to the agency's
clerks and head; the steps that produce letters draft and number them inside their own transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock
from gongkai.applications.deadlines import is_provisional
from gongkai.applications.errors import InvalidInput, LetterError, StepRefused
from gongkai.applications.events import note
from gongkai.applications.models import Application, ApplicationEvent, Letter, LetterKind
from gongkai.applications.notify import letter_issued
from gongkai.applications.punctuation import tidy
from gongkai.applications.workflow import outcome_label
from gongkai.core.models import acting_user
from gongkai.law import outcomes, remedies
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.deadlines import EXTENSION_PAUSE_NOTE_ZH, Deadline
from gongkai.law.receipt import channel as channel_info
from gongkai.law.reconsideration import ReconsiderationBodyError
from gongkai.law.zh import date_zh

# Who may edit and issue a letter: the agency's clerks and its head.
LETTER_ROLES = frozenset({Role.CLERK, Role.HEAD})
# The letters a decision produces: to the applicant, and to a third party whose objection is overridden.
DECISION_KINDS: tuple[str, ...] = (LetterKind.DECISION, LetterKind.THIRD_PARTY_NOTICE)
# Letter control: the letters signed only by the approval of their step (the decision's letters, after the
# reviewer's review and the head's approval: `steps.approve_decision`); a clerk signs the others.
SIGNED_ON_APPROVAL: frozenset[str] = frozenset(DECISION_KINDS)
# The letters that state remedies and so name the 复议机关: never signed while it cannot be named.
NAMING_THE_BODY: frozenset[str] = frozenset({*DECISION_KINDS, LetterKind.ABANDONMENT_NOTICE})


# -- the wording --------------------------------------------------------------------------------------------


def _zh(day: Any) -> str:
    return date_zh(day) if isinstance(day, dt.date) else ""


def _due_pending(year: int) -> str:
    """Stands in a draft letter for a date that needs a year's holidays not yet loaded (edit before issuing)."""
    return f"〔期限待{year}年节假日安排公布后确定〕"


PROVISIONAL_MARK = "（暂定）"


def _due_zh(compute: Callable[[], Deadline | None]) -> str:
    """A deadline's date as a letter gives it, marked 暂定 when it rests on a year whose holiday arrangement
    is not loaded (counted on the statutory holidays alone)."""
    try:
        deadline = compute()
    except CalendarMissingError as exc:
        return _due_pending(exc.year)
    if deadline is None:
        return ""
    return _zh(deadline.due) + (PROVISIONAL_MARK if deadline.provisional else "")


def _reply_due_zh(application: Application, data: dict[str, Any], clock: Clock) -> str:
    """The stored reply deadline as a letter gives it (marked 暂定 when provisional)."""
    if application.reply_due is None:
        return _due_pending(data["calendar_missing"]) if data.get("calendar_missing") else ""
    mark = PROVISIONAL_MARK if is_provisional(application, clock.calendar) else ""
    return _zh(application.reply_due) + mark


def body_missing(problem: str) -> str:
    """Stands in a draft for the 复议机关 while it cannot be named: the letter is not signed meanwhile."""
    return f"〔复议机关待确定：{problem}〕"


def remedy_reading() -> remedies.RemedyReading:
    """The installation's reading of 复议前置 (setting GONGKAI_RECONSIDERATION_FIRST, default broad)."""
    return remedies.remedy_reading(getattr(settings, "GONGKAI_RECONSIDERATION_FIRST", "broad"))


def remedy_text(agency: Agency, outcome_key: str, signed: dt.date) -> str:
    """The remedies sentence of a decision signed on `signed`, naming the 复议机关 by the law in force that
    day (行政复议法第二十四条至第二十八条), or a placeholder naming what is missing."""
    try:
        body = agency.reconsideration_body(signed)
    except ReconsiderationBodyError as exc:
        return body_missing(str(exc))
    return remedies.remedy_for_body(body, outcome_key, signed, reading=remedy_reading()).text_zh


def third_party_remedy_text(agency: Agency, signed: dt.date) -> str:
    """The remedies of a third party whose information is disclosed: reconsideration or litigation at its
    choice (第二十三条's 复议前置 concerns applicants refused information, not third parties)."""
    try:
        body = agency.reconsideration_body(signed)
    except ReconsiderationBodyError as exc:
        return body_missing(str(exc))
    return (
        remedies.remedy_for_body(body, "disclosed", signed, reading=remedy_reading())
        .text_zh.replace("如对本答复不服", "贵方如对本决定不服")
        .replace("本答复", "本决定")
    )


def letter_context(event: ApplicationEvent, kind: str, clock: Clock) -> dict[str, Any]:
    """Everything a letter template may use, from the application, the producing event and its clock."""
    application = event.application
    on = dt.date.fromisoformat(event.data["on"])
    data = event.data
    context: dict[str, Any] = {
        "application": application,
        "agency": application.agency,
        "received_on_zh": _zh(application.received_on),
        "amended_on_zh": _zh(application.amended_on),
        "reply_due_zh": _reply_due_zh(application, data, clock),
        "on_zh": _zh(on),
        **{key: value for key, value in data.items() if key not in ("changes", "on", "calendar_missing")},
    }
    kind_context = KIND_CONTEXTS.get(kind)
    if kind_context is not None:
        context.update(kind_context(application, data, clock, on))
    return context


def decision_texts(agency: Agency, outcome_key: str, decided_on: dt.date) -> dict[str, str]:
    """The decision sentence with its legal basis, and the remedies, for an outcome decided on a day."""
    chosen = outcomes.outcome(outcome_key)
    return {
        "decision_text": chosen.basis_zh,
        "remedy_text": remedy_text(agency, outcome_key, decided_on),
        "outcome_label": outcome_label(outcome_key),
    }


def not_held_text(data: dict[str, Any]) -> dict[str, str]:
    """本机关不掌握 answered as 不存在 (with the search made) or 非本机关 (naming the responsible agency)."""
    if data.get("not_held_kind") == "absent":
        return {
            "decision_text": f"经检索（{data.get('search_made', '')}），本机关没有制作或者获取您申请公开的政府信息。"
            f"根据{outcomes.REGULATIONS_ZH}第三十六条第（四）项的规定，告知您该政府信息不存在。"
        }
    if data.get("not_held_kind") == "elsewhere":
        responsible = str(data.get("responsible_agency", ""))
        contact = str(data.get("responsible_contact", ""))
        if responsible == "无法确定":
            named = "本机关无法确定负责公开该政府信息的行政机关"
        else:
            named = f"负责公开该政府信息的行政机关为{responsible}" + (
                f"，联系方式：{contact}" if contact else ""
            )
        return {
            "decision_text": f"您申请公开的政府信息不属于本机关负责公开。根据{outcomes.REGULATIONS_ZH}"
            f"第三十六条第（五）项的规定，告知您：{named}。"
        }
    return {}


# What a letter of one kind needs besides the common context: (application, event data, clock, day).
KindContext = Callable[[Application, dict[str, Any], Clock, dt.date], dict[str, Any]]


def _receipt_context(
    application: Application, _data: dict[str, Any], _clock: Clock, _on: dt.date
) -> dict[str, Any]:
    info = channel_info(application.channel)
    return {"channel_label": info.label_zh, "channel_basis": info.basis_zh}


def _amendment_context(
    _app: Application, _data: dict[str, Any], clock: Clock, _on: dt.date
) -> dict[str, Any]:
    return {"period_due_zh": _due_zh(clock.amendment_period)}


def _reasons_context(_app: Application, data: dict[str, Any], _clock: Clock, _on: dt.date) -> dict[str, Any]:
    return {"answer_by_zh": _zh(dt.date.fromisoformat(data["answer_by"]))}


def _deferral_context(_app: Application, data: dict[str, Any], clock: Clock, _on: dt.date) -> dict[str, Any]:
    """The 第三十五条 history a deferral notice recalls: reasons asked for, stated, and the dates."""
    asked, answered = clock.last(Action.REQUEST_REASONS), clock.last(Action.RECORD_REASONS)
    previous = data.get("previous_due")
    return {
        "requested_on_zh": _zh(asked.on) if asked else "",
        "answered_on_zh": _zh(answered.on) if answered else "",
        "previous_due_zh": _zh(dt.date.fromisoformat(previous)) if previous else "",
        "reply_by_zh": _zh(dt.date.fromisoformat(data["reply_by"])),
    }


def _extension_context(_app: Application, data: dict[str, Any], clock: Clock, on: dt.date) -> dict[str, Any]:
    previous = data.get("changes", {}).get("reply_due", [None, None])[0]
    context = {"original_due_zh": _zh(dt.date.fromisoformat(previous)) if previous else ""}
    if clock.open_consultations():
        # The date promised counts an open consultation only up to today (第三十三条第二款).
        context["reply_due_zh"] = _due_zh(lambda: clock.promised_reply(on))
        context["pause_note"] = EXTENSION_PAUSE_NOTE_ZH
    return context


def _consultation_context(
    _app: Application, _data: dict[str, Any], _clock: Clock, on: dt.date
) -> dict[str, Any]:
    return {"sent_zh": _zh(on)}


def _fee_context(_app: Application, _data: dict[str, Any], clock: Clock, _on: dt.date) -> dict[str, Any]:
    return {
        "payment_due_zh": _due_zh(clock.fee_payment),
        "payment_method": "请按本机关告知的缴费账户或现场缴费方式缴纳，并注明申请编号",
    }


def _decision_context(
    application: Application, data: dict[str, Any], _clock: Clock, on: dt.date
) -> dict[str, Any]:
    return {**decision_texts(application.agency, data["outcome"], on), **not_held_text(data)}


def _third_party_context(
    application: Application, _data: dict[str, Any], _clock: Clock, on: dt.date
) -> dict[str, Any]:
    return {"remedy_text": third_party_remedy_text(application.agency, on)}


KIND_CONTEXTS: dict[str, KindContext] = {
    LetterKind.RECEIPT: _receipt_context,
    LetterKind.AMENDMENT_NOTICE: _amendment_context,
    LetterKind.REASONS_REQUEST: _reasons_context,
    LetterKind.DEFERRAL_NOTICE: _deferral_context,
    LetterKind.EXTENSION_NOTICE: _extension_context,
    LetterKind.CONSULTATION_LETTER: _consultation_context,
    LetterKind.CONSULTATION_NOTICE: _consultation_context,
    LetterKind.FEE_NOTICE: _fee_context,
    LetterKind.DECISION: _decision_context,
    LetterKind.THIRD_PARTY_NOTICE: _third_party_context,
}


def _recipient_for(event: ApplicationEvent, kind: str) -> str:
    if kind == LetterKind.CONSULTATION_LETTER:
        return str(event.data.get("party", ""))
    return event.application.applicant_name


def draft(
    event: ApplicationEvent, kind: str, clock: Clock, recipient: str | None = None, **extra: Any
) -> Letter:
    """Draft the letter of `kind` for the step `event`, from its template (`extra`: more to fill it)."""
    context = {**letter_context(event, kind, clock), **extra}
    body = tidy(render_to_string(f"letters/{kind}.txt", context).strip())
    return Letter.objects.create(
        application=event.application,
        agency=event.application.agency,
        event=event,
        kind=kind,
        recipient=recipient if recipient is not None else _recipient_for(event, kind),
        body=body,
        remedy_text=str(context.get("remedy_text", "")),
    )


def draft_abandonment(event: ApplicationEvent, clock: Clock, outcome_key: str) -> Letter:
    """The letter telling the applicant its application is treated as abandoned (第三十条; 109号)."""
    texts = decision_texts(event.application.agency, outcome_key, dt.date.fromisoformat(event.data["on"]))
    return draft(event, LetterKind.ABANDONMENT_NOTICE, clock, **texts)


def draft_to_third_party(event: ApplicationEvent, clock: Clock, party: str, objection_reasons: str) -> Letter:
    """The notice to a third party that its information is disclosed over its objection (第三十二条)."""
    return draft(
        event, LetterKind.THIRD_PARTY_NOTICE, clock, recipient=party, objection_reasons=objection_reasons
    )


# -- the decision's letters ---------------------------------------------------------------------------------


def current_decision_letter(application: Application) -> Letter | None:
    return (
        application.letters.filter(kind=LetterKind.DECISION, withdrawn=False)
        .order_by("-created_at", "-id")
        .first()
    )


def current_decision_letters(application: Application) -> list[Letter]:
    """The decision letter and, if any, the notice to the third party, of the latest decision draft."""
    decision = current_decision_letter(application)
    if decision is None:
        return []
    return list(
        application.letters.filter(event_id=decision.event_id, kind__in=DECISION_KINDS, withdrawn=False)
    )


def withdraw_decision_drafts(application: Application, actor: Any, on: dt.date, reason: str) -> None:
    """The draft decision's letters are withdrawn (kept, never deleted) when the draft is sent back; one
    already signed (before letter control, or imported) is voided with the reason and stays in the log."""
    current = application.letters.filter(kind__in=DECISION_KINDS, withdrawn=False)
    for letter in current.filter(issued_at__isnull=False):
        _void(letter, actor, on, reason)
    current.filter(issued_at__isnull=True).update(withdrawn=True)


# -- numbering, editing and issuing -------------------------------------------------------------------------


def _next_seq(agency_id: int, year: int) -> int:
    """The next letter number of the agency in the year (the caller holds the agency's row lock)."""
    last = Letter.objects.filter(agency_id=agency_id, year=year).aggregate(last=Max("seq"))["last"]
    return (last or 0) + 1


def number(letter: Letter, actor: Any, on: dt.date) -> Letter:
    """Number the letter (per agency and year), freeze it and note it in the log; inside the caller's
    transaction, which locks the agency's row so that two letters never get one number."""
    agency = Agency.objects.select_for_update().get(pk=letter.agency_id)
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.is_issued:
        raise LetterError("告知书已经签发。")
    if locked.withdrawn:
        raise LetterError("告知书已撤回，不能签发。")
    _remedies_of_the_day(locked, agency, on)
    locked.year, locked.seq = on.year, _next_seq(agency.pk, on.year)
    locked.number_prefix = agency.letter_prefix.strip()
    locked.issued_on, locked.issued_at = on, timezone.now()
    locked.issued_by = acting_user(actor)
    locked.save()
    note(
        locked.application,
        actor,
        Action.ISSUE_LETTER,
        on,
        letter=locked.pk,
        kind=locked.kind,
        number=locked.number_label,
    )
    # The applicant's copy by e-mail, once the signing is kept (a failing mail server never undoes it).
    transaction.on_commit(functools.partial(letter_issued, locked.pk))
    return locked


def _current_remedy_text(letter: Letter, agency: Agency, on: dt.date) -> str:
    if letter.kind == LetterKind.THIRD_PARTY_NOTICE:
        return third_party_remedy_text(agency, on)
    data = letter.event.data
    outcome_key = data.get("outcome") or data.get("changes", {}).get("outcome", ["", ""])[1]
    return remedy_text(agency, str(outcome_key), on)


def _remedies_of_the_day(letter: Letter, agency: Agency, on: dt.date) -> None:
    """A letter naming the 复议机关 is signed only when the body can be named, and states the remedies of
    the law in force on the day it is signed (a draft of 2023 signed in 2024 follows the 2023 law)."""
    if letter.kind not in NAMING_THE_BODY:
        return
    problem = agency.reconsideration_problem(on)
    if problem is not None:
        raise LetterError(f"不能签发：{problem}")
    current = _current_remedy_text(letter, agency, on)
    if current == letter.remedy_text:
        return
    if not letter.remedy_text or letter.remedy_text not in letter.body:
        raise LetterError(
            "告知书中的救济途径（复议机关、期限）已被改动，无法按签发之日适用的法律核对："
            "请退回重新拟写答复，或在正文中恢复系统生成的救济途径。"
        )
    letter.body = letter.body.replace(letter.remedy_text, current)
    letter.remedy_text = current


def _void(letter: Letter, actor: Any, on: dt.date, reason: str) -> None:
    letter.withdrawn = True
    letter.voided_reason = reason
    letter.voided_at = timezone.now()
    letter.voided_by = acting_user(actor)
    letter.save(update_fields=["withdrawn", "voided_reason", "voided_at", "voided_by"])
    note(
        letter.application,
        actor,
        Action.VOID_LETTER,
        on,
        letter=letter.pk,
        kind=letter.kind,
        number=letter.number_label,
        reason=reason,
    )


@transaction.atomic
def void_letter(letter: Letter, actor: Any, on: dt.date, *, reason: str) -> Letter:
    """The head voids a signed letter that is superseded or wrong; it stays in the history with the reason."""
    if Role.HEAD not in roles_in(actor, letter.agency_id):
        raise StepRefused("只有本机关负责人可以作废已签发的告知书。")
    if not reason.strip():
        raise InvalidInput({"reason": "请写明作废的理由。"})
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if not locked.is_issued:
        raise LetterError("告知书尚未签发：草稿可直接修改，无需作废。")
    if locked.is_voided:
        raise LetterError("告知书已经作废。")
    _void(locked, actor, on, reason.strip())
    return locked


def _require_letter_role(letter: Letter, actor: Any, what: str) -> None:
    if not roles_in(actor, letter.agency_id) & LETTER_ROLES:
        raise StepRefused(f"只有本机关的经办人或负责人可以{what}告知书。")


@transaction.atomic
def edit_letter(letter: Letter, actor: Any, *, body: str, recipient: str | None = None) -> Letter:
    """Change a draft's text; the previous and new text go into the application's log."""
    _require_letter_role(letter, actor, "修改")
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.is_issued or locked.withdrawn:
        raise LetterError("告知书已签发（或已撤回），内容不能再修改。")
    if not body.strip():
        raise LetterError("告知书正文不能为空。")
    changes: dict[str, list[str]] = {}
    if body.strip() != locked.body:
        changes["body"] = [locked.body, body.strip()]
        locked.body = body.strip()
    if recipient is not None and recipient.strip() != locked.recipient:
        changes["recipient"] = [locked.recipient, recipient.strip()]
        locked.recipient = recipient.strip()
    if changes:
        locked.save()
        note(
            locked.application,
            actor,
            Action.EDIT_LETTER,
            timezone.localdate(),
            letter=locked.pk,
            kind=locked.kind,
            letter_changes=changes,
        )
    return locked


@transaction.atomic
def issue_letter(letter: Letter, actor: Any, on: dt.date) -> Letter:
    """Number the letter (per agency and year) and freeze it — not a decision's letters, which only the
    head's approval signs, after the review (letter control)."""
    _require_letter_role(letter, actor, "签发")
    if letter.kind in SIGNED_ON_APPROVAL:
        raise LetterError(
            f"“{letter.get_kind_display()}”须经审核人审核、负责人批准后签发：负责人批准答复时自动编号签发，不能单独签发。"
        )
    return number(letter, actor, on)
