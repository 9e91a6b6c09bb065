"""What the public column reads: the agencies with a column, a government's departments, the published
annual reports. Only published things are ever returned (documents through `proactive.queries`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport, ReportState

# The fields of a report that the lists need (the stored files and data stay in the database).
_REPORT_LIST_FIELDS = ("id", "year", "agency_id", "published_at", "format")


@dataclass(frozen=True)
class Column:
    """An agency's column: the agency, and for a government its departments (their columns are linked)."""

    agency: Agency
    departments: tuple[Agency, ...]

    @property
    def is_government(self) -> bool:
        return self.agency.kind == Agency.Kind.GOVERNMENT

    @property
    def agency_ids(self) -> list[int]:
        """The agencies whose documents the column's search covers: a government's column covers its
        departments too."""
        return [self.agency.pk, *(d.pk for d in self.departments)]

    @property
    def names(self) -> dict[int, Agency]:
        return {a.pk: a for a in (self.agency, *self.departments)}


def column(code: str) -> Column:
    """The column of the agency with this code; 404 when there is none."""
    agency = Agency.objects.filter(code=code).select_related("parent").first()
    if agency is None:
        raise Http404
    departments: tuple[Agency, ...] = ()
    if agency.kind == Agency.Kind.GOVERNMENT:
        departments = tuple(Agency.objects.filter(parent=agency).order_by("name"))
    return Column(agency, departments)


@dataclass(frozen=True)
class GovernmentEntry:
    """A line of the index: a government (or an agency outside any government) and its departments."""

    agency: Agency
    departments: tuple[Agency, ...]


def index() -> list[GovernmentEntry]:
    """Every agency with a column: each government (higher ones first) with the agencies directly under it,
    then the agencies under no government."""
    agencies = list(Agency.objects.order_by("name"))
    by_pk = {a.pk: a for a in agencies}
    children: dict[int, list[Agency]] = {}
    for agency in agencies:
        if agency.parent_id in by_pk:
            children.setdefault(agency.parent_id, []).append(agency)

    def depth(agency: Agency) -> int:
        seen, level = set(), 0
        while agency.parent_id in by_pk and agency.pk not in seen:
            seen.add(agency.pk)
            agency, level = by_pk[agency.parent_id], level + 1
        return level

    governments = [a for a in agencies if a.kind == Agency.Kind.GOVERNMENT or a.pk in children]
    alone = [a for a in agencies if a.parent_id not in by_pk and a not in governments]
    governments.sort(key=lambda a: (depth(a), a.name))
    return [GovernmentEntry(a, tuple(children.get(a.pk, ()))) for a in (*governments, *alone)]


def published_reports(agency: Agency) -> QuerySet[AnnualReport]:
    """The agency's published annual reports, newest year first (without their stored files)."""
    return (
        AnnualReport.objects.filter(agency=agency, state=ReportState.PUBLISHED, snapshot__isnull=False)
        .only(*_REPORT_LIST_FIELDS)
        .order_by("-year")
    )


def published_report(agency: Agency, year: int) -> AnnualReport:
    """The agency's published report of `year` (its data and files); 404 when not published."""
    report = AnnualReport.objects.filter(
        agency=agency, year=year, state=ReportState.PUBLISHED, snapshot__isnull=False
    ).first()
    if report is None:
        raise Http404
    return report
