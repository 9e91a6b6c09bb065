"""Django app configuration for on-line applications (依申请公开 on the public column)."""

from __future__ import annotations

from django.apps import AppConfig


class OnlineConfig(AppConfig):
    name = "gongkai.online"
    verbose_name = "网上申请"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django's rule: receivers are imported once the app registry is ready, not at module import.
        from gongkai.applications.notify import how_to_follow
        from gongkai.online.notify import follow_on_line

        how_to_follow.connect(follow_on_line, dispatch_uid="gongkai.online.follow_on_line")
