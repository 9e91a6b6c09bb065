"""The login throttle as an authentication backend (django-axes), for logins that come with a request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


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
