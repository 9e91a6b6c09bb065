"""The application every page of an application reads (`queries.visible_application`, SQL compiled once;
issue 14) is what the ORM's `visible_applications(...).select_related(...).get(pk=...)` gives: the same
row, agency, parent agency and handler (values, types, what is already loaded) or nothing, for every
user (staff, supervisors of a tree, a superuser, an inactive user, no role) and every id (missing,
beyond the column's range), with the same number of queries. Run on PostgreSQL with DATABASE_URL set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.access import memberships_of
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import queries
from gongkai.applications.models import Application


def make_user(username: str, agency: Any | None = None, role: str | None = None, **extra: Any) -> Any:
    user = User.objects.create_user(username, **extra)
    if agency is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def _orm(user: Any, pk: int, held: Any) -> Application | None:
    visible = queries.visible_applications(user, held).select_related("agency", "agency__parent", "handler")
    try:
        return visible.get(pk=pk)
    except Application.DoesNotExist:
        return None


def _fields(row: Any) -> Any:
    if row is None:
        return None
    return (
        type(row),
        [
            (f.attname, getattr(row, f.attname), type(getattr(row, f.attname)))
            for f in row._meta.concrete_fields
        ],
        {name: _fields(cached) for name, cached in sorted(row._state.fields_cache.items())},
        row._state.db,
        row._state.adding,
    )


def _users(world: Any) -> list[Any]:
    inactive = make_user("inactive", world.agency_a, Role.CLERK, is_active=False)
    city_supervisor = make_user("city", world.government.parent, Role.SUPERVISOR)
    mixed = make_user("mixed", world.agency_b, Role.REVIEWER)
    Membership.objects.create(user=mixed, agency=world.other_government, role=Role.SUPERVISOR)
    fields = ("clerk", "reviewer", "head", "agency_admin", "clerk_b", "head_b", "supervisor")
    return [
        *(getattr(world, name) for name in fields),
        world.other_supervisor,
        world.superuser,
        inactive,
        city_supervisor,
        mixed,
        User.objects.create_user("nobody"),
    ]


@pytest.mark.django_db
def test_the_application_read_once_compiled_is_the_orms_for_every_user_and_id(
    world: Any, register: Any
) -> None:
    section = Agency.objects.create(name="<b>'科'</b>", kind="department", code="k", parent=world.agency_a)
    sectioner = make_user("sectioner", section, Role.CLERK)
    city_head = make_user("city_head", world.government.parent, Role.HEAD)
    applications = [
        register(dt.date(2025, 3, 3)),
        register(dt.date(2025, 3, 4), agency=world.agency_b, clerk=world.clerk_b),
        register(dt.date(2025, 3, 5), agency=section, clerk=sectioner),
        register(dt.date(2025, 3, 6), agency=world.government.parent, clerk=city_head),
    ]
    assert applications[0].handler is not None and applications[3].handler is None
    assert applications[3].agency.parent is None
    top = max(a.pk for a in applications)
    ids = [*(a.pk for a in applications), 0, top + 1, 2**63 - 1, 2**63, 2**70, str(top), str(2**64)]
    seen = set()
    for user in [*_users(world), sectioner, city_head]:
        held = memberships_of(user)
        for pk in ids:
            with CaptureQueriesContext(connection) as orm_queries:
                expected = _orm(user, pk, held)
            with CaptureQueriesContext(connection) as compiled_queries:
                got = queries.visible_application(user, pk, held)
            assert _fields(got) == _fields(expected), (user.username, pk)
            assert len(compiled_queries) == len(orm_queries), (user.username, pk)
            seen.add((user.username, None if expected is None else expected.pk))
        assert _fields(queries.visible_application(user, ids[0])) == _fields(_orm(user, ids[0], None))
    # each application seen by someone and hidden from someone: the test compares both outcomes
    for application in applications:
        assert any(pk == application.pk for _name, pk in seen)
        assert any((name, application.pk) not in seen for name, _pk in seen)
