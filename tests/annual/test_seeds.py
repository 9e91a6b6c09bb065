"""Acceptance: every report in ../shared (seeds and real) reads to exactly its expected tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual.model import iter_cells
from gongkai.annual.reader import read_text
from gongkai.annual.rules import RULES

pytestmark = pytest.mark.shared

REPORTS = [
    "seeds/000_61af8c38068e4b3e",
    "seeds/001_7afa714d70970faa",
    "seeds/002_6f6db53945ee007d",
    "seeds/003_f3badfcd9b8f499a",
    "seeds/004_3b0ef87fded11b72",
    "real/hongze-2023",
    "real/hongze-2024",
    "real/huaian-2024",
]


def _load(shared_dir: Path, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    folder, stem = name.split("/")
    text = (shared_dir / folder / f"{stem}.txt").read_text(encoding="utf-8")
    expected = json.loads((shared_dir / folder / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    return read_text(text), expected


@pytest.mark.parametrize("name", REPORTS)
def test_report_reads_to_expected_tables_cell_by_cell(shared_dir: Path, name: str) -> None:
    got, expected = _load(shared_dir, name)
    assert got["format"] == expected["format"]
    wrong = [
        (path, want, have)
        for (path, want), (_, have) in zip(
            iter_cells(expected["tables"], expected["format"]),
            iter_cells(got["tables"], got["format"]),
            strict=True,
        )
        if want != have or (want is None) != (have is None)
    ]
    assert wrong == []
    assert got["tables"] == expected["tables"]  # exact nesting of the contract, too
    assert {finding["rule"] for finding in got["findings"]} <= set(RULES)


@pytest.mark.parametrize("name", REPORTS)
def test_report_meta(shared_dir: Path, name: str) -> None:
    got, expected = _load(shared_dir, name)
    for key in ("agency", "year", "format", "fees_yuan"):
        if key in expected:
            assert got[key] == expected[key], key


def _errors(report: dict[str, Any]) -> list[dict[str, str]]:
    return [finding for finding in report["findings"] if finding["severity"] == "error"]


def test_seed_001_irregular_rows_are_errors_not_silently_fixed(shared_dir: Path) -> None:
    got, _ = _load(shared_dir, "seeds/001_7afa714d70970faa")
    irregular = {f["where"] for f in _errors(got) if f["rule"] == "irregular_row"}
    assert "requests.results.disclosed" in irregular  # 6 cells for 7
    assert "requests.results.not_processed.duplicate" in irregular  # 8 cells for 7
    assert "requests.carried_forward" in irregular
    blank = {f["where"] for f in _errors(got) if f["rule"] == "blank_cell"}
    assert blank == {"reviews.reconsideration"}
    assert {f["rule"] for f in _errors(got)} >= {"signed_before_year_end"}  # 2020 report signed 2020-01-26


def test_hongze_2023_table_four_is_recorded_as_printed_with_errors(shared_dir: Path) -> None:
    got, _ = _load(shared_dir, "real/hongze-2023")
    assert got["tables"]["reviews"]["reconsideration"] == {
        "upheld": 10,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 0,
    }
    wrong_totals = {f["where"] for f in _errors(got) if f["rule"] == "reviews_total"}
    assert wrong_totals == {"reviews.reconsideration.total", "reviews.litigation_after_reconsideration.total"}


@pytest.mark.parametrize("name", ["real/hongze-2023", "real/hongze-2024"])
def test_combined_other_handling_row_is_a_warning(shared_dir: Path, name: str) -> None:
    got, _ = _load(shared_dir, name)
    combined = [f for f in got["findings"] if f["rule"] == "combined_row"]
    assert [f["severity"] for f in combined] == ["warning"]


@pytest.mark.parametrize(
    "name", ["seeds/000_61af8c38068e4b3e", "seeds/002_6f6db53945ee007d", "real/huaian-2024"]
)
def test_consistent_reports_have_no_errors(shared_dir: Path, name: str) -> None:
    got, _ = _load(shared_dir, name)
    assert _errors(got) == []


def test_text_versus_tables_is_checked(shared_dir: Path) -> None:
    got, _ = _load(shared_dir, "real/hongze-2024")
    received = [f for f in got["findings"] if f["rule"] == "text_received"]
    assert len(received) == 1 and "17" in received[0]["message"] and "95" in received[0]["message"]
    assert received[0]["severity"] == "warning"
    huaian, _ = _load(shared_dir, "real/huaian-2024")
    assert not [f for f in huaian["findings"] if f["rule"].startswith("text_")]
