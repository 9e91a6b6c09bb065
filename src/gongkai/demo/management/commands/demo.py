"""`gongkai demo [--if-empty]`: load the demo city and print a login for each role."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.core.calendar import system_calendar
from gongkai.demo import city
from gongkai.demo.register import create_demo_register
from gongkai.demo.reports import create_demo_reports, publish_every_agency
from gongkai.law import zh
from gongkai.law.calendar import CalendarMissingError


class Command(BaseCommand):
    help = "载入演示城市（示范市：11个机关、两年的申请）并打印各角色的登录账号"
    # Works on the database alone: no need to check (or import) the web pages first.
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库中已有机关时不载入（供启动脚本使用）"
        )
        parser.add_argument(
            "--today", help="以该日期为“今天”生成数据（YYYY-MM-DD，默认今天）；同一日期生成的数据相同"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Agency.objects.exists():
            self.stdout.write("数据库中已有数据，未载入演示数据。")
            return
        if Agency.objects.filter(name=city.GOVERNMENT[0]).exists():
            self.stdout.write("演示城市已经载入。登录账号：\n" + city.describe(city.default_logins()))
            return
        try:
            today = zh.parse_date(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        started = time.monotonic()
        try:
            logins = city.build(today)
            create_demo_register(today, system_calendar())
            create_demo_reports(today.year - 1)
            publish_every_agency(today.year - 1)
        except CalendarMissingError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(
            f"已载入演示城市“{city.GOVERNMENT[0]}”（用时 {time.monotonic() - started:.1f} 秒）。登录账号：\n"
            + city.describe(logins)
        )
