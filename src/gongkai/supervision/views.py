"""The supervising office's page: read-only, over the agencies it may see (visible_agencies)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.agencies.access import visible_agencies
from gongkai.core.params import year_param
from gongkai.supervision.overview import report_rows, summarise


@login_required
def report_overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = year_param(request.GET) or today.year - 1
    rows = report_rows(visible_agencies(request.user).order_by("-kind", "name"), year, today)
    status = request.GET.get("status", "")
    shown = [
        r for r in rows if not status or r.status.status == status or (status == "findings" and r.errors)
    ]
    return render(
        request,
        "supervision/reports.html",
        {
            "year": year,
            "years": list(range(today.year - 1, today.year - 6, -1)),
            "rows": shown,
            "summary": summarise(rows),
            "status": status,
        },
    )
