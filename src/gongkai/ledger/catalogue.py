"""Reading an agency's catalogue (目录) of government information from Excel or CSV (pure): each row a
`CatalogueEntry`, every error kept with its row number, nothing guessed.

Required columns: 标题, 文号, 发文机关, 成文日期, 发布日期, 文件类型, 公开方式, 有效性, 失效日期, 主题分类
(文号, 发布日期 and 失效日期 may be empty in a row). Optional: 形成日期 (else the 成文日期), 索引号, 内容概述,
关键词, 体裁, 公开事项, 不公开理由, 废止依据. 发文机关 lists joint issuers separated by 、，; or spaces. A 失效 or 废止
document needs its 失效日期. A document is the same as another when its 文号 match, or, without one, its
标题 and 成文日期.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.law.catalogue import (
    DISCLOSURE_ALIASES,
    DISCLOSURES,
    KIND_ALIASES,
    KINDS,
    VALIDITIES,
    VALIDITY_ALIASES,
    key_for,
)
from gongkai.law.codes import parse_doc_number
from gongkai.ledger.entries import parse_date
from gongkai.ledger.files import Column, ImportFile, LedgerError, Row, RowError, read_rows

FILE_LABEL = "目录文件"

CATALOGUE_COLUMNS: tuple[Column, ...] = (
    Column("标题", ("title", "名称", "信息名称", "文件名称")),
    Column("文号", ("doc_number", "发文字号")),
    Column("发文机关", ("issuers", "发布机构", "发文单位")),
    Column("成文日期", ("written_on", "成文时间")),
    Column("发布日期", ("published_on", "发布时间", "公开日期")),
    Column("文件类型", ("kind", "文种", "类别")),
    Column("公开方式", ("disclosure", "公开属性")),
    Column("有效性", ("validity", "效力状态")),
    Column("失效日期", ("invalid_on", "废止日期", "失效或废止日期")),
    Column("主题分类", ("theme", "主题")),
    Column("形成日期", ("formed_on", "形成或变更日期"), required=False),
    Column("索引号", ("index_number",), required=False),
    Column("内容概述", ("summary", "摘要"), required=False),
    Column("关键词", ("keywords", "主题词"), required=False),
    Column("体裁", ("genre", "体裁分类"), required=False),
    Column("公开事项", ("article_item", "第二十条事项"), required=False),
    Column("不公开理由", ("withheld_reason", "理由"), required=False),
    Column("废止依据", ("repealed_by", "废止文件", "失效依据"), required=False),
)
# The header row of the template offered for download (the required columns, then the optional ones).
TEMPLATE_HEADERS: tuple[str, ...] = tuple(c.name for c in CATALOGUE_COLUMNS)

_ISSUER_SPLIT = re.compile(r"[、，,;；\s]+")


@dataclass(frozen=True)
class CatalogueEntry:
    """One document of an imported catalogue, its cells parsed."""

    row: int
    title: str
    doc_number: str
    issuers: tuple[str, ...]
    written_on: dt.date
    formed_on: dt.date
    published_on: dt.date | None
    kind: str
    disclosure: str
    validity: str
    invalid_on: dt.date | None
    theme: str
    index_number: str = ""
    summary: str = ""
    keywords: str = ""
    genre: str = ""
    article_item: str = ""
    withheld_reason: str = ""
    repealed_by: str = ""

    @property
    def identity(self) -> tuple[str, ...]:
        """What makes two rows the same document: the 文号, or without one the 标题 and 成文日期."""
        return (
            ("doc_number", self.doc_number)
            if self.doc_number
            else ("title", self.title, self.written_on.isoformat())
        )


def clean_doc_number(text: str) -> str:
    """A 文号 in the 〔〕 form where it reads as one; otherwise as written (local registration numbers)."""
    text = text.strip()
    try:
        return str(parse_doc_number(text)) if text else ""
    except ValueError:
        return text


class _Row:
    """One row's cells parsed, its errors collected."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.messages: list[str] = []

    def text(self, column: str, *, required: bool = False, limit: int = 300) -> str:
        value = self.row.text(column)
        if required and not value:
            self.messages.append(f"“{column}”不能为空")
        if len(value) > limit:
            self.messages.append(f"“{column}”超过{limit}个字符")
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        if not self.row.text(column):
            if required:
                self.messages.append(f"“{column}”不能为空")
            return None
        try:
            return parse_date(self.row.cells.get(column))
        except ValueError as exc:
            self.messages.append(f"{column}：{exc}")
            return None

    def choice(self, column: str, labels: dict[str, str], aliases: dict[str, str], default: str = "") -> str:
        value = self.row.text(column)
        if not value and default:
            return default
        try:
            return key_for(value, labels, aliases, column)
        except ValueError as exc:
            self.messages.append(str(exc))
            return ""


def _entry(row: Row, today: dt.date) -> tuple[CatalogueEntry | None, list[str]]:
    cells = _Row(row)
    title = cells.text("标题", required=True)
    written_on = cells.date("成文日期", required=True)
    formed_on = cells.date("形成日期") or written_on
    published_on = cells.date("发布日期")
    kind = cells.choice("文件类型", KINDS, KIND_ALIASES)
    disclosure = cells.choice("公开方式", DISCLOSURES, DISCLOSURE_ALIASES, default="proactive")
    validity = cells.choice("有效性", VALIDITIES, VALIDITY_ALIASES, default="valid")
    invalid_on = cells.date("失效日期")
    issuers = tuple(name for name in _ISSUER_SPLIT.split(cells.text("发文机关", required=True)) if name)
    for problem in _date_problems(written_on, published_on, validity, invalid_on, today):
        cells.messages.append(problem)
    if cells.messages or written_on is None or formed_on is None:
        return None, cells.messages
    entry = CatalogueEntry(
        row=row.number,
        title=title,
        doc_number=clean_doc_number(cells.text("文号", limit=100)),
        issuers=issuers,
        written_on=written_on,
        formed_on=formed_on,
        published_on=published_on,
        kind=kind,
        disclosure=disclosure,
        validity=validity,
        invalid_on=invalid_on,
        theme=cells.text("主题分类", limit=100),
        index_number=cells.text("索引号", limit=64),
        summary=cells.text("内容概述", limit=5000),
        keywords=cells.text("关键词", limit=200),
        genre=cells.text("体裁", limit=40),
        article_item=cells.text("公开事项", limit=8),
        withheld_reason=cells.text("不公开理由", limit=2000),
        repealed_by=cells.text("废止依据", limit=300),
    )
    return (entry, []) if not cells.messages else (None, cells.messages)


def _date_problems(
    written_on: dt.date | None,
    published_on: dt.date | None,
    validity: str,
    invalid_on: dt.date | None,
    today: dt.date,
) -> Iterator[str]:
    if written_on and written_on > today:
        yield f"成文日期（{written_on:%Y-%m-%d}）晚于今天"
    if written_on and published_on and published_on < written_on:
        yield f"发布日期（{published_on:%Y-%m-%d}）早于成文日期（{written_on:%Y-%m-%d}）"
    if published_on and published_on > today:
        yield f"发布日期（{published_on:%Y-%m-%d}）晚于今天"
    if validity in ("expired", "repealed") and invalid_on is None:
        yield f"有效性为“{VALIDITIES[validity]}”的文件须填写失效日期"
    if validity == "valid" and invalid_on is not None:
        yield "有效的文件不应填写失效日期（已失效或废止的请在“有效性”中注明）"
    if written_on and invalid_on and invalid_on < written_on:
        yield f"失效日期（{invalid_on:%Y-%m-%d}）早于成文日期"


def read_catalogue(file: ImportFile, *, today: dt.date) -> list[CatalogueEntry]:
    """Every row of a catalogue file as entries; LedgerError listing every error by row (nothing read)."""
    rows, errors = read_rows(file.data, file.name, CATALOGUE_COLUMNS, FILE_LABEL)
    entries: list[CatalogueEntry] = []
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        entry, messages = _entry(row, today)
        errors.extend(RowError(FILE_LABEL, row.number, m) for m in messages)
        if entry is None:
            continue
        first = seen.setdefault(entry.identity, entry.row)
        if first != entry.row:
            errors.append(
                RowError(FILE_LABEL, entry.row, f"与第{first}行是同一文件（文号或标题与成文日期相同）")
            )
        entries.append(entry)
    if not rows and not errors:
        errors.append(RowError(FILE_LABEL, 0, "文件中没有数据行"))
    if errors:
        raise LedgerError(errors)
    return entries
