"""Handling as a careful office would (issue 13 points 5-9, 11): overdue until delivered, abandonment
letters, withdrawal, identity documents, late amendments, fees, 不存在 and 非本机关, receipt and confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.applications import queries, services
from gongkai.applications.models import Application
from gongkai.core.calendar import system_calendar

D = dt.date


def test_an_approved_but_undelivered_decision_is_overdue_once_the_reply_date_passes(
    world: Any, register: Any
) -> None:
    application = register(D(2025, 3, 3))
    services.draft_decision(application, world.clerk, D(2025, 3, 4), outcome="disclosed")
    services.review_decision(application, world.reviewer, D(2025, 3, 4))
    services.approve_decision(application, world.head, D(2025, 3, 4))
    assert application.reply_due == D(2025, 3, 31)
    everything = Application.objects.all()
    assert list(queries.overdue(everything, D(2025, 3, 31))) == []
    assert list(queries.overdue(everything, D(2025, 4, 1))) == [application]
    assert [r.number for r in queries.reminders(D(2025, 4, 1), system_calendar())] == [application.number]
    services.deliver_decision(application, world.clerk, D(2025, 4, 1))
    assert list(queries.overdue(everything, D(2025, 4, 2))) == []
