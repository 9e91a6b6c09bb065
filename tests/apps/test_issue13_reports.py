"""Annual reports (issue 13 point 11): a local earlier due date, configured, used by the reminders and the
supervising office's view of who is late."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.law.report_due import due_date, parse_month_day
from gongkai.reports.queries import report_rows
from gongkai.reports.reminders import due_rows, reminder_line

D = dt.date


def test_a_local_earlier_due_date_is_used_by_reminders_and_lateness(world: Any, settings: Any) -> None:
    agencies = [world.agency_a, world.government]
    (department, government) = report_rows(agencies, 2025, D(2026, 1, 29))
    assert department.status.status == "due_soon" and department.status.due == D(2026, 1, 31)
    settings.REPORT_LOCAL_DUE = {"department": (1, 28)}
    (department, government) = report_rows(agencies, 2025, D(2026, 1, 29))
    assert (department.status.due, department.status.status, department.status.late) == (
        D(2026, 1, 28),
        "overdue",
        True,
    )
    assert government.status.due == D(2026, 3, 31)  # governments keep theirs
    (row,) = due_rows([world.agency_a], 2025, D(2026, 1, 20), 30)
    assert "应于2026年1月28日前发布" in reminder_line(row, 2025)


def test_a_local_day_never_extends_the_statutory_one() -> None:
    assert due_date("department", 2025, {"department": (2, 15)}) == D(2026, 1, 31)
    assert due_date("department", 2025, {"department": (1, 28)}) == D(2026, 1, 28)
    assert parse_month_day("1-28") == (1, 28)
    with pytest.raises(ValueError, match="月-日"):
        parse_month_day("02-30")
