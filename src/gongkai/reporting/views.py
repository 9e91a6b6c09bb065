"""Pages of the statistics app: a year's tables 三 and 四 with their Excel export, and the ledger import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from gongkai.agencies.access import visible_agencies
from gongkai.agencies.models import Agency, Role
from gongkai.annual.writers.blocks import Layout
from gongkai.annual.writers.layout import layout_report
from gongkai.applications.ledger import ImportFile, LedgerError, import_ledger
from gongkai.reporting.statistics import YEAR_RULES, report_data

ALL = "all"
# Roles that may import an agency's ledger (besides the system administrator).
IMPORTERS = frozenset({Role.CLERK, Role.HEAD, Role.AGENCY_ADMIN})
MAX_IMPORT_BYTES = 20 * 1024 * 1024


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
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2008 <= int(year_text) <= 2100 else None
    year = year or default_year(timezone.localdate())
    wanted = request.GET.get("agency", "")
    if wanted == ALL:
        return Selection("全部可查看的机关", tuple(agencies.values_list("pk", flat=True)), year, ALL)
    if wanted:
        agency = agencies.filter(pk=int(wanted)).first() if wanted.isdigit() else None
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
    from gongkai.annual.writers.html_writer import table_html

    agencies = visible_agencies(request.user).order_by("name")
    selection = _select(request, agencies)
    layout = statistics_layout(selection)
    this_year = timezone.localdate().year
    return render(
        request,
        "reporting/statistics.html",
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
    from gongkai.annual.writers.xlsx_writer import render_xlsx

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


def import_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose ledger `user` may import: where they are clerk, head or administrator."""
    if user.is_superuser:
        return Agency.objects.order_by("name")
    return (
        Agency.objects.filter(memberships__user=user, memberships__role__in=IMPORTERS)
        .distinct()
        .order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest) -> HttpResponse:
    """Import an agency's ledger (and review cases) from Excel or CSV: all or nothing, errors by row."""
    user: Any = request.user
    agencies = import_agencies(user)
    if not agencies.exists() and not user.is_superuser:
        raise Http404("只有机关的经办人、负责人或管理员可以导入台账。")
    context: dict[str, Any] = {"agencies": agencies, "errors": [], "form_errors": []}
    if request.method == "POST":
        agency_text = request.POST.get("agency", "")
        agency = agencies.filter(pk=int(agency_text)).first() if agency_text.isdigit() else None
        new_name = request.POST.get("new_agency", "").strip() if user.is_superuser else ""
        ledger = request.FILES.get("ledger")
        if agency is None and not new_name:
            context["form_errors"].append("请选择机关。")
        if ledger is None:
            context["form_errors"].append("请选择申请台账文件（.xlsx 或 .csv）。")
        too_big = [str(f.name) for f in _uploads(request) if f.size and f.size > MAX_IMPORT_BYTES]
        if too_big:
            context["form_errors"].append(
                f"文件过大（不超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB）：{'、'.join(too_big)}"
            )
        if not context["form_errors"]:
            name = new_name or (agency.name if agency is not None else "")
            try:
                summary = import_ledger(
                    name, _file(request, "ledger"), _file_or_none(request, "reviews"), actor=request.user
                )
            except LedgerError as exc:
                context["errors"] = exc.errors
            else:
                messages.success(request, "台账导入完成。" + summary.describe().replace("\n", "；"))
                imported = Agency.objects.get(name=summary.agency)
                return redirect(f"{reverse('reporting:statistics')}?agency={imported.pk}")
        return render(request, "reporting/ledger_import.html", context, status=400)
    return render(request, "reporting/ledger_import.html", context)


def _uploads(request: HttpRequest) -> list[UploadedFile]:
    return [
        f for f in (request.FILES.get("ledger"), request.FILES.get("reviews")) if isinstance(f, UploadedFile)
    ]


def _file(request: HttpRequest, field: str) -> ImportFile:
    upload = request.FILES.get(field)
    assert isinstance(upload, UploadedFile)
    return ImportFile(upload.name or "台账.xlsx", upload.read())


def _file_or_none(request: HttpRequest, field: str) -> ImportFile | None:
    return _file(request, field) if field in request.FILES else None
