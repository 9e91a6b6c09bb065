"""Django app configuration for agencies and people."""

from __future__ import annotations

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机关与人员"
    default_auto_field = "django.db.models.BigAutoField"
