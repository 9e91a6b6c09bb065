"""A second reading for a null cell: proof, found apart from the reader, that glued digits decide it not.

The reader leaves a cell of a glued row null when more than one reading fits (finding
`ambiguous_digits` or `irregular_row`, quoting the digits as printed). `witnessed` checks that
claim against the true tables: it cuts the quoted digits into the row's cells again (a space or a
minus sign always starts a cell, no leading zeros, counts whole and not negative), puts the cuts
into the true tables (every combination over the report's quoted rows of one table) and keeps those
under which every equation of the format, every law of counting (`rules.bounds`) and every figure the
report's prose states holds as it holds for the truth. A null cell is witnessed when two kept
readings give it different values: nothing in the digits, the arithmetic or the prose decides it.
Used by tests/annual/test_crawled.py and bench/null_breakdown.py.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from layouts import expected_cells, text_sections

from gongkai.annual.reading.stated import stated_figures
from gongkai.annual.rules import Equation, _count_cells, bounds, equations
from gongkai.annual.textnorm import squash

QUOTING_RULES = ("ambiguous_digits", "irregular_row")  # findings that quote a glued row's digits
_QUOTED = re.compile(r"连在一起（([-\d. ]+)）")
_LIMIT = 200_000  # combinations tried per table at most


def splits(printed: str, cells: int) -> Iterator[tuple[float, ...]]:
    """Every way to cut `printed` into `cells` numbers: a space or a minus sign always starts a
    cell, a cell never starts with 0 unless it is 0 (or 0.x), a decimal point stays inside a cell."""
    tokens = re.findall(r"-?[\d.]+", printed)

    def cut(token: str, parts: int) -> Iterator[tuple[str, ...]]:
        if parts == 1:
            if _number_ok(token):
                yield (token,)
            return
        for i in range(1, len(token)):
            if _number_ok(token[:i]):
                for rest in cut(token[i:], parts - 1):
                    yield (token[:i], *rest)

    def spread(index: int, left: int) -> Iterator[tuple[str, ...]]:
        if index == len(tokens):
            if left == 0:
                yield ()
            return
        for parts in range(1, left - (len(tokens) - index - 1) + 1):
            for head in cut(tokens[index], parts):
                for rest in spread(index + 1, left - parts):
                    yield (*head, *rest)

    for numbers in spread(0, cells):
        yield tuple(float(n) for n in numbers)


def _number_ok(text: str) -> bool:
    digits = text.removeprefix("-")
    if not digits or digits[0] == "." or digits[-1] == "." or digits.count(".") > 1:
        return False
    return digits == "0" or digits[0] != "0" or digits.startswith("0.")


def row_paths(fmt: str, where: str) -> tuple[str, ...]:
    """The cell paths under `where`: a row, or table 四 (`reviews`, printed as one row)."""
    return tuple(p for p in expected_cells({"format": fmt, "tables": {}}) if p.startswith(where + "."))


def row_options(
    printed: str, paths: tuple[str, ...], truth: Mapping[str, Any], fmt: str
) -> list[tuple[float, ...]]:
    """The cuts of one row that give every count cell a whole, non-negative number and keep every
    equation lying wholly inside the row that the truth keeps."""
    inside = [e for e in equations(fmt) if {*e.left, *e.right} <= set(paths) and e.holds(truth) is True]
    counts = {path for path, *_ in _count_cells(fmt)}
    kept = []
    for numbers in splits(printed, len(paths)):
        values = dict(zip(paths, numbers, strict=True))
        whole = all(n >= 0 and n.is_integer() for p, n in values.items() if p in counts)
        if whole and all(e.holds(values) is True for e in inside):
            kept.append(numbers)
    return kept


def _holding(values: Mapping[str, Any], rules: tuple[Equation, ...], fmt: str) -> tuple[frozenset[int], ...]:
    """Indexes of the equations (`rules`) and of the laws of counting that hold for `values`."""
    return (
        frozenset(i for i, e in enumerate(rules) if e.holds(values) is True),
        frozenset(i for i, b in enumerate(bounds(fmt)) if b.holds(values) is True),
    )


def _witness_table(report: dict[str, Any], rows: dict[str, str], nulls: set[str]) -> set[str]:
    """The null cells of `rows` ({row where: digits as printed}, one table) that two readings of
    those rows keeping every equation, stated figure and law the truth keeps give different values."""
    fmt = report["format"]
    prose = text_sections(report)
    stated, figures = stated_figures([squash("\n".join(prose.get(key, []))) for key in ("一", "六")])
    rules = (*equations(fmt), *stated)
    truth: dict[str, Any] = {**expected_cells(report), **figures}
    target = _holding(truth, rules, fmt)
    layout = {where: row_paths(fmt, where) for where in rows}
    options = [row_options(rows[where], layout[where], truth, fmt) for where in rows]
    seen: dict[str, set[Any]] = {path: set() for paths in layout.values() for path in paths}
    for combo in itertools.islice(itertools.product(*options), _LIMIT):
        values = dict(truth)
        for where, numbers in zip(rows, combo, strict=True):
            values.update(zip(layout[where], numbers, strict=True))
        held = _holding(values, rules, fmt)
        if all(h >= t for h, t in zip(held, target, strict=True)):
            for path in seen:
                seen[path].add(values[path])
    return {path for path, found in seen.items() if path in nulls and len(found) > 1}


def witnessed(report: dict[str, Any], reading: Mapping[str, Any], nulls: set[str]) -> set[str]:
    """The cells of `nulls` (cells the reading left null) that a second reading proves undecided."""
    by_table: dict[str, dict[str, str]] = {}
    for finding in reading["findings"]:
        quoted = _QUOTED.search(finding["message"])
        where = finding.get("where") or ""
        if finding["rule"] in QUOTING_RULES and quoted and where:
            by_table.setdefault(where.split(".")[0], {})[where] = quoted.group(1)
    found: set[str] = set()
    for rows in by_table.values():
        found |= _witness_table(report, rows, nulls)
    return found
