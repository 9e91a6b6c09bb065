"""Letter control in a real browser (issue 13 point 12): the clerk cannot sign a decision before its
approval, and a decision returned for revision leaves one valid signed letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import browsers
from browsers import requires_chromium

TODAY = dt.date(2025, 3, 17)

pytestmark = requires_chromium


def _step(
    page: Any, label: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None
) -> None:
    browsers.workflow_step(page, label, fill, select)


def _as(page: Any, base: str, username: str, password: str, url: str) -> None:
    page.context.clear_cookies()
    browsers.log_in(page, base, username, password)
    page.goto(url)


def test_clerk_cannot_sign_before_approval_and_a_return_leaves_one_signed_letter(
    transactional_db: None,
    world: Any,
    register: Any,
    password: str,
    live_server: Any,
    browser_page: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    page, base = browser_page, live_server.url
    application = register(dt.date(2025, 3, 12))
    url = f"{base}/applications/{application.pk}/"

    # the clerk drafts a decision: its letter page offers no signing, and a forged POST is refused
    _as(page, base, "clerk_a", password, url)
    _step(
        page,
        "拟写答复",
        fill={"#id_reasons": "属于过程稿。"},
        select={"#id_outcome": "withheld.process_information"},
    )
    page.click("a:has-text('政府信息公开申请答复书')")
    assert page.locator("button:has-text('签发')").count() == 0
    assert "负责人批准答复时自动编号签发" in page.content()
    letter_url = page.url
    page.evaluate(
        """() => { const f = document.createElement('form'); f.method = 'post';
        f.action = location.pathname + 'issue/';
        const t = document.querySelector('input[name=csrfmiddlewaretoken]');
        f.appendChild(t.cloneNode()); document.body.appendChild(f); f.submit(); }"""
    )
    page.wait_for_selector(".messages li")
    assert "须经审核人审核、负责人批准后签发" in page.inner_text(".messages")
    assert not application.letters.filter(kind="decision", issued_at__isnull=False).exists()

    # the reviewer returns it; the clerk's redraft starts from the draft and shows the comment
    _as(page, base, "reviewer_a", password, url)
    page.click(".actions a:has-text('退回修改')")
    assert "属于过程稿。" in page.content()  # the approver sees the reasoning and the letter
    page.fill("#id_comment", "请说明过程稿的形成时间")
    page.click("button:has-text('确认退回修改')")
    page.wait_for_selector(".messages li:has-text('已完成：退回修改')")
    _as(page, base, "clerk_a", password, url)
    page.click(".actions a:has-text('拟写答复')")
    assert "请说明过程稿的形成时间" in page.content()
    assert page.input_value("#id_reasons") == "属于过程稿。"
    page.fill("#id_reasons", "属于2025年2月形成的过程稿。")
    page.click("button:has-text('确认拟写答复')")
    page.wait_for_selector(".messages li:has-text('已完成：拟写答复')")

    # reviewed and approved: one valid signed letter, the withdrawn draft kept beside it
    _as(page, base, "reviewer_a", password, url)
    _step(page, "审核通过", fill={"#id_opinion": "同意"})
    _as(page, base, "head_a", password, url)
    _step(page, "批准答复并签发")
    decisions = application.letters.filter(kind="decision")
    assert decisions.count() == 2
    valid = [letter for letter in decisions if not letter.withdrawn]
    assert len(valid) == 1 and valid[0].is_issued and "2025年2月" in valid[0].body
    page.goto(letter_url)
    assert "已撤回" in page.content()
