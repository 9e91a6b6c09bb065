"""The totals of a report's tables, stated once (`totals.py`): computed by `complete_totals`, checked by
the rules — the two must agree on every format."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.formats import FORMATS
from gongkai.annual.model import empty_tables, flat_cells, get_cell, set_cell
from gongkai.annual.rules import check_tables
from gongkai.annual.totals import complete_totals, total_rules


def _parts_only(fmt: str, seed: list[int]) -> dict:
    """Tables of `fmt` whose non-total cells hold numbers drawn from `seed`, totals left blank."""
    tables = empty_tables(fmt)
    totals = {rule.total for rule in total_rules(fmt)}
    paths = [p for p in flat_cells(tables, fmt) if p not in totals and not p.startswith("proactive.")]
    for index, path in enumerate(paths):
        set_cell(tables, path, seed[index % len(seed)])
    return tables


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(FORMATS)), st.lists(st.integers(0, 500), min_size=1, max_size=40))
def test_completed_totals_satisfy_every_total_rule(fmt: str, seed: list[int]) -> None:
    completed = complete_totals(_parts_only(fmt, seed), fmt)
    findings = check_tables(completed, fmt)
    assert not [f for f in findings if f.rule in {"row_total", "results_total", "reviews_total"}]
    assert complete_totals(completed, fmt) == completed


def test_the_totals_of_table_three() -> None:
    tables = empty_tables("2021")
    set_cell(tables, "requests.results.disclosed.natural_person", 3)
    set_cell(tables, "requests.results.withheld.state_secret.natural_person", 2)
    set_cell(tables, "requests.results.disclosed.other", 1)
    for path in list(flat_cells(tables, "2021")):
        if path.startswith("requests.results.") and get_cell(tables, path) is None:
            set_cell(tables, path, 0)
    for rule in total_rules("2021"):
        set_cell(tables, rule.total, None)
    completed = complete_totals(tables, "2021")
    assert get_cell(completed, "requests.results.total.natural_person") == 5
    assert get_cell(completed, "requests.results.disclosed.total") == 4
    assert get_cell(completed, "requests.results.total.total") == 6
    assert get_cell(tables, "requests.results.total.total") is None  # the input is not changed


def test_a_total_with_an_unknown_part_stays_unknown() -> None:
    tables = empty_tables("2021")
    set_cell(tables, "reviews.reconsideration.upheld", 1)
    completed = complete_totals(tables, "2021")
    assert get_cell(completed, "reviews.reconsideration.total") is None
    for column in ("corrected", "other", "pending"):
        set_cell(tables, f"reviews.reconsideration.{column}", 0)
    assert get_cell(complete_totals(tables, "2021"), "reviews.reconsideration.total") == 1
