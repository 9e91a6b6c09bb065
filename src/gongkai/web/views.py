"""Project-wide pages: the dashboard each user lands on after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.agencies import services as people
from gongkai.agencies.access import visible_agency_ids
from gongkai.agencies.models import Membership, Role
from gongkai.applications import queries
from gongkai.applications.clock import calendar_warning
from gongkai.applications.deadlines import open_deadline_unknown
from gongkai.core.calendar import missing_year, system_calendar
from gongkai.proactive import queries as proactive_queries


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
    unknown_count = open_deadline_unknown(
        queries.agency_overview(user) if supervises or user.is_superuser else queue
    ).count()
    due_soon = queries.due_soon(watched, today, calendar)
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
            "memberships": Membership.objects.filter(user=user).select_related("agency"),
            "can_register": queries.register_agencies(user).exists(),
            "invitation_count": people.invitations(user).count(),
            "proactive_due": len(
                proactive_queries.unpublished_due(visible_agency_ids(user), today, calendar)
            ),
        },
    )
