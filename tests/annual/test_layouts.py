"""Render random reports → mangle the layout → read back through a front-end and the reader → same cells.

Every cell is right, or null with a finding saying why; never confidently wrong (a number where the
truth is another, or a number where the source is blank).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from layouts import (
    TEXT_LAYOUTS,
    Score,
    random_report,
    render_docx,
    render_html,
    render_html_flat,
    render_pdf,
    render_text,
    score,
)

from gongkai.annual.model import cell_paths, get_cell
from gongkai.annual.reader import read_document
from gongkai.annual.sources import load_document

FORMATS = ("2021", "2019")
SEEDS = range(8)
# Every mangled layout is also read with 3% of its cells left blank: a blank must come back null.
BLANK_SHARE = 0.03


def _read(data: bytes) -> dict[str, Any]:
    return read_document(load_document(data))


def _text_score(layout: str, fmt: str, blank_share: float, noise: bool) -> Score:
    total = Score()
    for seed in SEEDS:
        rng = random.Random(f"{layout}/{fmt}/{seed}")
        report = random_report(rng, fmt, blank_share)
        text = render_text(report, layout, rng, noise=noise)
        total.add(score(report, _read(text.encode("utf-8"))))
    return total


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layout", sorted(TEXT_LAYOUTS))
def test_text_layouts_with_page_numbers_and_running_heads(layout: str, fmt: str) -> None:
    result = _text_score(layout, fmt, 0.0, noise=True)
    assert result.wrong_cells == []
    assert result.null_without_finding == 0
    if layout not in ("glued", "vertical_groups"):  # glued digits may stay undecided (null + finding)
        assert result.right == result.total


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layout", sorted(TEXT_LAYOUTS))
def test_text_layouts_with_blank_cells_are_never_confidently_wrong(layout: str, fmt: str) -> None:
    result = _text_score(layout, fmt, BLANK_SHARE, noise=True)
    assert result.wrong_cells == []
    assert result.null_without_finding == 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html_tables_with_rowspan_and_colspan_read_back_exactly(fmt: str, encoding: str) -> None:
    for seed in range(4):
        report = random_report(random.Random(seed), fmt)
        result = score(report, _read(render_html(report, encoding)))
        assert (result.right, result.wrong_cells) == (result.total, [])


@pytest.mark.parametrize("fmt", FORMATS)
def test_html_blank_cells_are_null_with_a_finding(fmt: str) -> None:
    report = random_report(random.Random(7), fmt, blank_share=0.05)
    reading = _read(render_html(report))
    result = score(report, reading)
    assert (result.right, result.wrong_cells) == (result.total, [])
    assert any(finding["severity"] == "error" for finding in reading["findings"])


@pytest.mark.parametrize(("fmt", "blank_share"), [("2021", 0.0), ("2019", 0.04)])
def test_docx_tables_with_merged_cells_read_back_exactly(fmt: str, blank_share: float) -> None:
    report = random_report(random.Random(11), fmt, blank_share)
    result = score(report, _read(render_docx(report)))
    assert (result.right, result.wrong_cells) == (result.total, [])


@pytest.mark.parametrize(("fmt", "blank_share"), [("2021", 0.04), ("2019", 0.0)])
def test_pdf_printed_by_weasyprint_reads_back_exactly(fmt: str, blank_share: float) -> None:
    """Ruled tables broken across pages, a tall merged label cell, page numbers in the margin."""
    report = random_report(random.Random(3), fmt, blank_share)
    result = score(report, _read(render_pdf(report)))
    assert (result.right, result.wrong_cells) == (result.total, [])


def test_pdf_with_unruled_tables_reads_back_exactly() -> None:
    """No table lines at all: cells are split at wide gaps, wrapped labels are joined by the reader."""
    report = random_report(random.Random(5), "2021")
    result = score(report, _read(render_pdf(report, ruled=False)))
    assert (result.right, result.wrong_cells) == (result.total, [])


@pytest.mark.parametrize("layout", ["spaces", "tabs", "broken_labels"])
def test_html_with_tables_flattened_to_paragraphs(layout: str) -> None:
    """Web pages whose tables were pasted as text: one <p> per printed line, or a <pre> block."""
    for seed, container in enumerate(("p", "pre")):
        rng = random.Random(seed)
        report = random_report(rng, "2019" if seed else "2021")
        result = score(report, _read(render_html_flat(report, layout, rng, container)))
        assert (result.right, result.wrong_cells) == (result.total, [])


REAL_REPORTS = (
    "real/hongze-2023.pdf",
    "real/hongze-2024.pdf",
    "real/huaian-2024.pdf",
    "real/hongze-2023.txt",
    "real/huaian-2024.txt",
    "seeds/001_7afa714d70970faa.txt",
    "seeds/003_f3badfcd9b8f499a.txt",
)


@pytest.mark.parametrize("name", REAL_REPORTS)
def test_real_reports_give_their_expected_tables(shared_dir: Path, name: str) -> None:
    path = shared_dir / name
    expected = json.loads((path.parent / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    reading = read_document(load_document(path))
    assert {key: reading[key] for key in ("agency", "year", "format")} == {
        key: expected[key] for key in ("agency", "year", "format")
    }
    wrong = [
        (cell, got, want)
        for cell in cell_paths(expected["format"])
        if (got := get_cell(reading["tables"], cell)) != (want := get_cell(expected["tables"], cell))
    ]
    assert wrong == []
    if "fees_yuan" in expected:
        assert reading["fees_yuan"] == expected["fees_yuan"]
    if expected.get("source_inconsistent"):
        assert any(finding["severity"] == "error" for finding in reading["findings"])
