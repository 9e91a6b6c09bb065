"""Numbers read from a query string: a value that is not a number, or lies outside what can mean anything
(`?year=0`, `?year=99999`, `?page=` with twenty digits, `%00`), is treated as not given — the page shows
itself without that filter instead of failing."""

from __future__ import annotations

from collections.abc import Mapping

# A database row id: PostgreSQL's and SQLite's integer keys.
MAX_ID = 2**63 - 1
# The years of disclosure work: from the first 条例 (2008) to a few years ahead.
FIRST_YEAR, LAST_YEAR = 2008, 2100
# More pages than any list has.
MAX_PAGE = 1_000_000


def int_param(params: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    """The whole number `name` of `params` when it lies in [low, high]; None otherwise."""
    text = str(params.get(name) or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def year_param(params: Mapping[str, str], name: str = "year") -> int | None:
    return int_param(params, name, FIRST_YEAR, LAST_YEAR)


def id_param(params: Mapping[str, str], name: str) -> int | None:
    return int_param(params, name, 1, MAX_ID)
