"""SQL compiled once per process (gongkai.core.compiled; issue 14): the menu's memberships, the session's
row and the request's user give what the ORM gives, on SQLite and PostgreSQL, and the SQL is compiled
only once. Run on PostgreSQL with DATABASE_URL set."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db.models import Count
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from gongkai.accounts.backends import USER, AccountBackend
from gongkai.accounts.sessions import SESSION, SessionStore
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core.compiled import CompiledQuery
from gongkai.supervision.models import CaseState, OversightCase
from gongkai.web.menu import MEMBERSHIPS, _memberships_query


def _case(agency: Any, office: Any, state: str) -> OversightCase:
    return OversightCase.objects.create(
        agency=agency,
        office=office,
        subject="other",
        title="督办",
        notice="请答复",
        deadline=dt.date(2025, 3, 20),
        sent_on=dt.date(2025, 3, 10),
        state=state,
    )


def test_the_menus_memberships_are_the_orms_for_many_users_roles_and_notices(world: Any) -> None:
    chance = random.Random(14)
    agencies = [world.agency_a, world.agency_b, world.government, world.other_government]
    agencies += [
        Agency.objects.create(name=f"机关{i}", kind="department", code=f"a{i}", parent=world.government)
        for i in range(4)
    ]
    for agency in agencies:
        for _ in range(chance.randrange(5)):
            _case(agency, world.government, chance.choice(list(CaseState)))
    users = [User.objects.create_user(f"u{i}", is_active=i % 7 != 0) for i in range(30)]
    for user in users:
        for agency in chance.sample(agencies, chance.randrange(4)):
            for role in chance.sample(list(Role), chance.randrange(1, 3)):
                Membership.objects.create(user=user, agency=agency, role=role)
    everyone = [*users, *User.objects.filter(username__in=["clerk_a", "supervisor", "root"])]
    seen = set()
    for user in everyone:
        compiled = MEMBERSHIPS.rows(user.pk)
        assert sorted(compiled) == sorted(_memberships_query(user.pk))
        seen.update((sent, waiting) for _agency, _role, sent, waiting in compiled)
        assert all(type(value) is int for row in compiled for value in (row[0], row[2], row[3]))
    assert MEMBERSHIPS.rows(10**9) == []  # nobody
    assert len(seen) > 5  # the world has agencies with notices in several states


def _sessions(world: Any) -> dict[str, str]:
    """Session keys: live, expired a second ago, expiring in a second, and a key with no row."""
    keys = {}
    now = timezone.now()
    for name, expiry in {"live": 600, "expired": -1, "soon": 1}.items():
        store = DjangoSessionStore()
        store["_auth_user_id"] = str(world.clerk.pk)
        store["name"] = f"会话 {name} <&>"
        store.set_expiry(expiry)
        store.save()
        Session.objects.filter(pk=store.session_key).update(expire_date=now + dt.timedelta(seconds=expiry))
        keys[name] = store.session_key
    keys["missing"] = "x" * 32
    return keys


def test_a_session_loads_as_djangos_does_and_ends_with_its_expiry(world: Any) -> None:
    for name, key in _sessions(world).items():
        ours, theirs = SessionStore(key), DjangoSessionStore(key)
        assert ours.load() == theirs.load(), name
        assert ours.session_key == theirs.session_key, name  # None where the row is gone or expired
        row = SESSION.objects(key, timezone.now())
        assert [(s.pk, s.session_data, s.expire_date) for s in row] == [
            (s.pk, s.session_data, s.expire_date)
            for s in Session.objects.filter(session_key=key, expire_date__gt=timezone.now())
        ]
    keys = _sessions(world)
    assert SessionStore(keys["live"]).load()["name"] == "会话 live <&>"
    assert SessionStore(keys["expired"]).load() == {}
    DjangoSessionStore(keys["live"]).delete()  # logged out in another process: gone here too
    assert SessionStore(keys["live"]).load() == {}


def test_a_session_saved_by_the_store_is_read_back_by_it(db: None) -> None:
    store = SessionStore()
    store["seen"] = 1
    store.save()
    assert SessionStore(store.session_key)["seen"] == 1
    store.flush()
    assert not Session.objects.exists()


def _fields(user: Any) -> dict[str, Any]:
    values = {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}
    return {name: (type(value), value) for name, value in values.items()} | {"db": user._state.db}


def test_the_requests_user_is_model_backends_active_user(world: Any) -> None:
    world.clerk.last_login = timezone.now()
    world.clerk.save()
    inactive = User.objects.create_user("gone", is_active=False)
    ours, theirs = AccountBackend(), ModelBackend()
    for user in [world.clerk, world.superuser, world.supervisor]:
        assert _fields(ours.get_user(user.pk)) == _fields(theirs.get_user(user.pk))
    assert ours.get_user(inactive.pk) is None and theirs.get_user(inactive.pk) is None
    assert ours.get_user(10**9) is None
    loaded = ours.get_user(world.clerk.pk)
    assert loaded.check_password("gongkai-test-1") and not loaded._state.adding
    assert loaded.get_session_auth_hash() == world.clerk.get_session_auth_hash()


def test_each_query_is_compiled_once(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    key = _sessions(world)["live"]
    SessionStore(key).load()
    MEMBERSHIPS.rows(world.clerk.pk)
    USER.objects(world.clerk.pk)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k)
    )
    for user in [world.clerk, world.head, world.supervisor]:
        assert SessionStore(key).load()["name"] == "会话 live <&>"
        assert MEMBERSHIPS.rows(user.pk)
        assert USER.objects(user.pk)[0] == user
    assert compiled == []
    list(_memberships_query(world.clerk.pk))  # the ORM compiles on every evaluation
    assert compiled


def test_the_columns_converters_are_found_once_per_connection(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding each column's converters cost more than the conversions (~0.16 ms for the application's
    60 columns): they are found on a connection's first run of the query, not on every run."""
    from gongkai.core import compiled as module

    USER.objects(world.clerk.pk)
    found = []
    original = module._converters
    monkeypatch.setattr(module, "_converters", lambda *a: found.append(1) or original(*a))
    for user in [world.clerk, world.head, world.supervisor]:
        assert USER.objects(user.pk)[0] == user
        assert USER.objects(user.pk)[0].date_joined == type(user).objects.get(pk=user.pk).date_joined
    assert found == []


def test_querysets_whose_sql_depends_on_the_values_are_refused(world: Any) -> None:
    pk = User._meta.pk
    unused = CompiledQuery(lambda user_id: User.objects.filter(is_active=True), pk)
    with pytest.raises(ValueError, match="not among the SQL's parameters"):
        unused.objects(1)
    from django.db import connection

    from gongkai.core.compiled import _sentinel

    taken = _sentinel(pk, 0, connection, 0)  # a constant equal to the first sentinel is not a parameter
    clash = CompiledQuery(lambda user_id: User.objects.filter(pk=user_id) | User.objects.filter(pk=taken), pk)
    with pytest.raises(ValueError, match="depends on the values"):
        clash.objects(1)
    shaped = CompiledQuery(  # one sentinel is even, the other odd: one or two values in the list
        lambda user_id: User.objects.filter(pk__in=[user_id, user_id + 1][: user_id % 2 + 1]).values_list(
            "pk"
        ),
        pk,
    )
    with pytest.raises(ValueError, match="depends on the values"):
        shaped.rows(1)
    with pytest.raises(TypeError, match="fields before the annotations"):
        CompiledQuery(lambda user_id: _memberships_query(user_id).values_list("sent", "agency_id"), pk).rows(
            1
        )
    with pytest.raises(TypeError, match="only model querysets and values_list"):
        CompiledQuery(lambda user_id: User.objects.filter(pk=user_id).values("pk"), pk).rows(1)
    with pytest.raises(TypeError, match="with annotations"):
        CompiledQuery(lambda user_id: User.objects.filter(pk=user_id).annotate(n=Count("pk")), pk).objects(1)
    with pytest.raises(TypeError, match="use objects"):
        USER.rows(world.clerk.pk)
    with pytest.raises(TypeError, match="use rows"):
        MEMBERSHIPS.objects(world.clerk.pk)
    with pytest.raises(TypeError, match="1 values expected"):
        USER.objects()


def test_memberships_roles_and_may_register_are_the_orms(world: Any) -> None:
    from gongkai.agencies.access import memberships_of, roles_in
    from gongkai.applications.queries import may_register, register_agencies

    Membership.objects.create(user=world.clerk, agency=world.agency_b, role=Role.HEAD)
    inactive = User.objects.create_user("gone", is_active=False)
    Membership.objects.create(user=inactive, agency=world.agency_a, role=Role.CLERK)
    users = [*User.objects.all(), AnonymousUser()]
    agencies = [*Agency.objects.all(), None]
    for user in users:
        expected = Membership.objects.filter(user_id=user.pk).values_list("agency_id", "role")
        assert sorted(memberships_of(user)) == (sorted(expected) if user.is_active else [])
        assert may_register(user) is register_agencies(user).exists()
        for agency in agencies:
            agency_id = agency.pk if agency else None
            roles = Membership.objects.filter(user_id=user.pk, agency_id=agency_id).values_list(
                "role", flat=True
            )
            assert roles_in(user, agency_id) == (frozenset(roles) if user.is_active else frozenset())
    assert may_register(world.clerk) and not may_register(world.supervisor)
    assert roles_in(world.clerk, world.agency_b.pk) == {Role.HEAD}
    assert roles_in(world.clerk, world.agency_a.pk) == {Role.CLERK}
