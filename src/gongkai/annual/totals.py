"""The totals of a report's tables, read from the format data: which cell is the sum of which cells.

A column marked `is_total` is the sum of the other columns of its block; a row with `sum_of` is the sum
of the rows under it. `total_rules` states each such sum once; the cross-check rules (`rules.py`) check
them and `complete_totals` computes them (the statistics app fills tables 三 and 四 that way).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from gongkai.annual.formats import ReportFormat, Table, get_format
from gongkai.annual.model import Tables, Value, flat_cells, set_cells


@dataclass(frozen=True)
class TotalRule:
    """Cell `total` is the sum of the cells `parts`; `rule` names it for findings, `describe` in Chinese."""

    rule: str  # 'row_total' | 'reviews_total' | 'results_total'
    total: str
    parts: tuple[str, ...]
    describe: str


def row_total_rules(table: Table) -> Iterator[TotalRule]:
    """Each row's total column is the sum of the other columns of its block."""
    rule = "reviews_total" if table.single_row else "row_total"
    for block in table.blocks:
        totals = [column for column in block.columns if column.is_total]
        if not totals:
            continue
        total = totals[0]
        parts = tuple(column.key for column in block.columns if not column.is_total)
        for row in block.rows:
            prefix = f"{table.key}.{row.key}"
            yield TotalRule(
                rule,
                f"{prefix}.{total.key}",
                tuple(f"{prefix}.{key}" for key in parts),
                f"“{row.printed}”行的{total.label}",
            )


def sum_row_rules(table: Table) -> Iterator[TotalRule]:
    """A row with `sum_of` is, in every column, the sum of the rows whose key starts with `sum_of.`."""
    for block in table.blocks:
        for row in block.rows:
            if not row.sum_of:
                continue
            parts = [
                other.key
                for other in table.rows
                if other.key.startswith(row.sum_of + ".") and other.key != row.key
            ]
            for column in block.columns:
                yield TotalRule(
                    "results_total",
                    f"{table.key}.{row.key}.{column.key}",
                    tuple(f"{table.key}.{key}.{column.key}" for key in parts),
                    f"“{row.printed}”行“{column.label}”列",
                )


@cache
def _total_rules(fmt_key: str) -> tuple[TotalRule, ...]:
    return tuple(
        rule
        for table in get_format(fmt_key).tables.values()
        for rules in (row_total_rules(table), sum_row_rules(table))
        for rule in rules
    )


def total_rules(fmt: str | ReportFormat) -> tuple[TotalRule, ...]:
    """Every total of the format's tables, table by table: the row totals, then the sum rows."""
    return _total_rules(get_format(fmt).key)


def complete_totals(tables: Tables, fmt: str | ReportFormat) -> Tables:
    """A copy of `tables` with every total cell set to the sum of its parts, whatever it held before.

    A total one of whose parts is unknown (None) is None: nothing is guessed. A cell that is the total
    of two rules (the sum row's total column) is computed by the first rule its parts allow; the format
    makes both agree.
    """
    fmt = get_format(fmt)
    values = flat_cells(tables, fmt)
    pending = list(total_rules(fmt))
    targets = {rule.total for rule in pending}
    done: dict[str, Value] = {}
    while pending:
        ready = [r for r in pending if all(p in done or p not in targets for p in r.parts)]
        if not ready:  # pragma: no cover - the formats' totals never depend on each other in a circle
            raise ValueError(f"{fmt.key}年格式的合计关系有循环")
        for rule in ready:
            if rule.total not in done:
                done[rule.total] = _sum(done.get(part, values.get(part)) for part in rule.parts)
        pending = [r for r in pending if r not in ready]
    completed = copy.deepcopy(tables)
    set_cells(completed, {path: done[path] for path in values if path in done})
    return completed


def _sum(values: Iterator[Value]) -> Value:
    total: int | float = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total
