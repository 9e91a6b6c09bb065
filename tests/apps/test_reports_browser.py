"""The annual report in a real browser: the clerk drafts and checks, the head approves, the public reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import browsers
from browsers import requires_chromium, screenshot
from gongkai.reports.models import AnnualReport

pytestmark = requires_chromium
YEAR = 2025


def test_clerk_drafts_checks_head_approves_and_the_public_downloads(
    transactional_db: None,
    world: Any,
    password: str,
    live_server: Any,
    browser_page: Any,
) -> None:
    from gongkai.applications.models import Application

    Application.objects.create(
        agency=world.agency_a,
        number="2025-0001",
        applicant_category="natural_person",
        received_on=dt.date(2025, 3, 3),
        closed_on=dt.date(2025, 3, 20),
        outcome="disclosed",
        state="filed",
    )
    page, base = browser_page, live_server.url

    def log_in(username: str) -> None:
        browsers.log_in(page, base, username, password)

    # -- the clerk finds 年度报告 in the menu and starts last year's report
    log_in("clerk_a")
    page.click("header a:has-text('年度报告')")
    page.fill("#id_year", str(YEAR))
    page.click("button:has-text('开始编制')")
    page.wait_for_selector("h1:has-text('洪泽区教育局2025年政府信息公开工作年度报告')")
    assert "共收到政府信息公开申请1件" in page.inner_text(".gk-preview")

    # -- table 二
    page.click("a:has-text('填写表二数据和信息处理费')")
    page.fill("#id_licensing_decisions", "120")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".messages li:has-text('表二数据和信息处理费已保存')")

    # -- the text: every 【待填写：…】 replaced by the clerk's words
    page.click("a:has-text('修改正文')")
    for key in ("导语", "一", "五"):
        selector = f"textarea[name='{key}']"
        text = page.input_value(selector)
        while "【待填写：" in text:
            start = text.index("【待填写：")
            text = text[:start] + "本机关按要求开展了这项工作" + text[text.index("】", start) + 1 :]
        page.fill(selector, text)
    page.click("button:has-text('保存正文')")
    page.wait_for_selector(".messages li:has-text('正文已保存')")
    assert "全年作出行政许可决定120件" in page.inner_text(".gk-preview")

    # -- the check finds nothing; the clerk cannot approve
    page.click("button:has-text('检查报告')")
    page.wait_for_selector("text=没有发现错误")
    assert page.locator("text=第三步：负责人批准").count() == 0
    screenshot(page, "report-checked.png")
    page.click("button:has-text('退出')")

    # -- the head approves
    log_in("head_a")
    page.goto(f"{base}/reports/")
    page.click("a:has-text('2025年度报告')")
    page.click("button:has-text('批准')")
    page.wait_for_selector(".messages li:has-text('报告已批准')")
    page.click("button:has-text('退出')")

    # -- the clerk publishes; the public page carries the report and its downloads
    log_in("clerk_a")
    report = AnnualReport.objects.get(agency=world.agency_a, year=YEAR)
    page.goto(f"{base}/reports/{report.pk}/")
    # Publication renders the Word and PDF files: allow for a busy machine.
    page.click("button:has-text('发布')", timeout=120_000)
    page.wait_for_selector(".messages li:has-text('已在本机关公开页面发布')", timeout=120_000)
    page.click("a:has-text('查看公开页面')")
    page.wait_for_selector("h1:has-text('2025年政府信息公开工作年度报告')")
    assert page.locator("table").count() >= 3
    with page.expect_download() as download:
        page.click(".gk-downloads a:has-text('PDF文件')")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
