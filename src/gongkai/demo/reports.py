"""Annual reports for the demo city: for the past year one drafted, one checked and one published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.annual.drafting import fill_placeholders
from gongkai.demo.city import FEATURED
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportState

# What a clerk would write in the places the draft leaves for them (keyed by the start of the hint).
DEMO_PROSE: dict[str, str] = {
    "地址": "本机关办公楼一楼政务公开窗口",
    "电话": "0517-80000000",
    "本年度通过政府网站": "本年度依托政府门户网站信息公开专栏、政务微信公众号及时发布机构职能、政策文件、"
    "财政预决算、重点工作进展等信息，对出台的政策文件同步开展政策解读，及时回应公众关切。",
    "公开属性认定": "严格执行公文公开属性源头认定制度，拟制公文时同步明确主动公开、依申请公开或不予公开属性；"
    "落实信息发布保密审查和“三审三校”制度；按规定更新政府信息公开指南和政府信息公开目录。",
    "政府网站信息公开专栏": "安排专人维护政府网站信息公开专栏和政务新媒体账号，定期检查栏目更新情况，"
    "及时整改错链、断链和内容不准确等问题。",
    "组织领导": "调整充实政府信息公开工作领导小组，明确分管负责人和经办人员；组织工作人员参加政务公开业务培训；"
    "将政府信息公开工作纳入年度目标考核，主动接受社会评议。本年度未发生政府信息公开工作责任追究情况。",
    "下一步": "下一步，本机关将进一步规范依申请公开办理流程，加强对经办人员的培训，确保按时、规范答复。",
}
DEMO_PROBLEMS = (
    "本年度政府信息公开工作仍存在一些不足：一是部分栏目信息更新不够及时；二是政策解读形式较为单一。"
    "针对上年度发现的问题，本机关已建立栏目更新台账，按月检查落实。"
)
# Table 二 of a busy department, as a demo clerk would enter it.
DEMO_INPUTS: dict[str, Any] = {
    "normative_issued": 3,
    "normative_repealed": 1,
    "normative_in_force": 12,
    "licensing_decisions": 856,
    "penalty_decisions": 47,
    "coercion_decisions": 5,
    "fees_wan_yuan": Decimal("12.5"),
}


def _demo_fill(hint: str) -> str:
    for start, prose in DEMO_PROSE.items():
        if hint.startswith(start):
            return prose
    return DEMO_PROBLEMS


def _member(agency: Agency, role: str) -> Any:
    """A user holding `role` in the agency, created for the demo if the agency has none."""
    membership = Membership.objects.filter(agency=agency, role=role).select_related("user").first()
    if membership is not None:
        return membership.user
    user, _created = User.objects.get_or_create(username=f"{agency.code}-{role}")
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def _demo_departments(year: int) -> list[Agency]:
    """Three departments: the two with the most applications in `year` (the most telling reports), then
    the demo's featured department, whose printed logins let a visitor work its draft through."""
    featured = Agency.objects.filter(code=FEATURED, kind=Agency.Kind.DEPARTMENT).first()
    busiest: list[Agency] = list(
        Agency.objects.filter(kind=Agency.Kind.DEPARTMENT)
        .exclude(code=FEATURED)
        .annotate(n=Count("applications", filter=Q(applications__received_on__year=year)))
        .order_by("-n", "name")[: 2 if featured else 3]
    )
    return [*busiest, featured] if featured else busiest


def _prepared(agency: Agency, year: int, leave: tuple[str, ...] = ()) -> AnnualReport:
    """A report with table 二 entered and every placeholder written, except in the sections `leave`."""
    clerk = _member(agency, Role.CLERK)
    report = services.open_report(agency, year, clerk)
    services.update_inputs(report, clerk, DEMO_INPUTS)
    report.refresh_from_db()
    services.update_sections(
        report,
        clerk,
        {
            key: fill_placeholders(text, _demo_fill)
            for key, text in report.sections.items()
            if key not in leave
        },
    )
    report.refresh_from_db()
    return report


def create_demo_reports(year: int | None = None) -> dict[str, AnnualReport]:
    """For `year` (default: the past year) a drafted, a checked and a published report; idempotent."""
    year = year or timezone.localdate().year - 1
    agencies = _demo_departments(year)
    if len(agencies) < 3 or AnnualReport.objects.filter(year=year, agency__in=agencies).exists():
        return {r.state: r for r in AnnualReport.objects.filter(year=year, agency__in=agencies)}
    published_agency, checked_agency, drafted_agency = agencies

    # Published in good time, as a diligent department would: checked, approved and out by mid-January.
    published = _prepared(published_agency, year)
    day = dt.datetime(year + 1, 1, 15, 10, tzinfo=timezone.get_current_timezone())
    today = timezone.localdate()
    if day.date() > today:  # the demo runs before mid-January: everything happens today
        day = timezone.now()
    services.check(published, _member(published_agency, Role.CLERK), at=day)
    services.approve(published, _member(published_agency, Role.HEAD), at=day)
    services.publish(published, _member(published_agency, Role.CLERK), at=day)

    # Checked but not approvable: section 五 is still to be written, which the check reports.
    checked = _prepared(checked_agency, year, leave=("五",))
    services.check(checked, _member(checked_agency, Role.CLERK))

    drafted = services.open_report(drafted_agency, year, _member(drafted_agency, Role.CLERK))
    return {
        "published": AnnualReport.objects.get(pk=published.pk),
        "checked": AnnualReport.objects.get(pk=checked.pk),
        "drafted": drafted,
    }


def publish_every_agency(year: int | None = None) -> int:
    """A published report in every demo agency's column (the column's fourth section is never empty): the
    report of `year` (default: the past year) where the agency has none of that year, else of the year
    before. Approved over any error with the demo's reason; the number of reports published."""
    year = year or timezone.localdate().year - 1
    made = 0
    for agency in Agency.objects.filter(name__startswith="示范市").order_by("pk"):
        reports = AnnualReport.objects.filter(agency=agency)
        if reports.filter(state=ReportState.PUBLISHED).exists():
            continue
        chosen = year if not reports.filter(year=year).exists() else year - 1
        if reports.filter(year=chosen).exists():
            continue
        report = _prepared(agency, chosen)
        clerk, head = _member(agency, Role.CLERK), _member(agency, Role.HEAD)
        services.check(report, clerk)
        report.refresh_from_db()
        services.approve(report, head, "演示数据：按原样发布。" if report.error_count else "")
        services.publish(report, clerk)
        made += 1
    return made
