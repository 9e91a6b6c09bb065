"""`gongkai remind`: what is due soon and what is overdue, per agency and person (for cron)."""

from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.clock import calendar_command_warning
from gongkai.applications.deadlines import Recomputed, recompute_deadlines
from gongkai.applications.queries import Reminder, reminders, soon_working_days
from gongkai.core.calendar import system_calendar
from gongkai.law.calendar import CalendarMissingError
from gongkai.law.zh import date_zh, parse_date
from gongkai.proactive.queries import Due
from gongkai.proactive.queries import reminders as proactive_reminders


class Command(BaseCommand):
    help = "列出即将到期和已逾期的政府信息公开申请（按机关和经办人）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="以哪一天为“今天”（默认今天），如 2025-03-03")
        parser.add_argument("--agency", action="append", default=[], help="只列出该机关（可重复）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        try:
            calendar = system_calendar()
            recomputed = recompute_deadlines(calendar)  # a scheduled job: deadlines that waited for a year
            found = reminders(today, calendar, options["agency"])
            proactive = proactive_reminders(_agency_ids(options["agency"]), today, calendar)
        except CalendarMissingError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["json"]:
            payload = as_json(today, found, recomputed) | {"proactive": proactive_json(proactive)}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(today, found, recomputed) + proactive_text(proactive))


def _agency_ids(names: list[str]) -> list[int] | None:
    return list(Agency.objects.filter(name__in=names).values_list("pk", flat=True)) if names else None


_PROACTIVE_FLAGS = {
    "overdue": "逾期未公开",
    "due_soon": "即将到期",
    "unknown": "期限待定",
    "rereview": "待复查",
    "interpretation": "缺少政策解读",
}


def proactive_json(found: list[Due]) -> list[dict[str, Any]]:
    """The register's reminders: publication deadlines (第二十六条) and re-reviews (第十八条)."""
    return [
        {
            "agency": r.document.agency.name,
            "person": r.person,
            "title": r.document.title,
            "due": r.due.isoformat() if r.due else None,
            "provisional": r.provisional,
            "status": r.status,
        }
        for r in found
    ]


def proactive_text(found: list[Due]) -> str:
    """The register's reminders after the applications' (nothing when there is none)."""
    if not found:
        return ""
    lines = [
        "",
        "主动公开（第二十六条：形成或变更之日起20个工作日内公开；第十八条：不予公开信息定期复查；政策文件须同步发布解读）",
    ]
    for agency, in_agency in groupby(found, key=lambda r: r.document.agency.name):
        lines.append(f"【{agency}】")
        for r in in_agency:
            due = date_zh(r.due) + ("（暂定）" if r.provisional else "") if r.due else "暂无法计算"
            lines.append(f"    {_PROACTIVE_FLAGS[r.status]}  {r.document.title}  {due}  （{r.person}）")
    return "\n".join(lines) + "\n"


_STATUS_KEYS = {"red": "overdue", "yellow": "due_soon", "unknown": "deadline_unknown"}
_FLAGS = {"red": "已逾期", "yellow": "即将到期", "unknown": "期限待定"}


def warnings(recomputed: Recomputed) -> list[str]:
    """One warning per year whose holidays are missing, naming how many deadlines wait for it."""
    return [
        f"{count}件申请：{calendar_command_warning(year)}"
        for year, count in sorted(recomputed.waiting.items())
    ]


def as_json(today: dt.date, found: list[Reminder], recomputed: Recomputed) -> dict[str, Any]:
    return {
        "date": today.isoformat(),
        "due_soon_working_days": soon_working_days(),
        "recomputed": recomputed.computed,
        "warnings": warnings(recomputed),
        "items": [
            {
                "agency": r.agency,
                "person": r.person,
                "number": r.number,
                "reply_due": r.due.isoformat() if r.due else None,
                "provisional": r.provisional,
                "status": _STATUS_KEYS[r.status],
                "state": r.state,
            }
            for r in found
        ],
    }


def as_text(today: dt.date, found: list[Reminder], recomputed: Recomputed) -> str:
    lines = [f"政府信息公开申请到期提醒（{date_zh(today)}；{soon_working_days()}个工作日内到期视为即将到期）"]
    if recomputed.computed:
        lines.append(f"已按新载入的节假日安排重新计算{recomputed.computed}件申请的答复期限。")
    lines.extend(f"注意：{warning}" for warning in warnings(recomputed))
    if not found:
        lines.append("没有即将到期或已逾期的申请。")
    for agency, in_agency in groupby(found, key=lambda r: r.agency):
        lines.append("")
        lines.append(f"【{agency}】")
        for person, items in groupby(in_agency, key=lambda r: r.person):
            lines.append(f"  {person}：")
            for r in items:
                due = f"答复期限 {date_zh(r.due)}" if r.due else "答复期限暂无法计算"
                due += "（暂定）" if r.provisional else ""
                lines.append(f"    {_FLAGS[r.status]}  {r.number}  {due}  （{r.state}）")
    overdue = sum(r.status == "red" for r in found)
    unknown = sum(r.status == "unknown" for r in found)
    lines.append("")
    total = f"合计：已逾期 {overdue} 件，即将到期 {len(found) - overdue - unknown} 件"
    lines.append(total + (f"，期限待定 {unknown} 件。" if unknown else "。"))
    return "\n".join(lines) + "\n"
