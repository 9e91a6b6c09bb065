"""Every step form in a real browser (issue 13, points 14 and 18): a future day is refused — by the date
picker (it offers no day after today) and, were the browser's check bypassed, by the server — and the
form has no accessibility violation (axe-core)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import browsers
from browsers import requires_chromium
from gongkai.applications import services
from gongkai.applications.actions import Action
from gongkai.applications.workflow import TRANSITIONS

D = dt.date
TODAY = D(2025, 3, 17)
FUTURE = "2025-03-18"

pytestmark = requires_chromium


def _applications(world: Any, register: Any) -> dict[str, Any]:
    """An application in each state a step starts from."""

    def decided(*steps: str) -> Any:
        application = register(D(2025, 3, 3))
        services.draft_decision(application, world.clerk, D(2025, 3, 4), outcome="disclosed")
        if "review" in steps:
            services.review_decision(application, world.reviewer, D(2025, 3, 5))
        if "approve" in steps:
            services.approve_decision(application, world.head, D(2025, 3, 6))
        if "deliver" in steps:
            services.deliver_decision(application, world.clerk, D(2025, 3, 7))
        return application

    registered = register(D(2025, 3, 3))
    amending = register(D(2025, 3, 3))
    services.request_amendment(amending, world.clerk, D(2025, 3, 4), points="写明文号")
    consulting = register(D(2025, 3, 3))
    services.start_consultation(consulting, world.clerk, D(2025, 3, 4), party="某公司")
    charging = register(D(2025, 3, 3))
    services.send_fee_notice(charging, world.clerk, D(2025, 3, 4), by_count=11)
    return {
        "registered": registered,
        "amendment_requested": amending,
        "consulting": consulting,
        "fee_notified": charging,
        "drafted": decided(),
        "reviewed": decided("review"),
        "approved": decided("review", "approve"),
        "delivered": decided("review", "approve", "deliver"),
    }


def test_every_step_form_refuses_a_future_day(
    transactional_db: None,
    world: Any,
    register: Any,
    password: str,
    live_server: Any,
    browser_page: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    applications = _applications(world, register)
    users = {"clerk": world.clerk, "reviewer": world.reviewer, "head": world.head}
    page, base = browser_page, live_server.url
    checked, found = [], {}
    for role, user in users.items():
        page.context.clear_cookies()
        browsers.log_in(page, base, user.username, password)
        for action, transition in TRANSITIONS.items():
            if action == Action.REGISTER or role not in transition.roles:
                continue
            application = next(applications[s] for s in applications if s in transition.sources)
            events = application.events.count()
            page.goto(f"{base}/applications/{application.pk}/step/{action}/")
            violations = browsers.axe_violations(page)
            if violations:
                found[action] = violations
            assert page.get_attribute("#id_on", "max") == TODAY.isoformat()
            page.fill("#id_on", FUTURE)
            page.click("form.card button[type=submit]")
            # the browser refuses a day after the picker's last one: the form is not sent
            assert page.evaluate("document.querySelector('#id_on').validity.rangeOverflow")
            assert page.url.endswith(f"/step/{action}/")
            # sent anyway (a browser without the check, a request by hand): the server refuses it
            page.evaluate("document.querySelector('form.card').noValidate = true")
            page.click("form.card button[type=submit]")
            page.wait_for_selector("#id_on_error")
            assert "不能填写将来的日期" in page.inner_text("#id_on_error")
            assert application.events.count() == events, action
            checked.append(action)
    assert set(checked) == {a for a in TRANSITIONS if a != Action.REGISTER}
    assert found == {}
