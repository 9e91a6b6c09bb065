"""A URL configuration with one page added without any permission check: the every-URL test must fail on it."""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.urls import path

from gongkai.applications.models import Application
from gongkai.web.urls import urlpatterns as real_patterns


def leak(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows (and, on POST, changes) an agency's applications to anyone: the mistake the test must catch."""
    applications = Application.objects.filter(agency_id=pk)
    if request.method == "POST":
        applications.update(content=Concat(F("content"), Value("!")))
    return HttpResponse(" ".join(a.content for a in applications))


urlpatterns = [*real_patterns, path("leak/<int:pk>/", leak, name="leak")]
