"""URLs of the statistics pages: a year's tables 三 and 四 and their Excel export."""

from __future__ import annotations

from django.urls import path

from gongkai.statistics import views

app_name = "statistics"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export, name="statistics_export"),
]
