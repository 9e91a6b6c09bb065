"""The reader leaves a crawler-flattened cell null only where a second reading fits as well.

tests/annual/witness.py finds that second reading apart from the reader (the digits the finding
quotes cut again, put into the true tables, every equation, law of counting and stated figure kept);
bench/null_breakdown.py prints the same for many reports (docs/decisions/crawler-flat-nulls.md).
"""

from __future__ import annotations

import random

import pytest
from crawled import render_any
from layouts import expected_cells, random_report
from witness import splits, witnessed

from gongkai.annual.model import get_cell
from gongkai.annual.reader import read_text

ROW = "proactive.normative_documents"


@pytest.mark.parametrize("fmt", ("2021", "2019"))
def test_every_null_cell_of_a_crawler_flat_page_has_a_second_reading(fmt: str) -> None:
    """Issue 8: a cell the table's arithmetic, its laws and its prose decide is read, not left null."""
    nulls_seen = 0
    for n in range(12):
        rng = random.Random(f"witness/{fmt}/{n}")
        report = random_report(rng, fmt, 0.0, "real")
        reading = read_text(render_any(report, "crawler_flat", rng, True))
        tables = reading["tables"] or {}
        nulls = {
            p
            for p, truth in expected_cells(report).items()
            if truth is not None and get_cell(tables, p) is None
        }
        assert nulls <= witnessed(report, reading, nulls), f"{fmt}/{n}: decidable cells left null"
        nulls_seen += len(nulls)
    assert nulls_seen  # the seeds hold undecided rows: the check above is not vacuous


def _normative(printed: str, issued: int, repealed: int, in_force: int) -> set[str]:
    report = random_report(random.Random("witness/unit"), "2021")
    report["tables"]["proactive"]["normative_documents"] = {
        "issued": issued,
        "repealed": repealed,
        "in_force": in_force,
    }
    reading = {
        "findings": [{"rule": "ambiguous_digits", "where": ROW, "message": f"数字连在一起（{printed}）"}]
    }
    return witnessed(report, reading, {f"{ROW}.{c}" for c in ("issued", "repealed", "in_force")})


def test_a_glued_table_two_row_with_several_lawful_splits_is_witnessed() -> None:
    """淮安市 2024 `82666`: 8 issued, then 2/666, 26/66 or 266/6, each within the laws of counting."""
    assert _normative("82666", 8, 26, 66) == {f"{ROW}.repealed", f"{ROW}.in_force"}


def test_a_row_that_splits_one_way_is_not_witnessed() -> None:
    """Spaces at every boundary, or laws that leave one split: no second reading, so a reader
    leaving such a cell null would fail the test above."""
    assert _normative("8 26 66", 8, 26, 66) == set()
    # 1|0|11 or 10|1|1: 10 issued > 1 in force + 1 repealed breaks the law, one split is left
    assert _normative("1011", 1, 0, 11) == set()


def test_cuts_keep_spaces_and_minus_signs_as_boundaries_and_refuse_leading_zeros() -> None:
    assert set(splits("253 -2530", 3)) == {
        (253, -2, 530),
        (253, -25, 30),
        (253, -253, 0),
        (2, 53, -2530),
        (25, 3, -2530),
    }
    assert set(splits("1010", 3)) == {(1, 0, 10), (10, 1, 0)}
    # 482|0316.75 starts with a zero; a decimal point stays inside one cell
    assert set(splits("4820316.75", 2)) == {
        (4, 820316.75),
        (48, 20316.75),
        (4820, 316.75),
        (48203, 16.75),
        (482031, 6.75),
        (4820316.7, 5),
    }
