"""Pages of the statistics app: a year's tables 三 and 四 with their Excel export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from gongkai.agencies.access import visible_agencies
from gongkai.agencies.models import Agency
from gongkai.annual.writers.blocks import Layout
from gongkai.annual.writers.html_writer import table_html
from gongkai.annual.writers.layout import layout_report
from gongkai.annual.writers.xlsx_writer import render_xlsx
from gongkai.core import params as query_params
from gongkai.statistics.tables import YEAR_RULES, report_data

ALL = "all"


@dataclass(frozen=True)
class Selection:
    """What the statistics page shows: the agencies counted, under which name, for which year."""

    name: str
    agency_ids: tuple[int, ...]
    year: int
    agency_param: str

    @property
    def query(self) -> str:
        return urlencode({"agency": self.agency_param, "year": self.year})


def default_year(today: dt.date) -> int:
    """Until the annual reports are due (31 March), the year to report is last year; then this year."""
    return today.year - 1 if today.month <= 3 else today.year


def _select(request: HttpRequest, agencies: QuerySet[Agency]) -> Selection:
    """The agency (or every visible agency) and year asked for; 404 for an agency the user may not see."""
    year = query_params.year(request.GET) or default_year(timezone.localdate())
    wanted = request.GET.get("agency", "")
    # Someone who sees several agencies (a supervising office) opens on the total of them all.
    if not wanted and agencies.count() > 1:
        wanted = ALL
    if wanted == ALL:
        return Selection("全部可查看的机关", tuple(agencies.values_list("pk", flat=True)), year, ALL)
    if wanted:
        pk = query_params.number(request.GET, "agency")
        agency = agencies.filter(pk=pk).first() if pk is not None else None
        if agency is None:
            raise Http404("没有该机关，或无权查看。")
    else:
        agency = agencies.first()
        if agency is None:
            raise Http404("您没有可查看的机关。")
    return Selection(agency.name, (agency.pk,), year, str(agency.pk))


def statistics_layout(selection: Selection) -> Layout:
    """Tables 三 and 四 of the selection, laid out by the annual report's writers."""
    report = report_data(selection.name, selection.agency_ids, selection.year)
    tables = tuple(t for t in layout_report(report).tables() if t.grid.key in ("requests", "reviews"))
    return Layout(document_title=f"{selection.name}{selection.year}年度政府信息公开申请统计", blocks=tables)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """The statistics of a year (tables 三 and 四) and the rules by which they are counted."""
    agencies = visible_agencies(request.user).order_by("name")
    selection = _select(request, agencies)
    layout = statistics_layout(selection)
    this_year = timezone.localdate().year
    return render(
        request,
        "statistics/statistics.html",
        {
            "selection": selection,
            "agencies": agencies,
            "can_sum": agencies.count() > 1,
            "years": range(this_year, this_year - 8, -1),
            "rules": YEAR_RULES,
            "tables": [mark_safe(table_html(table)) for table in layout.tables()],
            "title": layout.document_title,
        },
    )


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    """The same tables as an Excel workbook (one sheet per table)."""
    selection = _select(request, visible_agencies(request.user))
    layout = statistics_layout(selection)
    response = HttpResponse(
        render_xlsx(layout), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{layout.document_title}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"statistics-{selection.year}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
