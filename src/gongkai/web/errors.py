"""Errors as users and administrators see them: Chinese error pages, and JSON log lines with a request id.

Every request gets an id (shown on the error pages and sent as `X-Request-ID`); every log line written
while answering it carries the id, the method, the path and the user, so that a clerk's "错误编号" leads to
the traceback in var/log/gongkai.log.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

_request: ContextVar[HttpRequest | None] = ContextVar("gongkai_request", default=None)
# An id passed by the reverse proxy (nginx: proxy_set_header X-Request-ID $request_id) is kept when it
# looks like one, so that the proxy's log and ours can be joined; anything else is replaced.
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", ""))


class RequestIdMiddleware:
    """Gives each request an id, makes the request known to the log filter, and returns the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _GIVEN_ID.match(given) else uuid.uuid4().hex  # type: ignore[attr-defined]
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class RequestContextFilter(logging.Filter):
    """Adds request_id, method, path and user to every record logged while a request is answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None) or _request.get()
        if isinstance(request, HttpRequest):
            record.request_id = request_id(request)
            record.method = request.method
            record.path = request.path
            user = getattr(request, "user", None)
            # Only a user already loaded: reading the session here could itself fail (e.g. database down).
            if user is not None and getattr(user, "_wrapped", None) is not None:
                record.user = getattr(user, "username", "") or ""
        return True


def json_formatter(format: str) -> logging.Formatter:
    """One JSON object per line; the request object itself is left out (its fields are added above)."""
    return JsonFormatter(format, reserved_attrs=[*RESERVED_ATTRS, "request"], json_ensure_ascii=False)


# -- error pages -----------------------------------------------------------------------------------------


def _page(
    request: HttpRequest, template: str, status: int, context: dict[str, Any] | None = None
) -> HttpResponse:
    body = loader.render_to_string(
        template, {"request_id": request_id(request), **(context or {})}, request=request
    )
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "web/errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "web/errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "web/errors/404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, "web/errors/csrf.html", 403)


def is_database_busy(exc: BaseException | None) -> bool:
    """The embedded database could not give the write lock in time (SQLite: "database is locked")."""
    return isinstance(exc, OperationalError) and (
        "database is locked" in str(exc) or "database table is locked" in str(exc)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500 — or, when the database was busy, a 503 that asks to retry and keeps what was typed.

    Django calls this while handling the exception (from any view or middleware), so the exception is
    `sys.exc_info()`. The page is self-contained: it needs no session, user or database.
    """
    if is_database_busy(sys.exc_info()[1]):
        kept = [
            (name, value)
            for name, values in (request.POST.lists() if request.method == "POST" else [])
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        return _page(
            request,
            "web/errors/busy.html",
            503,
            {"kept": kept, "had_files": request.method == "POST" and bool(request.FILES)},
        )
    return _page(request, "web/errors/500.html", 500)
