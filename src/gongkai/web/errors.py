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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
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

# status -> (title, message). 400 and 500 use a page that needs no session, user or database.
_PAGES: dict[str, tuple[str, str]] = {
    "400": (
        gettext_noop("请求无效"),
        gettext_noop(
            "系统无法处理这个请求。如果您是通过书签或他人提供的链接访问的，请从工作台重新进入；"
            "如果通过本单位的域名访问时出现此页面，请系统管理员检查 GONGKAI_ALLOWED_HOSTS 设置。"
        ),
    ),
    "403": (
        gettext_noop("无权访问"),
        gettext_noop("您没有办理此项工作的权限。如需开通，请联系本机关的机关管理员。"),
    ),
    "404": (
        gettext_noop("页面不存在"),
        gettext_noop("您要找的页面不存在，或者您无权查看。请检查地址，或从工作台重新进入。"),
    ),
    # The public column's visitors have no workbench: they are sent back to the column.
    "404_public": (
        gettext_noop("页面不存在"),
        gettext_noop(
            "您要找的页面不存在，或者该信息尚未公开、已经撤回。请检查地址，或从政府信息公开专栏首页重新进入。"
        ),
    ),
    "403_public": (
        gettext_noop("无权访问"),
        gettext_noop("此页面不对外公开。请从政府信息公开专栏首页重新进入。"),
    ),
    "csrf": (
        gettext_noop("页面已过期，请重新提交"),
        gettext_noop(
            "为了安全，系统没有接受这次提交：页面打开太久、登录已超时，或者浏览器禁用了 Cookie。"
            "请返回上一页，刷新后重新提交；如果已退出登录，请先重新登录。"
        ),
    ),
    "500": (
        gettext_noop("系统出错"),
        gettext_noop(
            "处理您的请求时系统出现错误，本次操作没有完成。错误已记录，请稍后重试；"
            "如果问题持续出现，请联系系统管理员。"
        ),
    ),
}


# Addresses of the public column (gongkai.portal, and its former /public/ pages): visitors without a login.
PUBLIC_PREFIXES = ("/gk/", "/public/")


def is_public(request: HttpRequest) -> bool:
    return request.path.startswith(PUBLIC_PREFIXES)


def _page(request: HttpRequest, template: str, status: int, context: dict[str, Any]) -> HttpResponse:
    home = ("/gk/", _("返回政府信息公开专栏")) if is_public(request) else ("/", _("返回工作台"))
    body = loader.render_to_string(
        template,
        {"request_id": request_id(request), "home_url": home[0], "home_label": home[1], **context},
        request=request,
    )
    return HttpResponse(body, status=status)


def _error(request: HttpRequest, kind: str, status: int) -> HttpResponse:
    if is_public(request) and f"{kind}_public" in _PAGES:
        kind = f"{kind}_public"
    title, message = _PAGES[kind]
    template = "web/errors/plain.html" if status in {400, 500} else "web/errors/page.html"
    return _page(request, template, status, {"title": _(title), "message": _(message)})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "400", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, "csrf", 403)


def is_database_busy(exc: BaseException | None) -> bool:
    """The embedded database could not give the write lock in time (SQLite: "database is locked"), even
    where another exception was raised while handling it (the session's `UpdateError` when its save
    waited too long): the exception's chain of causes is followed."""
    for _depth in range(16):  # a chain is short; a cycle must not hang the error page
        if exc is None:
            return False
        if isinstance(exc, OperationalError) and (
            "database is locked" in str(exc) or "database table is locked" in str(exc)
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


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
            {
                "title": _("系统繁忙"),
                "kept": kept,
                "had_files": request.method == "POST" and bool(request.FILES),
            },
        )
    return _error(request, "500", 500)
