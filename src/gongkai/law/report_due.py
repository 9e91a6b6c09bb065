"""When an annual report is due (条例第四十九条 and the practice for governments) and how it stands.

Pure: the supervision pages (`gongkai.reports.due`) and the report judging (`gongkai.annual.judging`)
both ask this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# Agency kind -> (month, day) of the following year by which the report must be published:
# departments by 31 January (条例第四十九条), a government's own report by 31 March.
DUE_MONTH_DAY: dict[str, tuple[int, int]] = {
    "department": (1, 31),
    "government": (3, 31),
}
# Reminders start this many calendar days before the due date.
REMIND_DAYS_BEFORE = 30

STATUS_LABELS: dict[str, str] = {
    "published": "已按时发布",
    "published_late": "逾期发布",
    "overdue": "已逾期未发布",
    "due_soon": "即将到期",
    "not_due": "未到期",
}


GOVERNMENT_SUFFIX = "人民政府"


LocalDue = Mapping[str, tuple[int, int]]


def due_date(kind: str, year: int, local: LocalDue | None = None) -> dt.date:
    """The last day to publish the report of `year` for an agency of this kind: the statutory day, or a
    local earlier one where the place requires it (`local`: kind -> (month, day) of the following year,
    e.g. departments by 28 January); a local day later than the statutory one does not extend it."""
    month, day = DUE_MONTH_DAY.get(kind, DUE_MONTH_DAY["department"])
    statutory = dt.date(year + 1, month, day)
    chosen = (local or {}).get(kind if kind in DUE_MONTH_DAY else "department")
    if chosen is None:
        return statutory
    return min(statutory, dt.date(year + 1, *chosen))


def parse_local_due(text: str) -> tuple[int, int]:
    """`01-28` or `1-28` -> (1, 28); ValueError (Chinese) for anything that is not a day of the year."""
    try:
        month, day = (int(part) for part in text.strip().split("-"))
        dt.date(2001, month, day)  # a year without 29 February: the day must exist every year
    except ValueError:
        raise ValueError(f"本地年度报告发布期限“{text}”应为“月-日”，如 01-28。") from None
    return month, day


def kind_from_name(agency: str | None) -> str:
    """'government' for a name ending in 人民政府, else 'department': the guess for a report read from
    a file, whose agency is known only by the name printed on it."""
    return "government" if str(agency or "").strip().endswith(GOVERNMENT_SUFFIX) else "department"


@dataclass(frozen=True)
class DueStatus:
    """Where one agency's report of one year stands against its due date on a given day."""

    due: dt.date
    status: str  # a key of STATUS_LABELS
    days_left: int  # negative once overdue

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def late(self) -> bool:
        return self.status in {"published_late", "overdue"}

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def needs_reminder(self) -> bool:
        return self.status in {"due_soon", "overdue"}


def due_status(
    kind: str,
    year: int,
    published_on: dt.date | None,
    today: dt.date,
    remind_days: int = REMIND_DAYS_BEFORE,
    local: LocalDue | None = None,
) -> DueStatus:
    """The status of a report: published in time or late, or not yet published and how close to due
    (against the local earlier day where one is configured)."""
    due = due_date(kind, year, local)
    days_left = (due - today).days
    if published_on is not None:
        return DueStatus(due, "published" if published_on <= due else "published_late", days_left)
    if days_left < 0:
        return DueStatus(due, "overdue", days_left)
    if days_left <= remind_days:
        return DueStatus(due, "due_soon", days_left)
    return DueStatus(due, "not_due", days_left)
