"""Real published report pages (tests/annual/real_pages, see realpages.py): their tables read as printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from realpages import RealPage, load_page, real_pages

from gongkai.annual.document import ReadError
from gongkai.annual.model import get_cell
from gongkai.annual.reader import read_text

PAGES = real_pages()
# A single page of a flip-book (table 四 only, its header labels split into single characters) is
# refused as "not an annual report": too little of a report to tell.
REFUSED = {"04_audit_bureau_2020"}


def _misread(page: RealPage) -> tuple[list[str], list[str]]:
    """The scored cells read null where the page prints a value, and those read confidently wrong."""
    try:
        tables = read_text(page.text)["tables"] or {}
    except ReadError:
        tables = {}
    null, wrong = [], []
    for path, truth in page.expected.items():
        got = get_cell(tables, path)
        if got is None and truth is not None:
            null.append(path)
        elif got != truth:
            wrong.append(f"{path}: {got!r} (printed {truth!r})")
    return null, wrong


def test_the_set_holds_the_pages_found() -> None:
    assert [page.name for page in PAGES] == [
        "01_longgang_dept_2024",
        "02_xiongxian_township_2019",
        "03_nanhu_bureau_2019",
        "04_audit_bureau_2020",
        "05_wendeng_petitions_2022",
        "06_xuwen_bureau_2023",
        "07_district_statistics_2023",
        "08_mirror_bureau_2019_format",
    ]
    assert all(page.source.startswith("http") and page.expected for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_real_page_reads_no_cell_wrong(page: RealPage) -> None:
    null, wrong = _misread(page)
    assert wrong == []
    if page.name in REFUSED:
        with pytest.raises(ReadError):
            read_text(page.text)
    else:
        assert null == []


def test_blank_cells_of_a_real_page_read_null_not_zero() -> None:
    page = next(page for page in PAGES if page.name == "02_xiongxian_township_2019")
    assert sum(truth is None for truth in page.expected.values()) == len(page.expected) > 150
    assert _misread(page) == ([], [])


def test_an_expect_line_must_match_the_row(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "# source: http://example\n# format: 2021\n# expect proactive.regulations: 0 0\n---\n规章\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="2 values for 3 cells"):
        load_page(bad)
