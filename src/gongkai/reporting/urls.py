"""URLs of the statistics pages: a year's tables 三 and 四, their Excel export, the ledger import."""

from __future__ import annotations

from django.urls import path

from gongkai.reporting import views

app_name = "reporting"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export, name="statistics_export"),
    path("ledger/import/", views.ledger_import, name="ledger_import"),
]
