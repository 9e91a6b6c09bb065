"""The government's own annual report (第四十九条: each level reports for itself): its narrative on
supervision — 监督保障, 考核, 社会评议, 责任追究 — drafted from what the office recorded in the year.

`facts` reads the records; `draft` writes the paragraphs from the facts alone (so the wording is tested
on plain values). `report_contribution` hands them to the government's own annual report
(`gongkai.reports.contributions`): they fill "（五）监督保障" of its section 一 when the report is opened or
redrafted, or when its clerk asks for it on the text page, and are edited there like any other draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.agencies.models import Agency
from gongkai.annual.drafting import placeholder
from gongkai.supervision.models import (
    CaseState,
    CaseSubject,
    Complaint,
    ComplaintState,
    OfficeRecord,
    OversightCase,
    RecordKind,
)


@dataclass(frozen=True)
class Entry:
    agency: str
    score: str | None
    grade: str
    text: str
    person: str


@dataclass
class Facts:
    government: str
    year: int
    cases: int = 0
    cases_on_applications: int = 0
    cases_on_reports: int = 0
    cases_closed: int = 0
    cases_escalated: int = 0
    cases_answered_late: int = 0
    complaints: int = 0
    complaints_concluded: int = 0
    complaints_substantiated: int = 0
    records: dict[str, list[Entry]] = field(default_factory=dict)


def facts(government: Agency, agencies: Sequence[Agency], year: int) -> Facts:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    f = Facts(government.name, year)
    cases = list(OversightCase.objects.filter(agency__in=agencies, sent_on__range=(first, last)))
    f.cases = len(cases)
    f.cases_on_applications = sum(c.subject == CaseSubject.APPLICATION for c in cases)
    f.cases_on_reports = sum(c.subject == CaseSubject.REPORT for c in cases)
    f.cases_closed = sum(c.state == CaseState.CLOSED for c in cases)
    f.cases_escalated = sum(c.state == CaseState.ESCALATED for c in cases)
    f.cases_answered_late = sum(c.answered_late for c in cases)
    complaints = list(Complaint.objects.filter(agency__in=agencies, received_on__range=(first, last)))
    f.complaints = len(complaints)
    f.complaints_concluded = sum(c.state == ComplaintState.CONCLUDED for c in complaints)
    f.complaints_substantiated = sum(bool(c.substantiated) for c in complaints)
    for r in (
        OfficeRecord.objects.filter(agency__in=agencies)
        .select_related("agency")
        .order_by("agency__name", "seq")
    ):
        if r.data.get("year") != year:
            continue
        entry = Entry(
            r.agency.name,
            r.data.get("score"),
            r.data.get("grade", ""),
            r.data.get("text", ""),
            r.data.get("person", ""),
        )
        f.records.setdefault(r.action, []).append(entry)
    return f


def _oversight(f: Facts) -> str:
    if not f.cases and not f.complaints:
        return f"{f.year}年，本级政务公开工作主管部门未发出督办通知，未收到涉及政府信息公开工作的投诉举报。"
    text = (
        f"{f.year}年，本级政务公开工作主管部门对所属机关发出督办通知{f.cases}件"
        f"（其中逾期未答复申请{f.cases_on_applications}件、年度报告{f.cases_on_reports}件），"
        f"已办结{f.cases_closed}件，升级处理{f.cases_escalated}件"
    )
    if f.cases_answered_late:
        text += f"，{f.cases_answered_late}件未在期限内答复"
    text += (
        f"。收到涉及政府信息公开工作的投诉举报{f.complaints}件，办结{f.complaints_concluded}件，"
        f"经查属实{f.complaints_substantiated}件。"
    )
    return text


def _list(entries: list[Entry], with_score: bool) -> str:
    parts = []
    for e in entries:
        detail = "，".join(
            x for x in ((f"{e.score}分" if with_score and e.score else ""), e.grade, e.text) if x
        )
        parts.append(f"{e.agency}（{detail}）" if detail else e.agency)
    return "；".join(parts)


def draft(f: Facts) -> dict[str, str]:
    """{"监督保障", "考核", "社会评议", "责任追究"}: the paragraphs, plain statements of the recorded facts."""
    assessed = f.records.get(RecordKind.ASSESSMENT, [])
    reviewed = f.records.get(RecordKind.SOCIAL_REVIEW, [])
    held = f.records.get(RecordKind.ACCOUNTABILITY, [])
    return {
        "监督保障": _oversight(f),
        "考核": (
            f"将政府信息公开工作纳入{f.year}年度绩效考核，考核机关{len(assessed)}个：{_list(assessed, True)}。"
            if assessed
            else f"{f.year}年未记录政府信息公开工作考核结果。"
        ),
        "社会评议": (
            f"组织开展政府信息公开工作社会评议{len(reviewed)}次：{_list(reviewed, True)}。"
            if reviewed
            else f"{f.year}年未记录社会评议结果。"
        ),
        "责任追究": (
            f"对政府信息公开工作中的问题追究责任{len(held)}起："
            + "；".join(f"{e.agency}{('（' + e.person + '）') if e.person else ''}：{e.text}" for e in held)
            + "。"
            if held
            else f"{f.year}年未发生政府信息公开工作责任追究情况。"
        ),
    }


OVERSIGHT_HEADING = "（五）监督保障"


def report_contribution(agency: Agency, year: int) -> dict[str, dict[str, str]]:
    """For a government's own report: "（五）监督保障" drafted from the year's records of its area (nothing
    for a department, or for a government whose office recorded nothing that year)."""
    if agency.kind != Agency.Kind.GOVERNMENT:
        return {}
    # imported here: `importing` loads the whole report reader, which web processes need only for imports
    from gongkai.supervision.importing import area_agencies

    f = facts(agency, area_agencies(agency), year)
    if not (f.cases or f.complaints or f.records):
        return {}
    drafted = draft(f)
    body = [
        placeholder("组织领导、教育培训等情况"),
        *(drafted[k] for k in ("监督保障", "考核", "社会评议", "责任追究")),
    ]
    return {"一": {OVERSIGHT_HEADING: "\n".join(body)}}
