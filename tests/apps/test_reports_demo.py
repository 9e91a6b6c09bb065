"""The demo city's annual reports for the past year: one drafted, one checked, one published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.annual.rules import check_report, text_quotes
from gongkai.demo.reports import create_demo_reports
from gongkai.reports.models import AnnualReport
from gongkai.statistics.tables import tables_for

TODAY = dt.date(2026, 11, 20)
YEAR = TODAY.year - 1


@pytest.fixture
def demo_reports(db: None) -> dict[str, AnnualReport]:
    from gongkai.demo.city import build

    build(TODAY)
    return create_demo_reports(YEAR)


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
    page = Client().get(reverse("reports:public_report", args=[report.agency.code, YEAR]))
    assert page.status_code == 200
    assert f"{report.agency.name}" in page.content.decode()
