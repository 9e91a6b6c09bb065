"""Project-wide pages: the dashboard each user lands on after logging in; the holiday arrangements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies import services as people
from gongkai.agencies.access import visible_agency_ids
from gongkai.agencies.models import Membership, Role
from gongkai.applications import queries
from gongkai.applications.clock import calendar_warning, provisional_notice
from gongkai.applications.deadlines import open_deadline_unknown, open_provisional
from gongkai.applications.models import Application
from gongkai.core.calendar import missing_year, provisional_year, system_calendar
from gongkai.law.calendar import CalendarDataError, CalendarMissingError
from gongkai.online import services as online
from gongkai.proactive import queries as proactive_queries
from gongkai.web import calendar as calendar_upload


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My queue (by due date, green/yellow/red), what is due soon and what is overdue."""
    today = timezone.localdate()
    calendar = system_calendar()
    user = request.user
    assert isinstance(user, User)  # login_required
    supervises = Membership.objects.filter(user=user, role=Role.SUPERVISOR).exists()
    queue = queries.my_queue(user)
    # Supervisors (and the administrator) watch every open application of their tree; staff their queue.
    watched = queries.agency_overview(user) if supervises or user.is_superuser else queue
    overdue = queries.overdue(watched, today)
    # Open applications whose deadline waits for a year's holidays: the clerk's own, or the whole tree
    # for supervisors and the system administrator.
    mine = queries.agency_overview(user) if supervises or user.is_superuser else queue
    unknown_count = open_deadline_unknown(mine).count()
    provisional_count = open_provisional(mine, calendar).count()
    year = provisional_year(calendar)
    due_soon = queries.due_soon(watched, today, calendar)
    # On-line submissions waiting for the clerk's confirmation; flagged once a working day has passed.
    registering = list(queries.register_agencies(user))
    online_waiting = sum(len(online.unconfirmed(a)) for a in registering)
    online_late = sum(len(online.overdue_unconfirmed(a, today)) for a in registering) if online_waiting else 0
    return render(
        request,
        "web/dashboard.html",
        {
            "today": today,
            "queue": queries.items(queue, today, calendar),
            "queue_count": queue.count(),
            "overdue": queries.items(overdue, today, calendar),
            "overdue_count": overdue.count(),
            "due_soon": queries.items(due_soon, today, calendar),
            "due_soon_count": due_soon.count(),
            "overview_count": watched.count() if watched is not queue else 0,
            "supervises": supervises,
            "unknown_count": unknown_count,
            "calendar_warning": calendar_warning(missing_year(calendar)) if unknown_count else "",
            "provisional_count": provisional_count,
            "provisional_notice": provisional_notice(year) if provisional_count and year else "",
            "memberships": Membership.objects.filter(user=user).select_related("agency"),
            "can_register": bool(registering),
            "online_waiting": online_waiting,
            "online_late": online_late,
            "invitation_count": people.invitations(user).count(),
            "proactive_due": len(
                proactive_queries.unpublished_due(visible_agency_ids(user), today, calendar)
            ),
        },
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The years the system counts on (which are provisional), and — for the system administrator — the
    upload of a year's arrangement as published by the State Council (what `gongkai calendar load` takes)."""
    if not request.user.is_superuser:
        raise Http404
    form = calendar_upload.ArrangementForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                loaded = calendar_upload.load_upload(form.cleaned_data["file"], request.user, request)
            except (CalendarDataError, CalendarMissingError) as exc:
                form.add_error("file", str(exc))
            else:
                for line in calendar_upload.describe(loaded):
                    messages.success(request, line)
                return redirect("calendar")
        status = 400
    calendar = system_calendar()
    year = provisional_year(calendar)
    return render(
        request,
        "web/calendar.html",
        {
            "form": form,
            "years": calendar_upload.years_shown(calendar),
            "provisional_year": year,
            "provisional_count": open_provisional(Application.objects.all(), calendar).count(),
            "unknown_count": open_deadline_unknown(Application.objects.all()).count(),
        },
        status=status,
    )
