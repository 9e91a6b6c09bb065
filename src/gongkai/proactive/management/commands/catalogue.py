"""`gongkai catalogue import FILE --agency NAME` and `gongkai catalogue export --agency NAME --format json|csv`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.core.calendar import system_calendar
from gongkai.ledger import ImportFile, LedgerError
from gongkai.proactive.catalogue_io import as_csv, as_json, export_documents, import_catalogue

USAGE = "用法：gongkai catalogue import 文件 --agency 机关名称 ｜ gongkai catalogue export --agency 机关名称 --format json|csv"


class Command(BaseCommand):
    help = "政府信息公开目录：导入（.xlsx 或 .csv，全部成功才写入）或导出（JSON 或 CSV）"
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", help="import（导入）或 export（导出）")
        parser.add_argument("file", nargs="?", help="目录文件（.xlsx 或 .csv）")
        parser.add_argument("--agency", help="机关名称（导入时不存在则新建）")
        parser.add_argument("--format", default="json", help="导出格式：json（默认）或 csv")

    def handle(self, *args: Any, **options: Any) -> None:
        agency_name = (options["agency"] or "").strip()
        if options["action"] not in ("import", "export"):
            raise CommandError(USAGE, returncode=2)
        if not agency_name:
            raise CommandError("请用 --agency 指定机关名称。", returncode=2)
        if options["action"] == "import":
            self._import(options["file"], agency_name)
        else:
            self._export(agency_name, options["format"])

    def _import(self, path_text: str | None, agency_name: str) -> None:
        if not path_text:
            raise CommandError("请指定要导入的目录文件。", returncode=2)
        path = Path(path_text)
        if not path.is_file():
            raise CommandError(f"找不到目录文件：{path_text}", returncode=2)
        try:
            summary = import_catalogue(
                agency_name,
                ImportFile.from_path(path),
                today=timezone.localdate(),
                calendar=system_calendar(),
            )
        except LedgerError as exc:
            lines = "\n".join(f"  {e}" for e in exc.errors)
            raise CommandError(
                f"目录有 {len(exc.errors)} 处错误，未导入任何数据：\n{lines}", returncode=2
            ) from None
        self.stdout.write("导入完成。\n" + summary.describe())

    def _export(self, agency_name: str, form: str) -> None:
        if form not in ("json", "csv"):
            raise CommandError(f"导出格式“{form}”无效：应为 json 或 csv。", returncode=2)
        agency = Agency.objects.filter(name=agency_name).first()
        if agency is None:
            raise CommandError(f"找不到机关：{agency_name}。", returncode=2)
        rows = export_documents(agency)
        self.stdout.write(as_json(rows) if form == "json" else as_csv(rows), ending="")
