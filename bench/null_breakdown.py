"""Where the null cells of the crawler-flattened pages are, why, and whether a second reading fits.

Run: .venv/bin/python bench/null_breakdown.py [--reports N] [--renderings R] [--layout crawler_flat]

Reads the same pages as `bench_readers.py --accuracy` (page noise, table 二 drawn from real reports'
rows; seeds "bench/{layout}/{format}/{n}") and the shared real reports with their own text
(`bench_readers.shared_real_reports`, seeds "{stem}/{layout}/{n}"), and lists every cell not read
right by table, row and the finding that covers it (its rule). For each null cell under a finding
that quotes glued digits it checks the reader's claim apart from the reader
(tests/annual/witness.py): "witnessed" cells have a second reading keeping every equation, law of
counting and stated figure the truth keeps. docs/decisions/crawler-flat-nulls.md records the figures.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "annual"), str(ROOT / "tests"), str(ROOT / "bench")]

from crawled import render_any  # noqa: E402
from layouts import expected_cells, random_report  # noqa: E402
from witness import QUOTING_RULES, witnessed  # noqa: E402

from bench_readers import full_read, shared_real_reports  # noqa: E402
from gongkai.annual.model import get_cell  # noqa: E402


@dataclass(frozen=True)
class Miss:
    """A cell not read right: the report, its format, the cell, what was read, the covering rule."""

    report: str
    fmt: str
    path: str
    got: Any
    rule: str


@dataclass
class Tally:
    misses: list[Miss] = field(default_factory=list)
    cells: Counter[str] = field(default_factory=Counter)  # cells read, by format
    witnessed: set[tuple[str, str]] = field(default_factory=set)  # (report, cell path)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)  # (format, rule): a message


def _covering(findings: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """The most specific finding (not info) whose `where` contains the cell."""
    best: dict[str, Any] = {"rule": "(none)", "message": "", "where": ""}
    for finding in findings:
        where = finding.get("where") or ""
        inside = where and (path == where or path.startswith(where + "."))
        if finding["severity"] != "info" and inside and len(where) > len(best["where"]):
            best = finding
    return best


def examine(tag: str, report: dict[str, Any], text: str, tally: Tally) -> None:
    reading = full_read(text.encode("utf-8"))
    tables = reading.get("tables") or {}
    nulls: set[str] = set()
    tally.cells[report["format"]] += len(expected_cells(report))
    for path, truth in expected_cells(report).items():
        got = get_cell(tables, path)
        if got == truth and (got is None) == (truth is None):
            continue
        finding = _covering(reading["findings"], path)
        tally.misses.append(Miss(tag, report["format"], path, got, finding["rule"]))
        tally.examples.setdefault((report["format"], finding["rule"]), f"{tag} {path}: {finding['message']}")
        if got is None:
            nulls.add(path)
    tally.witnessed |= {(tag, path) for path in witnessed(report, reading, nulls)}


def summary(title: str, tally: Tally) -> None:
    wrong = sum(1 for m in tally.misses if m.got is not None)
    print(f"\n{title}: {len(tally.misses)} cells not read right ({wrong} WRONG)")
    for fmt, cells in sorted(tally.cells.items()):
        missed = sum(1 for m in tally.misses if m.fmt == fmt)
        print(
            f"  format {fmt}: {cells} cells, {missed} not right, {100 * (cells - missed) / cells:.2f} % right"
        )
    groups = Counter(
        (m.path.split(".")[0], m.fmt, m.rule, ".".join(m.path.split(".")[1:-1])) for m in tally.misses
    )
    print(f"  {'cells':>5s}  {'table':10s} {'format':6s} {'finding rule':22s} row")
    for (table, fmt, rule, row), count in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:5d}  {table:10s} {fmt:6s} {rule:22s} {row}")
    quoting = {(m.report, m.path) for m in tally.misses if m.rule in QUOTING_RULES}
    print(
        f"  cells under {' or '.join(QUOTING_RULES)}: {len(quoting)}; witnessed by a second reading: "
        f"{len(quoting & tally.witnessed)}; not witnessed: {len(quoting - tally.witnessed)}"
    )
    for tag, path in sorted(quoting - tally.witnessed)[:20]:
        print(f"    not witnessed: {tag} {path}")
    for (fmt, rule), text in sorted(tally.examples.items()):
        print(f"  e.g. [{fmt} {rule}] {text[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", default="crawler_flat")
    parser.add_argument("--reports", type=int, default=40, help="random reports per format")
    parser.add_argument("--renderings", type=int, default=8, help="renderings of each shared real report")
    args = parser.parse_args()
    made, shared = Tally(), Tally()
    for n in range(args.reports):
        for fmt in ("2021", "2019"):
            rng = random.Random(f"bench/{args.layout}/{fmt}/{n}")
            report = random_report(rng, fmt, 0.0, "real")
            examine(f"{fmt}/{n}", report, render_any(report, args.layout, rng, True), made)
    summary(f"{args.layout}, page noise, {args.reports} random reports per format", made)
    for stem, report in shared_real_reports():
        for n in range(args.renderings):
            rng = random.Random(f"{stem}/{args.layout}/{n}")
            examine(f"{stem}/{n}", report, render_any(report, args.layout, rng, n % 2 == 0), shared)
    summary(
        f"{args.layout}, the shared real reports with their own text, {args.renderings} renderings", shared
    )


if __name__ == "__main__":
    main()
