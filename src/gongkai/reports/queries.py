"""Where the annual reports stand: published when, and each agency's report of a year against its due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.reports.due import DueStatus, due_status, local_due
from gongkai.reports.models import AnnualReport, ReportState


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
