"""JSON and CSV answers of the open-data API with their caching headers, and its errors in Chinese.

Every answer carries an `ETag` (a digest of its body: a client sending `If-None-Match` with it gets
304 Not Modified, without the body) and `Cache-Control: public, max-age=…`; an answer whose content
cannot change once made (a published annual report) also carries `Last-Modified`. Errors are
`{"detail": "中文说明", "errors": {"参数": "中文说明"}}` with 400 or 404, never a 500 or an HTML page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# Seconds a client or a cache in between may reuse an answer without asking again.
MAX_AGE = 300
JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


class ApiError(Exception):
    """An answer other than 200: the status, the Chinese message and, for 400, the message per field."""

    def __init__(self, status: int, detail: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = dict(errors or {})

    def payload(self) -> dict[str, Any]:
        return {"detail": self.detail, **({"errors": self.errors} if self.errors else {})}


def not_found(what: str) -> ApiError:
    return ApiError(404, f"找不到{what}。")


def error_response(error: ApiError) -> HttpResponse:
    body = json.dumps(error.payload(), ensure_ascii=False)
    return HttpResponse(body, status=error.status, content_type=JSON_TYPE)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cached(
    request: HttpRequest,
    body: bytes,
    content_type: str,
    *,
    last_modified: dt.datetime | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """The body with ETag, Cache-Control (and Last-Modified when given); 304 when the client has it."""
    etag = _etag(body)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
        for name, value in (headers or {}).items():
            response[name] = value
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return response


def cached_json(
    request: HttpRequest, payload: Any, *, last_modified: dt.datetime | None = None
) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return cached(request, body, JSON_TYPE, last_modified=last_modified)
