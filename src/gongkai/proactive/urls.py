"""URLs of the proactive disclosure pages."""

from __future__ import annotations

from django.urls import path

from gongkai.proactive import views

app_name = "proactive"

urlpatterns = [
    path("proactive/", views.register, name="register"),
    path("proactive/new/", views.document_new, name="new"),
    path("proactive/<int:pk>/", views.document_detail, name="detail"),
    path("proactive/<int:pk>/edit/", views.document_edit, name="edit"),
    path("proactive/<int:pk>/step/<slug:action>/", views.document_step, name="step"),
    path("proactive/<int:pk>/acknowledge/", views.document_acknowledge, name="acknowledge"),
    path("proactive/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("proactive/<int:pk>/attachments/<int:attachment_id>/", views.attachment_file, name="attachment"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/import/", views.catalogue_import, name="import"),
    path("catalogue/import/template.csv", views.import_template, name="import_template"),
    path("agencies/<int:agency_id>/guide/", views.guide, name="guide"),
    path("agencies/<int:agency_id>/guide.docx", views.guide_file, name="guide_file"),
    path("agencies/<int:agency_id>/proactive-settings/", views.agency_settings, name="settings"),
]
