"""The report-data contract as the writers take it: checked once, with Chinese messages for what is wrong."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.annual.writers.errors import RenderError
from gongkai.annual.writers.grid import CellPath, Number

SECTION_NUMERALS = ("一", "二", "三", "四", "五", "六")
# The opening paragraph(s) printed between the title and section 一 (“根据《条例》……”), optional.
PREAMBLE_KEY = "导语"


@dataclass(frozen=True)
class ReportData:
    """A report ready to render: who, which year, which format, the table cells, and the optional text."""

    agency: str
    year: int
    format: str
    cells: Mapping[CellPath, Number | None]  # every cell of the format; None where blank
    sections: Mapping[str, str]  # "导语", "一" … "六" → text; paragraphs separated by newlines
    signed_on: dt.date | None = None

    def value(self, path: CellPath) -> Number | None:
        return self.cells.get(path)


def _describe(value: object) -> str:
    """How a wrong JSON value is named in a message: its kind, and the value itself when short."""
    if value is None:
        return "空值（null）"
    if isinstance(value, str):
        return f"文字“{value[:20]}”"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "对象"
    if isinstance(value, int | float | Decimal):
        return f"数字 {value}"
    return type(value).__name__


def _dotted(path: CellPath) -> str:
    return "tables." + ".".join(path)


def lookup(tables: Mapping[str, Any], path: CellPath) -> Number | None:
    """The number at `path`, None where the data leaves it out or blank; RenderError for a wrong shape."""
    node: Any = tables
    for depth, key in enumerate(path):
        if node is None:
            return None
        if not isinstance(node, Mapping):
            raise RenderError(
                f"报告数据格式不对：{_dotted(path[:depth])} 应为对象（{{…}}），实际是{_describe(node)}。"
            )
        node = node.get(key)
    if node is None:
        return None
    if isinstance(node, bool) or not isinstance(node, int | float | Decimal):
        raise RenderError(f"报告数据格式不对：{_dotted(path)} 应为数字或 null，实际是{_describe(node)}。")
    if isinstance(node, float) and not math.isfinite(node):
        raise RenderError(f"报告数据格式不对：{_dotted(path)} 不是有限的数字。")
    return node


def _year(value: object) -> int:
    if value is None:
        raise RenderError("报告数据格式不对：缺少 year（报告年度，如 2024）。")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2999:
        raise RenderError(f"报告数据格式不对：year 应为年份（如 2024），实际是{_describe(value)}。")
    return value


def _signed_on(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise RenderError(f"报告数据格式不对：signed_on 应为日期（如 2025-01-20），实际是{_describe(value)}。")


def _sections(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RenderError(
            f'报告数据格式不对：sections 应为对象（如 {{"一": "……"}}），实际是{_describe(value)}。'
        )
    allowed = (PREAMBLE_KEY, *SECTION_NUMERALS)
    out: dict[str, str] = {}
    for key, text in value.items():
        if key not in allowed:
            raise RenderError(
                f"报告数据格式不对：sections 的键“{key}”无法识别，只能是 {'、'.join(allowed)}。"
            )
        if text is None:
            continue
        if not isinstance(text, str):
            raise RenderError(f"报告数据格式不对：sections.{key} 应为文字，实际是{_describe(text)}。")
        out[key] = text
    return out


def parse_report(report: object, known_formats: Iterable[str], paths_of: Any) -> ReportData:
    """Check `report` against the contract and collect its cells along `paths_of(format)`.

    Missing rows and cells are blank (None), as the contract has it; anything of the wrong type is a
    RenderError naming the key, so that a user can find it in the JSON.
    """
    if not isinstance(report, Mapping):
        raise RenderError(
            f'报告数据格式不对：应为对象（{{"agency": …, "tables": …}}），实际是{_describe(report)}。'
        )
    agency = report.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise RenderError("报告数据格式不对：缺少 agency（机关名称）。")
    year = _year(report.get("year"))
    formats = tuple(known_formats)
    fmt = report.get("format")
    if isinstance(fmt, int) and not isinstance(fmt, bool):
        fmt = str(fmt)
    if fmt not in formats:
        raise RenderError(f"报告数据格式不对：format 应为 {' 或 '.join(formats)}，实际是“{fmt}”。")
    tables = report.get("tables")
    if not isinstance(tables, Mapping):
        raise RenderError("报告数据格式不对：缺少 tables（三张表格的数据）。")
    cells = {path: lookup(tables, path) for path in paths_of(fmt)}
    return ReportData(
        agency=agency.strip(),
        year=year,
        format=str(fmt),
        cells=cells,
        sections=_sections(report.get("sections")),
        signed_on=_signed_on(report.get("signed_on")),
    )


def chinese_date(day: dt.date) -> str:
    """A date as GB/T 9704-2012 prints the 成文日期: Arabic numerals, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"
