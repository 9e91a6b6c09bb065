"""The list page's first page and its filter's agencies read with SQL compiled once per shape
(queries.first_page, queries.agencies_of) are what the ORM reads: the same applications in the same order,
the same loaded and deferred fields, values and types; the list page shows the same rows either way."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db.models import Model

from gongkai.agencies.access import memberships_of, visible_agency_ids
from gongkai.agencies.models import Agency
from gongkai.applications import queries, services
from gongkai.applications.queries import LIST_COLUMNS, LIST_ORDER, Filters, agencies_of, first_page

pytestmark = pytest.mark.django_db


def _loaded(obj: Model) -> dict[str, tuple[type, Any]]:
    """The fields read from the row (deferred ones left out), each with its value's type."""
    deferred = obj.get_deferred_fields()
    return {
        f.attname: (type(getattr(obj, f.attname)), getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in deferred
    }


def _orms(ids: set[int], filters: Filters, size: int) -> list[Any]:
    queryset = queries.filtered(queries.applications_of(ids), filters, dt.date(2025, 1, 1))
    return list(queryset.order_by(*LIST_ORDER).only(*LIST_COLUMNS)[:size])


def test_first_pages_and_agencies_are_the_orms(world: Any, register: Any) -> None:
    for n, day in enumerate((3, 3, 4, 5, 6, 7)):  # two on one day: the id decides the order
        application = register(dt.date(2025, 3, day), name=f"申请人{n}")
        if n == 2:  # one closed
            services.withdraw(application, world.clerk, dt.date(2025, 3, 8), statement="不再需要")
    register(dt.date(2025, 3, 9), agency=world.agency_b, clerk=world.clerk_b)
    users = [world.clerk, world.supervisor, world.clerk_b, world.head]
    filters = [
        Filters(),
        Filters(agency=world.agency_a.pk),
        Filters(agency=world.agency_b.pk),
        Filters(agency=2**31 - 1),
        Filters(state="registered"),
        Filters(state="<不存在>'"),
        Filters(status="open"),
        Filters(status="closed"),
        Filters(agency=world.agency_a.pk, state="registered", status="open"),
    ]
    compared = 0
    for user in users:
        ids = visible_agency_ids(user, memberships_of(user))
        assert [_loaded(a) for a in agencies_of(ids)] == [
            _loaded(a) for a in Agency.objects.filter(id__in=ids)
        ]
        for chosen in filters:
            for size in (2, 50):
                found = first_page(ids, chosen, size)
                assert found is not None
                expected = _orms(ids, chosen, size)
                assert [a.pk for a in found] == [a.pk for a in expected]
                assert [_loaded(a) for a in found] == [_loaded(a) for a in expected]
                compared += len(expected)
    assert compared > 20
    ids = visible_agency_ids(world.clerk)
    for refused in (Filters(q="2025"), Filters(year=2025), Filters(status="overdue")):
        assert first_page(ids, refused, 50) is None
    assert first_page(set(), Filters(), 50) is None and agencies_of(set()) == []


def test_the_list_page_shows_the_same_rows_with_the_orms_first_page(
    world: Any, register: Any, client_for: Any
) -> None:
    for day in range(3, 9):
        register(dt.date(2025, 3, day))
    client = client_for(world.supervisor)
    for query in ("", f"?agency={world.agency_a.pk}", "?status=open", "?page=2", "?q=2025", "?year=2025"):
        compiled = client.get("/applications/" + query)
        with mock.patch.object(queries, "first_page", return_value=None):
            orms = client.get("/applications/" + query)
        assert compiled.context["rows_html"] == orms.context["rows_html"]
        assert compiled.content.decode().count("<tr>") == orms.content.decode().count("<tr>")
