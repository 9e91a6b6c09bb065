"""Django app configuration of the statistics app (tables 三 and 四; formerly named `reporting`)."""

from __future__ import annotations

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "gongkai.statistics"
    label = "statistics"
    verbose_name = "统计"
