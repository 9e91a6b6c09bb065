"""Table 三's result rows are defined once, by the outcome taxonomy (law/outcomes.py: name, number,
order); the format tables (annual/formats.py) refer to them by key. Every row of each format has its
outcome, every outcome its row, and the printed labels agree."""

from __future__ import annotations

import pytest

from gongkai.annual.formats import FORMATS, Row
from gongkai.law.outcomes import OUTCOMES, OUTCOMES_BY_KEY, RESULTS_PREFIX, row_key


def _result_rows(fmt_key: str) -> dict[str, Row]:
    """The format's outcome rows by outcome key, in printed order (the 总计 row left out)."""
    return {
        row.key.removeprefix(RESULTS_PREFIX): row
        for row in FORMATS[fmt_key].table("requests").rows
        if row.key.startswith(RESULTS_PREFIX) and not row.sum_of
    }


@pytest.mark.parametrize("fmt_key", sorted(FORMATS))
def test_every_result_row_of_table_three_is_an_outcome_and_back(fmt_key: str) -> None:
    rows = _result_rows(fmt_key)
    label = "label_2021" if fmt_key == "2021" else "label_2019"
    assert [o.key for o in OUTCOMES if getattr(o, label)] == list(rows)
    for key, row in rows.items():
        outcome = OUTCOMES_BY_KEY[key]
        assert getattr(outcome, label) == row.printed
        assert row.label == outcome.name_zh
        assert row.key == row_key(key)


def test_each_outcome_counts_in_a_row_of_the_2019_format() -> None:
    for outcome in OUTCOMES:
        assert outcome.row_2019 in _result_rows("2019")
