"""`gongkai reports_due`: annual reports due soon or overdue, one line per agency (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.law.zh import date_zh, parse_date
from gongkai.reports.due import REMIND_DAYS_BEFORE
from gongkai.reports.reminders import due_rows, reminder_line


class Command(BaseCommand):
    help = "列出即将到期和已逾期未发布的政府信息公开工作年度报告（供定时任务使用）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="报告年度（默认：上一年）")
        parser.add_argument("--date", help="以哪一天为“今天”（默认今天），如 2026-01-20")
        parser.add_argument(
            "--days", type=int, default=REMIND_DAYS_BEFORE, help="到期前多少天开始提醒（默认30）"
        )
        parser.add_argument("--agency", help="只看这个机关（名称）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        year = options["year"] or today.year - 1
        agencies = Agency.objects.order_by("kind", "name")
        if options["agency"]:
            agencies = agencies.filter(name=options["agency"])
            if not agencies.exists():
                raise CommandError(f"没有名为“{options['agency']}”的机关。", returncode=2)
        rows = due_rows(agencies, year, today, options["days"])
        if not rows:
            self.stdout.write(f"{year}年度报告：没有即将到期或逾期未发布的报告。")
            return
        self.stdout.write(f"{year}年度报告：{len(rows)}个机关需要提醒（{date_zh(today)}）")
        for row in rows:
            self.stdout.write(reminder_line(row, year))
