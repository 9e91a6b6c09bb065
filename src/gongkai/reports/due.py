"""When an annual report is due: the rule lives in the pure core (`gongkai.law.report_due`); the local
earlier days (e.g. departments by 28 January) are a setting, `REPORT_LOCAL_DUE` (from the environment's
`GONGKAI_REPORT_DUE_DEPARTMENT` / `GONGKAI_REPORT_DUE_GOVERNMENT`), applied here for every caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings

from gongkai.law import report_due
from gongkai.law.report_due import DUE_MONTH_DAY, REMIND_DAYS_BEFORE, STATUS_LABELS, DueStatus, local_due_date

__all__ = [
    "DUE_MONTH_DAY",
    "REMIND_DAYS_BEFORE",
    "STATUS_LABELS",
    "DueStatus",
    "due_date",
    "due_status",
    "local_due",
    "local_due_date",
]


def local_due() -> dict[str, tuple[int, int]]:
    """The locally set due dates by agency kind; empty when none is set."""
    return dict(getattr(settings, "REPORT_LOCAL_DUE", {}) or {})


def due_date(kind: str, year: int, local: Mapping[str, tuple[int, int]] | None = None) -> dt.date:
    return report_due.due_date(kind, year, local_due() if local is None else local)


def due_status(
    kind: str,
    year: int,
    published_on: dt.date | None,
    today: dt.date,
    remind_days: int = REMIND_DAYS_BEFORE,
    local: Mapping[str, tuple[int, int]] | None = None,
) -> DueStatus:
    return report_due.due_status(
        kind, year, published_on, today, remind_days, local=local_due() if local is None else local
    )
