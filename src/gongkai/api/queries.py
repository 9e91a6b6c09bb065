"""What the open-data API reads, as plain values: only what is public (agencies, the published catalogue,
published annual reports). Each function asks the owning app's read side; nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.law.catalogue import ARTICLE_ITEMS
from gongkai.proactive import queries as catalogue_queries
from gongkai.proactive.catalogue_io import as_csv
from gongkai.proactive.models import Document
from gongkai.proactive.queries import ROW_KEYS, CatalogueFilters, export_row
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.queries import published_on


def agencies() -> list[dict[str, Any]]:
    """Every agency: its short code (as in the public URLs), name, level and kind, and its government's code."""
    rows = Agency.objects.order_by("name").values("code", "name", "level", "kind", "parent__code")
    return [
        {**{k: r[k] for k in ("code", "name", "level", "kind")}, "parent": r["parent__code"]} for r in rows
    ]


def agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def row(document: Document) -> dict[str, Any]:
    """A catalogue row: the keys of `gongkai catalogue export`, and the document's id in the API."""
    return {key: value for key, value in export_row(document).items() if key in ROW_KEYS} | {
        "id": document.pk
    }


@dataclass(frozen=True)
class CataloguePage:
    count: int
    rows: list[dict[str, Any]]
    has_next: bool


def catalogue_page(agency: Agency, filters: CatalogueFilters, page: int, size: int) -> CataloguePage:
    found = catalogue_queries.catalogue_page([agency.pk], filters, page, size)
    rows = [{key: r[key] for key in ROW_KEYS} | {"id": r["id"]} for r in found.rows]
    return CataloguePage(found.total or 0, rows, found.has_next)


def catalogue_rows(agency: Agency, filters: CatalogueFilters) -> Iterator[dict[str, Any]]:
    documents = catalogue_queries.catalogue([agency.pk], filters).defer("body", "search_text", "findings")
    return (export_row(d) for d in documents.iterator(chunk_size=500))


def catalogue_csv(agency: Agency, filters: CatalogueFilters) -> bytes:
    """The catalogue as `gongkai catalogue export --format csv` writes it, with a BOM for Excel."""
    return ("\ufeff" + as_csv(list(catalogue_rows(agency, filters)))).encode("utf-8")


def document(agency: Agency, document_id: int) -> dict[str, Any] | None:
    """A published document of the agency's catalogue with its text and metadata, None if there is none."""
    found = (
        catalogue_queries.catalogue([agency.pk])
        .filter(pk=document_id)
        .defer("search_text", "findings")
        .first()
    )
    if found is None:
        return None
    interpretations = (
        catalogue_queries.catalogue([agency.pk]).filter(interprets=found).values_list("pk", flat=True)
    )
    interprets = found.interprets_id
    if interprets is not None and not catalogue_queries.catalogue(None).filter(pk=interprets).exists():
        interprets = None  # the policy it explains is no longer published
    return row(found) | {
        "article_item": ARTICLE_ITEMS.get(found.article_item, found.article_item),
        "keywords": found.keywords,
        "summary": found.summary,
        "body": found.body,
        "interprets": interprets,
        "interpretations": sorted(interpretations),
    }


def _published(agency: Agency) -> Any:
    return AnnualReport.objects.filter(agency=agency, state=ReportState.PUBLISHED, snapshot__isnull=False)


def reports(agency: Agency) -> list[dict[str, Any]]:
    """The agency's published annual reports, newest first."""
    return [
        {"year": r.year, "format": r.format, "published_on": _iso(published_on(r))}
        for r in _published(agency)
        .defer("published_html", "published_docx", "published_pdf")
        .order_by("-year")
    ]


@dataclass(frozen=True)
class PublishedData:
    data: dict[str, Any]
    published_at: dt.datetime | None


def report(agency: Agency, year: int) -> PublishedData | None:
    """The report-data of a published annual report as it was published (its snapshot)."""
    found = (
        _published(agency)
        .filter(year=year)
        .only("snapshot", "published_at", "year", "format", "agency")
        .first()
    )
    if found is None:
        return None
    data = dict(found.snapshot or {}) | {"published_on": _iso(published_on(found))}
    return PublishedData(data, found.published_at)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
