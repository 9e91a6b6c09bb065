"""`gongkai recompute_deadlines`: compute the reply deadlines that waited for a year's holidays.

Run after `gongkai calendar load FILE` (the pages and `gongkai remind` also do it by themselves).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.applications.clock import calendar_warning
from gongkai.applications.services import recompute_deadlines


class Command(BaseCommand):
    help = "节假日安排载入后，重新计算此前因缺少该年安排而无法计算的答复期限"

    def handle(self, *args: Any, **options: Any) -> None:
        result = recompute_deadlines()
        self.stdout.write(f"已重新计算{result.computed}件申请的答复期限。\n")
        for year, count in sorted(result.waiting.items()):
            self.stdout.write(f"仍有{count}件申请无法计算：{calendar_warning(year)}\n")
