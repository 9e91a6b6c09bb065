"""Accessibility of every staff page of the demo city (issue 13, point 18): axe-core finds no violation.

Each role of the demo logs in and walks its pages from the workbench, following every link of the site
(each kind of page — one URL name — once per role, downloads and the Django admin aside); then a clerk
opens the form of every workflow step (`applications.workflow.TRANSITIONS`) and of every step of the
proactive-disclosure register (`proactive.chain.TRANSITIONS`). axe-core runs on each page.

The demo city has no object of some kinds (a 督办 case, a complaint, a register document…), so a second
walk is generated from the URL resolver (`urlwalk.walk`): every named page of the site that is not public,
not a download and not an action's POST address (`NOT_PAGES`, each with its reason) is opened, filled with
the every-URL test's objects of agency A (`agency_objects`), by the first role that may open it — a new
page is covered, or the test says no role could open it, the day it is added."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import pytest
import urlwalk
from django.urls import Resolver404, resolve

import browsers
from browsers import requires_chromium

TODAY = dt.date(2026, 11, 20)
PER_KIND = 1  # pages of a kind visited per role
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/logout/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".docx", ".pdf", ".csv", ".xlsx", ".md", ".html")

# An audit of the rendered pages, which the database engine under them does not change: run once.
pytestmark = [*requires_chromium, pytest.mark.one_database]

# Named patterns that are not pages to check, and why (everything else of `urlwalk.walk()` must be reached).
NOT_PAGES = {
    "applications:letter_issue": "POST only: signs a letter, then back to the letter page",
    "applications:letter_void": "POST only: voids a letter, then back to the application",
    "applications:letter_file": "a Word or PDF download",
    "applications:attachment": "a download",
    "applications:attachment_upload": "POST only: the form is on the application's page",
    "applications:export": "a CSV download",
    "applications:export_xlsx": "an Excel download",
    "applications:reassign": "POST only: the form is on the application's page",
    "applications:review_void": "POST only: the form is on the review case's correction page",
    "applications:undo": "POST only: the form is on the application's page",
    "agencies:remove": "POST only: the form is on the people page",
    "agencies:decide_request": "POST only: the form is on the people page",
    "agencies:unlock": "POST only: the form is on the people page",
    "agencies:reset_password": "POST only: the form is on the people page",
    "proactive:attachment": "a download",
    "proactive:attachment_upload": "POST only: the form is on the document's page",
    "proactive:acknowledge": "POST only: the form is on the document's page",
    "proactive:step": "POST only: each step's form is on the document's page",
    "proactive:import_template": "an Excel download",
    "proactive:guide_file": "a Word download",
    "reports:draft_file": "a Word download",
    "reports:inputs_template": "an Excel download",
    "reports:public_file": "a public download",
    "reports:open": "POST only: opens a report, then its page",
    "reports:approve": "POST only: the form is on the report's page",
    "reports:publish": "POST only: the form is on the report's page",
    "reports:submit": "POST only: the form is on the report's page",
    "reports:check": "POST only: the form is on the report's page",
    "reports:inputs_import": "POST only: the upload form is on the report's inputs page",
    "reports:previous": "POST only: the upload form is on the report's page",
    "statistics:statistics_export": "an Excel download",
    "supervision:dashboard_export": "an Excel download",
    "supervision:health_export": "an Excel download",
    "supervision:compare_export": "an Excel download",
    "supervision:ranking_publish": "POST only: the form is on the health page",
    "online:confirm": "POST only: the button is on the list of unconfirmed on-line applications",
    "online:id_image": "a download (the applicant's identity image)",
}


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
    found.update(_every_step_form(page, live_server.url, logins, kinds))
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


PERSONAS = ("superuser", "agency_admin", "head", "reviewer", "clerk", "supervisor")
STEP_PATTERNS = ("applications:step",)  # every action's form, not only the first


def test_every_page_of_the_url_resolver_has_no_axe_violation(
    transactional_db: None,
    world: Any,
    register: Any,
    password: str,
    settings: Any,
    tmp_path: Any,
    live_server: Any,
    browser_page: Any,
    monkeypatch: Any,
) -> None:
    from agency_objects import agency_a_objects

    objects = agency_a_objects(world, register, settings, tmp_path)
    pages = [
        p
        for p in urlwalk.walk()
        if "/" not in p.name
        and not p.name.startswith("admin:")
        and p.name not in urlwalk.PUBLIC
        and p.name not in NOT_PAGES
        and p.name != "set_language"
    ]
    todo = {
        urlwalk.build(p, kwargs): p.name
        for p in pages
        for kwargs in (
            urlwalk.fillings(p, objects) if p.name in STEP_PATTERNS else urlwalk.fillings(p, objects)[:1]
        )
    }
    page, base = browser_page, live_server.url
    found: dict[str, list[Any]] = {}
    for persona in PERSONAS:
        if not todo:
            break
        page.context.clear_cookies()
        browsers.log_in(page, base, getattr(world, persona).username, password)
        for path in list(todo):
            try:
                response = page.goto(base + path)
            except Exception:  # chromium shows no empty error answer (a 405): not a page for this role
                continue
            if (
                response is None
                or response.status != 200
                or "html" not in response.headers.get("content-type", "")
            ):
                continue
            del todo[path]
            violations = browsers.axe_violations(page)
            if violations:
                found[f"{persona} {path}"] = violations
    assert found == {}, _summary(found)
    assert todo == {}, f"no role could open: {todo}"


def _every_step_form(page: Any, base: str, logins: list[Any], kinds: Counter[str]) -> dict[str, list[Any]]:
    """A clerk opens the form of every workflow step on one of its applications (a form refused in the
    current state still shows, with the reason)."""
    from gongkai.applications.models import Application
    from gongkai.applications.workflow import TRANSITIONS
    from gongkai.demo import city

    clerk = next(login for login in logins if login.role == "经办人")
    page.context.clear_cookies()
    browsers.log_in(page, base, clerk.username, city.PASSWORD)
    application = Application.objects.filter(agency__name=clerk.agency).order_by("pk").first()
    assert application is not None
    paths = [
        f"/applications/{application.pk}/step/{action}/" for action in TRANSITIONS if action != "register"
    ]
    found = {}
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        kinds[_kind(path) or path] += 1
        violations = browsers.axe_violations(page)
        if violations:
            found[f"{clerk.username} {path}"] = violations
    return found


def _summary(found: dict[str, list[Any]]) -> str:
    """Each rule broken, on which pages, with a few of the elements concerned."""
    lines = []
    for rule in sorted({v["rule"] for violations in found.values() for v in violations}):
        pages = [path for path, violations in found.items() if any(v["rule"] == rule for v in violations)]
        nodes = {n for vs in found.values() for v in vs if v["rule"] == rule for n in v["nodes"]}
        lines.append(f"{rule}: {len(pages)} pages, e.g. {pages[:5]}")
        lines.extend(f"    {node}" for node in sorted(nodes)[:8])
    return "\n".join(lines)
