"""Table 三's rows are defined once, by the format (annual/formats.py); the outcome taxonomy refers to
them by key. Every row has its outcome, every outcome its row, and the labels are the format's."""

from __future__ import annotations

import pytest

from gongkai.annual.formats import FORMATS
from gongkai.law.outcomes import OUTCOMES, OUTCOMES_BY_KEY, RESULTS_PREFIX, result_rows, row_key


@pytest.mark.parametrize("fmt_key", sorted(FORMATS))
def test_every_result_row_of_table_three_is_an_outcome_and_back(fmt_key: str) -> None:
    fmt = FORMATS[fmt_key]
    rows = result_rows(fmt)
    label = "label_2021" if fmt_key == "2021" else "label_2019"
    assert [o.key for o in OUTCOMES if getattr(o, label)] == list(rows)
    for key, row in rows.items():
        assert getattr(OUTCOMES_BY_KEY[key], label) == row.printed
        assert row.key == row_key(key) == RESULTS_PREFIX + key
    requests = fmt.table("requests")
    counted = [r.key for r in requests.rows if r.key.startswith(RESULTS_PREFIX) and not r.sum_of]
    assert counted == [row_key(key) for key in rows]


def test_each_outcome_counts_in_a_row_of_both_formats() -> None:
    for outcome in OUTCOMES:
        assert outcome.row_2019 in result_rows(FORMATS["2019"])
        if outcome.label_2021 is not None:
            assert outcome.key in result_rows(FORMATS["2021"])
            assert outcome.name_zh == result_rows(FORMATS["2021"])[outcome.key].label
