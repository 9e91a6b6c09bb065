"""Hostile strings through every report writer (issue 14 items 4 and 8): control characters, unpaired
surrogates, markup, formulas and direction overrides never fail a writer; markup is escaped; a formula
stays text."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_writers import numbered_report

from gongkai.annual.printable import has_unprintable, printable, printable_data
from gongkai.annual.writers import render_report
from gongkai.annual.writers.formulas import csv_row, csv_safe

HOSTILE = (
    "\x00\x01\x0b\x0c\x1f\x7f\x85",
    "\ud800孤立代理项\udfff",
    "<script>alert('x')</script>&amp;<b>",
    '=HYPERLINK("http://example.com","点击")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\u202e反向\u202c",
    "\ufffe\uffff",
    "第一行\r\n第二行\r第三行",
    "很长" * 2000,
)

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=60),
)


def _report(text: str) -> dict[str, object]:
    return numbered_report("2021", agency=f"{text}市人民政府", sections={"一": text, "五": f"问题：{text}"})


@settings(max_examples=40)
@given(hostile_text)
@pytest.mark.parametrize("kind", ["docx", "html", "xlsx", "md"])
def test_every_writer_takes_any_text(kind: str, text: str) -> None:
    data = render_report(_report(text), kind)
    assert data
    if kind == "html":
        page = data.decode("utf-8")
        assert "<script>alert" not in page
        assert not has_unprintable(page.replace("\r", ""))


def test_the_pdf_writer_takes_the_hostile_strings() -> None:
    data = render_report(_report("".join(HOSTILE[:-1])), "pdf")
    assert data.startswith(b"%PDF")


def test_a_formula_in_a_report_stays_text_in_excel() -> None:
    data = render_report(_report('=HYPERLINK("http://example.com")'), "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = " ".join(archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n)
    assert "<f>" not in sheets  # no formula cell anywhere


def test_csv_cells_that_look_like_formulas_get_a_quote() -> None:
    assert csv_row("=1+1", "+2", "-3", "@x", "\t=1", "正常", 5, -5) == [
        "'=1+1",
        "'+2",
        "'-3",
        "'@x",
        "'\t=1",
        "正常",
        5,
        -5,
    ]
    assert csv_safe("") == ""


def test_printable_keeps_tabs_and_lines() -> None:
    assert printable("a\tb\r\nc\x01d\x0be\ud800") == "a\tb\ncde"
    assert printable_data({"k\x01": ["x\x00", 3, None]}) == {"k": ["x", 3, None]}
