"""The open-data API, version 1 (`/api/v1/`), with its OpenAPI schema generated from this module
(`/api/v1/openapi.json`) and its documentation page (`/api/v1/docs`).

Endpoints are thin: they read the path and the query (query parameters through `gongkai.core.params`,
anything odd → 400 with a Chinese message per parameter), ask `queries`, and answer JSON or CSV with
caching headers (`responses`). Nothing unpublished is ever read: the catalogue is the published one,
the reports are the published ones, as they were published.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from gongkai.agencies.models import Agency
from gongkai.api import queries
from gongkai.api.applications import router as applications_router
from gongkai.api.responses import CSV_TYPE, ApiError, cached, cached_json, error_response, not_found
from gongkai.api.schemas import (
    AgencyOut,
    CataloguePageOut,
    DocumentOut,
    Error,
    ReportData,
    ReportListItem,
)
from gongkai.core import params
from gongkai.law.catalogue import ARTICLE_ITEMS, KINDS, VALIDITIES
from gongkai.proactive.queries import PAGE_SIZE, CatalogueFilters

DESCRIPTION = """\
政府信息公开开放数据接口（第1版）：机关、政府信息公开目录、政府信息、政府信息公开工作年度报告。
只提供已公开的内容；无需登录。所有回答均为 JSON（目录另有 CSV 下载），带有 ETag 和 Cache-Control
（已发布的年度报告另有 Last-Modified），请求时带上 If-None-Match 可得到 304。参数有误时回答 400，
找不到时回答 404，内容均为 `{"detail": "中文说明", "errors": {"参数": "说明"}}`。
"""

api = NinjaAPI(
    title="政府信息公开开放数据接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

MAX_PAGE_SIZE = 100
CODE_DOC = "机关代码，见 /api/v1/agencies 的 `code`，如 jyj"
ERRORS: dict[int, Any] = {400: Error, 404: Error}


# --- errors ------------------------------------------------------------------------------------------


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(not_found("所请求的内容"))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Pydantic's findings (a JSON body, a path value) as Chinese messages by field."""
    errors: dict[str, str] = {}
    where = "请求"
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        where = {"query": "query", "path": "path"}.get(location[0] if location else "", "body")
        name = ".".join(p for p in location[1:] if p not in ("query", "payload")) or "请求"
        key = "year_path" if (where, name) == ("path", "year") else name
        known = MESSAGES.get(key) if where in ("query", "path") else None
        errors[name] = known or _chinese(error)
    detail = "查询参数有误。" if where in ("query", "path") else "请求的内容有误，请按说明修改后重新提交。"
    return error_response(ApiError(400, detail, errors))


def _chinese(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "必须填写。"
    if "json" in kind:
        return "不是有效的 JSON。"
    if kind.startswith(("int", "float")):
        return "应为整数。"
    if kind.startswith("string"):
        return "应为文字，且长度符合要求。"
    return "取值无效。"


# --- parameters --------------------------------------------------------------------------------------


def _agency(code: str) -> Agency:
    found = queries.agency(code) if len(code) <= 64 else None
    if found is None:
        raise not_found(f"代码为“{code[:64]}”的机关")
    return found


def _choice(query: Mapping[str, str], name: str, allowed: Mapping[str, str], errors: dict[str, str]) -> str:
    value = params.choice(query, name, allowed)
    if query.get(name) and not value:
        errors[name] = MESSAGES[name]
    return value


def _number(query: Mapping[str, str], name: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    value = params.number(query, name, low, high)
    if query.get(name, "") != "" and value is None:
        errors[name] = MESSAGES[name]
    return value


MESSAGES: dict[str, str] = {
    "page": f"应为 1 到 {params.MAX_PAGE} 之间的整数。",
    "page_size": f"应为 1 到 {MAX_PAGE_SIZE} 之间的整数。",
    "year": "应为 1949 到 9999 之间的整数。",
    "year_path": f"应为 {params.FIRST_YEAR} 到 {params.LAST_YEAR} 之间的四位年份。",
    "document_id": "应为政府信息的 id（正整数）。",
    "code": "机关代码不能超过64个字符。",
    "q": "不能超过100个字。",
    "theme": "不能超过100个字。",
    "kind": f"取值应为以下之一：{'、'.join(KINDS)}。",
    "article_item": f"取值应为以下之一：{'、'.join(ARTICLE_ITEMS)}。",
    "validity": f"取值应为以下之一：{'、'.join(VALIDITIES)}。",
}


def _filters(query: Mapping[str, str], errors: dict[str, str]) -> CatalogueFilters:
    """The catalogue page's filters, each checked: an odd value is an error, never ignored silently."""
    for name in ("q", "theme"):
        if len(query.get(name, "")) > 100:
            errors[name] = MESSAGES[name]
    return CatalogueFilters(
        q=params.text(query, "q"),
        article_item=_choice(query, "article_item", ARTICLE_ITEMS, errors),
        theme=params.text(query, "theme"),
        kind=_choice(query, "kind", KINDS, errors),
        year=_number(query, "year", 1949, 9999, errors),
        validity=_choice(query, "validity", VALIDITIES, errors),
    )


def _given(query: Schema) -> dict[str, str]:
    """The query as the schema accepted it (`2.0` for an integer is 2), in text for `gongkai.core.params`."""
    values = query.model_dump(exclude_none=True)
    return {k: str(v.value if isinstance(v, Enum) else v) for k, v in values.items()}


def _catalogue_query(
    code: str, query: Schema
) -> tuple[Agency, CatalogueFilters, dict[str, str], dict[str, str]]:
    """The agency of a catalogue endpoint, its filters, the query's given values and the errors so far."""
    agency = _agency(code)
    errors: dict[str, str] = {}
    given = _given(query)
    return agency, _filters(given, errors), given, errors


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ApiError(400, "查询参数有误。", errors)


def _page_link(request: HttpRequest, page: int) -> str:
    query = {k: v for k, v in request.GET.items() if k != "page"} | {"page": str(page)}
    return f"{request.path}?{urlencode(query)}"


# --- endpoints -----------------------------------------------------------------------------------------

FILTER_DOC = {
    "q": "检索词（标题、文号、关键词、内容概述、正文；以空格分隔的多个词须全部出现），不超过100字",
    "article_item": "公开事项：" + "、".join(f"{k}（{v}）" for k, v in ARTICLE_ITEMS.items()),
    "theme": "主题分类，如“科技、教育”",
    "kind": "文件类型：" + "、".join(f"{k}（{v}）" for k, v in KINDS.items()),
    "year": "发布年度，如 2025",
    "validity": "有效性：" + "、".join(f"{k}（{v}）" for k, v in VALIDITIES.items()),
}


@api.get("/agencies", response={200: list[AgencyOut]}, url_name="agencies", summary="机关列表")
def agencies(request: HttpRequest) -> HttpResponse:
    """本系统中的全部机关：代码、名称、层级、类型及所属人民政府的代码。"""
    return cached_json(request, queries.agencies())


def _enum(name: str, keys: Mapping[str, str]) -> type[Enum]:
    """The allowed values of a parameter, for the schema (an enum of the keys)."""
    return Enum(name, {f"v{i}": key for i, key in enumerate(keys)}, type=str)  # type: ignore[return-value]


KindValue = _enum("KindValue", KINDS)
ArticleItemValue = _enum("ArticleItemValue", ARTICLE_ITEMS)
ValidityValue = _enum("ValidityValue", VALIDITIES)


class CatalogueFilterQuery(Schema):
    """The catalogue's filters, as the schema documents them (the endpoint reads them again with
    `gongkai.core.params`, which has the last word)."""

    q: str | None = Field(None, max_length=100, description=FILTER_DOC["q"])
    article_item: ArticleItemValue | None = Field(None, description=FILTER_DOC["article_item"])  # type: ignore[valid-type]
    theme: str | None = Field(None, max_length=100, description=FILTER_DOC["theme"])
    kind: KindValue | None = Field(None, description=FILTER_DOC["kind"])  # type: ignore[valid-type]
    year: int | None = Field(None, ge=1949, le=9999, description=FILTER_DOC["year"])
    validity: ValidityValue | None = Field(None, description=FILTER_DOC["validity"])  # type: ignore[valid-type]


class CataloguePageQuery(CatalogueFilterQuery):
    page: int | None = Field(None, ge=1, le=params.MAX_PAGE, description="页码，从 1 开始")
    page_size: int | None = Field(
        None, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1 到 {MAX_PAGE_SIZE}，默认 {PAGE_SIZE}"
    )


@api.get(
    "/agencies/{code}/catalogue",
    response={200: CataloguePageOut, **ERRORS},
    url_name="catalogue",
    summary="政府信息公开目录（分页）",
)
def catalogue(
    request: HttpRequest,
    code: str = Path(..., max_length=64, description=CODE_DOC),
    query: CataloguePageQuery = Query(...),  # noqa: B008
) -> HttpResponse:
    """机关已发布的政府信息，按发布日期从新到旧；每条的字段与 `gongkai catalogue export` 相同，另有 `id`。"""
    agency, filters, given, errors = _catalogue_query(code, query)
    number = _number(given, "page", 1, params.MAX_PAGE, errors) or 1
    size = _number(given, "page_size", 1, MAX_PAGE_SIZE, errors) or PAGE_SIZE
    _raise_if(errors)
    found = queries.catalogue_page(agency, filters, number, size)
    payload = {
        "count": found.count,
        "page": number,
        "page_size": size,
        "next": _page_link(request, number + 1) if found.has_next else None,
        "previous": _page_link(request, number - 1) if number > 1 else None,
        "results": found.rows,
    }
    return cached_json(request, payload)


@api.get(
    "/agencies/{code}/catalogue.csv",
    response={200: str, **ERRORS},
    url_name="catalogue_csv",
    summary="政府信息公开目录（CSV 下载）",
    openapi_extra={"responses": {200: {"description": "CSV（UTF-8，带 BOM）", "content": {"text/csv": {}}}}},
)
def catalogue_csv(
    request: HttpRequest,
    code: str = Path(..., max_length=64, description=CODE_DOC),
    query: CatalogueFilterQuery = Query(...),  # noqa: B008
) -> HttpResponse:
    """符合条件的全部目录条目，与 `gongkai catalogue export --format csv` 的列相同（可再导入）。"""
    agency, filters, _given_values, errors = _catalogue_query(code, query)
    _raise_if(errors)
    filename = quote(f"{agency.name}政府信息公开目录.csv")
    return cached(
        request,
        queries.catalogue_csv(agency, filters),
        CSV_TYPE,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"},
    )


@api.get(
    "/agencies/{code}/documents/{document_id}",
    response={200: DocumentOut, **ERRORS},
    url_name="document",
    summary="一件政府信息",
)
def document(
    request: HttpRequest,
    code: str = Path(..., max_length=64, description=CODE_DOC),
    document_id: int = Path(..., ge=1, le=params.MAX_ID, description="政府信息的 id（目录中的 `id`）"),
) -> HttpResponse:
    """目录中的一件已发布的政府信息：目录字段、公开事项、内容概述、正文、相关的政策解读。"""
    agency = _agency(code)
    pk = params.number({"id": str(document_id)}, "id")
    found = queries.document(agency, pk) if pk is not None else None
    if found is None:
        raise not_found("该政府信息（或尚未发布）")
    return cached_json(request, found)


@api.get(
    "/agencies/{code}/reports",
    response={200: list[ReportListItem], **ERRORS},
    url_name="reports",
    summary="已发布的年度报告",
)
def reports(
    request: HttpRequest,
    code: str = Path(..., max_length=64, description=CODE_DOC),
) -> HttpResponse:
    """机关在本系统中发布的政府信息公开工作年度报告，按年度从新到旧。"""
    return cached_json(request, queries.reports(_agency(code)))


@api.get(
    "/agencies/{code}/reports/{year}",
    response={200: ReportData, **ERRORS},
    url_name="report",
    summary="年度报告数据",
)
def report(
    request: HttpRequest,
    code: str = Path(..., max_length=64, description=CODE_DOC),
    year: int = Path(..., ge=params.FIRST_YEAR, le=params.LAST_YEAR, description="报告年度，如 2025"),
) -> HttpResponse:
    """一份已发布的年度报告的报告数据（report-data）：表二、表三、表四（`tables`）、信息处理费和正文，
    与发布时相同；表三、表四即 `gongkai tables --agency 机关名称 --year 年度` 在发布时的计算结果。"""
    agency = _agency(code)
    number = params.year({"year": str(year)})
    if number is None:
        raise ApiError(400, "年度有误。", {"year": MESSAGES["year_path"]})
    found = queries.report(agency, number)
    if found is None:
        raise not_found(f"{agency.name}已发布的{number}年度报告")
    return cached_json(request, found.data, last_modified=found.published_at)


# On-line applications (gongkai.online): the same use cases as the public form.
api.add_router("", applications_router)
