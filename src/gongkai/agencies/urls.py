"""URLs of the agencies pages."""

from __future__ import annotations

from django.urls import path

from gongkai.agencies import views

app_name = "agencies"

urlpatterns = [
    path("agencies/<int:pk>/people/", views.people, name="people"),
    path("agencies/<int:pk>/people/<int:membership_id>/remove/", views.remove, name="remove"),
]
