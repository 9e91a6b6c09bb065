"""Django admin: review cases editable; applications, their log and letters read-only (the workflow owns them)."""

from __future__ import annotations

from django.contrib import admin

from gongkai.applications.models import Application, ApplicationEvent, Letter, ReviewCase
from gongkai.core.admin import ReadOnlyAdmin


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "agency", "applicant_category", "received_on", "reply_due", "state", "outcome")
    list_filter = ("state", "applicant_category", "channel")
    search_fields = ("number", "agency__name")
    date_hierarchy = "received_on"
    show_full_result_count = False


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ("application", "seq", "at", "actor", "action", "from_state", "to_state")
    list_filter = ("action",)
    show_full_result_count = False


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "year", "seq", "issued_on", "withdrawn")
    list_filter = ("kind",)


@admin.register(ReviewCase)
class ReviewCaseAdmin(admin.ModelAdmin):
    list_display = ("number", "agency", "kind", "received_on", "concluded_on", "result")
    list_filter = ("kind", "result")
    search_fields = ("number", "agency__name")
    raw_id_fields = ("application",)
