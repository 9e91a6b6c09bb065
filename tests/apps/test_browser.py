"""A clerk's day in a real browser (Playwright driving Debian's chromium), against the live server.

Log in, register an application, request an amendment, record it, draft the decision; the reviewer
reviews, the head approves and downloads the decision letter — checking the deadline shown at each step.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import browsers
from browsers import requires_chromium, screenshot
from gongkai.law.deadlines import (
    amendment_notice_deadline,
    amendment_period,
    reply_deadline,
    working_day_deadline,
)
from gongkai.law.zh import date_zh

TODAY = dt.date(2025, 3, 17)  # a Monday
RECEIVED = dt.date(2025, 3, 12)

pytestmark = requires_chromium


def deadline_text(page: Any, label: str) -> str:
    """The due date shown for the deadline whose label starts with `label` (a provisional one adds 暂定)."""
    return str(page.locator(f"[data-deadline^='{label}'] .due").inner_text())


def test_clerk_registers_amends_decides_and_head_approves(
    transactional_db: None, world: Any, password: str, live_server: Any, browser_page: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    page = browser_page
    base = live_server.url

    def log_in(username: str) -> None:
        browsers.log_in(page, base, username, password)

    def log_out() -> None:
        page.click("button:has-text('退出')")
        page.wait_for_selector("h1:has-text('登录')")

    def step(label: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None) -> None:
        browsers.workflow_step(page, label, fill, select)

    # -- the clerk logs in and registers an in-person application received on 12 March
    log_in("clerk_a")
    page.click("a:has-text('登记新申请')")
    page.select_option("#id_channel", "in_person")
    page.fill("#id_arrival", RECEIVED.isoformat())
    page.select_option("#id_applicant_category", "natural_person")
    page.fill("#id_applicant_name", "张三")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_content", "洪泽区2024年度学区划分方案")
    page.click("button:has-text('登记')")
    page.wait_for_selector("h1:has-text('申请 2025-0001')")
    reply_due = reply_deadline(RECEIVED).due
    assert reply_due == dt.date(2025, 4, 10)
    assert deadline_text(page, "答复期限") == date_zh(reply_due)
    assert deadline_text(page, "补正告知期限（如需补正）") == date_zh(amendment_notice_deadline(RECEIVED).due)
    application_url = page.url
    screenshot(page, "application-registered.png")

    # -- amendment requested on 17 March: the applicant has 15 working days, the reply clock waits
    step("告知补正", fill={"#id_points": "请写明所需方案的年份和学段。"})
    amendment_due = working_day_deadline(amendment_period(15), TODAY).due
    assert amendment_due == dt.date(2025, 4, 8)
    assert deadline_text(page, "申请人补正期限") == date_zh(amendment_due)
    assert page.locator("[data-deadline='答复期限']").count() == 0
    assert "答复期限自收到补正后的申请之日起重新计算" in page.content()

    # -- the amended application arrives the same day: 20 working days from 17 March
    step("登记收到补正")
    amended_due = reply_deadline(RECEIVED, amended=TODAY).due
    assert amended_due == dt.date(2025, 4, 15)
    assert deadline_text(page, "答复期限") == date_zh(amended_due)

    # -- the clerk drafts the decision: withheld, internal affairs
    step(
        "拟写答复",
        fill={"#id_reasons": "所申请的会议材料属于内部工作流程信息。", "#id_delivery": "邮寄"},
        select={"#id_outcome": "withheld.internal_affairs"},
    )
    assert "答复已拟稿" in page.inner_text("h1")
    page.goto(f"{base}/")
    screenshot(page, "dashboard-clerk.png")
    log_out()

    # -- the reviewer reviews it, the head approves it
    log_in("reviewer_a")
    assert "2025-0001" in page.inner_text("section.card")
    page.goto(application_url)
    step("审核通过")
    log_out()
    log_in("head_a")
    page.goto(application_url)
    step("批准答复并签发")
    assert deadline_text(page, "答复期限") == date_zh(amended_due)
    row = page.locator("tr", has_text="政府信息公开申请答复书")
    assert "〔2025〕1号" in row.inner_text()
    screenshot(page, "application-approved.png")

    # -- the head downloads the decision letter
    with page.expect_download() as download_info:
        row.locator("a:has-text('Word')").click()
    download = download_info.value
    assert download.suggested_filename == "2025-0001 政府信息公开申请答复书.docx"
    from docx import Document

    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "政府信息公开申请答复书" in text and "〔2025〕1号" in text
    assert "第十六条第一款、第三十六条第（三）项" in text
    assert "应当先申请行政复议" in text and "淮安市洪泽区人民政府" in text
