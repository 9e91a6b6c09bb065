"""Where each supervised agency's annual report stands: published in time, late, with findings, missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.agencies.models import Agency
from gongkai.reports.due import DueStatus, due_status
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import published_on


@dataclass(frozen=True)
class AgencyReportRow:
    """One line of the supervising office's table."""

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
    return [
        AgencyReportRow(
            agency,
            reports.get(agency.id),
            due_status(agency.kind, year, published_on(reports.get(agency.id)), today),
        )
        for agency in agency_list
    ]


@dataclass(frozen=True)
class Summary:
    total: int
    published: int
    late: int
    with_errors: int


def summarise(rows: list[AgencyReportRow]) -> Summary:
    return Summary(
        total=len(rows),
        published=sum(1 for r in rows if r.status.status in {"published", "published_late"}),
        late=sum(1 for r in rows if r.status.late),
        with_errors=sum(1 for r in rows if r.errors),
    )
