"""The register's read side: the catalogue with its filters, search and paging, the export rows, the
workbench's lists (publication clock, re-reviews, missing 解读) and table 二's counts.

This is what other apps ask (the public column, reports, statistics): they never read the register's
tables or its log directly. Catalogue rows carry the export keys `ROW_KEYS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from gongkai.core import params as query_params
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.catalogue import (
    ARTICLE_ITEMS,
    CHANNELS,
    DEFAULT_CHANNELS,
    DISCLOSURES,
    KINDS,
    POLICY_KINDS,
    VALIDITIES,
)
from gongkai.proactive.models import Document, ProactiveSettings, State
from gongkai.proactive.search import plan, search

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
    agency_ids: Iterable[int] | None, filters: CatalogueFilters = CatalogueFilters(), *, by_index: bool = True
) -> QuerySet[Document]:
    """The published documents of the agencies (None: every agency), filtered and searched, newest first
    (`by_index`: see `search.search`)."""
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
    return search(documents, filters.q, by_index=by_index).order_by("-published_on", "-pk")


@dataclass(frozen=True)
class CataloguePage:
    """One page of the catalogue: rows with the export keys plus `id` and `summary`, and the paging.

    `total` is the number of matches, counted up to `COUNT_LIMIT`; `total_capped` says there are more.
    """

    rows: list[dict[str, Any]]
    number: int
    has_next: bool
    total: int | None
    total_capped: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1


# Counting every match of a search over 100,000 documents costs more than the page itself; beyond this
# the catalogue says "more than N" (docs/decisions/catalogue-search.md).
COUNT_LIMIT = 2000


def catalogue_page(
    agency_ids: Iterable[int] | None,
    filters: CatalogueFilters = CatalogueFilters(),
    page: int = 1,
    size: int = PAGE_SIZE,
    *,
    count: bool = True,
) -> CataloguePage:
    """A page of the catalogue; `count=False` skips counting the matches.

    The page's ids are found first (from the index alone where it can), then only those rows are read:
    a deep page skips index entries, not whole documents.
    """
    agencies = None if agency_ids is None else list(agency_ids)
    page = max(page, 1)
    start = (page - 1) * size
    end = start + size + 1
    # PostgreSQL: the matches in order, as many as the page and the count need, in one query.
    way = plan(
        catalogue(agencies, replace(filters, q="")), filters.q, max(end, COUNT_LIMIT + 1) if count else end
    )
    matches = way.ids
    documents = catalogue(agencies, filters, by_index=way.by_index)
    ids = _page_ids(documents, agencies, start, end) if matches is None else matches[start:end]
    by_id = Document.objects.defer("body", "search_text", "findings").in_bulk(ids[:size])
    found = [by_id[pk] for pk in ids[:size] if pk in by_id]
    rows = [export_row(d) | {"id": d.pk, "summary": d.summary, "agency": d.agency_id} for d in found]
    total, capped = None, False
    if count:
        total = documents.order_by()[: COUNT_LIMIT + 1].count() if matches is None else len(matches)
        capped = total > COUNT_LIMIT
        total = min(total, COUNT_LIMIT)
    return CataloguePage(rows, page, len(ids) > size, total, capped)


# Several agencies' catalogue in one: each agency's first rows are read from its own ordered index and
# merged, as long as that reads at most this many index entries (else one query sorts the matches).
MERGE_LIMIT = 5000


def _page_ids(documents: QuerySet[Document], agencies: list[int] | None, start: int, end: int) -> list[int]:
    """The ids of rows `start` to `end` of the catalogue in its order (newest first, then by id)."""
    if agencies is None or len(agencies) < 2 or end * len(agencies) > MERGE_LIMIT:
        return list(documents.values_list("pk", flat=True)[start:end])
    rows: list[tuple[dt.date | None, int]] = []
    for agency_id in agencies:
        rows += documents.filter(agency_id=agency_id).values_list("published_on", "pk")[:end]
    rows.sort(key=lambda row: (row[0] or dt.date.min, row[1]), reverse=True)
    return [pk for _day, pk in rows[start:end]]


def published_document(index_number: str) -> Document | None:
    """A published document by its 索引号 (the public column's detail page)."""
    return Document.objects.filter(state__in=CATALOGUE_STATES, index_number=index_number).first()


def published_in(agency_ids: Iterable[int], pk: int) -> Document | None:
    """A published document of the agencies by its id (the public column's document page), else None."""
    return (
        Document.objects.filter(state__in=CATALOGUE_STATES, agency_id__in=list(agency_ids), pk=pk)
        .select_related("agency")
        .first()
    )


def published_interpretations(document: Document) -> QuerySet[Document]:
    """The published 解读 of a document, oldest first."""
    return document.interpretations.filter(state__in=CATALOGUE_STATES).order_by("published_on", "pk")


def item_counts(agency_ids: Iterable[int]) -> dict[str, int]:
    """Published documents of the agencies by 第二十条/第二十一条 item ("" for those without one)."""
    groups = (
        Document.objects.filter(state__in=CATALOGUE_STATES, agency_id__in=list(agency_ids))
        .values("article_item")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {g["article_item"] or "": g["n"] for g in groups}


def themes(agency_ids: Iterable[int] | None) -> list[str]:
    """The themes used in the agencies' catalogue, for the filter."""
    documents = Document.objects.filter(state__in=CATALOGUE_STATES).exclude(theme="")
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return sorted(documents.order_by().values_list("theme", flat=True).distinct())


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
    provisional: bool = False  # `due` falls in a year whose holiday arrangement is not loaded (暂定)

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


def due_is_provisional(due: dt.date | None, calendar: WorkingCalendar) -> bool:
    """Whether a stored publication deadline was counted on a year `calendar` knows only provisionally
    (a deadline falls in the year it is counted into; loading the year recomputes it)."""
    return due is not None and due.year in calendar.provisional_years


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
            found.append(Due(document, "overdue", due, due_is_provisional(due, calendar)))
        elif _soon(due, today, calendar):
            found.append(Due(document, "due_soon", due, due_is_provisional(due, calendar)))
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
    """Withheld documents whose 第十八条 re-review falls within `within_days` or is past, or was never set."""
    documents = Document.objects.filter(
        Q(rereview_on__lte=today + dt.timedelta(days=within_days)) | Q(rereview_on__isnull=True),
        disclosure="withheld",
        state=State.REGISTERED,
    )
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    return documents.select_related("agency").order_by("rereview_on")


def needs_interpretation(document: Document) -> bool:
    """A published policy in force without a linked 政策解读, in an agency that requires one."""
    return missing_interpretation([document.agency_id]).filter(pk=document.pk).exists()


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
    found += [
        Due(d, "interpretation", d.published_on)
        for d in missing_interpretation(agency_ids).select_related("agency", "drafted_by")
    ]
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
    """Documents published in the year by 第二十条 item (the annual report's section 一（一）)."""
    groups = (
        Document.objects.filter(agency_id__in=list(agency_ids), published_on__year=year)
        .values("article_item")
        .annotate(n=Count("pk"))
        .order_by("article_item")
    )
    return {g["article_item"] or "": g["n"] for g in groups}


def published_by_channel(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """Documents published in the year by channel (one document may go out by several)."""
    counts: dict[str, int] = {}
    channels = Document.objects.filter(agency_id__in=list(agency_ids), published_on__year=year).values_list(
        "channels", flat=True
    )
    for listed in channels.iterator():
        for channel in listed or DEFAULT_CHANNELS:
            counts[channel] = counts.get(channel, 0) + 1
    return counts


def register_summary(agency_ids: Sequence[int], year: int) -> dict[str, Any]:
    """What the annual report's text says of the register: documents published in the year, by 第二十条
    item and by channel (labels in Chinese, in the statute's order), with None where the agencies keep
    no register in the system."""
    if not has_register(agency_ids):
        return {}
    by_item = published_by_item(agency_ids, year)
    by_channel = published_by_channel(agency_ids, year)
    return {
        "published": sum(by_item.values()),
        "by_item": [
            [ITEM_SHORT_LABELS.get(key, "其他"), by_item[key]]
            for key in sorted(by_item, key=_item_order)
            if by_item[key]
        ],
        "by_channel": [[label, by_channel[key]] for key, label in CHANNELS.items() if by_channel.get(key)],
    }


def _item_order(key: str) -> tuple[int, int]:
    article, _dot, item = key.partition(".")
    return (int(article), int(item)) if article.isdigit() and item.isdigit() else (99, 99)


# The 第二十条 items as the annual report's prose names them.
ITEM_SHORT_LABELS: dict[str, str] = {
    "20.1": "规章和规范性文件",
    "20.2": "机构职能",
    "20.3": "规划计划",
    "20.4": "统计信息",
    "20.5": "行政许可和对外管理服务",
    "20.6": "行政处罚和行政强制",
    "20.7": "财政预决算",
    "20.8": "行政事业性收费",
    "20.9": "政府集中采购",
    "20.10": "重大建设项目",
    "20.11": "扶贫、教育、医疗、社会保障、促进就业",
    "20.12": "突发公共事件应对",
    "20.13": "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查",
    "20.14": "公务员招考录用",
    "20.15": "其他依法应当主动公开的信息",
}


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


def office_contacts(names: Iterable[str]) -> dict[str, str]:
    """Agency name -> how to reach its disclosure office, as its guide gives it (第十二条: office, address,
    telephone, web or e-mail), for the agencies of `names` whose guide has any of them."""
    rows = ProactiveSettings.objects.filter(agency__name__in=list(names)).values_list(
        "agency__name", "office_name", "office_address", "office_phone", "office_web"
    )
    contacts: dict[str, str] = {}
    for name, office, address, phone, web in rows:
        parts = [
            f"{label}{value.strip()}"
            for label, value in (("地址：", address), ("电话：", phone), ("网址或电子邮箱：", web))
            if value.strip()
        ]
        if parts:
            contacts[name] = "，".join([office.strip(), *parts] if office.strip() else parts)
    return contacts
