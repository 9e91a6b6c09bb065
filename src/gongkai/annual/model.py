"""The report model: the report-data contract's nested tables, built and walked from the format data.

A report's tables are plain nested dicts (the JSON contract of report-format.md), so that a parsed
report, a computed one and a hand-entered one compare cell by cell. Cells hold `int`, `float` (万元
amounts) or `None` (blank or unreadable). Paths are dotted: 'requests.results.withheld.state_secret.total'.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

from gongkai.annual.formats import ReportFormat, Table, get_format

Value = int | float | None
Tables = dict[str, Any]


def row_cells(table: Table) -> Iterator[tuple[str, str]]:
    """(row key, column key) of every cell of `table`, in printed order."""
    for block in table.blocks:
        for row in block.rows:
            for column in block.columns:
                yield row.key, column.key


@cache
def _cell_paths(fmt_key: str) -> tuple[str, ...]:
    fmt = get_format(fmt_key)
    return tuple(
        f"{table.key}.{row_key}.{column_key}"
        for table in fmt.tables.values()
        for row_key, column_key in row_cells(table)
    )


def cell_paths(fmt: str | ReportFormat) -> tuple[str, ...]:
    """Every cell path of the format, in printed order (table 二, 三, 四)."""
    return _cell_paths(get_format(fmt).key)


def empty_tables(fmt: str | ReportFormat) -> Tables:
    """The format's tables with every cell None, nested exactly as the contract."""
    return marshal.loads(_empty_template(get_format(fmt).key))  # type: ignore[no-any-return]


@cache
def _empty_template(fmt_key: str) -> bytes:
    """The empty tables, marshalled: loading them is a fast deep copy (only dicts, keys and None)."""
    tables: Tables = {}
    for path in cell_paths(fmt_key):
        set_cell(tables, path, None)
    return marshal.dumps(tables)


@lru_cache(maxsize=4096)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


@lru_cache(maxsize=4096)
def _parent_and_key(path: str) -> tuple[tuple[str, ...], str]:
    *parents, last = _parts(path)
    return tuple(parents), last


def set_cell(tables: Tables, path: str, value: Value) -> None:
    """Set the cell at dotted `path`, creating the nesting on the way."""
    *parents, last = _parts(path)
    node = tables
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def set_cells(tables: Tables, values: Mapping[str, Value]) -> None:
    """`set_cell` for every (path, value) of `values`, in order."""
    parents: tuple[str, ...] | None = None
    node: Tables = tables
    for path, value in values.items():
        above, last = _parent_and_key(path)
        if above != parents:  # consecutive cells of one row share its dict
            parents, node = above, tables
            for part in above:
                node = node.setdefault(part, {})
        node[last] = value


def get_cell(tables: Tables, path: str) -> Value:
    """The cell at dotted `path`; None when it (or any level above it) is absent or blank."""
    return _cell_at(tables, _parts(path))


def _cell_at(tables: Tables, parts: tuple[str, ...]) -> Value:
    *parents, last = parts
    return _value_in(_node_at(tables, parents), last)


def _node_at(tables: Tables, parts: Iterable[str]) -> Any:
    """The nested dict at `parts`, or None when a level is absent."""
    node: Any = tables
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _value_in(node: Any, key: str) -> Value:
    if not isinstance(node, dict) or key not in node:
        return None
    value = node[key]
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


_PLAIN = (int, float)


@cache
def _rows(fmt_key: str) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...]:
    """The format's cell paths in printed order, grouped by their row: (row parts, ((column, path), …))."""
    rows: list[tuple[tuple[str, ...], list[tuple[str, str]]]] = []
    for path in _cell_paths(fmt_key):
        *parents, last = _parts(path)
        if not rows or rows[-1][0] != tuple(parents):
            rows.append((tuple(parents), []))
        rows[-1][1].append((last, path))
    return tuple((parents, tuple(cells)) for parents, cells in rows)


def flat_cells(tables: Tables, fmt: str | ReportFormat) -> dict[str, Value]:
    """{cell path: value} for every cell of the format, in printed order; absent cells give None."""
    out: dict[str, Value] = {}
    for parents, cells in _rows(get_format(fmt).key):
        node = _node_at(tables, parents)
        if not isinstance(node, dict):
            out.update((path, None) for _last, path in cells)
            continue
        for last, path in cells:
            value = node.get(last)
            # the common values first (bool is an int, but not a cell value)
            out[path] = value if value is None or type(value) in _PLAIN else _value_in(node, last)
    return out


def iter_cells(tables: Tables, fmt: str | ReportFormat) -> Iterator[tuple[str, Value]]:
    """(path, value) for every cell of the format, in printed order; absent cells give None."""
    yield from flat_cells(tables, fmt).items()
