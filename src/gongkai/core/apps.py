"""Django app configuration of the shared core (no tables of its own; it holds the `calendar` command)."""

from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "公共部分"
    default_auto_field = "django.db.models.BigAutoField"
