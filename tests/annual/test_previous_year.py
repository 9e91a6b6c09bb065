"""Last year's report as evidence for this year's glued table 二 rows (`read_document(..., previous=)`,
`gongkai parse --previous`): 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 chooses among a row's
splits only where some split agrees with it exactly."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from crawled import render_crawled
from layouts import last_year_of, random_report, score

from gongkai.annual.model import get_cell, set_cell
from gongkai.annual.reader import read_text
from gongkai.cli import main

ROW = "proactive.normative_documents."
WHERE = ROW.rstrip(".")  # where its findings are
COLUMNS = ("issued", "repealed", "in_force")


def _glued_page(issued: int, repealed: int, in_force: int) -> tuple[dict[str, Any], str]:
    """A 2021 report whose 行政规范性文件 row is printed glued, without spaces ('5128')."""
    rng = random.Random(3)
    report = random_report(rng, "2021", table_two="real")
    for column, value in zip(COLUMNS, (issued, repealed, in_force), strict=True):
        set_cell(report["tables"], ROW + column, value)
    for column in COLUMNS:
        set_cell(report["tables"], "proactive.regulations." + column, 0)
    return report, render_crawled(report, rng, space_share=0.0)


def _last_year(report: dict[str, Any], in_force: int, **changes: Any) -> dict[str, Any]:
    """The agency's report of the year before, as stored: only its table 二 matters here."""
    tables: dict[str, Any] = {}
    set_cell(tables, ROW + "in_force", in_force)
    set_cell(tables, "proactive.regulations.in_force", 0)
    return {
        "agency": report["agency"],
        "year": report["year"] - 1,
        "format": "2021",
        "tables": tables,
        **changes,
    }


def _row(reading: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(get_cell(reading["tables"], ROW + column) for column in COLUMNS)


def test_last_years_in_force_chooses_among_a_glued_rows_splits() -> None:
    report, text = _glued_page(5, 12, 8)
    assert "行政规范性文件5128" in text
    assert _row(read_text(text)) == (5, None, None)  # 5|12|8 or 5|1|28: both obey every law of one year
    reading = read_text(text, _last_year(report, 15))  # 15 + 5 − 12 = 8
    assert _row(reading) == (5, 12, 8)
    assert any("上年报告的现行有效件数" in f["message"] for f in reading["findings"])
    assert not any(f["rule"] == "ambiguous_digits" and f["where"] == WHERE for f in reading["findings"])
    other, other_text = _glued_page(5, 1, 28)
    assert "行政规范性文件5128" in other_text
    assert _row(read_text(other_text, _last_year(other, 24))) == (5, 1, 28)  # 24 + 5 − 1 = 28


@pytest.mark.parametrize(
    "changes",
    [
        {"tables": {"proactive": {"normative_documents": {"in_force": 3}}}},  # agrees with no split
        {"year": None},  # not known to be the year before
        {"year_offset": 2},
        {"format": "2019"},
    ],
)
def test_last_year_is_no_evidence_where_it_agrees_with_no_split_or_may_be_another_year(changes: Any) -> None:
    report, text = _glued_page(5, 12, 8)
    previous = _last_year(report, 15)
    offset = changes.pop("year_offset", None)
    previous.update(changes)
    if offset:
        previous["year"] = report["year"] - offset
    reading = read_text(text, previous)
    assert _row(reading) == (5, None, None)
    assert any(f["rule"] == "ambiguous_digits" and f["where"] == WHERE for f in reading["findings"])


def test_crawled_pages_with_last_year_read_more_and_never_wrong() -> None:
    """Last year's report as the truth implies it (现行有效 − 本年制发 + 本年废止): never a wrong cell,
    and fewer null ones than without it (table 二 as real reports print it, and harsher)."""
    without = with_previous = 0
    for table_two, seed in [(two, seed) for two in ("real", "harsh") for seed in range(12)]:
        rng = random.Random(f"previous/{table_two}/{seed}")
        report = random_report(rng, "2021", table_two=table_two)
        text = render_crawled(report, rng, space_share=0.1)
        plain, helped = score(report, read_text(text)), score(report, read_text(text, last_year_of(report)))
        assert plain.wrong == helped.wrong == 0, helped.wrong_cells
        assert helped.right >= plain.right
        without += plain.right
        with_previous += helped.right
    assert with_previous > without


def test_parse_previous_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report, text = _glued_page(5, 12, 8)
    (tmp_path / "this.txt").write_text(text, encoding="utf-8")
    (tmp_path / "last.json").write_text(
        json.dumps(_last_year(report, 15), ensure_ascii=False), encoding="utf-8"
    )
    assert main(["parse", str(tmp_path / "this.txt"), "--previous", str(tmp_path / "last.json")]) == 0
    out, _ = capsys.readouterr()
    assert _row(json.loads(out)) == (5, 12, 8)
    assert main(["parse", str(tmp_path / "this.txt")]) == 0
    assert _row(json.loads(capsys.readouterr()[0])) == (5, None, None)
    # one report at a time: last year's report is one agency's
    (tmp_path / "other.txt").write_text(text, encoding="utf-8")
    args = [
        "parse",
        str(tmp_path / "this.txt"),
        str(tmp_path / "other.txt"),
        "--previous",
        str(tmp_path / "last.json"),
    ]
    assert main(args) == 2
    assert "--previous 只能与一个报告文件一起使用" in capsys.readouterr()[1]
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    assert main(["parse", str(tmp_path / "this.txt"), "--previous", str(tmp_path / "bad.json")]) == 2
