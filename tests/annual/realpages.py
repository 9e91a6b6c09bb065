"""Real published report pages kept as test data (tests/annual/real_pages/*.txt): each file's text as a
crawler or converter left it, with its source address and the true cells of the tables it holds whole.

A file is a header of '# ' lines, a line '---', then the page's text. The header names the source, how
it was found, its `format`, and one `expect` line per row: `# expect <row path>: v v v` (the row's cells
in the format's column order, '-' a blank cell) or `# expect <table>.*: all -` (every cell blank).
Only the cells named are scored: the stored copies hold a page's beginning, so a table cut off is not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from gongkai.annual.model import cell_paths

PAGES = Path(__file__).with_name("real_pages")


@dataclass(frozen=True)
class RealPage:
    name: str
    source: str
    fmt: str
    text: str
    expected: dict[str, int | float | None]


def _value(token: str) -> int | float | None:
    return None if token == "-" else json.loads(token)


def _row_cells(fmt: str, row: str, tokens: list[str]) -> dict[str, int | float | None]:
    if row.endswith(".*"):
        prefix = row[:-1]
        if tokens != ["all", "-"]:
            raise ValueError(f"{row}: only 'all -' is known")
        return {path: None for path in cell_paths(fmt) if path.startswith(prefix)}
    paths = [path for path in cell_paths(fmt) if path.rsplit(".", 1)[0] == row]
    if len(paths) != len(tokens):
        raise ValueError(f"{row}: {len(tokens)} values for {len(paths)} cells")
    return {path: _value(token) for path, token in zip(paths, tokens, strict=True)}


def load_page(path: Path) -> RealPage:
    head, text = path.read_text(encoding="utf-8").split("\n---\n", 1)
    fields: dict[str, str] = {}
    rows: list[tuple[str, list[str]]] = []
    for line in head.splitlines():
        key, _, value = line.removeprefix("# ").partition(": ")
        if key.startswith("expect "):
            rows.append((key.removeprefix("expect "), value.split()))
        elif value and not key.startswith(" "):
            fields[key] = value
    fmt = fields["format"]
    expected: dict[str, int | float | None] = {}
    for row, tokens in rows:
        expected.update(_row_cells(fmt, row, tokens))
    return RealPage(path.stem, fields["source"], fmt, text, expected)


def real_pages() -> list[RealPage]:
    return [load_page(path) for path in sorted(PAGES.glob("*.txt"))]
