"""Issue 11's acceptance, first bullet: the applicant's whole journey in a real browser, on a phone's width.

The applicant finds a document in the catalogue by searching, applies on line with an identity image (a
wrong CAPTCHA answer first), gets the 受理编号 and 查询码 on screen and by e-mail (a local SMTP server
started by the test), is confirmed by the clerk, receives the amendment notice, sends the amendment on line,
follows the recounted reply deadline, and downloads the decision letter once the head has signed it; the
clerk, the reviewer and the head work in their own browser. Every public page is read at 390 px: its text,
no axe-core violation, nothing scrolling sideways; the lookup is used from the keyboard alone.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import browsers
from browsers import requires_chromium

pytestmark = requires_chromium

TODAY = dt.date(2025, 3, 10)  # a Monday
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4 amended application\n" + b"\0" * 64
CHINESE_DIGITS = "零一二三四五六七八九十"
# How far the page itself scrolls sideways (0: it does not).
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
APPLICANT_MAIL = "zhang@example.cn"


def mail_text(message: Any) -> tuple[str, str]:
    """The subject and the plain-text body of a received message."""
    from email.header import decode_header, make_header

    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return str(make_header(decode_header(message["Subject"]))), text.get_payload(decode=True).decode()


def public_page(page: Any, where: str, *texts: str) -> str:
    """Check a public page as the applicant reads it: its text, axe-core, and no sideways scrolling."""
    body = str(page.inner_text("body"))
    for text in texts:
        assert text in body, (where, text)
    violations = browsers.axe_violations(page)
    assert violations == [], (where, violations)
    assert page.evaluate(OVERFLOW) <= 0, (where, "scrolls sideways")
    browsers.screenshot(page, f"journey-{where}.png")
    return body


def captcha_answer(page: Any) -> str:
    """The answer to the form's arithmetic question, worked out from its text as a person would."""
    label = page.locator("label[for=f-captcha]").inner_text()
    found = re.search(r"(.)加(.)等于多少", label)
    assert found, label
    return str(sum(CHINESE_DIGITS.index(digit) for digit in found.groups()))


def published_document(world: Any) -> Any:
    from proactive_helpers import draft, publish

    return publish(world, draft(world, TODAY), TODAY)


class Staff:
    """The agency's people in a browser of their own (their own cookies)."""

    def __init__(self, page: Any, base: str, password: str, url: str = "") -> None:
        self.page, self.base, self.password, self.url = page, base, password, url

    def as_user(self, username: str) -> Any:
        self.page.context.clear_cookies()
        browsers.log_in(self.page, self.base, username, self.password)
        if self.url:
            self.page.goto(self.url)
        return self.page

    def step(
        self, label: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None
    ) -> None:
        browsers.workflow_step(self.page, label, fill, select)


def lookup_by_keyboard(page: Any, base: str, number: str, code: str) -> None:
    """Open the lookup and fill it in with the keyboard alone: Tab to the fields, Enter to send."""
    page.goto(f"{base}/gk/lookup/")
    public_page(page, "lookup", "查询政府信息公开申请", "受理编号", "查询码")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "l-number":
            break
    else:
        raise AssertionError("the lookup's number field cannot be reached by Tab")
    page.keyboard.type(number)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "l-code"
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('申请办理情况')")


def test_the_applicant_from_the_catalogue_to_the_decision_letter(
    transactional_db: None,
    world: Any,
    password: str,
    live_server: Any,
    browser_page: Any,
    monkeypatch: Any,
    settings: Any,
    smtp_inbox: list[Any],
    tmp_path: Path,
) -> None:
    from django.core.cache import cache

    from gongkai.law.deadlines import amendment_period, reply_deadline, working_day_deadline
    from gongkai.law.zh import date_zh

    cache.clear()  # the rate limits of earlier tests' lookups from this address
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"
    document = published_document(world)
    agency = world.agency_a
    base = live_server.url
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    staff_context = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff = Staff(staff_context.new_page(), base, password)
    staff.page.set_default_timeout(15_000)
    image, amended = tmp_path / "身份证.png", tmp_path / "补正申请.pdf"
    image.write_bytes(PNG)
    amended.write_bytes(PDF)

    # -- the applicant searches the agency's catalogue first, as the form advises, and reads the document
    page.goto(f"{base}/gk/{agency.code}/")
    public_page(page, "column", agency.name, "法定主动公开内容", "依申请公开")
    page.click("main a:has-text('法定主动公开内容')")
    page.fill("#f-q", "招生")
    page.click("button:has-text('筛选')")
    public_page(page, "catalogue-search", document.title)
    page.click(f"a:has-text('{document.title}')")
    public_page(page, "document", document.title, "索引号", document.index_number)

    # -- the information wanted is not published: the applicant applies, a wrong CAPTCHA answer first
    page.click("a:has-text('依申请公开')")
    public_page(page, "form", f"向{agency.name}申请政府信息公开", "申请前请先检索", "不需要说明申请的用途")
    page.select_option("#f-category", "natural_person")
    page.fill("#f-name", "张三")
    page.fill("#f-id-number", "11010519491231002X")
    page.set_input_files("#f-id-image", str(image))
    page.fill("#f-email", APPLICANT_MAIL)
    page.fill("#f-content", "2025年义务教育招生工作通知所附的学区划分图")
    page.fill("#f-captcha", str(int(captcha_answer(page)) + 1))
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("#errors")
    public_page(page, "form-errors", "验证问题回答错误")
    assert page.input_value("#f-content") == "2025年义务教育招生工作通知所附的学区划分图"  # kept
    page.set_input_files("#f-id-image", str(image))  # a browser never keeps a chosen file
    page.fill("#f-captcha", captcha_answer(page))
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("h1:has-text('申请已提交')")
    public_page(page, "submitted", "受理编号", "查询码", f"已同时发送到您填写的电子邮箱 {APPLICANT_MAIL}")
    number = page.locator("#number").inner_text().strip()
    code = page.locator("#lookup-code").inner_text().strip()
    assert re.fullmatch(r"WS\d{14}", number) and len(code) == 10
    [submitted_mail] = [m for m in smtp_inbox if m["To"] == APPLICANT_MAIL]
    subject, body = mail_text(submitted_mail)
    assert number in subject and number in body and code in body

    # -- before the clerk confirms, the lookup says so and counts no deadline yet
    lookup_by_keyboard(page, base, number, code)
    public_page(page, "status-unconfirmed", "已提交，等待本机关确认收到", "确认收到后计算")

    # -- the clerk confirms it in one click (today is the receipt date) and asks for an amendment
    clerk = staff.as_user("clerk_a")
    clerk.click("nav a:has-text('网上申请')")
    clerk.click("button:has-text('确认受理')")
    clerk.wait_for_selector(f"text=已确认收到网上申请 {number}")
    staff.url = clerk.url
    staff.step("告知补正", fill={"#id_points": "请写明所需学区划分图的学段（小学或初中）。"})
    clerk.click("a:has-text('补正申请告知书')")
    clerk.click("button:has-text('签发')")
    clerk.wait_for_selector(".messages li")
    subjects = [mail_text(m)[0] for m in smtp_inbox if m["To"] == APPLICANT_MAIL]
    assert any("已确认收到" in s for s in subjects) and any("补正申请告知书" in s for s in subjects)
    notice_mail = mail_text(next(m for m in smtp_inbox if "补正" in mail_text(m)[0]))[1]
    assert "学段（小学或初中）" in notice_mail and number in notice_mail

    # -- the applicant sees the notice in the lookup and sends the amended application on line
    page.goto(f"{base}/gk/lookup/")
    public_page(page, "status-amendment", "待补正", "补正申请告知书", "提交补正后的申请", "补正期限")
    amend_by = working_day_deadline(amendment_period(15), TODAY).due
    assert (
        page.locator("#act-by")
        .inner_text()
        .startswith(f"{amend_by.year}年{amend_by.month}月{amend_by.day}日前")
    )
    page.set_input_files("#s-file", str(amended))
    page.click("button:has-text('上传')")
    page.wait_for_selector("text=补正材料已提交")
    public_page(page, "status-amendment-sent", "补正材料已提交，本机关收到后将继续办理")

    # -- the clerk records the amendment: the reply deadline runs again from today
    staff.as_user("clerk_a")
    assert "补正申请.pdf" in clerk.content()  # what the applicant sent is with the application
    staff.step("登记收到补正")
    due = reply_deadline(TODAY, amended=TODAY).due
    page.goto(f"{base}/gk/lookup/")
    public_page(page, "status-deadline", f"{due.year}年{due.month}月{due.day}日前")
    assert page.locator("#reply-due").inner_text() == f"{due.year}年{due.month}月{due.day}日前"

    # -- the decision is drafted, reviewed, approved and so signed
    staff.step("拟写答复", fill={"#id_delivery": "电子邮件"}, select={"#id_outcome": "disclosed"})
    staff.as_user("reviewer_a")
    staff.step("审核通过")
    staff.as_user("head_a")
    staff.step("批准答复并签发")
    decision_mail = [m for m in smtp_inbox if "答复书" in mail_text(m)[0]]
    assert len(decision_mail) == 1 and decision_mail[0]["To"] == APPLICANT_MAIL

    # -- the applicant downloads the decision letter from the lookup
    page.goto(f"{base}/gk/lookup/")
    public_page(page, "status-decided", "政府信息公开申请答复书", date_zh(TODAY))
    with page.expect_download() as caught:
        page.locator("li", has_text="政府信息公开申请答复书").locator("a:has-text('下载 Word 文件')").click()
    from docx import Document

    letter = Document(io.BytesIO(Path(caught.value.path()).read_bytes()))
    text = "\n".join(paragraph.text for paragraph in letter.paragraphs)
    assert "政府信息公开申请答复书" in text and "张三" in text
    staff_context.close()


# The application form's fields in the order Tab reaches them (the honeypot `f-hp` never).
FORM_FIELDS = [
    "f-category",
    "f-name",
    "f-id-type",
    "f-id-number",
    "f-credit",
    "f-id-image",
    "f-phone",
    "f-email",
    "f-address",
    "f-content",
    "f-form",
    "f-delivery",
    "f-captcha",
]


def test_the_new_pages_in_large_text_on_a_phone_and_the_form_by_keyboard(
    transactional_db: None, world: Any, live_server: Any, browser_page: Any, monkeypatch: Any
) -> None:
    from django.core.cache import cache

    cache.clear()
    page, base, code = browser_page, live_server.url, world.agency_a.code
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/gk/{code}/apply/")
    with page.expect_navigation():
        page.click("a:has-text('大字版（适老化）')")  # the switch sets a cookie and comes back
    assert page.url == f"{base}/gk/{code}/apply/"
    assert page.evaluate("() => document.body.classList.contains('gk-large')")
    public_page(page, "form-large", "申请人信息", "联系方式", "申请内容", "验证问题")

    # every field is reached by Tab, in the form's order, and the hidden honeypot never
    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.id || document.activeElement.textContent")
        reached.append(str(focused).strip())
        if reached[-1] == "提交申请":
            break
    assert reached[-1] == "提交申请", reached
    assert "f-hp" not in reached
    fields = [name for name in reached if name in FORM_FIELDS]
    assert fields == FORM_FIELDS, reached

    # a wrong 查询码 and an unknown number get the same refusal; too many tries, a page that says to wait
    page.goto(f"{base}/gk/lookup/")
    page.fill("#l-number", "WS20250310000000")
    page.fill("#l-code", "ABCDEFGHJK")
    page.click("button:has-text('查询')")
    public_page(page, "lookup-refused-large", "受理编号或查询码不正确，或者查询次数过多已暂时锁定")
    monkeypatch.setattr("gongkai.online.limits.LOOKUP", (0, 600))
    page.fill("#l-code", "ABCDEFGHJK")  # the refusal keeps the number, never the code
    page.click("button:has-text('查询')")
    public_page(page, "too-many-large", "操作过于频繁", "分钟后再试")
    cache.clear()
