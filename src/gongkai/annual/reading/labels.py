"""Where each row of a statutory table is printed: its label patterns and their places in the zone's text.

Row labels are found in the concatenated squashed text, so that a label broken over lines, printed
one character per line, or interrupted by the numbers of its own row is still one string; among all
occurrences, the labels are chosen so that as many rows as possible appear in printed order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from gongkai.annual.formats import MergedRow, Row, Table
from gongkai.annual.reading.lines import squash

# --- rows of a table as the reader sees them ------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    """A printed row to fill: the cell paths it covers (in printed order) and how to recognise it."""

    name: str  # Chinese, for findings
    where: str  # row path for findings
    paths: tuple[str, ...]
    patterns: tuple[str, ...]
    merged: MergedRow | None = None
    kinds: tuple[str, ...] = ()  # each cell's kind of number (formats.INT, SIGNED, DECIMAL); () all INT


@cache
def _patterns(texts: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    squashed = [squash(text) for text in texts]
    # very short labels ('其他', '总计') only identify a row together with their number prefix
    return tuple(dict.fromkeys(squash(prefix) + p if len(p) <= 2 and prefix else p for p in squashed if p))


def _row_spec(table: Table, row: Row) -> RowSpec:
    columns = table.block_of(row.key).columns
    patterns = _patterns(row.patterns, row.prefix)
    return RowSpec(
        f"表{table.number}“{row.printed}”行",
        f"{table.key}.{row.key}",
        tuple(f"{table.key}.{row.key}.{column.key}" for column in columns),
        patterns,
        kinds=tuple(column.kind for column in columns),
    )


_SPECS: dict[int, tuple[Table, tuple[RowSpec, ...]]] = {}


def _table_specs(table: Table) -> tuple[RowSpec, ...]:
    """`_row_spec` of every row of `table`, computed once per table (tables are hashed by identity:
    a format's tables are long-lived constants, and hashing one by value costs more than the specs)."""
    entry = _SPECS.get(id(table))
    if entry is None or entry[0] is not table:
        if len(_SPECS) > 64:
            _SPECS.clear()
        entry = (table, tuple(_row_spec(table, row) for row in table.rows))
        _SPECS[id(table)] = entry
    return entry[1]


def _merged_spec(table: Table, merged: MergedRow) -> RowSpec:
    columns = table.block_of(merged.parts[0]).columns
    return RowSpec(
        f"表{table.number}“{merged.prefix}{merged.label}”行",
        f"{table.key}.{merged.parts[0].rsplit('.', 1)[0]}",
        tuple(f"{table.key}.merged.{column.key}" for column in columns),
        _patterns(merged.patterns, merged.prefix),
        merged,
        tuple(column.kind for column in columns),
    )


def _occurrences(text: str, patterns: Sequence[str]) -> list[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for pattern in patterns:
        start = text.find(pattern)
        while start >= 0:
            found.add((start, start + len(pattern)))
            start = text.find(pattern, start + 1)
    if len(found) <= 1:
        return list(found)
    # one occurrence per start: the longest pattern there
    best: dict[int, int] = {}
    for start, end in found:
        best[start] = max(end, best.get(start, end))
    return sorted(best.items())


def row_specs(table: Table, zone_text: str) -> list[RowSpec]:
    """The rows as printed: the format's rows, with a merged row in place of its parts when the
    report prints the merged row and none of the parts."""
    specs = list(_table_specs(table))
    for merged in table.merged_rows:
        part_specs = [spec for spec in specs if spec.where.split(".", 1)[1] in merged.parts]
        if any(_occurrences(zone_text, spec.patterns) for spec in part_specs):
            continue
        merged_spec = _merged_spec(table, merged)
        if not _occurrences(zone_text, merged_spec.patterns):
            continue
        first = specs.index(part_specs[0])
        specs = [*specs[:first], merged_spec, *[s for s in specs[first:] if s not in part_specs]]
    return specs


def _chains(options: Sequence[tuple[int, int, int]], n_rows: int) -> tuple[list[int], list[int]]:
    """For each option (start, end, row), sorted: the length of the longest chain of options ending
    in it, each of a later row and starting after the previous one ended; and the option before it
    in that chain (the first of the longest, -1 for none).

    Options that ended by the current start are entered, by row, into a prefix-maximum tree (a
    Fenwick tree) of (length, -option); an option only ends after it starts, so all of them come
    before the current one. O(n log n) instead of comparing every pair."""
    best: list[int] = []
    previous: list[int] = []
    tree = [(0, 1)] * (n_rows + 1)  # (0, 1): no chain; any real entry is larger
    by_end = sorted(range(len(options)), key=lambda j: options[j][1])
    entered = 0
    for start, _end, row in options:
        while entered < len(by_end) and options[by_end[entered]][1] <= start:
            j = by_end[entered]
            entry, node = (best[j], -j), options[j][2] + 1
            while node <= n_rows:
                if entry > tree[node]:
                    tree[node] = entry
                node += node & -node
            entered += 1
        found, node = (0, 1), row  # the best among rows before `row`
        while node > 0:
            if tree[node] > found:
                found = tree[node]
            node -= node & -node
        best.append(found[0] + 1)
        previous.append(-found[1] if found[0] else -1)
    return best, previous


def locate_labels(specs: Sequence[RowSpec], text: str) -> list[tuple[int, int] | None]:
    """For each row, the (start, end) of its label in `text`, chosen so that as many rows as possible
    are found in printed order (longest increasing chain over all occurrences)."""
    options = [
        (start, end, index)
        for index, spec in enumerate(specs)
        for start, end in _occurrences(text, spec.patterns)
    ]
    options.sort()
    best, previous = _chains(options, len(specs))
    found: list[tuple[int, int] | None] = [None] * len(specs)
    if not options:
        return found
    k = max(range(len(options)), key=lambda n: (best[n], -n))
    while k >= 0:
        start, end, index = options[k]
        found[index] = (start, end)
        k = previous[k]
    return found
