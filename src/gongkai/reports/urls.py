"""URLs of the annual reports: the staff pages under /reports/, the public pages are the column's (gongkai.portal)."""

from __future__ import annotations

from django.urls import path, re_path

from gongkai.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/open/", views.report_open, name="open"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/inputs/", views.report_inputs, name="inputs"),
    path("reports/<int:pk>/inputs/import/", views.report_inputs_import, name="inputs_import"),
    path("reports/<int:pk>/inputs/template.xlsx", views.report_inputs_template, name="inputs_template"),
    path("reports/<int:pk>/text/", views.report_text, name="text"),
    path("reports/<int:pk>/previous/", views.report_previous, name="previous"),
    path("reports/<int:pk>/check/", views.report_check, name="check"),
    path("reports/<int:pk>/approve/", views.report_approve, name="approve"),
    path("reports/<int:pk>/publish/", views.report_publish, name="publish"),
    path("reports/<int:pk>/submit/", views.report_submit, name="submit"),
    re_path(
        r"^reports/(?P<pk>[0-9]+)/draft\.(?P<kind>docx|pdf)$", views.report_draft_file, name="draft_file"
    ),
]
