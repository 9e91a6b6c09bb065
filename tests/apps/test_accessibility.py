"""Accessibility of every staff page of the demo city (issue 13, point 18): axe-core finds no violation.

Each role of the demo logs in and walks its pages from the workbench, following every link of the site
(each kind of page — one URL name — up to twice, downloads and the Django admin aside) and opening every
step form of the applications it meets; axe-core runs on each page."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

import browsers
from browsers import requires_chromium

TODAY = dt.date(2026, 11, 20)
PER_KIND = 1  # pages of a kind visited per role
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/logout/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".docx", ".pdf", ".csv", ".xlsx", ".md", ".html")

pytestmark = requires_chromium


def _kind(path: str) -> str | None:
    """What kind of page `path` is (its URL name, and the step's action for a step form), or None for
    what is not a page of the site to check (a download, the Django admin, an action's POST address)."""
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name.endswith(("_file", "attachment", "letter_issue", "export", "export_xlsx")):
        return None
    return ":".join([match.view_name, *(str(v) for k, v in match.kwargs.items() if k in ("action", "kind"))])


def _crawl(page: Any, base: str, kinds: Counter[str], limit: int = 120) -> dict[str, list[Any]]:
    """Visit the pages reachable from the workbench, each kind up to PER_KIND times; the violations found
    on each page (`kinds` counts the kinds visited)."""
    seen: Counter[str] = Counter()
    queue, visited, found = ["/"], set(), {}
    while queue and len(visited) < limit:
        path = queue.pop(0)
        kind = _kind(urlsplit(path).path)
        if path in visited or kind is None or seen[kind] >= PER_KIND:
            continue
        visited.add(path)
        seen[kind] += 1
        response = page.goto(base + path)
        if (
            response is None
            or response.status >= 400
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        kinds[kind] += 1
        violations = browsers.axe_violations(page)
        if violations:
            found[path] = violations
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(href)
            if not target.netloc and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def test_every_staff_page_has_no_axe_violation(
    transactional_db: None, live_server: Any, browser_page: Any, monkeypatch: Any, settings: Any
) -> None:
    from gongkai.demo import city
    from gongkai.demo.reports import create_demo_reports

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    city._hashed_password.cache_clear()
    logins = city.build(TODAY, per_agency=3)
    create_demo_reports(TODAY.year - 1)  # a drafted, a checked and a published report
    page = browser_page
    page.goto(live_server.url + "/login/")
    found = {"/login/": browsers.axe_violations(page)}
    kinds: Counter[str] = Counter()
    for login in logins:  # every role of the demo city
        page.context.clear_cookies()
        browsers.log_in(page, live_server.url, login.username, city.PASSWORD)
        found.update({f"{login.username} {p}": v for p, v in _crawl(page, live_server.url, kinds).items()})
    found = {path: violations for path, violations in found.items() if violations}
    assert found == {}, _summary(found)
    # the walk reached the pages of every area and the step forms
    for needed in (
        "dashboard",
        "applications:list",
        "applications:register",
        "applications:detail",
        "applications:letter",
        "applications:step:draft_decision",
        "applications:step:review_decision",
        "applications:step:approve_decision",
        "applications:review_new",
        "applications:ledger_import",
        "statistics:statistics",
        "reports:list",
        "reports:detail",
        "supervision:reports",
        "agencies:people",
        "accounts:password_change",
    ):
        assert kinds[needed], (needed, sorted(kinds))


def _summary(found: dict[str, list[Any]]) -> str:
    """Each rule broken, on which pages, with a few of the elements concerned."""
    lines = []
    for rule in sorted({v["rule"] for violations in found.values() for v in violations}):
        pages = [path for path, violations in found.items() if any(v["rule"] == rule for v in violations)]
        nodes = {n for vs in found.values() for v in vs if v["rule"] == rule for n in v["nodes"]}
        lines.append(f"{rule}: {len(pages)} pages, e.g. {pages[:5]}")
        lines.extend(f"    {node}" for node in sorted(nodes)[:8])
    return "\n".join(lines)
