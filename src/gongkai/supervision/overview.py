"""The supervising office's summary of its agencies' annual reports: published in time, late, with findings."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports.queries import AgencyReportRow, report_rows

__all__ = ["AgencyReportRow", "Summary", "report_rows", "summarise"]


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
