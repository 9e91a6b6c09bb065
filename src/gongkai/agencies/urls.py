"""URLs of the agencies pages."""

from __future__ import annotations

from django.urls import path

from gongkai.agencies import views

app_name = "agencies"

urlpatterns = [
    path("agencies/<int:pk>/", views.particulars, name="particulars"),
    path("agencies/<int:pk>/people/", views.people, name="people"),
    path("agencies/<int:pk>/people/<int:membership_id>/remove/", views.remove, name="remove"),
    path(
        "agencies/<int:pk>/people/requests/<int:request_id>/<str:decision>/",
        views.decide_request,
        name="decide_request",
    ),
    path("agencies/<int:pk>/people/<int:user_id>/unlock/", views.unlock, name="unlock"),
    path("agencies/<int:pk>/people/<int:user_id>/password/", views.reset_password, name="reset_password"),
    path("agencies/<int:pk>/audit/", views.audit_log, name="audit"),
    path("invitations/", views.invitations, name="invitations"),
]
