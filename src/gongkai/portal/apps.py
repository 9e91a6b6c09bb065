"""Django app configuration for the public column."""

from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "政府信息公开专栏"
    default_auto_field = "django.db.models.BigAutoField"
