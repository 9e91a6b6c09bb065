"""Spreadsheet cells that are text stay text (CSV/Excel formula injection, issue 14 item 4).

A cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is taken by
Excel and WPS as a formula when a CSV file is opened — `=HYPERLINK("http://…","点击")` in an applicant's
name would run in the clerk's spreadsheet. Every CSV gongkai writes puts a `'` before such text
(`csv_safe`); in an .xlsx file such text is written as a string cell, never a formula (`set_text`), so
the text is kept exactly.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """`value` for a CSV cell: text that a spreadsheet would take for a formula gets a leading `'`."""
    return f"'{value}" if is_formula_like(value) else value


def csv_row(*values: Any) -> list[Any]:
    """A CSV row of `values`, each made safe."""
    return [csv_safe(v) for v in values]


def set_text(cell: Any, value: Any) -> None:
    """Put `value` in an openpyxl cell; text starting like a formula stays a string cell."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
