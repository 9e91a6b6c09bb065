"""Query parameters read one way on every page (issue 14 item 8): a value that is not what the page asks
for is ignored (the page shows its default), never a 500.

`str.isdigit()` is not enough: it accepts `²` and `١٢`, which `int()` refuses, and any number of digits,
which the databases refuse (SQLite above 2⁶³) or `datetime.date` (a year of 0 or 99999)."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Years gongkai counts in: the 条例 took effect in 2008; the working-day calendar ends in 2100.
FIRST_YEAR, LAST_YEAR = 2008, 2100
# Object ids and page numbers fit every database's integer (and a page beyond the last is shown as the last).
MAX_ID = 2**31 - 1
MAX_PAGE = 1_000_000
_ASCII_NUMBER = re.compile(r"[0-9]{1,10}")


def number(params: Mapping[str, str], name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    """The parameter as a whole number in [low, high] written in ASCII digits, else None."""
    text = str(params.get(name, "") or "").strip()
    if not _ASCII_NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def year(params: Mapping[str, str], name: str = "year") -> int | None:
    """A year between 2008 and 2100, else None."""
    return number(params, name, FIRST_YEAR, LAST_YEAR)


def page(params: Mapping[str, str], name: str = "page") -> int:
    """A page number (1 when absent or odd; at most MAX_PAGE)."""
    return number(params, name, 1, MAX_PAGE) or 1


def text(params: Mapping[str, str], name: str, max_length: int = 100) -> str:
    """A search text, trimmed and cut to `max_length` characters (control characters are already gone:
    `web.input`)."""
    return str(params.get(name, "") or "").strip()[:max_length]


def choice(params: Mapping[str, str], name: str, allowed: object) -> str:
    """The parameter if it is one of `allowed` (a collection of strings), else ""."""
    value = str(params.get(name, "") or "")
    return value if value in allowed else ""  # type: ignore[operator]
