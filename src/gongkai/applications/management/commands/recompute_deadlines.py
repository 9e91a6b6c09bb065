"""`gongkai recompute_deadlines`: compute the reply deadlines that waited for a year's holidays.

`gongkai calendar load FILE` recomputes the deadlines it changes by itself; this is for a calendar that
changed otherwise (a file put into the folder by hand, an upgraded chinesecalendar). `gongkai remind`
does it too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.applications.clock import calendar_command_warning
from gongkai.applications.deadlines import recompute_deadlines
from gongkai.core.calendar import system_calendar


class Command(BaseCommand):
    help = "节假日安排载入后，重新计算此前因缺少该年安排而无法计算的答复期限"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            default=[],
            help="该年安排有更正时：也重新计算经过该年计算的期限（可重复）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = recompute_deadlines(system_calendar(), years=options["year"] or None)
        self.stdout.write(f"已重新计算{result.computed}件申请的答复期限。\n")
        for year, count in sorted(result.waiting.items()):
            self.stdout.write(f"仍有{count}件申请无法计算：{calendar_command_warning(year)}\n")
