"""Real-browser tests: Playwright driving Debian's chromium (installed by scripts/system-deps)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
# Without the background-networking flags chromium keeps trying to reach Google's hosts, which this
# network refuses; --no-sandbox because CI runs as root.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

requires_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"),
]


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """A headless chromium browser, closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot when GONGKAI_SCREENSHOT_DIR is set (to look at what people see)."""
    folder = os.environ.get("GONGKAI_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def log_in(page: Any, base: str, username: str, password: str) -> None:
    """Log in through the login page and wait for the workbench."""
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('登录')")
    page.wait_for_selector("h1:has-text('我的工作台')")


AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# The rules checked: WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core (vendored, tests/vendor/axe-core) finds wrong on the page: each violation's rule, its
    impact, what it asks and the first few elements concerned."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return list(
        page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return result.violations.map(v => ({
                    rule: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary),
                }));
            }""",
            AXE_TAGS,
        )
    )


def workflow_step(
    page: Any, label: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None
) -> None:
    """Take the case page's step `label`: open its form, fill it, confirm, and wait for the message."""
    page.click(f".actions a:has-text('{label}')")
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    for selector, value in (select or {}).items():
        page.select_option(selector, value)
    page.click(f"button:has-text('确认{label}')")
    page.wait_for_selector(f".messages li:has-text('已完成：{label}')")
