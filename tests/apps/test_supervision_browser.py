"""The supervising office in a real browser (issue 12's acceptance): the dashboard and a drill-down to an
agency's list, a 督办 sent by the office, answered by the agency's clerk from their own menu and closed by
the office, and the 年报体检 ranking published and read by anyone."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import importsets  # noqa: F401  (puts tests/annual on the path)
from layouts import random_report

import browsers
from browsers import requires_chromium, screenshot
from gongkai.annual.writers import write_report
from gongkai.supervision import importing, runner

pytestmark = requires_chromium


def _import_reports(world: Any, folder: Path) -> None:
    paths = []
    for i, (agency, signed) in enumerate(
        (("洪泽区教育局", "2025-01-20"), ("洪泽区自然资源局", "2025-03-10"))
    ):
        report = random_report(random.Random(i), "2021")
        report.update(agency=agency, year=2024, signed_on=signed)
        path = folder / f"r{i}.txt"
        path.write_bytes(write_report(report, "md"))
        paths.append(str(path))
    runner.run_in_process(importing.start_batch(world.government, paths), lambda counts: None)


def test_office_dashboard_drill_down_notice_answered_and_ranking_published(
    transactional_db: None,
    world: Any,
    password: str,
    live_server: Any,
    browser_page: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    from gongkai.applications import tallies
    from gongkai.applications.models import Application, ApplicationTally

    settings.MEDIA_ROOT = tmp_path / "media"
    year = dt.date.today().year
    Application.objects.create(
        agency=world.agency_a,
        number=f"{year}-0001",
        applicant_category="natural_person",
        applicant_name="刘某某",
        received_on=dt.date(year, 1, 5),
        reply_due=dt.date(year, 2, 5),
        state="registered",
    )
    # created outside the event log, as a bulk load is: its tallies are counted again
    tallies.rebuild(Application, ApplicationTally, [world.agency_a.pk])
    _import_reports(world, tmp_path)
    page, base = browser_page, live_server.url

    # -- the office opens 监督 from the menu: the total, then the agencies sorted by what is overdue
    browsers.log_in(page, base, "supervisor", password)
    page.click("header a:has-text('监督')")
    page.wait_for_selector("h1:has-text('政府信息公开工作监督总览')")
    assert page.inner_text("#total-received") == "1" and page.inner_text("#total-overdue") == "1"
    page.select_option("#id_sort", "overdue_now")
    page.click("button:has-text('查看')")
    first_row = page.locator("#agencies tbody tr").first
    assert "洪泽区教育局" in first_row.inner_text()
    screenshot(page, "supervision-dashboard.png")

    # -- drill-down: the agency's overdue application, read-only for the office
    first_row.locator("a.gk-finding-error").click()
    page.wait_for_selector(f"text={year}-0001")
    assert page.locator("a:has-text('登记申请')").count() == 0
    page.go_back()

    # -- 督办 from the agency's row
    page.locator("#agencies tbody tr", has_text="洪泽区教育局").locator("a:has-text('督办')").click()
    page.wait_for_selector("h1:has-text('发出督办通知')")
    assert page.input_value("#id_subject") == "application"
    page.fill("#id_title", "关于逾期未答复申请的督办通知")
    page.fill("#id_notice", "请于期限内答复申请人并报告整改情况。")
    page.click("button:has-text('发出')")
    page.wait_for_selector(".messages li:has-text('已向洪泽区教育局发出督办通知')")
    assert page.inner_text("#case-state") == "已发督办通知"
    page.click("button:has-text('退出')")

    # -- the agency's clerk finds the notice in their menu and answers it
    browsers.log_in(page, base, "clerk_a", password)
    page.click("header a:has-text('督办通知（1）')")
    page.click("a:has-text('关于逾期未答复申请的督办通知')")
    page.fill("#id_answer", "已于当日答复申请人，并加强了期限提醒。")
    page.click("button:has-text('提交答复')")
    page.wait_for_selector(".messages li:has-text('答复已提交')")
    assert page.inner_text("#case-state") == "机关已答复"
    assert page.locator("button:has-text('确定')").count() == 0  # only the office closes it
    page.click("button:has-text('退出')")

    # -- the office reads the answer and closes the case
    browsers.log_in(page, base, "supervisor", password)
    page.goto(f"{base}/supervision/cases/")
    page.click("a:has-text('关于逾期未答复申请的督办通知')")
    assert "加强了期限提醒" in page.inner_text("#case-answer")
    page.select_option("#id_decision", "close")
    page.fill("#id_text", "整改到位。")
    page.click("button:has-text('确定')")
    page.wait_for_selector(".messages li:has-text('已处理')")
    assert page.inner_text("#case-state") == "已办结"

    # -- 年报体检: the ranking of 2024 published, and readable without logging in
    page.click("nav a:has-text('年报体检')")
    page.select_option("#id_year", "2024")
    page.click("button:has-text('查看')")
    page.wait_for_selector("h1:has-text('2024年度报告体检')")
    page.click("button:has-text('发布本年度排名')")
    page.wait_for_selector("h1:has-text('年度报告评查结果')")
    ranking_url = page.url
    rows = page.locator("#published-ranking tbody tr")
    assert rows.count() == 2 and "洪泽区教育局" in rows.first.inner_text()
    page.click("button:has-text('退出')")
    page.goto(ranking_url)
    assert "洪泽区自然资源局" in page.inner_text("#published-ranking")
    screenshot(page, "supervision-ranking.png")
