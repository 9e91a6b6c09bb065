"""The shapes of the open-data API's answers, for its OpenAPI schema (the answers are built as plain dicts
by `queries`; the schemathesis run in the tests checks each answer against these)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field


class Error(Schema):
    detail: str = Field(description="错误说明（中文）")
    errors: dict[str, str] | None = Field(None, description="各参数或字段的错误说明")


class AgencyOut(Schema):
    code: str = Field(description="机关代码（网址中使用），如 jyj")
    name: str = Field(description="机关名称")
    level: str = Field(description="层级：national/province/city/county/township，未填写为空")
    kind: str = Field(description="类型：government/department/vertical/justice")
    parent: str | None = Field(description="所属人民政府的机关代码")


class CatalogueRow(Schema):
    """A row with the keys of `gongkai catalogue export`, and the document's id in the API."""

    id: int
    index_number: str | None = Field(description="索引号")
    title: str = Field(description="标题")
    doc_number: str = Field(description="文号")
    issuers: list[str] = Field(description="发文机关")
    written_on: str | None = Field(description="成文日期（YYYY-MM-DD）")
    published_on: str | None = Field(description="发布日期")
    kind: str = Field(description="文件类型")
    disclosure: str = Field(description="公开方式")
    validity: str = Field(description="有效性")
    invalid_on: str | None = Field(description="失效或废止日期")
    theme: str = Field(description="主题分类")
    publication_due: str | None = Field(description="公开期限（第二十六条）")


class CataloguePageOut(Schema):
    count: int = Field(description="符合条件的文件总数")
    page: int
    page_size: int
    next: str | None = Field(description="下一页的地址")
    previous: str | None = Field(description="上一页的地址")
    results: list[CatalogueRow]


class DocumentOut(CatalogueRow):
    article_item: str = Field(description="公开事项（第二十条、第二十一条）")
    keywords: str
    summary: str = Field(description="内容概述")
    body: str = Field(description="正文")
    interprets: int | None = Field(description="所解读的政策文件的 id")
    interpretations: list[int] = Field(description="解读本文件的政策解读的 id")


class ReportListItem(Schema):
    year: int
    format: str = Field(description="报告格式：2021 或 2019")
    published_on: str | None = Field(description="发布日期")


class ReportData(Schema):
    """The report-data contract (../shared/docs/report-format.md) as published, and the publication date."""

    model_config = ConfigDict(extra="allow")

    agency: str
    year: int
    format: str
    tables: dict[str, Any] = Field(description="表二、表三、表四，按报告数据格式")
    published_on: str | None
