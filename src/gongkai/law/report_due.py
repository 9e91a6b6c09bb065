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


def due_kind(kind: str) -> str:
    """The kind whose due date an agency's report has: a people's government's own, or a department's —
    every other kind (a vertically managed body, a justice department) reports as a department does."""
    return kind if kind in DUE_MONTH_DAY else "department"


def due_date(kind: str, year: int, local: LocalDue | None = None) -> dt.date:
    """The last day to publish the report of `year` for an agency of this kind: the statutory day, or a
    local earlier one where the place requires it (`local`: kind -> (month, day) of the following year,
    e.g. departments by 28 January); a local day later than the statutory one does not extend it."""
    month, day = DUE_MONTH_DAY[due_kind(kind)]
    statutory = dt.date(year + 1, month, day)
    chosen = (local or {}).get(due_kind(kind))
    if chosen is None:
        return statutory
    return min(statutory, dt.date(year + 1, *chosen))


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
    local: bool = False  # `due` is a locally set date, earlier than the statutory one

    @property
    def label(self) -> str:
        label = STATUS_LABELS[self.status]
        if self.local and self.status in {"published_late", "overdue", "due_soon"}:
            return f"{label}（本地规定{self.due.month}月{self.due.day}日前）"
        return label

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
    local: Mapping[str, tuple[int, int]] | None = None,
) -> DueStatus:
    """The status of a report: published in time or late, or not yet published and how close to due.
    `local`: month and day by agency kind set locally (an earlier one replaces the statutory date)."""
    earlier = local_due_date(kind, year, local)
    due = earlier or due_date(kind, year)
    days_left = (due - today).days
    here = earlier is not None
    if published_on is not None:
        return DueStatus(due, "published" if published_on <= due else "published_late", days_left, here)
    if days_left < 0:
        return DueStatus(due, "overdue", days_left, here)
    if days_left <= remind_days:
        return DueStatus(due, "due_soon", days_left, here)
    return DueStatus(due, "not_due", days_left, here)


def local_due_date(kind: str, year: int, local: Mapping[str, tuple[int, int]] | None) -> dt.date | None:
    """The locally set due date of the report of `year` for this kind, when one is set and is earlier
    than the statutory date (a later one cannot extend the 条例's)."""
    month_day = (local or {}).get(due_kind(kind))
    if not month_day:
        return None
    day = dt.date(year + 1, *month_day)
    return day if day < due_date(kind, year) else None


def parse_month_day(text: str) -> tuple[int, int]:
    """'01-20' or '1-20' -> (1, 20); a Chinese message for anything else."""
    try:
        month, day = (int(part) for part in text.strip().split("-"))
        dt.date(2001, month, day)
    except ValueError:
        raise ValueError(f"本地规定的年度报告发布期限“{text}”不对，应写成“月-日”，例如 01-20。") from None
    return month, day
