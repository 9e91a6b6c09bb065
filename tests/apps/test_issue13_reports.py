"""Annual reports (issue 13 point 11): a local earlier due date, configured, used by the reminders and the
supervising office's view of who is late."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.law.report_due import due_date, parse_month_day
from gongkai.reports.queries import report_rows
from gongkai.reports.reminders import due_rows, reminder_line

D = dt.date


def test_a_local_earlier_due_date_is_used_by_reminders_and_lateness(world: Any, settings: Any) -> None:
    agencies = [world.agency_a, world.government]
    (department, government) = report_rows(agencies, 2025, D(2026, 1, 29))
    assert department.status.status == "due_soon" and department.status.due == D(2026, 1, 31)
    settings.REPORT_LOCAL_DUE = {"department": (1, 28)}
    (department, government) = report_rows(agencies, 2025, D(2026, 1, 29))
    assert (department.status.due, department.status.status, department.status.late) == (
        D(2026, 1, 28),
        "overdue",
        True,
    )
    assert government.status.due == D(2026, 3, 31)  # governments keep theirs
    (row,) = due_rows([world.agency_a], 2025, D(2026, 1, 20), 30)
    assert "应于2026年1月28日前发布" in reminder_line(row, 2025)


def test_a_local_day_never_extends_the_statutory_one() -> None:
    assert due_date("department", 2025, {"department": (2, 15)}) == D(2026, 1, 31)
    assert due_date("department", 2025, {"department": (1, 28)}) == D(2026, 1, 28)
    assert parse_month_day("1-28") == (1, 28)
    with pytest.raises(ValueError, match="月-日"):
        parse_month_day("02-30")


# -- 第四十九条: the report submitted to the supervising office, a recorded step ----------------------------


def _approved(world: Any, year: int) -> Any:
    from gongkai.annual.drafting import fill_placeholders
    from gongkai.reports import services

    report = services.open_report(world.agency_a, year, world.clerk)
    services.update_sections(
        report,
        world.clerk,
        {k: fill_placeholders(v, lambda _h: "已按要求开展。") for k, v in report.sections.items()},
    )
    services.check(report, world.clerk)
    services.approve(report, world.head, "本年度数据尚未完整，先行批准报送")  # ignored when no error
    report.refresh_from_db()
    return report


def test_the_report_is_submitted_to_the_supervising_office_as_a_recorded_step(
    world: Any, client_for: Any
) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.law.zh import date_zh
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport, ReportAction

    today = timezone.localdate()
    report = services.open_report(world.agency_a, 2025, world.clerk)
    with pytest.raises(services.ReportActionError, match="须经负责人批准后才能报送"):
        services.submit(report, world.clerk, today, to="淮安市洪泽区人民政府政府信息公开工作主管部门")
    report = _approved(world, 2025)
    with pytest.raises(services.ReportActionError, match="不能填写将来的日期"):
        services.submit(report, world.clerk, today + dt.timedelta(days=1), to="区政务公开办")
    clerk = client_for(world.clerk)
    page = clerk.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "登记报送" in page and 'value="淮安市洪泽区人民政府政府信息公开工作主管部门"' in page
    wrong = clerk.post(reverse("reports:submit", args=[report.pk]), {"on": "abc", "to": ""}, follow=True)
    one_sentence = '<li class="error">输入一个有效的日期；这个字段是必填项。</li>'  # not 。；
    assert one_sentence in wrong.content.decode()
    response = clerk.post(
        reverse("reports:submit", args=[report.pk]),
        {"on": today.isoformat(), "to": "洪泽区政务公开办", "method": "公文交换系统"},
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(pk=report.pk)
    assert (report.submitted_on, report.submitted_to, report.submitted_by) == (
        today,
        "洪泽区政务公开办",
        world.clerk,
    )
    event = report.events.get(action=ReportAction.SUBMIT)
    assert event.actor == world.clerk and event.data["method"] == "公文交换系统"
    assert event.data["late"] is True  # due 2026-01-31
    page = clerk.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert (
        f"于{today.year}年{today.month}月{today.day}日报送洪泽区政务公开办" in page
        and "逾期：应于2026年1月31日前报送" in page
    )
    with pytest.raises(services.ReportActionError, match="已于"):
        services.submit(report, world.clerk, today, to="洪泽区政务公开办")
    # the supervising office sees it: on its reports page and on its dashboard
    office = client_for(world.supervisor)
    overview = office.get(reverse("supervision:reports") + "?year=2025").content.decode()
    assert f"逾期报送（{date_zh(today)}）" in overview
    assert "逾期未报送" in overview  # 洪泽区自然资源局: nothing submitted, past the due date
    board = office.get(reverse("supervision:dashboard") + "?year=2025").content.decode()
    assert f"逾期报送（{date_zh(today)}）" in board
    # a change sends the report back to drafted: what was submitted is no longer the report
    services.update_inputs(report, world.clerk, {"licensing_decisions": 3})
    report.refresh_from_db()
    assert report.submitted_on is None and report.events.filter(action=ReportAction.SUBMIT).count() == 1


def test_a_submission_by_the_due_date_is_in_time(world: Any) -> None:
    from django.utils import timezone

    from gongkai.reports import services
    from gongkai.reports.queries import report_rows

    today = timezone.localdate()
    report = _approved(world, today.year)  # the current year's report: due next January
    services.submit(report, world.clerk, today, to="洪泽区政务公开办")
    row, other, government = report_rows(
        [world.agency_a, world.agency_b, world.government], today.year, today
    )
    assert (row.submission_label, row.submitted_late) == (
        f"已报送（{today.year}年{today.month}月{today.day}日）",
        False,
    )
    assert (other.submission_label, government.submission_label) == ("未报送", "—")


def test_the_local_earlier_due_date_applies_to_every_kind_that_reports_as_a_department() -> None:
    from gongkai.law.report_due import due_status

    local = {"department": (1, 28)}
    for kind in ("department", "vertical", "justice"):
        status = due_status(kind, 2025, None, D(2026, 1, 29), local=local)
        assert (status.due, status.status, status.local) == (D(2026, 1, 28), "overdue", True), kind
    assert due_status("government", 2025, None, D(2026, 1, 29), local=local).due == D(2026, 3, 31)
