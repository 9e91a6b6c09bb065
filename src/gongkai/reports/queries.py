"""Where the annual reports stand: published when, and each agency's report of a year against its due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.law.zh import date_zh
from gongkai.proactive import queries as proactive_queries
from gongkai.reports.due import DueStatus, due_status, local_due
from gongkai.reports.models import PROACTIVE_FIELDS, AnnualReport, ReportAction, ReportState


def published_on(report: AnnualReport | None) -> dt.date | None:
    """The day (local time) a report was published, None if it is not."""
    if report is None or report.published_at is None:
        return None
    return timezone.localtime(report.published_at).date()


@dataclass(frozen=True)
class AgencyReportRow:
    """One agency's report of one year (or its absence) and how it stands against its due date."""

    agency: Agency
    report: AnnualReport | None
    status: DueStatus

    @property
    def errors(self) -> int:
        return self.report.error_count if self.report and self.report.checked_at else 0

    @property
    def warnings(self) -> int:
        return self.report.warning_count if self.report and self.report.checked_at else 0

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else "未编制"

    @property
    def submitted_late(self) -> bool:
        """Submitted to the supervising office after the due date, or not yet and the date has passed."""
        if self.report is not None and self.report.submitted_on is not None:
            return self.report.submitted_on > self.status.due
        return self.submission_required and self.status.days_left < 0

    @property
    def submission_required(self) -> bool:
        """第四十九条: a department submits its report to the supervising office; a people's government's
        own report is the office's to compile and publish."""
        return self.agency.kind != "government"

    @property
    def submission_label(self) -> str:
        """Whether (and when) the report went to the supervising office (第四十九条)."""
        submitted = self.report.submitted_on if self.report is not None else None
        if submitted is not None:
            return f"{'逾期报送' if submitted > self.status.due else '已报送'}（{date_zh(submitted)}）"
        if not self.submission_required:
            return "—"
        return "逾期未报送" if self.submitted_late else "未报送"


def report_rows(agencies: Iterable[Agency], year: int, today: dt.date) -> list[AgencyReportRow]:
    """A row per agency for `year`, in agency order (one query for the reports)."""
    agency_list = list(agencies)
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(agency__in=agency_list, year=year).select_related("agency")
    }
    local = local_due()
    return [
        AgencyReportRow(
            agency,
            reports.get(agency.id),
            due_status(agency.kind, year, published_on(reports.get(agency.id)), today, local=local),
        )
        for agency in agency_list
    ]


@dataclass(frozen=True)
class PublishedReport:
    """A report published in gongkai, as the supervising office judges it: the published data."""

    report: AnnualReport
    data: dict[str, Any]
    published_on: dt.date | None


def published_reports(agencies: Iterable[Agency]) -> list[PublishedReport]:
    """The published reports of `agencies` (every year), with the report data as published."""
    reports = AnnualReport.objects.filter(
        agency__in=list(agencies), state=ReportState.PUBLISHED, snapshot__isnull=False
    ).select_related("agency")
    return [PublishedReport(r, dict(r.snapshot or {}), published_on(r)) for r in reports]


def published_reports_by_pk(ids: Iterable[int]) -> list[PublishedReport]:
    reports = AnnualReport.objects.filter(
        pk__in=list(ids), state=ReportState.PUBLISHED, snapshot__isnull=False
    )
    return [PublishedReport(r, dict(r.snapshot or {}), published_on(r)) for r in reports]


# --- where table 二's figures come from ----------------------------------------------------------------

# Rows of table 二 counted from the register where the agency keeps it in the system.
REGISTER_FIELDS: frozenset[str] = frozenset(
    {
        "regulations_issued",
        "regulations_repealed",
        "regulations_in_force",
        "normative_issued",
        "normative_repealed",
        "normative_in_force",
    }
)


@dataclass(frozen=True)
class InputSource:
    """Where one figure of table 二 (or the processing fees) comes from: typed in, imported from a file,
    carried over from last year's report, or counted from the register; by whom and when."""

    field: str
    label: str
    value: Any
    note: str


def input_sources(report: AnnualReport) -> list[InputSource]:
    """Each input of the report with its source note, from the report's own log (the latest change wins)."""
    latest: dict[str, str] = {}
    events = report.events.filter(
        action__in=[ReportAction.EDIT_INPUTS, ReportAction.IMPORT_INPUTS]
    ).select_related("actor")
    for event in events.order_by("seq"):
        who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else "系统"
        when = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M")
        if event.action == ReportAction.IMPORT_INPUTS:
            name = event.data.get("file") or "Excel文件"
            how = f"从Excel导入（{name}）"
        else:
            how = "手工录入"
        for field in event.data.get("changes") or {}:
            latest[field] = f"{how}，{who}，{when}"
    from_register = proactive_queries.has_register([report.agency_id])
    carried = {"regulations_in_force", "normative_in_force"}
    found = []
    for field in [*PROACTIVE_FIELDS, "fees_yuan"]:
        if from_register and field in REGISTER_FIELDS:
            note = "由政府信息登记簿按成文日期、失效或废止日期计算（录入的数值不用）"
        elif field in latest:
            note = latest[field]
        elif field in carried and report.year - 1 in _report_years(report):
            note = "承接上年报告的现行有效件数（尚未修改）"
        else:
            note = "尚未录入（按0计）"
        label = str(getattr(AnnualReport._meta.get_field(field), "verbose_name", field))
        found.append(InputSource(field, label, getattr(report, field), note))
    return found


def _report_years(report: AnnualReport) -> set[int]:
    return set(AnnualReport.objects.filter(agency_id=report.agency_id).values_list("year", flat=True))
