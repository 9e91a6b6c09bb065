"""URLs of the public column: /gk/ and each agency's /gk/<code>/…; the former /public/ pages redirect here."""

from __future__ import annotations

from django.urls import path, re_path

from gongkai.portal import views

app_name = "portal"

CODE = r"(?P<code>[-a-zA-Z0-9_]+)"

urlpatterns = [
    path("gk/", views.index, name="index"),
    path("gk/display/", views.display_switch, name="display"),
    path("gk/<slug:code>/", views.column_home, name="column"),
    path("gk/<slug:code>/guide/", views.guide, name="guide"),
    path("gk/<slug:code>/guide.docx", views.guide_file, name="guide_file"),
    path("gk/<slug:code>/rules/", views.rules, name="rules"),
    path("gk/<slug:code>/catalogue/", views.catalogue, name="catalogue"),
    path("gk/<slug:code>/search/", views.search, name="search"),
    path("gk/<slug:code>/documents/<int:pk>/", views.document, name="document"),
    path(
        "gk/<slug:code>/documents/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("gk/<slug:code>/reports/", views.reports, name="reports"),
    path("gk/<slug:code>/reports/<int:year>/", views.report, name="report"),
    re_path(
        rf"^gk/{CODE}/reports/(?P<year>[0-9]{{4}})\.(?P<kind>docx|pdf|xlsx)$",
        views.report_file,
        name="report_file",
    ),
    # The former public pages of the annual reports (permanent redirects).
    path("public/", views.old_index, name="old_index"),
    path("public/<slug:code>/reports/", views.old_reports, name="old_reports"),
    path("public/<slug:code>/reports/<int:year>/", views.old_report, name="old_report"),
    re_path(
        rf"^public/{CODE}/reports/(?P<year>[0-9]{{4}})\.(?P<kind>docx|pdf)$",
        views.old_report_file,
        name="old_report_file",
    ),
]
