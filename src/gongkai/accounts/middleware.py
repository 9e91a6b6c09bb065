"""Sessions end after inactivity; an account whose password was reset by someone else must change it first."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts.services import RENEW_SESSION_KEY

SEEN_KEY = "gongkai_seen"
# The session's expiry (SESSION_COOKIE_AGE) is pushed back at most once a minute: one write per user
# and minute rather than per request, so that reading pages never competes for the database's write lock.
TOUCH_EVERY_SECONDS = 60


class SessionActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            if now - int(session.get(SEEN_KEY, 0)) >= TOUCH_EVERY_SECONDS:
                # Saved here, before the view: should the database be busy, nothing the view did is lost.
                session[SEEN_KEY] = now
                session.save()
                session.modified = False
            if session.get(RENEW_SESSION_KEY) and request.path not in _renewal_paths():
                messages.warning(request, _("您的密码由管理员设置，请先修改为只有您自己知道的新密码。"))
                return redirect("accounts:password_change")
        return self.get_response(request)


def _renewal_paths() -> frozenset[str]:
    return frozenset({reverse("accounts:password_change"), reverse("logout")})
