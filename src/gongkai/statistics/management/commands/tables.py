"""`gongkai tables --agency NAME --year YEAR`: print tables 三 and 四 of an agency-year as contract JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.agencies.models import Agency
from gongkai.statistics.tables import report_data


def parse_year(text: str | None) -> int:
    """A report year from the command line, or a CommandError in Chinese."""
    if not text or not text.strip().isdigit() or not 1900 <= int(text) <= 9999:
        raise CommandError(f"年度“{text or ''}”无效：请写成四位数字，例如 --year 2024。", returncode=2)
    return int(text)


class Command(BaseCommand):
    help = "按报告数据格式（JSON）输出某机关某年度的表二（规章、规范性文件按主动公开登记统计）、表三、表四"
    # Works on the database alone: no need to check (or import) the web pages first.
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", action="append", default=[], help="机关名称（可重复，合并统计）")
        parser.add_argument("--year", help="年度，例如 2024")
        parser.add_argument("--all", action="store_true", help="统计本系统中的全部机关")

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year(options["year"])
        names = [n.strip() for n in options["agency"] if n.strip()]
        if options["all"]:
            payload = report_data("全部机关", None, year)
        else:
            if not names:
                raise CommandError("请用 --agency 指定机关名称（或用 --all 统计全部机关）。", returncode=2)
            agencies = list(Agency.objects.filter(name__in=names))
            unknown = sorted(set(names) - {a.name for a in agencies})
            if unknown:
                raise CommandError(f"找不到机关：{'、'.join(unknown)}。", returncode=2)
            payload = report_data("、".join(names), sorted(a.pk for a in agencies), year)
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
