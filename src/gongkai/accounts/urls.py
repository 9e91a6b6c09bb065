"""URLs of one's own account."""

from __future__ import annotations

from django.urls import path

from gongkai.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
]
