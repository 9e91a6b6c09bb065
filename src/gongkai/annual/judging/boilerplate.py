"""What every report shares (the format's fixed text, gongkai's drafted sentences, stock phrases), and a
report's own wording without it.

Copying is judged on what an agency wrote itself. Every report prints the statutory section titles and
table labels; every report drafted in gongkai opens with the same sentences and states its figures in
the same words (`drafting.py`); nearly every report quotes the same law, notice and slogans, and names
its problems in the same stock phrases (`data/phrases.toml`: shared, problems). Their shingles are
collected once and removed from each report's shingles before any comparison.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import numpy as np

from gongkai.annual.drafting import draft_sections
from gongkai.annual.formats import FORMATS, ReportFormat
from gongkai.annual.judging.text import (
    TEXT_SECTIONS,
    Hashes,
    normalise,
    phrases,
    shingle_hashes,
)
from gongkai.annual.model import cell_paths, set_cell

# A name the drafts are made with; it is masked like any report's own name.
_DRAFT_AGENCY = "示例市示例局"


def _format_labels(fmt: ReportFormat) -> Iterator[str]:
    for section in fmt.sections:
        yield f"{section.number}、{section.title}"
        yield from section.variants
    for table in fmt.tables.values():
        yield table.title
        yield from table.title_variants
        yield table.corner_note
        yield table.label_heading
        for header_row in table.header:
            yield "".join(cell.label for cell in header_row)
        for block in table.blocks:
            yield block.heading
            yield "".join(column.label for column in block.columns)
            for row in block.rows:
                yield "".join(row.groups) + row.printed
                yield from row.variants


def _drafts(fmt_key: str) -> Iterator[str]:
    """gongkai's drafted text for reports of every shape: no figures, some, more or less than last year."""
    by_value: dict[int, dict[str, Any]] = {}
    for value in (0, 1, 2):
        tables: dict[str, Any] = {}
        for path in cell_paths(fmt_key):
            set_cell(tables, path, value)
        by_value[value] = {
            "agency": _DRAFT_AGENCY,
            "year": 2024,
            "format": fmt_key,
            "fees_yuan": value,
            "tables": tables,
        }
    for report, previous in ((by_value[0], None), (by_value[1], by_value[0]), (by_value[1], by_value[2])):
        yield from draft_sections(report, previous).values()
    yield from draft_sections(by_value[1], by_value[1]).values()


def fixed_texts() -> Iterator[tuple[str, str | None]]:
    """(text, agency name masked in it) of everything every report may share."""
    for fmt in FORMATS.values():
        for label in _format_labels(fmt):
            yield label, None
        for text in _drafts(fmt.key):
            yield text, _DRAFT_AGENCY
    for phrase in (*phrases()["shared"], *phrases()["problems"]):
        yield phrase, None


@cache
def boilerplate() -> Hashes:
    """The sorted shingle hashes of `fixed_texts`: removed before reports are compared."""
    return np.unique(np.concatenate([shingle_hashes(normalise(t, a)) for t, a in fixed_texts() if t]))


def own_shingles(text: str, agency: str | None = None) -> Hashes:
    """The shingles of `text` that are its own wording: normalised, without the boilerplate."""
    return np.setdiff1d(shingle_hashes(normalise(text, agency)), boilerplate(), assume_unique=True)


def section_shingles(sections: Mapping[str, Any], agency: str | None) -> dict[str, Hashes]:
    """{section: own shingles} of the prose sections (一, 五, 六), and 'all' for the three together."""
    parts = {key: own_shingles(str(sections.get(key) or ""), agency) for key in TEXT_SECTIONS}
    parts["all"] = np.unique(np.concatenate(list(parts.values())))
    return parts
