"""Django app configuration for on-line applications (依申请公开 on the public column)."""

from __future__ import annotations

from django.apps import AppConfig


class OnlineConfig(AppConfig):
    name = "gongkai.online"
    verbose_name = "网上申请"
    default_auto_field = "django.db.models.BigAutoField"
