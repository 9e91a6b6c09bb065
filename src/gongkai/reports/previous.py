"""gongkai's reader and checks, as the report pages use them: last year's file, this year's findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.annual.document import ReadError
from gongkai.annual.reader import read_document
from gongkai.annual.rules import check_report
from gongkai.annual.sources import load_document

CONTRACT_KEYS: tuple[str, ...] = ("agency", "year", "format", "tables")


def read_previous_report(content: bytes, name: str, expected_year: int) -> dict[str, Any]:
    """Last year's published report (Word, PDF, HTML or text) read into the report-data contract.

    ReadError (Chinese) when it cannot be read, is another year's report, or its 结转下年度继续办理
    row cannot be read, since that row is what this year's report is checked against.
    """
    data = read_document(load_document(content, name))
    year = data.get("year")
    if year is not None and year != expected_year:
        raise ReadError(f"这是{year}年的报告，请上传{expected_year}年的报告。")
    carried_forward = ((data.get("tables") or {}).get("requests") or {}).get("carried_forward") or {}
    if carried_forward.get("total") is None:
        raise ReadError("没有从文件中读出表三“结转下年度继续办理”一行，无法与本年“上年结转”核对。")
    return {**{key: data.get(key) for key in CONTRACT_KEYS}, "year": expected_year}


def reader_findings(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every check that `gongkai check` runs on a published report, run on the assembled one."""
    return [finding.as_dict() for finding in check_report(data)]
