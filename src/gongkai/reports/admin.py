"""Django admin: annual reports and their log, read-only (the report's services own every change)."""

from __future__ import annotations

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin
from gongkai.reports.models import AnnualReport, ReportEvent


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "format", "state", "checked_at", "approved_at", "published_at")
    list_filter = ("year", "state", "format")
    search_fields = ("agency__name",)
    exclude = ("published_docx", "published_pdf", "published_html")


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ("report", "seq", "at", "actor", "action", "from_state", "to_state")
    list_filter = ("action",)
