"""URLs of on-line applications: the public form and lookup under /gk/, the clerk's list under /online/.
`gk/lookup/` is mounted before the column's `gk/<code>/` (web/urls.py)."""

from __future__ import annotations

from django.urls import path, re_path

from gongkai.online import views

app_name = "online"

urlpatterns = [
    path("gk/lookup/", views.lookup, name="lookup"),
    path("gk/lookup/end/", views.lookup_end, name="lookup_end"),
    path("gk/lookup/send/", views.lookup_send, name="lookup_send"),
    re_path(
        r"^gk/lookup/letter/(?P<letter_id>[0-9]+)\.(?P<suffix>docx|pdf)$",
        views.lookup_letter,
        name="lookup_letter",
    ),
    path("gk/<slug:code>/apply/", views.apply, name="apply"),
    path("gk/<slug:code>/apply/done/", views.submitted, name="submitted"),
    path("online/", views.unconfirmed, name="unconfirmed"),
    path("online/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("online/<int:pk>/id-image/", views.id_image, name="id_image"),
]
