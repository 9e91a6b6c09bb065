"""Django app configuration for proactive disclosure."""

from __future__ import annotations

from django.apps import AppConfig


class ProactiveConfig(AppConfig):
    name = "gongkai.proactive"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for its receiver of `core.calendar.calendar_changed`: loading a year recounts the
        # stored publication deadlines in every process, also a command that imports no page.
        from gongkai.proactive import clock  # noqa: F401
