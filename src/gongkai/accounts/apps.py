"""The accounts app: connects the audit log to Django's login signals when the system starts."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "账号与审计"

    def ready(self) -> None:
        # Django's rule: receivers are imported once the app registry is ready, not at module import.
        from gongkai.accounts import signals

        signals.connect()
