"""The register in a real browser (Playwright driving Debian's chromium), against the live server (issue 10,
acceptance 1): a clerk drafts a document with a planted 身份证号, the automatic check shows it, the
保密审查 and the three reviews pass, the final reviewer cannot approve before the finding is acknowledged
and then does, the clerk publishes it (索引号) and later repeals it; the catalogue, its search and its
有效性 filter, and the 指南 are checked on the way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import browsers
from browsers import requires_chromium, screenshot

TODAY = dt.date(2025, 3, 10)  # a Monday
ID_NUMBER = "11010519491231002X"  # valid check digit

pytestmark = requires_chromium


def test_a_document_walks_from_drafting_to_publication_and_repeal(
    transactional_db: None, world: Any, password: str, live_server: Any, browser_page: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    page, base = browser_page, live_server.url

    def log_in(username: str) -> None:
        page.context.clear_cookies()
        browsers.log_in(page, base, username, password)

    def take(action: str, opinion: str = "", **fields: str) -> str:
        """Take a step from the document's page; the message shown afterwards."""
        page.goto(document_url)
        if opinion:
            page.fill(f"#opinion-{action}", opinion)
        for name, value in fields.items():
            page.fill(f"#{name}-{action}", value)
        page.click(f"button[data-action='{action}']")
        page.wait_for_selector(".messages li")
        return str(page.inner_text(".messages"))

    # -- 拟稿: the clerk drafts; the automatic check (三校) finds the unmasked ID number
    log_in("clerk_a")
    page.goto(base + "/proactive/new/")
    page.fill("#id_title", "洪泽区教育局关于2025年城区小学学区划分的通告")
    page.fill("#id_doc_number", "洪教发〔2025〕5号")
    page.fill("#id_issuers", "洪泽区教育局")
    page.fill("#id_written_on", "2025-03-03")
    page.fill("#id_formed_on", "2025-03-03")
    page.select_option("#id_kind", "normative")
    page.select_option("#id_theme", "科技、教育")
    page.select_option("#id_article_item", "20.1")
    page.select_option("#id_disclosure", "proactive")
    page.fill("#id_summary", "公布2025年城区小学学区范围。")
    page.fill("#id_body", f"家长张三（身份证号{ID_NUMBER}）反映的学区问题已答复。")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".messages li:has-text('已登记拟稿')")
    document_url = page.url
    finding = page.locator("#findings tr[data-rule='pii.id_number']")
    assert ID_NUMBER in finding.inner_text() and "未确认" in finding.inner_text()
    screenshot(page, "proactive-drafted.png")
    assert "已办理" in take("submit")

    # -- 保密审查 and the first review (科室负责人初审) by the reviewer
    log_in("reviewer_a")
    assert "已办理" in take("pass_secrecy", "不涉及国家秘密")
    assert "已办理" in take("approve_step", "同意")

    # -- 分管领导复审 and 终审 by the head: not before the finding is acknowledged
    log_in("head_a")
    assert "已办理" in take("approve_step", "同意")
    assert "未确认已阅" in take("approve_step", "同意发布")
    page.goto(document_url)
    page.check("#findings tr[data-rule='pii.id_number'] input[name='finding']")
    page.fill("#ack-opinion", "已将身份证号遮盖为110105********002X")
    page.click("button:has-text('确认所选检查结果已阅')")
    page.wait_for_selector(".messages li:has-text('已确认所选检查结果')")
    assert "张负责" in page.inner_text("#findings tr[data-rule='pii.id_number']")
    assert "已办理" in take("approve_step", "同意发布")

    # -- 发布 by the clerk: a 索引号 is given; the catalogue lists and finds it
    log_in("clerk_a")
    assert "已办理" in take("publish")
    index_number = page.inner_text("[data-index-number]").strip()
    assert index_number.endswith("/2025-00001"), index_number
    page.goto(base + "/catalogue/")
    page.fill("#q", "学区划分")
    page.click("form[role='search'] button:has-text('查询')")
    page.wait_for_load_state()
    assert index_number in page.inner_text("main") and "共 1 条" in page.inner_text("main")
    page.fill("#q", "招生计划")
    page.click("form[role='search'] button:has-text('查询')")
    page.wait_for_load_state()
    assert index_number not in page.inner_text("main") and "共 0 条" in page.inner_text("main")
    screenshot(page, "proactive-catalogue.png")

    # -- the 指南, generated from the agency's data, shows the catalogue's 索引号 pattern and channels
    page.goto(f"{base}/agencies/{world.agency_a.pk}/guide/")
    guide = page.inner_text("main")
    assert "政府信息公开指南" in guide and "洪泽区教育局" in guide

    # -- 废止: the document stays in the catalogue, marked 废止 with its date
    assert "已办理" in take("repeal", "已被新通告替代", on="2025-03-20", by="洪教发〔2025〕9号")
    assert "废止" in page.inner_text("h1 + p")
    page.goto(f"{base}/catalogue/?validity=repealed")
    assert index_number in page.inner_text("main")
    page.goto(f"{base}/catalogue/?validity=valid")
    assert index_number not in page.inner_text("main")
    page.goto(document_url)
    history = page.inner_text("main")
    assert all(word in history for word in ("保密审查", "已将身份证号遮盖", "废止"))
