"""The demo city: agencies, a login per role, two years of applications in every state, and the past
year's annual reports (one drafted, one checked, one published). The city is built once for the module:
its tests only read it (each runs in a savepoint of the module's transaction)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.annual.rules import check_report, text_quotes
from gongkai.demo import city
from gongkai.demo.reports import create_demo_reports
from gongkai.reports.models import AnnualReport
from gongkai.statistics.tables import tables_for

# A fixed 'today' inside the years whose holidays are known, so that the test does not age.
TODAY = dt.date(2026, 11, 20)
YEAR = TODAY.year - 1


@pytest.fixture(scope="module")
def built(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[list[city.Login], dict[str, AnnualReport]]]:
    """The demo city and its reports, built once in a transaction rolled back after the module."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as conftest's, for every test of the module
    with override_settings(PASSWORD_HASHERS=hashers), django_db_blocker.unblock(), transaction.atomic():
        city._hashed_password.cache_clear()  # hashed again with the tests' hasher
        logins = city.build(TODAY)
        reports = create_demo_reports(YEAR)
        yield logins, reports
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: tuple[list[city.Login], dict[str, AnnualReport]], db: None) -> list[city.Login]:
    return built[0]


@pytest.fixture
def demo_reports(
    built: tuple[list[city.Login], dict[str, AnnualReport]], db: None
) -> dict[str, AnnualReport]:
    return built[1]


def test_a_city_of_eleven_agencies_with_a_login_for_each_role(demo: list[city.Login]) -> None:
    from django.contrib.auth import authenticate

    from gongkai.agencies.models import Agency, Membership

    assert Agency.objects.count() == 11
    government = Agency.objects.get(name="示范市人民政府")
    assert government.kind == "government"
    assert Agency.objects.filter(parent=government, kind="department").count() == 10
    assert [login.role for login in demo] == [
        "经办人",
        "审核人",
        "负责人",
        "机关管理员",
        "政务公开办（只读）",
        "系统管理员",
    ]
    for login in demo:
        assert authenticate(username=login.username, password=city.PASSWORD) is not None
    assert Membership.objects.get(user__username="gongkaiban").role == "supervisor"
    assert Membership.objects.filter(role="clerk").count() == 11


def test_every_workflow_state_occurs_with_its_events(demo: list[city.Login]) -> None:
    from gongkai.applications.models import Application, State
    from gongkai.applications.services import rebuild_state, stored_state

    states = set(Application.objects.values_list("state", flat=True))
    assert states == {s.value for s in State}
    for application in Application.objects.all()[:60]:
        assert application.events.exists()
        assert rebuild_state(application) == stored_state(application)


def test_two_years_with_overdue_carried_over_and_review_cases(demo: list[city.Login]) -> None:
    from gongkai.applications.models import Application, ReviewCase

    years = {d.year for d in Application.objects.values_list("received_on", flat=True)}
    assert years == {2025, 2026}
    open_ = Application.objects.filter(closed_on__isnull=True)
    assert open_.filter(reply_due__lt=TODAY).exists()  # overdue
    assert open_.filter(reply_due__gte=TODAY).exists()  # not yet due
    this_year = tables_for(None, 2026)
    assert this_year["requests"]["carried_over"]["total"] > 0
    assert this_year["requests"]["carried_forward"]["total"] > 0
    kinds = set(ReviewCase.objects.values_list("kind", flat=True))
    assert kinds == {"reconsideration", "litigation_direct", "litigation_after_reconsideration"}
    assert ReviewCase.objects.filter(result="").exists()
    assert ReviewCase.objects.exclude(result="").exists()
    assert this_year["reviews"]["reconsideration"]["total"] > 0
    for table in (this_year, tables_for(None, 2025)):
        requests = table["requests"]
        left = requests["new"]["total"] + requests["carried_over"]["total"]
        assert left == requests["results"]["total"]["total"] + requests["carried_forward"]["total"]


def test_last_years_ledger_is_deterministic() -> None:
    from gongkai.law.calendar import builtin_calendar

    def draw() -> list[object]:
        return list(city.ledger_entries(random.Random(5), 2025, builtin_calendar(), ("学区划分方案",), 20))

    assert draw() == draw()


@pytest.mark.django_db
def test_demo_city_has_a_drafted_a_checked_and_a_published_report(
    demo_reports: dict[str, AnnualReport],
) -> None:
    assert {state: r.state for state, r in demo_reports.items()} == {
        "drafted": "drafted",
        "checked": "checked",
        "published": "published",
    }
    assert len({r.agency_id for r in demo_reports.values()}) == 3
    checked = demo_reports["checked"]
    assert checked.error_count == 2  # section 五 still to be written: the check says so
    assert {f["rule"] for f in checked.findings if f["severity"] == "error"} == {"text_placeholder_left"}
    # Running it again changes nothing.
    assert {r.pk for r in create_demo_reports(YEAR).values()} == {r.pk for r in demo_reports.values()}
    assert AnnualReport.objects.count() == 3


@pytest.mark.django_db
def test_demo_published_report_is_the_agencys_statistics_and_checks_clean(
    demo_reports: dict[str, AnnualReport],
) -> None:
    report = demo_reports["published"]
    assert report.snapshot is not None
    expected = tables_for([report.agency_id], YEAR)
    assert expected["requests"]["new"]["total"] > 0
    assert {k: report.snapshot["tables"][k] for k in ("requests", "reviews")} == expected
    assert [f.as_dict() for f in check_report(report.snapshot) if f.severity == "error"] == []
    quotes = {rule: figure for rule, _what, figure, _paths in text_quotes(report.snapshot["sections"]["一"])}
    assert quotes["text_received"] == expected["requests"]["new"]["total"]
    assert quotes["text_carried_over"] == expected["requests"]["carried_over"]["total"]
    assert quotes["text_handled"] == expected["requests"]["results"]["total"]["total"]
    assert quotes["text_carried_forward"] == expected["requests"]["carried_forward"]["total"]
    assert report.published_at is not None and report.published_at.date() == dt.date(YEAR + 1, 1, 15)
    page = Client().get(reverse("portal:report", args=[report.agency.code, YEAR]))
    assert page.status_code == 200
    assert f"{report.agency.name}" in page.content.decode()
