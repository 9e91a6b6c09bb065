"""`gongkai ledger import FILE --agency NAME [--reviews FILE]`: import an agency's ledger, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.annual.document import ReadError
from gongkai.applications.ledger import import_ledger
from gongkai.ledger import ImportFile, LedgerError


def _read(path_text: str, what: str) -> ImportFile:
    path = Path(path_text)
    if not path.is_file():
        raise CommandError(f"找不到{what}文件：{path_text}", returncode=2)
    try:
        return ImportFile.from_path(path)
    except ReadError as exc:  # too large, or unreadable: said in Chinese
        raise CommandError(f"{what}文件 {path_text}：{exc}", returncode=2) from None


class Command(BaseCommand):
    help = (
        "导入申请台账（.xlsx 或 .csv）：gongkai ledger import 文件 --agency 机关名称 [--reviews 复议诉讼台账]"
    )
    # Works on the database alone: no need to check (or import) the web pages first.
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", help="操作：import（导入）")
        parser.add_argument("file", nargs="?", help="申请台账文件（.xlsx 或 .csv）")
        parser.add_argument("--agency", help="机关名称（不存在时新建）")
        parser.add_argument("--reviews", help="行政复议、行政诉讼案件台账文件（.xlsx 或 .csv）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "import":
            raise CommandError(
                "用法：gongkai ledger import 文件 --agency 机关名称 [--reviews 文件]", returncode=2
            )
        if not options["file"]:
            raise CommandError("请指定要导入的申请台账文件。", returncode=2)
        if not (options["agency"] or "").strip():
            raise CommandError("请用 --agency 指定机关名称。", returncode=2)
        ledger = _read(options["file"], "申请台账")
        reviews = _read(options["reviews"], "复议诉讼台账") if options["reviews"] else None
        try:
            summary = import_ledger(options["agency"], ledger, reviews)
        except LedgerError as exc:
            lines = "\n".join(f"  {e}" for e in exc.errors)
            raise CommandError(
                f"台账有 {len(exc.errors)} 处错误，未导入任何数据：\n{lines}", returncode=2
            ) from None
        self.stdout.write("导入完成。\n" + summary.describe())
