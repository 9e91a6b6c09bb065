"""Pages of the public column, without login. Every page renders through `_page`, which adds the column's
display settings: the bare layout for embedding (`?embed=1`, the only pages another site may frame) and the
large-text mode (适老化: `?large=1` or the cookie the display switch sets)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.core import params as query_params
from gongkai.law.catalogue import ARTICLE_ITEMS, KINDS, VALIDITIES
from gongkai.portal import columns
from gongkai.proactive import queries
from gongkai.proactive.guide import build_guide, guide_docx
from gongkai.proactive.models import DocumentAttachment, ProactiveSettings
from gongkai.reports.rendering import preview_html, render_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_FILES = {"docx": DOCX, "pdf": "application/pdf", "xlsx": XLSX}
LARGE_COOKIE = "gk_large"
RULE_KIND = "disclosure_rule"
LATEST = 8  # documents listed per section on the column's front page


def display(request: HttpRequest) -> dict[str, Any]:
    """The display settings of a column page: embedded (bare layout) and large text."""
    embed = request.GET.get("embed") == "1"
    given = request.GET.get("large")
    large = given == "1" if given in ("0", "1") else request.COOKIES.get(LARGE_COOKIE) == "1"
    return {"embed": embed, "large": large}


def apply_url(agency: Agency) -> str:
    """Where the on-line application form of the agency is (gongkai.online), by name once it exists."""
    try:
        return reverse("online:apply", args=[agency.code])
    except NoReverseMatch:
        return f"/gk/{agency.code}/apply/"


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    shown = display(request)
    column = context.get("column")
    extra: dict[str, Any] = {**shown, "here": request.get_full_path()}
    if column is not None:
        extra["agency"] = column.agency
        extra["apply_url"] = apply_url(column.agency)
    response = render(request, template, {**context, **extra}, status=status)
    if shown["embed"]:
        # Embedding pages are meant to be framed by the agency's own site (docs/decisions/portal.md).
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
    return response


def _attachment(response: HttpResponse, name: str, fallback: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every government and agency with a column."""
    return _page(request, "portal/index.html", {"entries": columns.index()})


@require_safe
def column_home(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's column: the four sections, with the latest of each; a government's links its departments."""
    column = columns.column(code)
    own = [column.agency.pk]
    settings = ProactiveSettings.objects.filter(agency=column.agency).first()
    latest = queries.catalogue_page(own, queries.CatalogueFilters(), 1, LATEST, count=False)
    rules = queries.catalogue_page(own, queries.CatalogueFilters(kind=RULE_KIND), 1, LATEST, count=False)
    counts = queries.item_counts(own)
    return _page(
        request,
        "portal/column.html",
        {
            "column": column,
            "guide_updated": settings.guide_updated_at if settings else None,
            "latest": latest.rows,
            "rules": rules.rows,
            "items": [(key, label, counts.get(key, 0)) for key, label in ARTICLE_ITEMS.items()],
            "reports": columns.published_reports(column.agency),
        },
    )


@require_safe
def guide(request: HttpRequest, code: str) -> HttpResponse:
    column = columns.column(code)
    settings = ProactiveSettings.objects.filter(agency=column.agency).first() or ProactiveSettings(
        agency=column.agency
    )
    return _page(
        request, "portal/guide.html", {"column": column, "guide": build_guide(column.agency, settings)}
    )


@require_safe
def guide_file(request: HttpRequest, code: str) -> HttpResponse:
    column = columns.column(code)
    settings = ProactiveSettings.objects.filter(agency=column.agency).first() or ProactiveSettings(
        agency=column.agency
    )
    response = HttpResponse(guide_docx(build_guide(column.agency, settings)), content_type=DOCX)
    return _attachment(response, f"{column.agency.name}政府信息公开指南.docx", "guide.docx")


def _listing(
    request: HttpRequest, column: columns.Column, filters: queries.CatalogueFilters
) -> dict[str, Any]:
    """A page of documents of the column's agencies with the catalogue's filters, and the paging links."""
    agency_ids = column.agency_ids
    wanted = query_params.number(request.GET, "agency")
    if wanted is not None and wanted in agency_ids:
        agency_ids = [wanted]
    page = queries.catalogue_page(agency_ids, filters, query_params.page(request.GET))
    names = column.names
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "rows": [row | {"owner": names.get(row["agency"])} for row in page.rows],
        "filters": filters,
        "query": query.urlencode(),
        "chosen_agency": wanted if wanted in column.agency_ids else None,
    }


@require_safe
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    """法定主动公开内容: the agency's published documents by 第二十条/第二十一条 item, filtered and searched."""
    column = columns.column(code)
    own = [column.agency.pk]
    filters = queries.CatalogueFilters.from_params(request.GET)
    counts = queries.item_counts(own)
    listing = _listing(request, columns.Column(column.agency, ()), filters)
    return _page(
        request,
        "portal/catalogue.html",
        {
            "column": column,
            **listing,
            "items": [(key, label, counts.get(key, 0)) for key, label in ARTICLE_ITEMS.items()],
            "item_label": ARTICLE_ITEMS.get(filters.article_item, ""),
            "kinds": KINDS.items(),
            "validities": VALIDITIES.items(),
            "themes": queries.themes(own),
            "updated": queries.last_published(own),
        },
    )


@require_safe
def rules(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开制度: the agency's published documents of that kind."""
    column = columns.column(code)
    filters = queries.CatalogueFilters(q=query_params.text(request.GET, "q"), kind=RULE_KIND)
    listing = _listing(request, columns.Column(column.agency, ()), filters)
    return _page(request, "portal/rules.html", {"column": column, **listing})


@require_safe
def search(request: HttpRequest, code: str) -> HttpResponse:
    """One search over the whole column: a government's covers its departments' documents too."""
    column = columns.column(code)
    filters = queries.CatalogueFilters.from_params(request.GET)
    listing = _listing(request, column, filters) if filters.q else {"filters": filters}
    return _page(
        request,
        "portal/search.html",
        {"column": column, **listing, "kinds": KINDS.items(), "searched": bool(filters.q)},
    )


def _document(code: str, pk: int) -> tuple[columns.Column, Any]:
    column = columns.column(code)
    document = queries.published_in([column.agency.pk], pk)
    if document is None:
        raise Http404  # unpublished, withdrawn, withheld or another agency's: the same answer
    return column, document


@require_safe
def document(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A published document: the metadata block, a repealed or expired one says so first, its text,
    attachments and linked 解读."""
    column, doc = _document(code, pk)
    interprets = doc.interprets
    if interprets is not None and queries.published_in([interprets.agency_id], interprets.pk) is None:
        interprets = None
    return _page(
        request,
        "portal/document.html",
        {
            "column": column,
            "document": doc,
            "kind_label": KINDS.get(doc.kind, doc.kind),
            "validity_label": VALIDITIES.get(doc.validity, doc.validity),
            "item_label": ARTICLE_ITEMS.get(doc.article_item, ""),
            "attachments": list(doc.attachments.all()),
            "interpretations": list(queries.published_interpretations(doc).select_related("agency")),
            "interprets": interprets,
            "paragraphs": [line for line in doc.body.splitlines() if line.strip()],
        },
    )


@require_safe
def attachment(request: HttpRequest, code: str, pk: int, attachment_id: int) -> FileResponse:
    """An attachment of a published document (any other is 404, whatever its id)."""
    _column, doc = _document(code, pk)
    found = DocumentAttachment.objects.filter(pk=attachment_id, document=doc).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


@require_safe
def reports(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开工作年度报告: every published report of the agency."""
    column = columns.column(code)
    return _page(
        request,
        "portal/reports.html",
        {"column": column, "reports": columns.published_reports(column.agency)},
    )


@require_safe
def report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """A published report as a page of the column (from the data as published), with its downloads."""
    column = columns.column(code)
    found = columns.published_report(column.agency, year)
    return _page(
        request,
        "portal/report.html",
        {"column": column, "report": found, "body": preview_html(found.snapshot or {})},
    )


@require_safe
def report_file(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """A published report as Word, PDF (the files stored at publication) or Excel (from its data)."""
    column = columns.column(code)
    found = columns.published_report(column.agency, year)
    if kind == "docx":
        content = bytes(found.published_docx or b"")
    elif kind == "pdf":
        content = bytes(found.published_pdf or b"")
    else:
        content = render_file(found.snapshot or {}, "xlsx")
    response = HttpResponse(content, content_type=REPORT_FILES[kind])
    return _attachment(response, f"{found.title}.{kind}", f"report-{year}.{kind}")


@require_safe
def display_switch(request: HttpRequest) -> HttpResponse:
    """The large-text switch (适老化) without JavaScript: sets the cookie and goes back to the page."""
    target = str(request.GET.get("next") or "/gk/")
    if not target.startswith("/gk/") or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/gk/"
    response = redirect(target)
    if request.GET.get("large") == "1":
        response.set_cookie(LARGE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(LARGE_COOKIE)
    return response


# --- the former public pages (/public/…) move here permanently -------------------------------------------


def old_index(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(reverse("portal:index"))


def old_reports(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponsePermanentRedirect(reverse("portal:reports", args=[code]))


def old_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return HttpResponsePermanentRedirect(reverse("portal:report", args=[code, year]))


def old_report_file(request: HttpRequest, code: str, year: str, kind: str) -> HttpResponse:
    return HttpResponsePermanentRedirect(reverse("portal:report_file", args=[code, year, kind]))
