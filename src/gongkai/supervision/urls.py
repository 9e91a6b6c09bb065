"""URLs of the supervising office's pages."""

from __future__ import annotations

from django.urls import path

from gongkai.supervision import views

app_name = "supervision"

urlpatterns = [
    path("supervision/reports/", views.report_overview, name="reports"),
]
