"""The Excel template for table 二 and the processing fees: written pre-filled, read back all or nothing."""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.annual.document import ReadError
from gongkai.annual.sources.bounded import TEMPLATE, FileRefused, xlsx_rows
from gongkai.reports.models import PROACTIVE_FIELDS, AnnualReport
from gongkai.wording import join_messages

SHEET_TITLE = "表二及信息处理费"
HEADER = ("项目", "数值", "说明")
INPUT_FIELDS: tuple[str, ...] = (*PROACTIVE_FIELDS, "fees_yuan")
DECIMAL_FIELDS = frozenset({"fees_wan_yuan", "fees_yuan"})
NOTES: dict[str, str] = {
    "regulations_in_force": "上年现行有效件数 + 本年制发 − 本年废止",
    "normative_in_force": "上年现行有效件数 + 本年制发 − 本年废止",
    "fees_wan_yuan": "单位：万元，可有小数",
    "fees_yuan": "本年实际收取的政府信息公开信息处理费，单位：元",
}


class InputsImportError(Exception):
    """The file cannot be imported; `messages` lists every problem in Chinese, with its row."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(join_messages(messages))
        self.messages = messages


def field_label(field: str) -> str:
    return str(getattr(AnnualReport._meta.get_field(field), "verbose_name", field))


def _normalise(label: str) -> str:
    return re.sub(r"[\s（）()：:]", "", label)


def build_template(report: AnnualReport | None = None) -> bytes:
    """The template as .xlsx bytes, pre-filled with `report`'s current values when given."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for field in INPUT_FIELDS:
        value = getattr(report, field) if report is not None else 0
        sheet.append(
            (field_label(field), float(value) if isinstance(value, Decimal) else value, NOTES.get(field, ""))
        )
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 50
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _value(field: str, raw: Any, row: int, label: str) -> tuple[Any, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, f"第{row}行“{label}”没有填写数值（没有的请填0）。"
    text = str(raw).strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, f"第{row}行“{label}”的数值“{raw}”不是数字。"
    if number < 0:
        return None, f"第{row}行“{label}”不能是负数。"
    if field in DECIMAL_FIELDS:
        return number, None
    if number != number.to_integral_value():
        return None, f"第{row}行“{label}”应为整数件数，实际是“{raw}”。"
    return int(number), None


def read_inputs(data: bytes) -> dict[str, Any]:
    """The values of the template's rows; InputsImportError listing every bad or missing row."""
    try:
        rows = list(xlsx_rows(data, TEMPLATE, SHEET_TITLE))
    except FileRefused as exc:
        raise InputsImportError([str(exc)]) from None
    except ReadError as exc:
        raise InputsImportError(["文件无法打开：请上传从本页下载的Excel模板（.xlsx）。"]) from exc
    by_label = {_normalise(field_label(field)): field for field in INPUT_FIELDS}
    values: dict[str, Any] = {}
    seen: set[str] = set()
    errors: list[str] = []
    for row_number, row in enumerate(rows[1:], start=2):
        if not row or row[0] is None or not str(row[0]).strip():
            continue
        label = str(row[0]).strip()
        field = by_label.get(_normalise(label))
        if field is None:
            errors.append(f"第{row_number}行的项目“{label}”无法识别：请不要修改模板第一列。")
            continue
        seen.add(field)
        value, error = _value(field, row[1] if len(row) > 1 else None, row_number, label)
        if error:
            errors.append(error)
        else:
            values[field] = value
    errors.extend(f"缺少项目“{field_label(f)}”。" for f in INPUT_FIELDS if f not in seen)
    if errors:
        raise InputsImportError(errors)
    return values
