"""URL configuration of the gongkai system."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.web import errors, views

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gongkai.accounts.urls")),
    path("", include("gongkai.agencies.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.proactive.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.statistics.urls")),
    path("", include("gongkai.supervision.urls")),
    path("", include("gongkai.api.urls")),
    # Before the column: gk/lookup/ must not be taken for an agency code.
    path("", include("gongkai.online.urls")),
    path("", include("gongkai.portal.urls")),
]
