"""Letters (告知书): drafted from a template per kind, editable until issued, then numbered and frozen.

The wording of each kind is data: `templates/letters/<kind>.txt`, a Django template filled from the
application and the event that produced the letter. Numbers run per agency and year: 〔2025〕第3号.
Editing and issuing are use cases of their own (`edit_letter`, `issue_letter`), open to the agency's
clerks and head; the steps that produce letters draft and number them inside their own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock
from gongkai.applications.errors import LetterError, StepRefused
from gongkai.applications.events import note
from gongkai.applications.models import Application, ApplicationEvent, Letter, LetterKind
from gongkai.applications.punctuation import tidy
from gongkai.applications.workflow import outcome_label
from gongkai.core.models import acting_user
from gongkai.law import outcomes, remedies
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.deadlines import Deadline
from gongkai.law.receipt import channel as channel_info
from gongkai.law.zh import date_zh

# Who may edit and issue a letter: the agency's clerks and its head.
LETTER_ROLES = frozenset({Role.CLERK, Role.HEAD})
# The letters a decision produces: to the applicant, and to a third party whose objection is overridden.
DECISION_KINDS: tuple[str, ...] = (LetterKind.DECISION, LetterKind.THIRD_PARTY_NOTICE)


# -- the wording --------------------------------------------------------------------------------------------


def _zh(day: Any) -> str:
    return date_zh(day) if isinstance(day, dt.date) else ""


def _due_pending(year: int) -> str:
    """Stands in a draft letter for a date that needs a year's holidays not yet loaded (edit before issuing)."""
    return f"〔期限待{year}年节假日安排公布后确定〕"


def _due_zh(compute: Callable[[], Deadline | None]) -> str:
    try:
        deadline = compute()
    except CalendarMissingError as exc:
        return _due_pending(exc.year)
    return _zh(deadline.due if deadline else None)


def reconsideration_body(agency: Agency) -> str:
    """Where reconsideration is applied for: the people's government at the same level (行政复议法第二十四条).

    A department's government is its parent; a government's reconsideration goes to the government above.
    """
    if agency.parent is not None:
        return agency.parent.name
    return "上一级人民政府"


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
        "reply_due_zh": _zh(application.reply_due)
        or (_due_pending(data["calendar_missing"]) if data.get("calendar_missing") else ""),
        "on_zh": _zh(on),
        **{key: value for key, value in data.items() if key not in ("changes", "on", "calendar_missing")},
    }
    if kind == LetterKind.RECEIPT:
        info = channel_info(application.channel)
        context.update(channel_label=info.label_zh, channel_basis=info.basis_zh)
    elif kind == LetterKind.AMENDMENT_NOTICE:
        context["period_due_zh"] = _due_zh(clock.amendment_period)
    elif kind == LetterKind.EXTENSION_NOTICE:
        previous = data.get("changes", {}).get("reply_due", [None, None])[0]
        context["original_due_zh"] = _zh(dt.date.fromisoformat(previous)) if previous else ""
    elif kind in (LetterKind.CONSULTATION_LETTER, LetterKind.CONSULTATION_NOTICE):
        context.update(window_due_zh=_due_zh(lambda: clock.consultation_window_from(on)), sent_zh=_zh(on))
    elif kind == LetterKind.FEE_NOTICE:
        context.update(
            payment_due_zh=_due_zh(clock.fee_payment),
            payment_method="请按本机关告知的缴费账户或现场缴费方式缴纳，并注明申请编号",
        )
    elif kind == LetterKind.DECISION:
        context.update(decision_texts(application.agency, data["outcome"], on))
    return context


def decision_texts(agency: Agency, outcome_key: str, decided_on: dt.date) -> dict[str, str]:
    """The decision sentence with its legal basis, and the remedies, for an outcome decided on a day."""
    chosen = outcomes.outcome(outcome_key)
    return {
        "decision_text": chosen.basis_zh,
        "remedy_text": remedies.remedy_text_zh(
            outcome_key, decided_on, reconsideration_body=reconsideration_body(agency)
        ),
        "outcome_label": outcome_label(outcome_key),
    }


def _recipient_for(event: ApplicationEvent, kind: str) -> str:
    if kind == LetterKind.CONSULTATION_LETTER:
        return str(event.data.get("party", ""))
    return event.application.applicant_name


def draft(
    event: ApplicationEvent, kind: str, clock: Clock, recipient: str | None = None, **extra: Any
) -> Letter:
    """Draft the letter of `kind` for the step `event`, from its template (`extra`: more to fill it)."""
    body = tidy(
        render_to_string(f"letters/{kind}.txt", {**letter_context(event, kind, clock), **extra}).strip()
    )
    return Letter.objects.create(
        application=event.application,
        agency=event.application.agency,
        event=event,
        kind=kind,
        recipient=recipient if recipient is not None else _recipient_for(event, kind),
        body=body,
    )


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


def withdraw_decision_drafts(application: Application) -> None:
    """The draft decision's letters are withdrawn (kept, never deleted) when the draft is sent back."""
    application.letters.filter(kind__in=DECISION_KINDS, issued_at__isnull=True, withdrawn=False).update(
        withdrawn=True
    )


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
    """Number the letter (per agency and year) and freeze it."""
    _require_letter_role(letter, actor, "签发")
    return number(letter, actor, on)
