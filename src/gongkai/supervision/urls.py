"""URLs of the supervising office's pages."""

from __future__ import annotations

from django.urls import path

from gongkai.supervision import views

app_name = "supervision"

urlpatterns = [
    path("supervision/reports/", views.report_overview, name="reports"),
    path("supervision/", views.dashboard_page, name="dashboard"),
    path("supervision/export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("supervision/health/", views.health, name="health"),
    path("supervision/health/export.xlsx", views.health_export, name="health_export"),
    path("supervision/health/publish/", views.ranking_publish, name="ranking_publish"),
    path("ranking/<int:pk>/", views.ranking_public, name="ranking_public"),
    path("supervision/cases/", views.cases, name="cases"),
    path("supervision/cases/new/", views.case_new, name="case_new"),
    path("supervision/cases/<int:pk>/", views.case_detail, name="case"),
    path("supervision/complaints/", views.complaints, name="complaints"),
    path("supervision/complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("supervision/records/", views.records, name="records"),
    path("supervision/compare/", views.compare, name="compare"),
    path("supervision/compare/export.xlsx", views.compare_export, name="compare_export"),
    path("supervision/narrative/", views.narrative_page, name="narrative"),
]
