"""The audit log in the system administrator's pages: readable, never changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from gongkai.accounts.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "username", "actor", "agency", "role", "address")
    list_filter = ("action",)
    search_fields = ("username",)
    date_hierarchy = "at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
