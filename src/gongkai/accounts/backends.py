"""The login throttle as an authentication backend (django-axes), for logins that come with a request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from gongkai.core.compiled import CompiledQuery


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes' check, which refuses every login while the account or the address is locked.

    A password checked without an HTTP request (a management command, the test client's `login`) comes
    from someone already on the server, so it is not throttled; axes itself would raise instead.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def _user(user_id: Any) -> QuerySet[Any]:
    return get_user_model()._default_manager.filter(pk=user_id)


USER = CompiledQuery(_user, get_user_model()._meta.pk)


class AccountBackend(ModelBackend):
    """Django's `ModelBackend`, the user of each request read with SQL compiled once per process (issue 14).

    As `ModelBackend.get_user`: the user with that primary key, if `user_can_authenticate` (active);
    `django.contrib.auth.get_user` then checks the session's password hash as before.
    """

    def get_user(self, user_id: Any) -> Any:
        found = USER.objects(user_id)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None
