"""The on-line application in a real browser (issue 11): the applicant submits the form with an identity
image and gets the numbers, the clerk confirms in one click, the applicant looks the application up, sees
the reply deadline and downloads a letter; axe-core finds no violation on any of these pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core import signing

import browsers
from browsers import requires_chromium

pytestmark = requires_chromium

TODAY = dt.date(2025, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _no_violations(page: Any, where: str) -> None:
    violations = browsers.axe_violations(page)
    assert violations == [], (where, violations)


def test_applicant_submits_clerk_confirms_applicant_follows_and_downloads(
    transactional_db: None,
    world: Any,
    password: str,
    live_server: Any,
    browser_page: Any,
    monkeypatch: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    from gongkai.applications.letters import issue_letter
    from gongkai.online import captcha
    from gongkai.online.models import OnlineApplication

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"
    image = tmp_path / "身份证.png"
    image.write_bytes(PNG)
    page, base = browser_page, live_server.url

    # -- the applicant fills in the form, answering the CAPTCHA's question
    page.goto(f"{base}/gk/{world.agency_a.code}/apply/")
    _no_violations(page, "form")
    page.select_option("#f-category", "natural_person")
    page.fill("#f-name", "张三")
    page.fill("#f-id-number", "11010519491231002X")
    page.set_input_files("#f-id-image", str(image))
    page.fill("#f-phone", "13812345678")
    page.fill("#f-content", "2024年度学区划分方案")
    token = page.locator("input[name=captcha_token]").get_attribute("value")
    page.fill("#f-captcha", str(signing.loads(token, salt=captcha.SALT)["answer"]))
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("h1:has-text('申请已提交')")
    _no_violations(page, "submitted")
    number = page.locator("#number").inner_text().strip()
    code = page.locator("#lookup-code").inner_text().strip()
    assert re.fullmatch(r"WS\d{14}", number) and len(code) == 10

    # -- the clerk sees it in the menu's list and confirms it in one click
    browsers.log_in(page, base, "clerk_a", password)
    assert page.locator("[data-online-unconfirmed]").count() == 1
    page.click("nav a:has-text('网上申请')")
    page.wait_for_selector("h1:has-text('网上申请待确认')")
    _no_violations(page, "unconfirmed list")
    assert number in page.content()
    page.click("button:has-text('确认受理')")
    page.wait_for_selector(f"text=已确认收到网上申请 {number}")
    online = OnlineApplication.objects.select_related("application").get(number=number)
    assert online.application is not None and online.application.received_on == TODAY
    receipt = online.application.letters.get(kind="receipt")
    issue_letter(receipt, world.clerk, TODAY)
    page.click("button:has-text('退出')")
    page.wait_for_selector("h1:has-text('登录')")

    # -- the applicant looks it up: the deadline and the letter to download
    page.goto(f"{base}/gk/lookup/")
    _no_violations(page, "lookup form")
    page.fill("#l-number", number)
    page.fill("#l-code", code)
    page.click("button:has-text('查询')")
    page.wait_for_selector("h1:has-text('申请办理情况')")
    _no_violations(page, "status")
    due = online.application.reply_due
    assert page.locator("#reply-due").inner_text() == f"{due.year}年{due.month}月{due.day}日前"
    with page.expect_download() as caught:
        page.click("a:has-text('下载 Word 文件')")
    saved = tmp_path / "letter.docx"
    caught.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
