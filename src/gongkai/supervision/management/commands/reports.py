"""`gongkai reports import PATH… [--queue]`, `gongkai reports judged`, `gongkai reports reread`: the
supervising office's published reports, imported from files and judged (年报体检)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.supervision import importing, runner


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


class Command(BaseCommand):
    help = "导入已公开的年度报告（文件或文件夹）并评判（年报体检）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="操作", required=True)
        imp = sub.add_parser(
            "import",
            help="导入年度报告文件（.txt/.html/.pdf/.docx 或文件夹），每个文件输出一行 JSON",
            description=(
                '每个文件输出一行 JSON：{"file", "agency", "year", "status": "imported"|"unchanged"|'
                '"failed", "message"}。同一文件重复导入只保留一份报告；中断后重新运行即从中断处继续。'
            ),
        )
        imp.add_argument("paths", nargs="+", metavar="文件或文件夹")
        imp.add_argument("--office", help="导入到哪一级政府的辖区（政府名称；系统中只有一个政府时可省略）")
        imp.add_argument(
            "--queue",
            action="store_true",
            help="交给任务队列的 worker 执行并等待（需设置 GONGKAI_BROKER_URL）",
        )
        imp.add_argument("--timeout", type=float, help="使用 --queue 时最多等待的秒数（默认一直等待）")
        imp.add_argument("--quiet", action="store_true", help="不显示进度条")
        judged = sub.add_parser("judged", help="评判辖区内的全部年度报告，每份报告输出一行 JSON")
        judged.add_argument("--year", type=int, help="只输出这一年度的报告")
        judged.add_argument("--agency", help="只输出这个机关的报告（名称）")
        judged.add_argument("--office", help="哪一级政府的辖区（政府名称；只有一个政府时可省略）")
        judged.add_argument("--today", help="评判日期（默认今天），如 2026-04-01")
        reread = sub.add_parser("reread", help="用当前的读取程序重新读取已导入报告的原文件")
        reread.add_argument("--year", type=int, help="只重读这一年度的报告")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "judged":
            self._judged(options)
        else:
            self._reread(options)

    def _office(self, options: dict[str, Any]) -> Any:
        try:
            return importing.resolve_office(options.get("office"))
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _import(self, options: dict[str, Any]) -> None:
        # Imported here: the queue's module needs Celery only for this command.
        from gongkai.core.queue import broker_answers, broker_configured

        office = self._office(options)
        queued = bool(options["queue"]) and broker_configured()
        if options["queue"] and not queued:
            self.stderr.write("提示：未设置 GONGKAI_BROKER_URL，在本进程中导入。")
        if queued and (problem := broker_answers()):
            raise CommandError(problem, returncode=2)
        batch = importing.start_batch(office, options["paths"], queued=queued)
        total = batch.items.count()
        with runner.ProgressBar(total, quiet=options["quiet"]) as report:
            if queued:
                runner.enqueue(batch)
                if not runner.wait(batch, report, timeout=options["timeout"]):
                    raise CommandError(
                        f"等待超时：导入批次 {batch.pk} 仍有文件未处理（worker 会继续处理；重新运行本命令可查看结果）。",
                        returncode=1,
                    )
            else:
                runner.run_in_process(batch, report)
        lines = importing.item_lines(batch)
        for line in lines:
            self.stdout.write(_line(line.as_dict()))
        if any(line.status == "failed" for line in lines):
            raise CommandError(
                f"{sum(line.status == 'failed' for line in lines)} 个文件未能导入，原因见各行的 message。",
                returncode=2,
            )

    def _judged(self, options: dict[str, Any]) -> None:
        # Imported here: the judging core (numpy, the MinHash index) only for this command.
        from gongkai.supervision.health import judge_area

        office = self._office(options)
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError:
            raise CommandError(f"日期“{options['today']}”格式不对，应为 YYYY-MM-DD。", returncode=2) from None
        if options["agency"] and not importing.area_agencies_named(office, options["agency"]):
            raise CommandError(f"辖区内没有名为“{options['agency']}”的机关。", returncode=2)
        for row in judge_area(office, year=options["year"], agency=options["agency"], today=today):
            self.stdout.write(_line(row.as_dict()))

    def _reread(self, options: dict[str, Any]) -> None:
        reports = importing.ImportedReport.objects.order_by("pk")
        if options["year"]:
            reports = reports.filter(year=options["year"])
        failed = 0
        for report in reports:
            try:
                importing.reread(report)
                self.stdout.write(_line({"file": report.source_name, "status": "reread", "message": ""}))
            except ValueError as exc:
                failed += 1
                self.stdout.write(
                    _line({"file": report.source_name, "status": "failed", "message": str(exc)})
                )
        if failed:
            raise CommandError(f"{failed} 个文件未能重新读取。", returncode=2)
