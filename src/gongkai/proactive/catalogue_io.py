"""Importing an agency's catalogue into the register (all or nothing, idempotent) and exporting it.

Imported documents are published ones (or registered, when not 主动公开): they keep the 索引号 their
file gives, or receive the next of their agency and publication year, in the order of publication.
Importing the same file again changes nothing; a row whose document is already in the register and came
from an import updates it where its metadata changed (a 有效性 that became 废止), with an event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.services import get_or_create_agency
from gongkai.law.calendar import WorkingCalendar
from gongkai.ledger import ImportFile, LedgerError, RowError
from gongkai.ledger.catalogue import FILE_LABEL, TEMPLATE_HEADERS, CatalogueEntry, read_catalogue
from gongkai.proactive.actions import ProactiveAction
from gongkai.proactive.clock import due_for
from gongkai.proactive.models import Document, DocumentEvent, DocumentVersion, State, search_text_of
from gongkai.proactive.queries import ROW_KEYS, export_row
from gongkai.proactive.services import add_months, next_index_number, settings_for

# The metadata an import sets and may later update.
_IMPORTED_FIELDS: tuple[str, ...] = (
    "title",
    "doc_number",
    "issuers",
    "written_on",
    "formed_on",
    "published_on",
    "kind",
    "disclosure",
    "validity",
    "invalid_on",
    "theme",
    "summary",
    "keywords",
    "genre",
    "article_item",
    "withheld_reason",
    "repealed_by",
)


@dataclass
class CatalogueSummary:
    """What an import did."""

    agency: str
    agency_created: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def describe(self) -> str:
        head = f"机关：{self.agency}" + ("（新建）" if self.agency_created else "")
        return f"{head}\n政府信息：新增 {self.created} 件，更新 {self.updated} 件，未变 {self.unchanged} 件"


def _identity(document: Document) -> tuple[str, ...]:
    if document.doc_number:
        return ("doc_number", document.doc_number)
    return ("title", document.title, document.written_on.isoformat() if document.written_on else "")


def _values(entry: CatalogueEntry, calendar: WorkingCalendar) -> dict[str, Any]:
    values = {name: getattr(entry, name) for name in _IMPORTED_FIELDS}
    values["issuers"] = list(entry.issuers)
    values["publication_due"] = (
        due_for(entry.formed_on, calendar) if entry.disclosure == "proactive" else None
    )
    return values


@transaction.atomic
def import_catalogue(
    agency_name: str,
    file: ImportFile,
    *,
    today: dt.date,
    calendar: WorkingCalendar,
    actor: Any = None,
    by_head: bool = False,
) -> CatalogueSummary:
    """Read the file and write it, or raise LedgerError with every error by row and write nothing.

    Imported documents enter the catalogue as published without the review chain, so in the web system
    (`by_head`) only a head (负责人) of the agency may import (docs/decisions/catalogue-import.md); the
    command line is the operator's, who may also create the agency.
    """
    entries = read_catalogue(file, today=today)
    name = agency_name.strip()
    if not name:
        raise LedgerError([RowError(FILE_LABEL, 0, "机关名称不能为空")])
    if by_head:
        agency = Agency.objects.filter(name=name).first()
        if agency is None or Role.HEAD not in roles_in(actor, agency.pk):
            raise LedgerError(
                [RowError(FILE_LABEL, 0, "只有本机关的负责人可以导入目录（导入即发布，须负责人把关）")]
            )
        created = False
    else:
        agency, created = get_or_create_agency(name)
    summary = CatalogueSummary(agency.name, created)
    existing = {_identity(d): d for d in Document.objects.filter(agency=agency)}
    _check_index_numbers(agency, entries, existing)
    new: list[tuple[CatalogueEntry, Document]] = []
    for entry in entries:
        document = existing.get(entry.identity)
        values = _values(entry, calendar)
        if document is None:
            new.append((entry, Document(agency=agency, imported=True, **values)))
        elif not document.imported:
            summary.unchanged += 1  # kept in the workbench: never overwritten by a file
        else:
            _update(document, values, entry, actor, summary)
    _create(agency, new, actor)
    summary.created = len(new)
    return summary


def _check_index_numbers(agency: Agency, entries: Iterable[CatalogueEntry], existing: dict) -> None:
    """A 索引号 in the file must not belong to another document (of any agency)."""
    errors = []
    given = {e.index_number: e for e in entries if e.index_number}
    taken = dict(Document.objects.filter(index_number__in=list(given)).values_list("index_number", "pk"))
    for number, entry in given.items():
        owner = existing.get(entry.identity)
        if number in taken and (owner is None or owner.pk != taken[number]):
            errors.append(RowError(FILE_LABEL, entry.row, f"索引号“{number}”已被另一份文件使用"))
    if errors:
        raise LedgerError(errors)


def _state_of(entry: CatalogueEntry) -> str:
    if entry.disclosure != "proactive":
        return State.REGISTERED
    return State.PUBLISHED if entry.published_on else State.APPROVED


def _create(agency: Agency, new: list[tuple[CatalogueEntry, Document]], actor: Any) -> None:
    settings = settings_for(agency)
    # Serials follow the order of publication (then of the file's rows), as they were given then; a row
    # not published (依申请公开, 不予公开) is numbered in the year it was written.
    for entry, document in sorted(
        new, key=lambda pair: (pair[0].published_on or pair[0].written_on, pair[0].row)
    ):
        document.state = _state_of(entry)
        if document.disclosure == "withheld":  # 第十八条: re-reviewed a cycle after it was written
            document.rereview_on = add_months(entry.written_on, settings.withheld_review_months)
        if entry.index_number:
            document.index_number = entry.index_number
        elif document.state != State.APPROVED:  # to be published: numbered at publication
            document.index_number = next_index_number(
                agency, settings, entry.published_on or entry.written_on
            )
        document.search_text = search_text_of(document)
    documents = Document.objects.bulk_create([d for _e, d in new], batch_size=500)
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d, number=1, title=d.title, formed_on=d.formed_on, published_on=d.published_on
            )
            for d in documents
        ],
        batch_size=500,
    )
    DocumentEvent.objects.append_all(
        ((d, ProactiveAction.IMPORT, "", {"row": e.row}) for (e, _d), d in zip(new, documents, strict=True)),
        actor=actor,
    )


def _update(
    document: Document, values: dict[str, Any], entry: CatalogueEntry, actor: Any, summary: CatalogueSummary
) -> None:
    changes = {
        name: [_plain(getattr(document, name)), _plain(value)]
        for name, value in values.items()
        if getattr(document, name) != value
    }
    if not changes:
        summary.unchanged += 1
        return
    for name, value in values.items():
        setattr(document, name, value)
    from_state = document.state
    if document.state != State.WITHDRAWN:
        document.state = _state_of(entry)
    document.save()
    DocumentEvent.objects.append(
        document,
        ProactiveAction.IMPORT_UPDATE,
        actor=actor,
        from_state=from_state,
        data={"row": entry.row, "changes": changes},
    )
    summary.updated += 1


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# --- export ----------------------------------------------------------------------------------------------


def export_documents(agency: Agency) -> list[dict[str, Any]]:
    """Every document of the agency's register that has left the drafting (published, registered,
    withdrawn), with the export keys, in the order of their 索引号."""
    documents = (
        Document.objects.filter(agency=agency)
        .exclude(state__in=[State.DRAFTED, State.SECRECY_REVIEW, State.IN_REVIEW])
        .defer("body", "search_text", "findings")
        .order_by("published_on", "pk")
    )
    return [export_row(d) for d in documents.iterator()]


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def as_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with the export keys as headers (the import reads them back); issuers joined with 、."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROW_KEYS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "issuers": "、".join(row["issuers"])})
    return out.getvalue()


def template_csv() -> bytes:
    """The import template: the header row and one example row, in UTF-8 with a BOM for Excel."""
    example = [
        "洪泽区教育局关于做好2025年义务教育招生工作的通知",
        "洪教发〔2025〕3号",
        "洪泽区教育局",
        "2025-03-03",
        "2025-03-05",
        "行政规范性文件",
        "主动公开",
        "有效",
        "",
        "科技、教育",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerow(example + [""] * (len(TEMPLATE_HEADERS) - len(example)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
