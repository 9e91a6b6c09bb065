"""`gongkai calendar load FILE [--check]` / `gongkai calendar show [YEAR]`: the system's holiday arrangements.

Loading recomputes, in the same transaction, every stored deadline the year changes (see
`gongkai.core.calendar.load_arrangement`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.calendar import describe_arrangement, load_arrangement, system_calendar, working_days_in
from gongkai.law.calendar import CalendarDataError, CalendarMissingError, calendar_dir, read_arrangement_file

USAGE = "请指定操作：load 文件 或 show 年份。"


class Command(BaseCommand):
    help = "节假日安排：载入国务院公布的新一年安排（并重新计算受影响的期限），或查看某年安排"
    # Works on the database and the calendar folder alone: no need to check (or import) the web pages.
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", nargs="?", metavar="操作", help="load（载入）或 show（查看）")
        parser.add_argument("target", nargs="?", metavar="文件或年份")
        parser.add_argument("--check", action="store_true", help="load：只校验，不载入")

    def handle(self, *args: Any, **options: Any) -> None:
        operation = options["operation"]
        try:
            if operation == "load" and options["target"]:
                self._load(Path(options["target"]), check=options["check"])
            elif operation == "load":
                raise CommandError("请指定要载入的节假日安排文件（.toml 或 .json）。", returncode=2)
            elif operation == "show":
                self._show(options["target"])
            else:
                raise CommandError(USAGE, returncode=2)
        except (CalendarDataError, CalendarMissingError) as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _load(self, path: Path, *, check: bool) -> None:
        if not path.is_file():
            raise CommandError(f"找不到文件“{path}”。", returncode=2)
        if check:
            arrangement = read_arrangement_file(path)
            self.stdout.write(
                f"校验通过：{arrangement.year}年节假日安排。\n{describe_arrangement(arrangement)}"
            )
            return
        loaded = load_arrangement(path)
        year = loaded.arrangement.year
        self.stdout.write(
            f"已载入{year}年节假日安排，保存为 {loaded.target}。\n{describe_arrangement(loaded.arrangement)}\n"
            f"全年工作日：{working_days_in(loaded.calendar, year)}天。"
        )
        for summary in loaded.summaries:
            self.stdout.write(summary)

    def _show(self, year_text: str | None) -> None:
        calendar = system_calendar()
        if year_text is None:
            lines = [f"{year}年：{calendar.arrangement(year).source}" for year in sorted(calendar.years)]
            self.stdout.write(
                "已有节假日安排的年份：\n" + "\n".join(lines) + f"\n管理员载入目录：{calendar_dir()}"
            )
            return
        if not year_text.strip().isdigit():
            raise CommandError(f"年份应为正整数，现为“{year_text}”。", returncode=2)
        arrangement = calendar.arrangement(int(year_text))
        self.stdout.write(
            f"{arrangement.year}年节假日安排（来源：{arrangement.source}）\n{describe_arrangement(arrangement)}\n"
            f"全年工作日：{working_days_in(calendar, arrangement.year)}天。"
        )
