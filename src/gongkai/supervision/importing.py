"""Importing published annual reports: a batch of files, each read by `gongkai.annual`, matched to an
agency of the office's area, stored with its source file and findings.

Use cases (each one transaction): `start_batch` (the batch and its items), `import_item` (one file: the
unit of work of a Celery task or of the in-process loop), `reread` (a stored file read again by today's
reader), `confirm_match` (the office's review of an unsure match). The same content twice is one report
(`ImportedReport.sha256`); an item already answered is never done again, so a task delivered twice (a
worker killed after the work, before the acknowledgement) changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual.cli import expand_paths, read_report
from gongkai.supervision import matching
from gongkai.supervision.models import (
    ExternalAgency,
    ImportBatch,
    ImportedReport,
    ImportItem,
    ItemStatus,
    Match,
)

STORE_FOLDER = "imports"


def area_agencies(office: Agency) -> list[Agency]:
    """The office's government and every agency below it."""
    found = {office.pk: office}
    frontier = [office.pk]
    while frontier:
        children = list(Agency.objects.filter(parent_id__in=frontier).exclude(pk__in=found))
        found.update((a.pk, a) for a in children)
        frontier = [a.pk for a in children]
    return list(found.values())


def area_agencies_named(office: Agency, name: str) -> list[Agency]:
    return [a for a in area_agencies(office) if a.name == name]


def resolve_office(name: str | None) -> Agency:
    """The government whose office imports: the one named (created when the database has none: a fresh
    installation importing a whole province), or the only top-level government. ValueError (Chinese)."""
    if name:
        office = Agency.objects.filter(name=name).first()
        if office is not None:
            return office
        if Agency.objects.exists():
            raise ValueError(f"找不到机关“{name}”。请写出本系统中已有的政府名称。")
        return Agency.objects.create(name=name, kind=Agency.Kind.GOVERNMENT, code=_code(name), parent=None)
    roots = list(Agency.objects.filter(parent=None, kind=Agency.Kind.GOVERNMENT)[:2])
    if len(roots) != 1:
        raise ValueError("请用 --office 指定导入到哪一级政府的辖区（政府名称）。")
    return roots[0]


def _code(name: str) -> str:
    return "ext-" + hashlib.sha1(name.encode()).hexdigest()[:16]


@transaction.atomic
def start_batch(
    office: Agency, paths: Iterable[str], *, user: Any = None, queued: bool = False
) -> ImportBatch:
    """A batch with one pending item per report file (folders searched), paths not found already failed."""
    files, missing = expand_paths(paths)
    batch = ImportBatch.objects.create(office=office, queued=queued, started_by=user)
    items = [ImportItem(batch=batch, position=i, path=str(Path(p).resolve())) for i, p in enumerate(files)]
    items += [
        ImportItem(
            batch=batch,
            position=len(files) + i,
            path=m.path,
            status=ItemStatus.FAILED,
            message=m.error,
            finished_at=timezone.now(),
        )
        for i, m in enumerate(missing)
    ]
    ImportItem.objects.bulk_create(items)
    return batch


def import_item(item_id: int) -> ImportItem:
    """Do one item: read its file (outside the transaction: reading a PDF takes a while), then store it."""
    item = ImportItem.objects.select_related("batch").get(pk=item_id)
    if item.status != ItemStatus.PENDING:
        return item
    ImportItem.objects.filter(pk=item_id).update(attempts=F("attempts") + 1)
    try:
        content = Path(item.path).read_bytes()
    except OSError:
        return _finish(item_id, ItemStatus.FAILED, "找不到或无法读取该文件。")
    sha = hashlib.sha256(content).hexdigest()
    known = ImportedReport.objects.filter(sha256=sha).first()
    if known is not None:
        return _finish(item_id, ItemStatus.UNCHANGED, "该文件已导入过。", known)
    outcome = read_report(item.path)
    if outcome.report is None:
        return _finish(item_id, ItemStatus.FAILED, outcome.error)
    # Matched before the write transaction (a read of the whole area): on SQLite, whose one writer the
    # workers share, only the storing is serial.
    found = find_agency(str(outcome.report.get("agency") or ""), item.batch.office)
    report = outcome.report
    previous = previous_year_data(found.agency if found.certain else None, report)
    if previous is not None:
        report = read_report(item.path, previous).report or report
    return _store(item_id, sha, content, report, found)


def previous_year_data(agency: Agency | None, report: dict[str, Any]) -> dict[str, Any] | None:
    """The agency's stored report of the year before `report`'s, when `report` left glued table 二
    cells open (several splits): last year's 现行有效 may choose among them (`read_document`'s
    `previous`). None when there is nothing to choose or no such report is stored."""
    year = report.get("year")
    if agency is None or not isinstance(year, int):
        return None
    if not any(
        finding.get("rule") == "ambiguous_digits" and str(finding.get("where", "")).startswith("proactive")
        for finding in report.get("findings") or []
    ):
        return None
    before = (
        ImportedReport.objects.filter(agency=agency, year=year - 1).order_by("-read_at").only("data").first()
    )
    return dict(before.data) if before is not None else None


@transaction.atomic
def _finish(item_id: int, status: str, message: str, report: ImportedReport | None = None) -> ImportItem:
    item = ImportItem.objects.select_for_update().get(pk=item_id)
    if item.status == ItemStatus.PENDING:
        item.status, item.message, item.report, item.finished_at = status, message, report, timezone.now()
        item.save(update_fields=["status", "message", "report", "finished_at"])
    return item


@transaction.atomic
def _store(
    item_id: int, sha: str, content: bytes, report: dict[str, Any], found: matching.Candidate
) -> ImportItem:
    item = ImportItem.objects.select_for_update().select_related("batch__office").get(pk=item_id)
    if item.status != ItemStatus.PENDING:
        return item
    try:
        with transaction.atomic():
            stored = _new_report(item, sha, report, found)
    except IntegrityError:  # another worker stored the same content a moment ago
        known = ImportedReport.objects.get(sha256=sha)
        return _finish(item_id, ItemStatus.UNCHANGED, "该文件已导入过。", known)
    _write_source(stored.source_path, content)
    errors = sum(1 for f in stored.findings if f.get("severity") == "error")
    message = f"读取结果有{errors}处错误。" if errors else ""
    if stored.needs_review:
        message += "机关名称需人工确认。"
    return _finish(item_id, ItemStatus.IMPORTED, message, stored)


def _new_report(
    item: ImportItem, sha: str, report: dict[str, Any], found: matching.Candidate
) -> ImportedReport:
    suffix = Path(item.path).suffix.lower()[:8]
    name = str(report.get("agency") or "")
    agency, match = settle_match(name, item.batch.office, found, item.path)
    return ImportedReport.objects.create(
        sha256=sha,
        source_name=Path(item.path).name[:500],
        source_path=f"{STORE_FOLDER}/{sha[:2]}/{sha}{suffix}",
        agency=agency,
        agency_name_read=name[:200],
        match=match,
        year=report.get("year") if isinstance(report.get("year"), int) else None,
        data={k: v for k, v in report.items() if k != "findings"},
        findings=list(report.get("findings") or []),
        read_at=timezone.now(),
        imported_by=item.batch.started_by,
    )


def match_agency(name: str, office: Agency, source: str = "") -> tuple[Agency | None, str]:
    """The agency of the office's area the name designates and how sure that is; a name never seen
    before becomes an external agency under the office's government."""
    return settle_match(name, office, find_agency(name, office), source)


def find_agency(name: str, office: Agency) -> matching.Candidate:
    """The agency of the office's area the name designates, if any (reads only)."""
    if not matching.normalise(name):
        return matching.Candidate(None, False)
    return matching.find(name, area_agencies(office))


def settle_match(
    name: str, office: Agency, found: matching.Candidate, source: str = ""
) -> tuple[Agency | None, str]:
    """The match `find_agency` found, or a new external agency under the office's government."""
    if not matching.normalise(name):
        return None, Match.UNKNOWN
    if found.agency is not None:
        return found.agency, Match.EXACT if found.certain else Match.UNSURE
    clean = re.sub(r"\s+", "", name)[:200]
    agency, created = Agency.objects.get_or_create(
        name=clean,
        defaults={"kind": matching.guess_kind(clean), "parent": office, "code": _code(clean)},
    )
    if created:
        ExternalAgency.objects.create(agency=agency, first_seen_in=source[:500])
        return agency, Match.NEW
    # Made by another worker since `find_agency` read the area: what that read would now find.
    return agency, Match.EXACT if agency.parent_id == office.pk else Match.NEW


def source_file(report: ImportedReport) -> Path:
    return Path(settings.MEDIA_ROOT) / report.source_path


def _write_source(relative: str, content: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(content)
        temporary.replace(path)


@transaction.atomic
def reread(report: ImportedReport) -> ImportedReport:
    """Read the kept source file again with today's reader: new data and findings, same agency."""
    outcome = read_report(str(source_file(report)))
    sure = report.agency if report.match not in (Match.UNSURE, Match.UNKNOWN) else None
    if outcome.report is not None and (previous := previous_year_data(sure, outcome.report)):
        outcome = read_report(str(source_file(report)), previous)
    if outcome.report is None:
        raise ValueError(outcome.error)
    report.data = {k: v for k, v in outcome.report.items() if k != "findings"}
    report.findings = list(outcome.report.get("findings") or [])
    year = outcome.report.get("year")
    report.year = year if isinstance(year, int) else None
    report.read_at = timezone.now()
    report.save(update_fields=["data", "findings", "year", "read_at"])
    return report


@transaction.atomic
def confirm_match(report: ImportedReport, agency: Agency) -> ImportedReport:
    """The office's review: this report is `agency`'s."""
    report.agency, report.match = agency, Match.CONFIRMED
    report.save(update_fields=["agency", "match"])
    return report


@dataclass(frozen=True)
class ItemLine:
    """One file's line of `gongkai reports import`."""

    file: str
    agency: str | None
    year: int | None
    status: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "agency": self.agency,
            "year": self.year,
            "status": self.status,
            "message": self.message,
        }


def item_lines(batch: ImportBatch) -> list[ItemLine]:
    items = batch.items.select_related("report__agency").order_by("position")
    return [
        ItemLine(
            item.path,
            (item.report.agency.name if item.report.agency else item.report.agency_name_read or None)
            if item.report
            else None,
            item.report.year if item.report else None,
            item.status,
            item.message,
        )
        for item in items
    ]


def progress(batch: ImportBatch) -> dict[str, int]:
    """How many items of the batch are in each status (one query)."""
    counts = {status: 0 for status in ItemStatus.values}
    for row in batch.items.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts
