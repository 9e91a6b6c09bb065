"""The register's read side: the catalogue with its filters, search and paging, the export rows, the
workbench's lists (publication clock, re-reviews, missing 解读) and table 二's counts.

This is what other apps ask (the public column, reports, statistics): they never read the register's
tables or its log directly. Catalogue rows carry the export keys `ROW_KEYS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from gongkai.core import params as query_params
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.catalogue import ARTICLE_ITEMS, DISCLOSURES, KINDS, POLICY_KINDS, VALIDITIES
from gongkai.proactive.models import Document, ProactiveSettings, State
from gongkai.proactive.search import search

ROW_KEYS: tuple[str, ...] = (
    "index_number",
    "title",
    "doc_number",
    "issuers",
    "written_on",
    "published_on",
    "kind",
    "disclosure",
    "validity",
    "invalid_on",
    "theme",
    "publication_due",
)
PAGE_SIZE = 20
# Published documents are in the catalogue; a withdrawn one has left it (its 索引号 stays reserved).
CATALOGUE_STATES: frozenset[str] = frozenset({State.PUBLISHED})
# Documents whose drafting is finished: counted in table 二 when they are regulations or normative documents.
ISSUED_STATES: frozenset[str] = frozenset(
    {State.PUBLISHED, State.REGISTERED, State.WITHDRAWN, State.APPROVED}
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def export_row(document: Document) -> dict[str, Any]:
    """One document with the export keys (dates ISO, labels in Chinese as the catalogue prints them)."""
    return {
        "index_number": document.index_number,
        "title": document.title,
        "doc_number": document.doc_number,
        "issuers": list(document.issuers),
        "written_on": _iso(document.written_on),
        "published_on": _iso(document.published_on),
        "kind": KINDS.get(document.kind, document.kind),
        "disclosure": DISCLOSURES.get(document.disclosure, document.disclosure),
        "validity": VALIDITIES.get(document.validity, document.validity),
        "invalid_on": _iso(document.invalid_on),
        "theme": document.theme,
        "publication_due": _iso(document.publication_due),
    }


@dataclass(frozen=True)
class CatalogueFilters:
    """The catalogue's filters as a visitor gives them (empty: no filter)."""

    q: str = ""
    article_item: str = ""
    theme: str = ""
    kind: str = ""
    year: int | None = None
    validity: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CatalogueFilters:
        return cls(
            q=str(params.get("q") or "").strip()[:100],
            article_item=_choice(params.get("article_item"), ARTICLE_ITEMS),
            theme=str(params.get("theme") or "").strip()[:100],
            kind=_choice(params.get("kind"), KINDS),
            # A catalogue goes back to documents older than the 条例: any year from 1949 on.
            year=query_params.number(params, "year", 1949, 9999),
            validity=_choice(params.get("validity"), VALIDITIES),
        )


def _choice(value: Any, allowed: Mapping[str, str]) -> str:
    text = str(value or "").strip()
    return text if text in allowed else ""


def catalogue(
    agency_ids: Iterable[int] | None, filters: CatalogueFilters = CatalogueFilters()
) -> QuerySet[Document]:
    """The published documents of the agencies (None: every agency), filtered and searched, newest first."""
    documents = Document.objects.filter(state__in=CATALOGUE_STATES)
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    if filters.article_item:
        documents = documents.filter(article_item=filters.article_item)
    if filters.theme:
        documents = documents.filter(theme=filters.theme)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.year:
        documents = documents.filter(published_on__year=filters.year)
    if filters.validity:
        documents = documents.filter(validity=filters.validity)
    return search(documents, filters.q).order_by("-published_on", "-pk")


@dataclass(frozen=True)
class CataloguePage:
    """One page of the catalogue: rows with the export keys plus `id` and `summary`, and the paging."""

    rows: list[dict[str, Any]]
    number: int
    has_next: bool
    total: int | None

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def catalogue_page(
    agency_ids: Iterable[int] | None,
    filters: CatalogueFilters = CatalogueFilters(),
    page: int = 1,
    size: int = PAGE_SIZE,
    *,
    count: bool = True,
) -> CataloguePage:
    """A page of the catalogue; `count=False` skips counting every match (a search over many documents)."""
    documents = catalogue(agency_ids, filters).defer("body", "search_text", "findings")
    page = max(page, 1)
    start = (page - 1) * size
    found = list(documents[start : start + size + 1])
    rows = [export_row(d) | {"id": d.pk, "summary": d.summary, "agency": d.agency_id} for d in found[:size]]
    return CataloguePage(rows, page, len(found) > size, documents.count() if count else None)


def published_document(index_number: str) -> Document | None:
    """A published document by its 索引号 (the public column's detail page)."""
    return Document.objects.filter(state__in=CATALOGUE_STATES, index_number=index_number).first()


def themes(agency_ids: Iterable[int] | None) -> list[str]:
    """The themes used in the agencies' catalogue, for the filter."""
    documents = Document.objects.filter(state__in=CATALOGUE_STATES).exclude(theme="")
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return sorted(set(documents.values_list("theme", flat=True).distinct()))


def last_published(agency_ids: Iterable[int]) -> dt.date | None:
    """The latest publication date in the agencies' catalogue (the catalogue's 'updated on')."""
    day = (
        Document.objects.filter(state__in=CATALOGUE_STATES, agency_id__in=list(agency_ids))
        .order_by("-published_on")
        .values_list("published_on", flat=True)
        .first()
    )
    return day


# --- the workbench ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A document the workbench and `gongkai remind` point at, and why."""

    document: Document
    status: str  # overdue | due_soon | late | rereview | interpretation | unknown
    due: dt.date | None

    @property
    def person(self) -> str:
        user = self.document.drafted_by
        return (user.get_full_name() or user.get_username()) if user else "（未指定）"


SOON_WORKING_DAYS = 5


def _soon(due: dt.date, today: dt.date, calendar: WorkingCalendar) -> bool:
    try:
        return calendar.working_days_between(today, due) <= SOON_WORKING_DAYS
    except CalendarMissingError:
        return True


def unpublished_due(agency_ids: Iterable[int] | None, today: dt.date, calendar: WorkingCalendar) -> list[Due]:
    """Proactive documents not yet published: overdue, due within five working days, or due unknown."""
    documents = Document.objects.filter(
        disclosure="proactive",
        published_on__isnull=True,
        state__in=[State.DRAFTED, State.SECRECY_REVIEW, State.IN_REVIEW, State.APPROVED],
    ).select_related("agency", "drafted_by")
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    found = []
    for document in documents.order_by("publication_due", "pk"):
        due = document.publication_due
        if due is None:
            found.append(Due(document, "unknown", None))
        elif due < today:
            found.append(Due(document, "overdue", due))
        elif _soon(due, today, calendar):
            found.append(Due(document, "due_soon", due))
    return found


def published_late(agency_ids: Iterable[int] | None, since: dt.date) -> QuerySet[Document]:
    """Documents published after their 第二十六条 deadline, since `since`."""
    documents = Document.objects.filter(
        published_on__gte=since, publication_due__isnull=False, published_on__gt=F("publication_due")
    )
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return documents.select_related("agency").order_by("-published_on")


def rereview_due(
    agency_ids: Iterable[int] | None, today: dt.date, within_days: int = 30
) -> QuerySet[Document]:
    """Withheld documents whose 第十八条 re-review falls within `within_days` or is past."""
    documents = Document.objects.filter(
        disclosure="withheld", state=State.REGISTERED, rereview_on__lte=today + dt.timedelta(days=within_days)
    )
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return documents.select_related("agency").order_by("rereview_on")


def missing_interpretation(agency_ids: Iterable[int] | None) -> QuerySet[Document]:
    """Published policies without a linked 政策解读, in agencies that require one."""
    requiring = ProactiveSettings.objects.filter(requires_interpretation=False).values_list(
        "agency_id", flat=True
    )
    documents = (
        Document.objects.filter(state=State.PUBLISHED, kind__in=POLICY_KINDS, validity="valid")
        .exclude(agency_id__in=requiring)
        .annotate(explained=Count("interpretations"))
        .filter(explained=0)
    )
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return documents.select_related("agency").order_by("-published_on")


def reminders(agency_ids: Iterable[int] | None, today: dt.date, calendar: WorkingCalendar) -> list[Due]:
    """Everything `gongkai remind` lists for proactive disclosure, by agency."""
    found = unpublished_due(agency_ids, today, calendar)
    found += [Due(d, "rereview", d.rereview_on) for d in rereview_due(agency_ids, today)]
    return sorted(found, key=lambda r: (r.document.agency.name, r.person, r.due or dt.date.max))


def in_review(agency_ids: Iterable[int]) -> QuerySet[Document]:
    """Documents waiting for a step of the review (the workbench's queue)."""
    return (
        Document.objects.filter(
            agency_id__in=list(agency_ids),
            state__in=[State.DRAFTED, State.SECRECY_REVIEW, State.IN_REVIEW, State.APPROVED],
        )
        .select_related("agency", "drafted_by")
        .order_by("publication_due", "pk")
    )


# --- table 二 -------------------------------------------------------------------------------------------

TABLE_TWO_ROWS: dict[str, str] = {"regulation": "regulations", "normative": "normative_documents"}


def table_two(agency_ids: Sequence[int] | None, year: int) -> dict[str, dict[str, int]]:
    """Table 二's 第二十条第（一）项 rows counted by the database from the register:

    - issued: 成文日期 in the year;
    - repealed: 废止 or 失效 with its date in the year;
    - in_force: issued on or before 31 December and not repealed or expired by then.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    documents = Document.objects.filter(kind__in=list(TABLE_TWO_ROWS), state__in=ISSUED_STATES)
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    invalid = Q(validity__in=["repealed", "expired"], invalid_on__isnull=False)
    groups = (
        documents.values("kind")
        .annotate(
            issued=Count("pk", filter=Q(written_on__gte=start, written_on__lte=end)),
            repealed=Count("pk", filter=invalid & Q(invalid_on__gte=start, invalid_on__lte=end)),
            in_force=Count("pk", filter=Q(written_on__lte=end) & ~(invalid & Q(invalid_on__lte=end))),
        )
        .order_by()
    )
    table = {row: {"issued": 0, "repealed": 0, "in_force": 0} for row in TABLE_TWO_ROWS.values()}
    for group in groups:
        table[TABLE_TWO_ROWS[group["kind"]]] = {k: group[k] for k in ("issued", "repealed", "in_force")}
    return table


def has_register(agency_ids: Sequence[int] | None) -> bool:
    """Whether the agencies keep their register in the system (else table 二 is typed in by hand)."""
    documents = Document.objects.all()
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return documents.exists()


def published_by_item(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """Documents published in the year by 第二十条 item (the annual report's section 二)."""
    groups = (
        Document.objects.filter(agency_id__in=list(agency_ids), published_on__year=year)
        .values("article_item")
        .annotate(n=Count("pk"))
        .order_by("article_item")
    )
    return {g["article_item"] or "": g["n"] for g in groups}


# --- the supervising office ---------------------------------------------------------------------------

UNPUBLISHED_STATES: tuple[str, ...] = (State.DRAFTED, State.SECRECY_REVIEW, State.IN_REVIEW, State.APPROVED)


@dataclass
class Timeliness:
    """An agency's publication clock (第二十六条) as the office sees it: proactive documents published in
    the year on time or late, and those past their deadline and still unpublished today."""

    on_time: int = 0
    late: int = 0
    overdue_now: int = 0

    @property
    def published(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.published if self.published else None

    def add(self, other: Timeliness) -> None:
        self.on_time += other.on_time
        self.late += other.late
        self.overdue_now += other.overdue_now


def timeliness_by_agency(agency_ids: Iterable[int], year: int, today: dt.date) -> dict[int, Timeliness]:
    """Every agency's publication timeliness of `year` in two grouped queries. Documents without a counted
    deadline (imported from a catalogue, or a year's holidays not loaded) are left out."""
    ids = list(agency_ids)
    found = {agency_id: Timeliness() for agency_id in ids}
    proactive = Document.objects.filter(
        agency_id__in=ids, disclosure="proactive", publication_due__isnull=False
    )
    published = (
        proactive.filter(published_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .values("agency_id")
        .annotate(
            published_on_time=Count("pk", filter=Q(published_on__lte=F("publication_due"))),
            published_late=Count("pk", filter=Q(published_on__gt=F("publication_due"))),
        )
        .order_by()
    )
    for row in published:
        found[row["agency_id"]].on_time = row["published_on_time"]
        found[row["agency_id"]].late = row["published_late"]
    overdue = (
        proactive.filter(published_on__isnull=True, state__in=UNPUBLISHED_STATES, publication_due__lt=today)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unpublished in overdue:
        found[unpublished["agency_id"]].overdue_now = unpublished["n"]
    return found
