"""When an annual report is due: the rule lives in the pure core (`gongkai.law.report_due`)."""

from django.conf import settings

from gongkai.law.report_due import (
    DUE_MONTH_DAY,
    REMIND_DAYS_BEFORE,
    STATUS_LABELS,
    DueStatus,
    due_date,
    due_status,
    local_due_date,
)

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
    """The locally set due dates (settings.REPORT_LOCAL_DUE, from GONGKAI_REPORT_DUE_DEPARTMENT and
    GONGKAI_REPORT_DUE_GOVERNMENT), by agency kind; empty when none is set."""
    return dict(getattr(settings, "REPORT_LOCAL_DUE", {}) or {})
