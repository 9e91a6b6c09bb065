"""The demo city: agencies, a login per role, two years of applications in every state."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.management import call_command

from gongkai.demo import city

# A fixed 'today' inside the years whose holidays are known, so that the test does not age.
TODAY = dt.date(2025, 11, 20)


@pytest.fixture
def demo(db: None) -> list[city.Login]:
    return city.build(TODAY)


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
    from gongkai.statistics.tables import tables_for

    years = {d.year for d in Application.objects.values_list("received_on", flat=True)}
    assert years == {2024, 2025}
    open_ = Application.objects.filter(closed_on__isnull=True)
    assert open_.filter(reply_due__lt=TODAY).exists()  # overdue
    assert open_.filter(reply_due__gte=TODAY).exists()  # not yet due
    this_year = tables_for(None, 2025)
    assert this_year["requests"]["carried_over"]["total"] > 0
    assert this_year["requests"]["carried_forward"]["total"] > 0
    kinds = set(ReviewCase.objects.values_list("kind", flat=True))
    assert kinds == {"reconsideration", "litigation_direct", "litigation_after_reconsideration"}
    assert ReviewCase.objects.filter(result="").exists()
    assert ReviewCase.objects.exclude(result="").exists()
    assert this_year["reviews"]["reconsideration"]["total"] > 0
    for table in (this_year, tables_for(None, 2024)):
        requests = table["requests"]
        left = requests["new"]["total"] + requests["carried_over"]["total"]
        assert left == requests["results"]["total"]["total"] + requests["carried_forward"]["total"]


def test_last_years_ledger_is_deterministic() -> None:
    from gongkai.law.calendar import builtin_calendar

    def draw() -> list[object]:
        return list(city.ledger_entries(random.Random(5), 2024, builtin_calendar(), ("学区划分方案",), 20))

    assert draw() == draw()


def test_demo_command_if_empty(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from gongkai.agencies.models import Agency

    Agency.objects.create(name="某局", kind="department", code="mj")
    call_command("demo", "--if-empty")
    assert "数据库中已有数据，未载入演示数据" in capsys.readouterr().out
    assert Agency.objects.count() == 1


def test_demo_command_loads_once_and_prints_logins(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from gongkai.agencies.models import Agency

    call_command("demo", "--if-empty", "--today", "2025-11-20")
    out = capsys.readouterr().out
    assert "已载入演示城市“示范市人民政府”" in out
    assert "用户名 jyj_clerk" in out and f"密码 {city.PASSWORD}" in out
    call_command("demo")
    assert "演示城市已经载入" in capsys.readouterr().out
    assert Agency.objects.count() == 11
