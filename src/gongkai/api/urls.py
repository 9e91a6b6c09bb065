"""The open-data API's URLs: version 1 under /api/v1/ (namespace `api`)."""

from __future__ import annotations

from django.urls import path

from gongkai.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
