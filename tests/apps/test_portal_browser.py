"""The public column in a real browser (issue 11 point 7): every kind of public page of the demo city has
no axe-core violation, at 1280 px and at 390 px (where nothing but a wide table's own region scrolls
sideways), in large text too; the skip link and the large-text switch work from the keyboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import browsers
from browsers import requires_chromium

TODAY = dt.date(2026, 11, 20)

pytestmark = requires_chromium

# How far the page itself scrolls sideways (0: it does not).
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _demo_column() -> list[str]:
    """The demo city with its registers and a published report in every agency; the pages to visit."""
    from gongkai.core.calendar import system_calendar
    from gongkai.demo import city
    from gongkai.demo.register import create_demo_register
    from gongkai.demo.reports import create_demo_reports, publish_every_agency
    from gongkai.proactive.models import Document
    from gongkai.reports.models import AnnualReport

    city._hashed_password.cache_clear()
    city.build(TODAY, per_agency=3)
    create_demo_register(TODAY, system_calendar())
    create_demo_reports(TODAY.year - 1)
    publish_every_agency(TODAY.year - 1)
    published = Document.objects.filter(state="published").select_related("agency")
    plain = published.filter(agency__code="jyj", kind="normative", validity="valid").first()
    repealed = published.exclude(validity="valid").first()
    explained = published.filter(kind="interpretation").first()
    report = AnnualReport.objects.filter(agency__code="jyj", state="published").get()
    assert plain and repealed and explained
    document = "/gk/{}/documents/{}/"
    return [
        "/gk/",
        "/gk/sfs/",
        "/gk/jyj/",
        "/gk/jyj/guide/",
        "/gk/jyj/rules/",
        "/gk/jyj/catalogue/",
        "/gk/jyj/catalogue/?article_item=20.1&validity=valid",
        "/gk/jyj/catalogue/?q=%E9%80%9A%E7%9F%A5&page=2",
        "/gk/sfs/search/",
        "/gk/sfs/search/?q=%E5%B7%A5%E4%BD%9C%E8%A6%81%E7%82%B9",
        document.format("jyj", plain.pk),
        document.format(repealed.agency.code, repealed.pk),
        document.format(explained.agency.code, explained.pk),
        "/gk/jyj/reports/",
        f"/gk/jyj/reports/{report.year}/",
        "/gk/jyj/catalogue/?embed=1",
        "/gk/jyj/?large=1",
        "/gk/jyj/no-such-page/",
        "/gk/jyj/documents/999999/",
    ]


@pytest.mark.one_database  # an audit of rendered pages: the database engine does not change it
def test_every_public_page_passes_axe_and_fits_a_phone(
    transactional_db: None, live_server: Any, browser_page: Any, monkeypatch: Any, settings: Any
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    pages = _demo_column()
    page, base = browser_page, live_server.url
    found: dict[str, Any] = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            response = page.goto(base + path)
            assert response is not None
            expected = 404 if "no-such" in path or "999999" in path else 200
            assert response.status == expected, (path, response.status)
            violations = browsers.axe_violations(page)
            if violations:
                found[f"{width}px {path}"] = violations
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                found[f"{width}px {path}"] = f"scrolls sideways by {overflow}px"
            browsers.screenshot(page, f"portal-{width}-{len(found)}-{path.strip('/').replace('/', '_')}.png")
    assert found == {}, found


def test_skip_link_and_large_text_by_keyboard(
    transactional_db: None, live_server: Any, browser_page: Any, world: Any
) -> None:
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base + "/gk/hongze-jyj/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "跳到正文"
    assert page.evaluate(
        "() => document.activeElement.getBoundingClientRect().left >= 0"
    )  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "gk-main"
    # Large text without JavaScript: the switch is a link, reached by Tab, followed by Enter.
    page.goto(base + "/gk/hongze-jyj/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent") == "大字版（适老化）":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.url == base + "/gk/hongze-jyj/"
    assert page.evaluate("() => document.body.classList.contains('gk-large')")
    assert page.evaluate(OVERFLOW) <= 0
    page.goto(base + "/gk/hongze-jyj/catalogue/")  # the cookie keeps it on every page
    assert page.evaluate("() => document.body.classList.contains('gk-large')")
    with page.expect_navigation():
        page.get_by_role("link", name="标准字号").click()
    page.wait_for_load_state()
    assert not page.evaluate("() => document.body.classList.contains('gk-large')")
