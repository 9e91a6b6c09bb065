"""Django app configuration for applications."""

from __future__ import annotations

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for its receiver of `core.calendar.calendar_changed`: loading a year recounts the
        # stored reply deadlines in every process, also a command that imports no page.
        from gongkai.applications import deadlines  # noqa: F401
