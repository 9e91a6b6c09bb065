"""The supervising office's use cases, one transaction each: 督办 (send, answer, close, escalate),
complaints (receive, conclude), 考核 / 社会评议 / 责任追究 records, and publishing a 年报体检 ranking.
Every change goes through its append-only log (`…Event.objects.append`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.supervision.models import (
    CaseAction,
    CaseState,
    CaseSubject,
    Complaint,
    ComplaintAction,
    ComplaintEvent,
    ComplaintState,
    OfficeRecord,
    OversightCase,
    OversightEvent,
    PublishedRanking,
    RecordKind,
)


class ActionError(ValueError):
    """A step that cannot be taken now (Chinese message)."""


def _locked_case(case: OversightCase) -> OversightCase:
    return OversightCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def send_notice(
    office: Agency,
    agency: Agency,
    actor: Any,
    *,
    subject: str,
    title: str,
    notice: str,
    deadline: dt.date,
    sent_on: dt.date,
    application: Any = None,
    report_year: int | None = None,
) -> OversightCase:
    if deadline < sent_on:
        raise ActionError("答复期限不能早于督办日期。")
    if subject not in CaseSubject.values:
        raise ActionError("督办事项不正确。")
    case = OversightCase.objects.create(
        agency=agency,
        office=office,
        subject=subject,
        application=application,
        report_year=report_year,
        title=title.strip()[:200],
        notice=notice.strip(),
        deadline=deadline,
        sent_on=sent_on,
        created_by=actor,
    )
    OversightEvent.objects.append(
        case,
        CaseAction.SEND,
        actor=actor,
        from_state="",
        data={"deadline": deadline.isoformat(), "notice": notice},
    )
    return case


@transaction.atomic
def answer(case: OversightCase, actor: Any, text: str, on: dt.date) -> OversightCase:
    case = _locked_case(case)
    if case.state not in (CaseState.SENT, CaseState.ANSWERED):
        raise ActionError("该督办已办结或已升级，不能再答复。")
    if not text.strip():
        raise ActionError("请填写答复内容。")
    from_state = case.state
    case.state, case.answer, case.answered_on = CaseState.ANSWERED, text.strip(), on
    case.save(update_fields=["state", "answer", "answered_on"])
    OversightEvent.objects.append(
        case,
        CaseAction.ANSWER,
        actor=actor,
        from_state=from_state,
        data={"answer": case.answer, "on": on.isoformat()},
    )
    return case


@transaction.atomic
def conclude(case: OversightCase, actor: Any, *, escalate: bool, text: str) -> OversightCase:
    """Close the case (the answer satisfies the office) or escalate it (to 责任追究 or the level above)."""
    case = _locked_case(case)
    if case.state in (CaseState.CLOSED, CaseState.ESCALATED):
        raise ActionError("该督办已办结或已升级。")
    if not escalate and case.state != CaseState.ANSWERED:
        raise ActionError("机关尚未答复，不能办结；可以升级处理。")
    from_state = case.state
    case.state = CaseState.ESCALATED if escalate else CaseState.CLOSED
    case.conclusion = text.strip()
    case.save(update_fields=["state", "conclusion"])
    OversightEvent.objects.append(
        case,
        CaseAction.ESCALATE if escalate else CaseAction.CLOSE,
        actor=actor,
        from_state=from_state,
        data={"text": case.conclusion},
    )
    return case


@transaction.atomic
def receive_complaint(
    office: Agency, agency: Agency, actor: Any, *, received_on: dt.date, complainant: str, content: str
) -> Complaint:
    if not content.strip():
        raise ActionError("请填写投诉举报内容。")
    complaint = Complaint.objects.create(
        office=office,
        agency=agency,
        received_on=received_on,
        complainant=complainant.strip(),
        content=content.strip(),
    )
    ComplaintEvent.objects.append(complaint, ComplaintAction.RECEIVE, actor=actor, from_state="")
    return complaint


@transaction.atomic
def conclude_complaint(
    complaint: Complaint, actor: Any, *, substantiated: bool, result: str, on: dt.date
) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.state == ComplaintState.CONCLUDED:
        raise ActionError("该投诉举报已办结。")
    if not result.strip():
        raise ActionError("请填写处理结果。")
    complaint.state, complaint.substantiated = ComplaintState.CONCLUDED, substantiated
    complaint.result, complaint.concluded_on = result.strip(), on
    complaint.save(update_fields=["state", "substantiated", "result", "concluded_on"])
    ComplaintEvent.objects.append(
        complaint,
        ComplaintAction.CONCLUDE,
        actor=actor,
        from_state=ComplaintState.RECEIVED,
        data={"substantiated": substantiated, "result": complaint.result},
    )
    return complaint


@transaction.atomic
def record(
    agency: Agency,
    actor: Any,
    kind: str,
    *,
    year: int,
    text: str,
    score: Decimal | None = None,
    grade: str = "",
    person: str = "",
) -> OfficeRecord:
    """A 考核 result (score, grade), a 社会评议 result (score as satisfaction, text) or a 责任追究 record
    (person or unit held accountable, text)."""
    if kind not in RecordKind.values:
        raise ActionError("记录类型不正确。")
    if not text.strip() and score is None and not grade:
        raise ActionError("请填写结果或说明。")
    data = {
        "year": year,
        "score": str(score) if score is not None else None,
        "grade": grade.strip(),
        "text": text.strip(),
        "person": person.strip(),
    }
    return OfficeRecord.objects.append(agency, kind, actor=actor, from_state="", data=data)


@transaction.atomic
def publish_ranking(
    office: Agency, year: int, rows: Sequence[dict[str, Any]], actor: Any
) -> PublishedRanking:
    if not rows:
        raise ActionError(f"{year}年度没有可排名的报告。")
    return PublishedRanking.objects.create(
        office=office, year=year, rows=list(rows), published_at=timezone.now(), published_by=actor
    )
