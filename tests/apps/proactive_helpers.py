"""Helpers of the register's tests: a document drafted and walked through its review."""

from __future__ import annotations

import datetime as dt
from typing import Any

USCC = "113708280043326001"  # a real 统一社会信用代码 (proactive.md §2)


def fields(**values: Any) -> Any:
    from gongkai.proactive.services import DocumentFields

    base: dict[str, Any] = {
        "title": "洪泽区教育局关于做好2025年义务教育招生工作的通知",
        "formed_on": dt.date(2025, 3, 3),
        "written_on": dt.date(2025, 3, 3),
        "doc_number": "洪教发[2025]3号",
        "issuers": ["洪泽区教育局"],
        "kind": "normative",
        "theme": "科技、教育",
        "article_item": "20.1",
        "summary": "明确2025年义务教育阶段招生的范围、时间和程序。",
        "body": "各学校：\n现就做好2025年义务教育招生工作通知如下。\n联系人：张老师，电话13812345678。",
    }
    base.update(values)
    return DocumentFields(**base)


def draft(world: Any, today: dt.date, **values: Any) -> Any:
    from gongkai.core.calendar import system_calendar
    from gongkai.proactive import services

    return services.draft_document(
        world.agency_a, world.clerk, fields(**values), today=today, calendar=system_calendar()
    )


def step(document: Any, action: str, user: Any, today: dt.date, **given: Any) -> Any:
    from gongkai.core.calendar import system_calendar
    from gongkai.proactive import services

    return services.take_step(
        document, action, user, services.StepInput(**given), today=today, calendar=system_calendar()
    )


def publish(world: Any, document: Any, today: dt.date) -> Any:
    """Through 保密审查, the three reviews (acknowledging every finding) and publication."""
    from gongkai.proactive import services

    document = step(document, "submit", world.clerk, today)
    document = step(document, "pass_secrecy", world.reviewer, today)
    document = step(document, "approve_step", world.reviewer, today)
    document = step(document, "approve_step", world.head, today)
    if document.unacknowledged:
        document = services.acknowledge(document, world.head, [f["id"] for f in document.findings])
    document = step(document, "approve_step", world.head, today)
    return step(document, "publish", world.clerk, today)
