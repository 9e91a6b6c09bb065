"""Django admin for agencies and people (reference data kept by the system administrator)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.contrib import admin

from gongkai.agencies.models import Agency, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "code", "letter_prefix")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"code": ("name",)}
    autocomplete_fields = ("parent",)
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "agency__name")
    autocomplete_fields = ("user", "agency")
