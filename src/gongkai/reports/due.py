"""When an annual report is due: the rule lives in the pure core (`gongkai.law.report_due`)."""

from gongkai.law.report_due import (
    DUE_MONTH_DAY,
    REMIND_DAYS_BEFORE,
    STATUS_LABELS,
    DueStatus,
    due_date,
    due_status,
)

__all__ = ["DUE_MONTH_DAY", "REMIND_DAYS_BEFORE", "STATUS_LABELS", "DueStatus", "due_date", "due_status"]
