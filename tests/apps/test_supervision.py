"""The supervising office's page: which of its agencies have published, late, or with findings; read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.access import visible_agencies
from gongkai.annual.drafting import fill_placeholders
from gongkai.reports import services
from gongkai.supervision.overview import report_rows, summarise

YEAR = 2025


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def reports(world: Any) -> dict[str, Any]:
    """A published late (2 February), B checked with errors; the governments have none."""
    a = services.open_report(world.agency_a, YEAR, world.clerk)
    a.refresh_from_db()
    services.update_sections(
        a, world.clerk, {k: fill_placeholders(v, lambda hint: "已开展。") for k, v in a.sections.items()}
    )
    services.check(a, world.clerk, at=at(dt.date(2026, 2, 2)))
    services.approve(a, world.head, at=at(dt.date(2026, 2, 2)))
    services.publish(a, world.clerk, at=at(dt.date(2026, 2, 2)))
    b = services.open_report(world.agency_b, YEAR, world.clerk_b)
    services.check(b, world.clerk_b)
    return {"a": a, "b": b}


@pytest.mark.django_db
def test_rows_say_published_late_with_findings_and_missing(world: Any, reports: dict[str, Any]) -> None:
    rows = report_rows(
        visible_agencies(world.supervisor).order_by("kind", "name"), YEAR, dt.date(2026, 2, 10)
    )
    by_name = {row.agency.name: row for row in rows}
    assert set(by_name) == {"淮安市洪泽区人民政府", "洪泽区教育局", "洪泽区自然资源局"}
    a, b, government = by_name["洪泽区教育局"], by_name["洪泽区自然资源局"], by_name["淮安市洪泽区人民政府"]
    assert (a.state_label, a.status.status, a.errors) == ("已发布", "published_late", 0)
    assert (b.state_label, b.status.status, b.errors) == ("已检查", "overdue", 8)
    assert (government.state_label, government.status.status, government.status.due) == (
        "未编制",
        "not_due",
        dt.date(2026, 3, 31),
    )
    summary = summarise(rows)
    assert (summary.total, summary.published, summary.late, summary.with_errors) == (3, 1, 2, 1)


@pytest.mark.django_db
def test_the_page_shows_the_supervisors_tree_only(world: Any, reports: dict[str, Any]) -> None:
    page = client_for(world.supervisor).get(reverse("supervision:reports"), {"year": YEAR}).content.decode()
    assert "洪泽区教育局" in page and "洪泽区自然资源局" in page
    assert "逾期发布" in page and "错误8处" in page
    assert "淮阴区" not in page
    other = (
        client_for(world.other_supervisor)
        .get(reverse("supervision:reports"), {"year": YEAR})
        .content.decode()
    )
    assert "洪泽区教育局" not in other and "淮安市淮阴区人民政府" in other
    clerk = client_for(world.clerk_b).get(reverse("supervision:reports"), {"year": YEAR}).content.decode()
    assert "洪泽区自然资源局" in clerk and "洪泽区教育局" not in clerk


@pytest.mark.django_db
def test_the_page_filters_by_status(world: Any, reports: dict[str, Any]) -> None:
    page = client_for(world.supervisor).get(
        reverse("supervision:reports"), {"year": YEAR, "status": "findings"}
    )
    body = page.content.decode()
    assert "洪泽区自然资源局" in body
    assert 'href="/reports/' + str(reports["a"].pk) not in body


@pytest.mark.django_db
def test_the_page_is_read_only_and_needs_a_login(world: Any) -> None:
    assert Client().get(reverse("supervision:reports")).status_code == 302
    page = client_for(world.supervisor).get(reverse("supervision:reports"), {"year": "x"})
    assert page.status_code == 200
    assert '<form method="post"' not in page.content.decode()
