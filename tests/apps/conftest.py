"""Fixtures for the Django system's tests: a small city of agencies and one user per role."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

PASSWORD = "gongkai-test-1"


@dataclass(frozen=True)
class World:
    """A district government with two departments, and a user for each role.

    Agency A is 洪泽区教育局, agency B 洪泽区自然资源局; both are departments of 洪泽区人民政府,
    whose supervising office (政务公开办) is `supervisor`. `other_supervisor` supervises another district.
    """

    government: Any
    agency_a: Any
    agency_b: Any
    other_government: Any
    clerk: Any
    reviewer: Any
    head: Any
    agency_admin: Any
    clerk_b: Any
    head_b: Any
    supervisor: Any
    other_supervisor: Any
    superuser: Any


def make_user(username: str, agency: Any | None = None, role: str | None = None, **extra: Any) -> Any:
    """A user with password PASSWORD and, if given, a role in `agency`."""
    from django.contrib.auth.models import User

    from gongkai.agencies.models import Membership

    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def password() -> str:
    """The password of every user made by `make_user`."""
    return PASSWORD


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the default language: a page asked in English leaves English active in the
    thread (LocaleMiddleware activates a language and nothing deactivates it), and a later test in the
    same worker that calls a validator or a service directly would get English messages."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2's deliberate slowness is for production; the tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    from gongkai.agencies.models import Agency

    city = Agency.objects.create(
        name="淮安市人民政府", kind="government", code="huaian", level="city", above_name="江苏省人民政府"
    )
    district = {"kind": "government", "parent": city, "level": "county", "above_name": city.name}
    government = Agency.objects.create(name="淮安市洪泽区人民政府", code="hongze", **district)
    department = {"kind": "department", "parent": government, "level": "county"}
    agency_a = Agency.objects.create(
        name="洪泽区教育局",
        code="hongze-jyj",
        government_name=government.name,
        above_name="淮安市教育局",
        **department,
    )
    agency_b = Agency.objects.create(
        name="洪泽区自然资源局",
        code="hongze-zrzyj",
        government_name=government.name,
        above_name="淮安市自然资源和规划局",
        **department,
    )
    other_government = Agency.objects.create(name="淮安市淮阴区人民政府", code="huaiyin", **district)
    return World(
        government=government,
        agency_a=agency_a,
        agency_b=agency_b,
        other_government=other_government,
        clerk=make_user("clerk_a", agency_a, "clerk", first_name="王经办"),
        reviewer=make_user("reviewer_a", agency_a, "reviewer", first_name="李审核"),
        head=make_user("head_a", agency_a, "head", first_name="张负责"),
        agency_admin=make_user("admin_a", agency_a, "agency_admin", first_name="赵管理"),
        clerk_b=make_user("clerk_b", agency_b, "clerk", first_name="陈经办"),
        head_b=make_user("head_b", agency_b, "head", first_name="周负责"),
        supervisor=make_user("supervisor", government, "supervisor", first_name="公开办"),
        other_supervisor=make_user("supervisor_huaiyin", other_government, "supervisor"),
        superuser=make_user("root", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def today() -> dt.date:
    """A fixed working day used as 'today' by workflow tests (a Monday)."""
    return dt.date(2025, 3, 3)


VALID_ID_NUMBER = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture
def register(world: World) -> Any:
    """A function registering an in-person application in agency A (or `agency`) received on `on`, under
    the next number (or `number`, given by hand)."""
    from gongkai.applications import services

    def make(
        on: dt.date = dt.date(2025, 3, 3),
        agency: Any = None,
        clerk: Any = None,
        number: str = "",
        **applicant: Any,
    ) -> Any:
        person = {
            "category": "natural_person",
            "name": "张三",
            "id_number": VALID_ID_NUMBER,
            "phone": "13812345678",
        }
        person.update(applicant)
        return services.register_application(
            agency or world.agency_a,
            clerk or world.clerk,
            channel="in_person",
            arrival={"handed_in": on},
            applicant=services.Applicant(**person),
            request=services.Request("2024年度学区划分方案及其会议纪要", "纸质", "邮寄"),
            on=on,
            number=number,
        )

    return make


@pytest.fixture
def calendar_dir(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An administrator's calendar folder of the test's own (not created yet): the published arrangements
    end with 2026, and 2027 is counted provisionally (暂定)."""
    from gongkai.core.calendar import system_calendar

    directory = tmp_path / "calendar"
    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(directory))
    assert system_calendar().provisional_years == {2027}
    return directory


@pytest.fixture
def client_for(db: None) -> Any:
    """A function giving a test client logged in as `user`."""
    from django.test import Client

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def gongkai_cli(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `gongkai …` in-process; returns main. Django management commands close every database
    connection when they finish, which would end a PostgreSQL test's transaction: keep it open."""
    from django.db import connections

    from gongkai.cli import main

    monkeypatch.setattr(connections, "close_all", lambda: None)
    return main


@pytest.fixture
def browser_page(monkeypatch: Any) -> Any:
    """A chromium page for tests against the live server."""
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from browsers import launch_chromium

    with launch_chromium() as browser:
        context = browser.new_context(
            accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Any:
    """On PostgreSQL, end the live server's request threads' sessions before the test database is
    dropped (otherwise: "database … is being accessed by other users")."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def smtp_inbox(settings: Any) -> Iterator[list[Any]]:
    """A local SMTP server (aiosmtpd) that the system's mail goes to; the messages it received."""
    controller_module = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Keep(Message):  # type: ignore[misc]
        def handle_message(self, message: Any) -> None:
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = controller_module.Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        yield received
    finally:
        controller.stop()
