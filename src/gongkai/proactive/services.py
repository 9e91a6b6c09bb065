"""The register's use cases, each one `transaction.atomic`: drafting, the review chain, publication
with its 索引号, change, withdrawal, expiry and repeal, the 第十八条 re-review, attachments and settings.

Every step appends to the document's log through `DocumentEvent.objects.append` with its actor and
opinion; nothing is deleted. The publication date is the system's day of publication, never typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency
from gongkai.law.calendar import WorkingCalendar
from gongkai.law.catalogue import CHANNELS, DEFAULT_CHANNELS, DISCLOSURES, KINDS, WITHHOLDING_ARTICLES
from gongkai.law.codes import format_index_number, normalize_agency_code, parse_doc_number
from gongkai.proactive import checks
from gongkai.proactive.actions import ProactiveAction
from gongkai.proactive.chain import TRANSITIONS, chain_of, parse_chain, refusal
from gongkai.proactive.clock import due_for
from gongkai.proactive.models import (
    Document,
    DocumentAttachment,
    DocumentEvent,
    DocumentVersion,
    IndexSequence,
    ProactiveSettings,
    State,
)
from gongkai.vetting import parse_terms


class ProactiveError(Exception):
    """A use case refused, with the Chinese reason shown to the user."""


def settings_for(agency: Agency) -> ProactiveSettings:
    """The agency's settings; unsaved defaults when none were stored (reading never writes)."""
    return ProactiveSettings.objects.filter(agency=agency).first() or ProactiveSettings(agency=agency)


@dataclass
class DocumentFields:
    """What a clerk fills in when drafting or changing a document (dates as dates, issuers as a list)."""

    title: str
    formed_on: dt.date
    doc_number: str = ""
    issuers: list[str] = field(default_factory=list)
    written_on: dt.date | None = None
    kind: str = "other_document"
    theme: str = ""
    genre: str = ""
    article_item: str = ""
    disclosure: str = "proactive"
    channels: list[str] = field(default_factory=lambda: list(DEFAULT_CHANNELS))
    withheld_reason: str = ""
    withheld_article: str = ""
    keywords: str = ""
    summary: str = ""
    body: str = ""


def clean_doc_number(text: str) -> str:
    """A 文号 in the form GB/T 9704-2012 prescribes where it reads as one; otherwise as typed (local
    registration numbers such as HFGS—2017—9 are kept)."""
    text = text.strip()
    if not text:
        return ""
    try:
        return str(parse_doc_number(text))
    except ValueError:
        return text


def _check_fields(values: DocumentFields, today: dt.date) -> None:
    problems = []
    if not values.title.strip():
        problems.append("标题不能为空。")
    if values.kind not in KINDS:
        problems.append(f"文件类型“{values.kind}”无效。")
    problems += ["发布渠道无效。"] if set(values.channels) - set(CHANNELS) else []
    if values.disclosure not in DISCLOSURES:
        problems.append(f"公开属性“{values.disclosure}”无效。")
    elif values.disclosure != "proactive":
        if not values.withheld_reason.strip():
            problems.append("依申请公开或不予公开须说明理由（国办发〔2016〕80号）。")
        if values.withheld_article not in WITHHOLDING_ARTICLES:
            problems.append("依申请公开或不予公开须注明条例依据。")
    if values.formed_on > today:
        problems.append("形成日期不能晚于今天。")
    if values.written_on and values.written_on > today:
        problems.append("成文日期不能晚于今天。")
    if problems:
        raise ProactiveError("".join(problems))


def _apply(document: Document, values: DocumentFields) -> None:
    for item in fields(DocumentFields):
        setattr(document, item.name, getattr(values, item.name))
    document.title = values.title.strip()
    document.doc_number = clean_doc_number(values.doc_number)
    document.issuers = [name.strip() for name in values.issuers if name.strip()]


def _refresh_findings(document: Document, settings: ProactiveSettings, today: dt.date) -> None:
    attachment_findings = [f for f in document.findings if str(f.get("source", "")).startswith("附件")]
    new = checks.text_findings(document, settings, today) + attachment_findings
    document.findings = checks.keep_acknowledgements(new, document.findings)


@transaction.atomic
def draft_document(
    agency: Agency, actor: Any, values: DocumentFields, *, today: dt.date, calendar: WorkingCalendar
) -> Document:
    """拟稿: a new document in the register, its 公开属性 decided, its findings and clock counted."""
    _check_fields(values, today)
    document = Document(agency=agency, drafted_by=actor if getattr(actor, "pk", None) else None)
    _apply(document, values)
    document.publication_due = (
        due_for(values.formed_on, calendar) if values.disclosure == "proactive" else None
    )
    _refresh_findings(document, settings_for(agency), today)
    document.save()
    DocumentEvent.objects.append(
        document, ProactiveAction.DRAFT, actor=actor, from_state="", data={"title": document.title}
    )
    return document


@transaction.atomic
def edit_document(
    document: Document, actor: Any, values: DocumentFields, *, today: dt.date, calendar: WorkingCalendar
) -> Document:
    """Change a draft (only in 拟稿): the findings are checked again, seen ones stay acknowledged."""
    document = _locked(document)
    if document.state != State.DRAFTED:
        raise ProactiveError("只有拟稿状态的信息可以修改；已发布的信息请用“变更”。")
    _check_fields(values, today)
    before = {"title": document.title, "formed_on": document.formed_on.isoformat()}
    _apply(document, values)
    document.publication_due = (
        due_for(values.formed_on, calendar) if values.disclosure == "proactive" else None
    )
    _refresh_findings(document, settings_for(document.agency), today)
    document.save()
    DocumentEvent.objects.append(document, ProactiveAction.EDIT, actor=actor, data={"before": before})
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("agency").get(pk=document.pk)


@transaction.atomic
def acknowledge(document: Document, actor: Any, finding_ids: list[str], opinion: str = "") -> Document:
    """A reviewer confirms having seen findings (三校): each keeps who and when."""
    document = _locked(document)
    if not roles_in(actor, document.agency_id) & {"reviewer", "head"}:
        raise ProactiveError("只有审核人或负责人可以确认检查结果。")
    now = dt.datetime.now().isoformat(timespec="minutes")
    who = actor.get_full_name() or actor.get_username()
    seen = []
    for finding in document.findings:
        if finding["id"] in finding_ids and not finding.get("acknowledged_by"):
            finding["acknowledged_by"] = who
            finding["acknowledged_at"] = now
            seen.append({"id": finding["id"], "rule": finding["rule"], "text": finding["text"]})
    if not seen:
        raise ProactiveError("请勾选要确认的检查结果。")
    document.save(update_fields=["findings"])
    DocumentEvent.objects.append(
        document, ProactiveAction.ACKNOWLEDGE, actor=actor, data={"findings": seen, "opinion": opinion}
    )
    return document


@dataclass(frozen=True)
class StepInput:
    """What a step may carry besides its opinion: dates and the repealing document."""

    opinion: str = ""
    on: dt.date | None = None
    repealed_by: str = ""
    release: bool = False
    values: DocumentFields | None = None


@transaction.atomic
def take_step(
    document: Document,
    action: str,
    actor: Any,
    given: StepInput,
    *,
    today: dt.date,
    calendar: WorkingCalendar,
) -> Document:
    """One step of the review chain or of the document's later life, as `chain.TRANSITIONS` allows."""
    document = _locked(document)
    settings = settings_for(document.agency)
    reason = refusal(action, document, roles_in(actor, document.agency_id), settings)
    if reason:
        raise ProactiveError(reason)
    if TRANSITIONS[action].needs_opinion and not given.opinion.strip():
        raise ProactiveError("请填写意见或理由。")
    from_state = document.state
    data = _STEPS[action](document, settings, given, today, calendar)
    document.save()
    data = {"opinion": given.opinion.strip(), **data}
    DocumentEvent.objects.append(document, action, actor=actor, from_state=from_state, data=data)
    return document


def _submit(
    document: Document, settings: ProactiveSettings, given: StepInput, today: dt.date, _c: Any
) -> dict:
    _refresh_findings(document, settings, today)
    document.state = State.SECRECY_REVIEW
    document.review_step = 0
    return {"findings": len(document.findings)}


def _pass_secrecy(document: Document, settings: ProactiveSettings, *_: Any) -> dict:
    if checks.blocking(document):
        raise ProactiveError("正文或附件含有密级标志或“内部资料”等标注，涉密信息不得公开，请退回修改。")
    document.state = State.IN_REVIEW
    document.review_step = 0
    return {}


def _approve_step(document: Document, settings: ProactiveSettings, *_: Any) -> dict:
    chain = chain_of(settings)
    step = chain[document.review_step]
    if document.review_step + 1 >= len(chain):
        if document.unacknowledged:
            raise ProactiveError(
                f"还有{len(document.unacknowledged)}条自动检查结果未确认已阅，终审前须逐条确认（三校）。"
            )
        document.state = State.APPROVED
    document.review_step += 1
    return {"step": step.label, "level": document.review_step}


def _return(document: Document, *_: Any) -> dict:
    document.state = State.DRAFTED
    document.review_step = 0
    return {}


def next_index_number(agency: Agency, settings: ProactiveSettings, published_on: dt.date) -> str:
    """The agency's next 索引号 in the year of publication; serials per agency and year, never reused."""
    sequence, _created = IndexSequence.objects.select_for_update().get_or_create(
        agency=agency, year=published_on.year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    if settings.index_prefix:
        return format_index_number(
            settings.index_prefix, published_on, sequence.last, pattern=settings.index_pattern
        )
    # No code set yet: a provisional prefix the agency keeps (索引号 never change once given).
    return f"GK{agency.pk:07d}/{published_on.year}-{sequence.last:05d}"


def _publish(
    document: Document, settings: ProactiveSettings, given: StepInput, today: dt.date, _c: Any
) -> dict:
    if checks.blocking(document):
        raise ProactiveError("含有密级标志或内部资料标注的信息不得发布。")
    document.state = State.PUBLISHED
    document.published_on = today
    if not document.index_number:
        document.index_number = next_index_number(document.agency, settings, today)
    DocumentVersion.objects.create(
        document=document,
        number=document.version,
        title=document.title,
        body=document.body,
        formed_on=document.formed_on,
        published_on=today,
    )
    return {"index_number": document.index_number, "published_on": today.isoformat(), "late": document.late}


def _register(
    document: Document, settings: ProactiveSettings, given: StepInput, today: dt.date, _c: Any
) -> dict:
    document.state = State.REGISTERED
    if not document.index_number:  # in the register's numbering too, though not published
        document.index_number = next_index_number(document.agency, settings, today)
    if document.disclosure == "withheld":
        document.rereview_on = add_months(today, settings.withheld_review_months)
    return {"rereview_on": document.rereview_on.isoformat() if document.rereview_on else None}


def _change(
    document: Document,
    settings: ProactiveSettings,
    given: StepInput,
    today: dt.date,
    calendar: WorkingCalendar,
) -> dict:
    """变更: a new version drafted from the published one; the clock restarts from the change."""
    changed_on = given.on or today
    if changed_on > today:
        raise ProactiveError("变更日期不能晚于今天。")
    document.version += 1
    document.formed_on = changed_on
    document.publication_due = due_for(changed_on, calendar)
    document.published_on = None
    document.state = State.DRAFTED
    document.review_step = 0
    return {"version": document.version, "changed_on": changed_on.isoformat()}


def _withdraw(document: Document, *_: Any) -> dict:
    document.state = State.WITHDRAWN
    return {"index_number": document.index_number}


def _invalidate(validity: str) -> Any:
    def step(
        document: Document, settings: ProactiveSettings, given: StepInput, today: dt.date, _c: Any
    ) -> dict:
        if document.validity != "valid":
            raise ProactiveError("该文件已经失效或废止。")
        on = given.on or today
        if document.written_on and on < document.written_on:
            raise ProactiveError("失效或废止日期不能早于成文日期。")
        document.validity = validity
        document.invalid_on = on
        document.repealed_by = given.repealed_by.strip()
        return {"invalid_on": on.isoformat(), "repealed_by": document.repealed_by}

    return step


def _rereview(
    document: Document, settings: ProactiveSettings, given: StepInput, today: dt.date, calendar: Any
) -> dict:
    """第十八条: keep withholding until the next review, or release (the clock starts from the decision)."""
    if given.release:
        document.disclosure = "proactive"
        document.formed_on = today
        document.publication_due = due_for(today, calendar)
        document.rereview_on = None
        document.state = State.APPROVED
        return {"decision": "release"}
    document.rereview_on = add_months(today, settings.withheld_review_months)
    return {"decision": "keep", "rereview_on": document.rereview_on.isoformat()}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


_STEPS: dict[str, Any] = {
    ProactiveAction.SUBMIT: _submit,
    ProactiveAction.PASS_SECRECY: _pass_secrecy,
    ProactiveAction.APPROVE_STEP: _approve_step,
    ProactiveAction.RETURN: _return,
    ProactiveAction.PUBLISH: _publish,
    ProactiveAction.REGISTER: _register,
    ProactiveAction.CHANGE: _change,
    ProactiveAction.WITHDRAW: _withdraw,
    ProactiveAction.EXPIRE: _invalidate("expired"),
    ProactiveAction.REPEAL: _invalidate("repealed"),
    ProactiveAction.REREVIEW: _rereview,
}


@transaction.atomic
def add_attachment(
    document: Document, actor: Any, upload: UploadedFile, *, today: dt.date
) -> DocumentAttachment:
    """A file published with the document, checked like its text; the findings join the document's."""
    document = _locked(document)
    if document.state not in (State.DRAFTED, State.SECRECY_REVIEW, State.IN_REVIEW):
        raise ProactiveError("附件只能在发布前上传；已发布的信息请先“变更”。")
    attachment = DocumentAttachment(
        document=document, original_name=upload.name or "附件", size=upload.size or 0, uploaded_by=actor
    )
    attachment.file.save(upload.name or "attachment", upload, save=False)
    attachment.save()
    settings = settings_for(document.agency)
    found = checks.file_findings(Path(attachment.file.path), attachment.original_name, settings, today)
    document.findings = [*document.findings, *found]
    document.save(update_fields=["findings"])
    DocumentEvent.objects.append(
        document,
        ProactiveAction.ADD_ATTACHMENT,
        actor=actor,
        data={"file": attachment.original_name, "findings": len(found)},
    )
    return attachment


@transaction.atomic
def link_interpretation(interpretation: Document, policy: Document, actor: Any) -> Document:
    """A 政策解读 linked to the policy it explains (both of one agency)."""
    interpretation = _locked(interpretation)
    if policy.agency_id != interpretation.agency_id or policy.pk == interpretation.pk:
        raise ProactiveError("政策解读只能关联本机关的另一份政策文件。")
    interpretation.interprets = policy
    interpretation.kind = "interpretation"
    interpretation.save(update_fields=["interprets", "kind"])
    DocumentEvent.objects.append(
        interpretation, ProactiveAction.LINK_INTERPRETATION, actor=actor, data={"policy": policy.title}
    )
    return interpretation


@transaction.atomic
def save_settings(agency: Agency, actor: Any, **values: Any) -> ProactiveSettings:
    """The agency's settings, checked: the code's check character, the chain's roles, the terms' form."""
    settings = ProactiveSettings.objects.select_for_update().filter(
        agency=agency
    ).first() or ProactiveSettings(agency=agency)
    try:
        if values.get("index_prefix"):
            values["index_prefix"] = normalize_agency_code(values["index_prefix"])
        if "review_chain" in values:
            parse_chain(values["review_chain"])
        if values.get("extra_terms", "").strip():
            parse_terms(values["extra_terms"], suffix=".csv", label="本机关禁用和规范表述")
    except ValueError as exc:
        raise ProactiveError(str(exc)) from None
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings
