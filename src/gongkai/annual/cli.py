"""`gongkai parse` and `gongkai check`: read published annual reports and say what does not add up."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from gongkai.annual.document import ReadError
from gongkai.annual.formats import FORMATS
from gongkai.annual.model import cell_paths, iter_cells
from gongkai.annual.sources import REPORT_SUFFIXES
from gongkai.annual.writers.formulas import csv_safe
from gongkai.clitools import error, print_json

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "uncertain": "存疑"}
_SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(SEVERITY_LABELS)}
# Where a finding is, for places that are not a table cell or row (meta fields, the file itself).
_PLACES = {
    "agency": "机关名称",
    "year": "报告年度",
    "format": "报告格式",
    "signed_on": "落款日期",
    "fees_yuan": "信息处理费",
    "text": "文本文件",
    "html": "网页文件",
    "pdf": "PDF 文件",
    "docx": "Word 文件",
}
META_COLUMNS = ("file", "agency", "year", "format", "signed_on", "fees_yuan")
COUNT_COLUMNS = ("errors", "warnings", "uncertain")


@dataclass(frozen=True)
class Outcome:
    """One file's reading: the report (contract plus meta and findings) or the Chinese reason it failed."""

    path: str
    report: dict[str, Any] | None = None
    error: str = ""


def register(subparsers: Any) -> None:
    parse = subparsers.add_parser(
        "parse",
        help="读取政府信息公开工作年度报告，输出 JSON（或汇总为 CSV）",
        description=(
            "读取年度报告（.txt/.html/.htm/.pdf/.docx，按内容识别），输出报告数据 JSON；"
            "多个文件输出 JSON Lines（每行一份）。给出文件夹时递归读取其中全部报告。"
            "使用 --csv 时每份报告一行写入 CSV，读取失败的文件及原因写入同名的 .failed.csv。"
        ),
    )
    parse.add_argument("paths", nargs="+", metavar="文件或文件夹")
    parse.add_argument(
        "--csv",
        dest="csv_path",
        metavar="OUT.csv",
        help="汇总写入 CSV 文件（UTF-8 带 BOM，可直接用 Excel 打开）",
    )
    parse.add_argument("--jobs", type=int, default=0, metavar="N", help="并行进程数（默认：全部 CPU 核）")
    parse.add_argument(
        "--previous",
        metavar="上年报告",
        help=(
            "同一机关上一年度的报告（报告文件，或 gongkai parse 输出的 JSON）：本年表二数字连在一起、"
            "有几种拆分时，用上年“现行有效件数”（现行有效 = 上年现行有效 + 本年制发 − 本年废止）选定；"
            "只能与一个报告文件一起使用"
        ),
    )
    parse.set_defaults(handler=parse_command)

    check = subparsers.add_parser(
        "check",
        help="检查年度报告：表格勾稽关系、空白单元格、正文与表格是否一致等",
        description="逐个文件列出发现的问题（错误/警告）。有错误时退出码为 1，文件无法读取时为 2，否则为 0。",
    )
    check.add_argument("paths", nargs="+", metavar="文件或文件夹")
    check.add_argument("--jobs", type=int, default=0, metavar="N", help="并行进程数（默认：全部 CPU 核）")
    check.set_defaults(handler=check_command)


# --- reading ------------------------------------------------------------------------------------


def read_report(path: str, previous: Mapping[str, Any] | None = None) -> Outcome:
    """Read one file (`previous`: the agency's report of the year before, see `read_document`);
    never raises (a process-pool worker must always answer)."""
    try:
        # Imported when a file is read: the reader and its front-ends (PDF, Word, HTML) would make
        # `gongkai --help` and every other sub-command pay for them.
        from gongkai.annual.reader import read_document
        from gongkai.annual.sources import load_document

        return Outcome(path, report=read_document(load_document(path), previous))
    except ReadError as exc:
        return Outcome(path, error=str(exc) or "无法读取该文件。")
    except Exception as exc:  # an unexpected failure is still reported in Chinese, without traceback
        return Outcome(
            path, error=f"读取时发生内部错误（{type(exc).__name__}: {exc}），请将该文件反馈给开发者。"
        )


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[Outcome]]:
    """Files to read (folders searched recursively for report files) and paths that do not exist."""
    files: list[str] = []
    missing: list[Outcome] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                missing.append(
                    Outcome(raw, error="文件夹中没有可读取的报告文件（.txt/.html/.htm/.pdf/.docx）。")
                )
            files += [str(p) for p in found]
        elif path.exists():
            files.append(raw)
        else:
            missing.append(Outcome(raw, error="找不到该文件或文件夹。"))
    return files, missing


def read_all(files: list[str], jobs: int) -> Iterator[Outcome]:
    """Outcomes in the order of `files`, read on `jobs` processes, with a progress bar on a terminal."""
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    with _progress(len(files)) as advance:
        if workers == 1 or len(files) < 2:
            for path in files:
                yield read_report(path)
                advance()
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(workers, len(files))) as pool:
            for outcome in pool.map(read_report, files, chunksize=max(1, len(files) // (workers * 8))):
                yield outcome
                advance()


class _progress:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar: Any = None

    def __enter__(self) -> Callable[[], None]:
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("读取报告"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            task = self._bar.add_task("read", total=self.total)
            return lambda: self._bar.advance(task)
        return lambda: None

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


# --- parse --------------------------------------------------------------------------------------


def read_previous(path: str) -> Outcome:
    """The report `--previous` names: report-data JSON as `gongkai parse` writes it, or a report file."""
    if Path(path).suffix.lower() != ".json":
        return read_report(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Outcome(path, error="无法读取该 JSON 文件。")
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        return Outcome(path, error="该 JSON 文件不是报告数据（没有 tables）。")
    return Outcome(path, report=data)


def parse_command(args: argparse.Namespace) -> int:
    files, failed = expand_paths(args.paths)
    for outcome in failed:
        _complain(outcome)
    if args.previous:
        if len(files) != 1 or failed:
            error("--previous 只能与一个报告文件一起使用。")
            return EXIT_UNREADABLE
        previous = read_previous(args.previous)
        if previous.report is None:
            _complain(previous)
            return EXIT_UNREADABLE
        outcomes: Iterable[Outcome] = [read_report(files[0], previous.report)]
    else:
        outcomes = read_all(files, args.jobs)
    if args.csv_path:
        written, more_failed = write_csv(outcomes, Path(args.csv_path))
        failed += more_failed
        failed_path = failed_csv_path(Path(args.csv_path))
        if failed:
            write_failed_csv(failed, failed_path)
        elif failed_path.exists():
            failed_path.unlink()
        sys.stderr.write(
            f"已读取 {written} 份报告，写入 {args.csv_path}"
            + (f"；{len(failed)} 个文件无法读取，原因见 {failed_path}" if failed else "")
            + "。\n"
        )
    else:
        for outcome in outcomes:
            if outcome.report is None:
                _complain(outcome)
                failed.append(outcome)
            else:
                print_json(outcome.report, indent=None)
                sys.stdout.flush()
    return EXIT_UNREADABLE if failed else EXIT_OK


def _complain(outcome: Outcome) -> None:
    error(f"{outcome.path}：{outcome.error}")


def csv_columns() -> list[str]:
    """File and meta columns, every cell path of the 2021 format then those only the 2019 format has."""
    paths: list[str] = []
    for fmt in FORMATS:
        paths += [path for path in cell_paths(fmt) if path not in paths]
    return [*META_COLUMNS, *paths, *COUNT_COLUMNS]


def csv_row(outcome: Outcome) -> dict[str, Any]:
    """One CSV row: meta, each cell of the report's format (blank when null), findings counted."""
    report = outcome.report or {}
    row: dict[str, Any] = {"file": csv_safe(outcome.path)}
    row.update({key: _csv_value(report.get(key)) for key in META_COLUMNS[1:]})
    if report.get("format") and report.get("tables"):
        row.update(
            {path: _csv_value(value) for path, value in iter_cells(report["tables"], report["format"])}
        )
    severities = [finding.get("severity") for finding in report.get("findings", [])]
    row["errors"] = severities.count("error")
    row["warnings"] = severities.count("warning")
    row["uncertain"] = severities.count("uncertain")
    return row


def _csv_value(value: Any) -> Any:
    return "" if value is None else csv_safe(value)


def write_csv(outcomes: Iterable[Outcome], path: Path) -> tuple[int, list[Outcome]]:
    """Write the reports' rows; return how many were written and the outcomes that failed."""
    failed: list[Outcome] = []
    written = 0
    with _open_csv(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=csv_columns(), extrasaction="ignore")
        writer.writeheader()
        for outcome in outcomes:
            if outcome.report is None:
                failed.append(outcome)
                continue
            writer.writerow(csv_row(outcome))
            written += 1
    return written, failed


def failed_csv_path(path: Path) -> Path:
    """OUT.csv → OUT.failed.csv, beside it."""
    return path.with_name(f"{path.stem}.failed.csv")


def write_failed_csv(failed: list[Outcome], path: Path) -> None:
    with _open_csv(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "reason"])
        writer.writerows([csv_safe(outcome.path), csv_safe(outcome.error)] for outcome in failed)


def _open_csv(path: Path) -> TextIO:
    try:
        return path.open("w", encoding="utf-8-sig", newline="")
    except OSError as exc:
        error(f"无法写入 {path}（{exc.strerror or exc}）。")
        raise SystemExit(EXIT_UNREADABLE) from exc


# --- check --------------------------------------------------------------------------------------


def check_command(args: argparse.Namespace) -> int:
    files, failed = expand_paths(args.paths)
    any_error = False
    for outcome in failed:
        sys.stdout.write(f"{outcome.path}\n  无法读取：{outcome.error}\n\n")
    for outcome in read_all(files, args.jobs):
        sys.stdout.write(format_findings(outcome))
        if outcome.report is None:
            failed.append(outcome)
        else:
            any_error |= any(f.get("severity") == "error" for f in outcome.report.get("findings", []))
    if failed:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any_error else EXIT_OK


def format_findings(outcome: Outcome) -> str:
    """A file's findings for people, in Chinese: a heading, then one line per finding."""
    if outcome.report is None:
        return f"{outcome.path}\n  无法读取：{outcome.error}\n\n"
    report = outcome.report
    described = "，".join(
        part
        for part in (
            report.get("agency") or "",
            f"{report['year']} 年度" if report.get("year") else "",
            f"{report['format']} 版格式" if report.get("format") else "",
        )
        if part
    )
    lines = [f"{outcome.path}（{described}）" if described else outcome.path]
    findings = report.get("findings", [])
    counts = Counter(f.get("severity") for f in findings)
    if not findings:
        lines.append("  未发现问题。")
    else:
        counted = "，".join(
            f"{label} {counts[severity]} 个"
            for severity, label in SEVERITY_LABELS.items()
            if counts[severity] or severity != "uncertain"
        )
        lines.append(f"  共 {len(findings)} 个问题：{counted}。")
        ordered = sorted(
            findings, key=lambda f: _SEVERITY_ORDER.get(f.get("severity", ""), len(_SEVERITY_ORDER))
        )
        for finding in ordered:
            severity = SEVERITY_LABELS.get(finding.get("severity", ""), finding.get("severity", ""))
            where = (
                f"〔{describe_where(finding['where'], report.get('format'))}〕"
                if finding.get("where")
                else ""
            )
            lines.append(f"  {severity}：{where}{finding.get('message', '')}")
    return "\n".join(lines) + "\n\n"


def describe_where(where: str, fmt_key: str | None) -> str:
    """A cell path in words: 'requests.results.withheld.state_secret.total' → 表三“1.属于国家秘密”行“总计”列.

    Sections ('sections.六') and meta fields ('signed_on') are named in Chinese; anything else is
    shown as is.
    """
    fmt = FORMATS.get(fmt_key or "", FORMATS["2021"])
    table_key, _, rest = where.partition(".")
    if table_key == "sections":
        section = next((s for s in fmt.sections if s.number == rest), None)
        return f"{section.number}、{section.title}" if section else where
    table = fmt.tables.get(table_key)
    if table is None:
        return _PLACES.get(where, where)
    described = f"表{table.number}"
    for block in table.blocks:
        for row in block.rows:
            if rest == row.key or rest.startswith(row.key + "."):
                described += f"“{row.printed}”行"
                column = rest[len(row.key) + 1 :]
                label = next((c.label for c in block.columns if c.key == column), "")
                return described + (f"“{label}”列" if label else "")
    return described
