"""Dates as Chinese readers write them, and reading the dates people type."""

from __future__ import annotations

import re
from datetime import date

WEEKDAYS_ZH: tuple[str, ...] = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def date_zh(day: date) -> str:
    """`2024年10月8日`, the way dates are written in letters."""
    return f"{day.year}年{day.month}月{day.day}日"


def weekday_zh(day: date) -> str:
    """`星期二`."""
    return WEEKDAYS_ZH[day.weekday()]


def parse_date(text: str) -> date:
    """Read `2024-09-27`, `2024/9/27` or `2024年9月27日`; a ValueError with a Chinese message otherwise."""
    match = _DATE_PATTERN.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"日期“{text}”无法识别：请写成 YYYY-MM-DD，例如 2024-09-27。")
