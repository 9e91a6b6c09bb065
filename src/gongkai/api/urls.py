"""The open-data API's URLs: version 1 under /api/v1/ (namespace `api`); any other address under /api/
answers a JSON 404 in Chinese that points to the documentation (a program reads JSON, not an HTML page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from gongkai.api.api import api
from gongkai.api.responses import ApiError, error_response


def unknown(request: HttpRequest) -> HttpResponse:
    return error_response(
        ApiError(404, "接口地址不存在。可用的接口见 /api/v1/docs（OpenAPI：/api/v1/openapi.json）。")
    )


urlpatterns = [
    path("api/v1/", unknown, name="api_root"),  # before ninja's own root, an HTML 404
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown, name="api_unknown"),
]
