"""Published reports as files for the import tests: a generated report set (tests/annual/reportsets.py,
with planted copies, cross-year breaks and late dates) rendered by gongkai's own writers in turn as
text, HTML, Word and PDF, the signing date being the publication date (a file carries no other)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annual"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportsets import report_set

from gongkai.annual.writers import write_report
from gongkai.annual.writers.errors import RenderError
from gongkai.law.report_due import due_date

FORMATS = ("txt", "html", "docx", "pdf")
# The rules the import tests hold the judging to: what a file can show (a locally set due date cannot).
CHECKED_RULES = (
    "late",
    "copy.previous_year",
    "copy.other_agency",
    "continuity.carried_over",
    "continuity.in_force",
)


@dataclass(frozen=True)
class Rendered:
    file: Path
    agency: str
    year: int
    expected: frozenset[str]  # the checked rules the report must trigger (and no other checked rule)


def render_set(
    folder: Path,
    *,
    agencies: int,
    seed: int = 5,
    years: tuple[int, ...] = (2023, 2024),
    formats: tuple[str, ...] = FORMATS,
    text_for_pdf: bool = True,
) -> list[Rendered]:
    """Write every report of a generated set to `folder` (`formats` in turn). Where no CJK font is
    installed a PDF is written as text when `text_for_pdf`, else the writer's RenderError is raised."""
    folder.mkdir(parents=True, exist_ok=True)
    rs = report_set(seed, agencies=agencies, years=years)
    rendered = []
    for i, sub in enumerate(rs.submissions):
        report = dict(sub.report)
        published = sub.published_on or dt.date.fromisoformat(str(report["signed_on"]))
        report["signed_on"] = published.isoformat()
        planted = set(rs.planted[sub.key]) & set(CHECKED_RULES)
        planted.discard("late")
        if published > due_date(sub.kind or "department", int(report["year"])):
            planted.add("late")
        path = _write(report, folder / sub.key, formats[i % len(formats)], text_for_pdf)
        rendered.append(Rendered(path, str(report["agency"]), int(report["year"]), frozenset(planted)))
    return rendered


def _write(report: dict[str, object], stem: Path, kind: str, text_for_pdf: bool) -> Path:
    if kind == "pdf":
        try:
            return _written(report, stem.with_suffix(".pdf"))
        except RenderError:
            if not text_for_pdf:
                raise
            kind = "txt"
    if kind == "txt":
        data = write_report(report, "md")
        path = stem.with_suffix(".txt")
        path.write_bytes(data)
        return path
    return _written(report, stem.with_suffix(f".{kind}"))


def _written(report: dict[str, object], path: Path) -> Path:
    write_report(report, path)
    return path


def start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    """A `gongkai worker` process with one pool process, its output in `log`."""
    with log.open("wb") as out:  # the worker keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "worker", "--concurrency", "1", "--name", name],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
