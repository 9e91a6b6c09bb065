"""Which agencies must be reminded of their annual report, and the lines that remind them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core.people import person_name
from gongkai.law.zh import date_zh
from gongkai.reports.queries import AgencyReportRow, report_rows

# Who hears about an agency's report: the people who write it and the one who signs it off.
REMINDED_ROLES: tuple[str, ...] = (Role.CLERK, Role.HEAD)


def due_rows(
    agencies: Iterable[Agency], year: int, today: dt.date, remind_days: int
) -> list[AgencyReportRow]:
    """The agencies whose report of `year` is due within `remind_days` or overdue, unpublished."""
    rows = report_rows(agencies, year, today)
    unpublished = {"overdue", "due_soon", "not_due"}
    return [r for r in rows if r.status.status in unpublished and r.status.days_left <= remind_days]


def reminder_line(row: AgencyReportRow, year: int) -> str:
    due = row.status.due
    when = (
        f"已逾期{-row.status.days_left}天"
        if row.status.days_left < 0
        else ("今天到期" if row.status.days_left == 0 else f"还有{row.status.days_left}天")
    )
    people = Membership.objects.filter(agency=row.agency, role__in=REMINDED_ROLES).select_related("user")
    names = "、".join(f"{person_name(m.user)}（{m.get_role_display()}）" for m in people)
    return (
        f"{row.agency.name}：{year}年政府信息公开工作年度报告应于{date_zh(due)}前发布，"
        f"{when}；当前状态：{row.state_label}" + (f"；提醒：{names}" if names else "") + "。"
    )
