"""When an annual report is due: the rule lives in the pure core (`gongkai.law.report_due`); the local
earlier days (e.g. departments by 28 January) are a setting, `GONGKAI_LOCAL_REPORT_DUE`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.law import report_due
from gongkai.law.report_due import DUE_MONTH_DAY, REMIND_DAYS_BEFORE, STATUS_LABELS, DueStatus

__all__ = ["DUE_MONTH_DAY", "REMIND_DAYS_BEFORE", "STATUS_LABELS", "DueStatus", "due_date", "due_status"]


def local_due() -> dict[str, tuple[int, int]]:
    """The configured local days by agency kind (`GONGKAI_LOCAL_REPORT_DUE`: {"department": "01-28"})."""
    configured = getattr(settings, "GONGKAI_LOCAL_REPORT_DUE", {}) or {}
    return {kind: report_due.parse_local_due(str(text)) for kind, text in configured.items() if text}


def due_date(kind: str, year: int) -> dt.date:
    return report_due.due_date(kind, year, local_due())


def due_status(
    kind: str, year: int, published_on: dt.date | None, today: dt.date, remind_days: int = REMIND_DAYS_BEFORE
) -> DueStatus:
    return report_due.due_status(kind, year, published_on, today, remind_days, local=local_due())
