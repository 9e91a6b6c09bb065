"""Django app configuration of the statistics (reporting) app."""

from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "gongkai.reporting"
    label = "reporting"
    verbose_name = "统计"
