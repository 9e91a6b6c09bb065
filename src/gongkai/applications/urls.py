"""URLs of the applications pages."""

from __future__ import annotations

from django.urls import path, re_path

from gongkai.applications import views

app_name = "applications"

urlpatterns = [
    path("applications/", views.application_list, name="list"),
    path("applications/export.csv", views.application_export, name="export"),
    path("applications/export.xlsx", views.application_export_xlsx, name="export_xlsx"),
    path("applications/new/", views.application_register, name="register"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/step/<slug:action>/", views.application_step, name="step"),
    path("applications/<int:pk>/handler/", views.application_reassign, name="reassign"),
    path("applications/<int:pk>/undo/", views.application_undo, name="undo"),
    path("applications/<int:pk>/letters/<int:letter_id>/", views.letter_detail, name="letter"),
    path("applications/<int:pk>/letters/<int:letter_id>/issue/", views.letter_issue, name="letter_issue"),
    path("applications/<int:pk>/letters/<int:letter_id>/void/", views.letter_void, name="letter_void"),
    re_path(
        r"^applications/(?P<pk>[0-9]+)/letters/(?P<letter_id>[0-9]+)\.(?P<suffix>docx|pdf)$",
        views.letter_file,
        name="letter_file",
    ),
    path("applications/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("applications/<int:pk>/attachments/<int:attachment_id>/", views.attachment_file, name="attachment"),
    path("applications/<int:pk>/reviews/new/", views.review_case_new, name="review_new"),
    path("applications/<int:pk>/reviews/<int:case_id>/", views.review_case_conclude, name="review_conclude"),
    path(
        "applications/<int:pk>/reviews/<int:case_id>/correct/",
        views.review_case_correct,
        name="review_correct",
    ),
    path("applications/<int:pk>/reviews/<int:case_id>/void/", views.review_case_void, name="review_void"),
    path("ledger/import/", views.ledger_import, name="ledger_import"),
]
