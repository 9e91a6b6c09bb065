"""The HTML report in a real browser (Playwright driving Debian's chromium): tables, headers, phone width, print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_writers import SECTIONS, numbered_report

from browsers import launch_chromium, requires_chromium
from gongkai.annual.writers import render_report

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    report = numbered_report("2021", sections=SECTIONS, signed_on="2025-01-20")
    path.write_bytes(render_report(report, "html"))
    return path


@pytest.fixture()
def page(browser: Any, report_file: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(report_file.as_uri())
    yield page
    context.close()


def test_the_browser_shows_the_report(page: Any) -> None:
    assert page.title() == "某某市审批服务管理局2024年政府信息公开工作年度报告"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_role("heading", level=1).inner_text().replace("\n", "") == (
        "某某市审批服务管理局2024年政府信息公开工作年度报告"
    )
    assert page.get_by_role("heading", level=2).count() == 6
    assert page.get_by_role("heading", name="（一）主动公开情况", level=3).is_visible()


def test_tables_are_named_by_their_captions_and_headers_are_exposed(page: Any) -> None:
    tables = page.get_by_role("table")
    assert tables.count() == 3
    requests = page.get_by_role("table", name=re.compile("收到和处理政府信息公开申请情况"))
    assert requests.count() == 1
    assert requests.get_by_role("columnheader", name="商业企业").is_visible()
    assert requests.get_by_role("columnheader", name="法人或其他组织").is_visible()
    assert requests.get_by_role("rowheader", name="5.属于三类内部事务信息").is_visible()
    # Every value cell's `headers` resolve to header cells of its own table.
    broken = page.evaluate(
        """() => [...document.querySelectorAll('td[headers]')].filter(td => {
            const table = td.closest('table');
            return td.headers.split(' ').some(id => {
                const th = document.getElementById(id);
                return !th || th.tagName !== 'TH' || th.closest('table') !== table;
            });
        }).length"""
    )
    assert broken == 0


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_merged_cells_span_their_rows_and_columns(page: Any) -> None:
    results = _box(page, "#requests th:text-is('三、本年度办理结果')")
    first = _box(page, "#requests th:text-is('（一）予以公开')")
    total = _box(page, "#requests th:text-is('（七）总计')")
    assert results["y"] == pytest.approx(first["y"], abs=1)
    assert results["y"] + results["height"] == pytest.approx(total["y"] + total["height"], abs=1)
    applicants = _box(page, "#requests th:text-is('申请人情况')")
    person = _box(page, "#requests th:text-is('自然人')")
    overall = _box(page, "#requests thead th:text-is('总计')")
    assert applicants["x"] == pytest.approx(person["x"], abs=1)
    assert applicants["x"] + applicants["width"] == pytest.approx(overall["x"] + overall["width"], abs=1)
    litigation = _box(page, "#reviews th:text-is('行政诉讼')")
    after = _box(page, "#reviews th:text-is('复议后起诉')")
    assert litigation["x"] + litigation["width"] == pytest.approx(after["x"] + after["width"], abs=1)


def test_numbers_stay_on_one_line(page: Any) -> None:
    wrapped = page.evaluate(
        """() => [...document.querySelectorAll('td.value')].filter(td => {
            const range = document.createRange();
            range.selectNodeContents(td);
            return range.getClientRects().length > 1;
        }).length"""
    )
    assert wrapped == 0


def test_phone_width_scrolls_the_table_not_the_page(browser: Any, report_file: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(report_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        region = page.get_by_role("region", name="表三　收到和处理政府信息公开申请情况")
        assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    finally:
        context.close()


def test_print_stylesheet(page: Any, tmp_path: Path) -> None:
    page.emulate_media(media="print")
    assert page.locator("#requests caption").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator("h2").first.evaluate("el => getComputedStyle(el).fontSize") == "21.3333px"  # 16 pt
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 3
