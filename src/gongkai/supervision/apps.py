"""Django app configuration for the supervising office's pages."""

from __future__ import annotations

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = "政务公开监督"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # imported once the apps are loaded: these modules use the models
        from gongkai.reports import contributions
        from gongkai.supervision.narrative import report_contribution

        contributions.register(report_contribution)
