"""Everything gongkai writes, gongkai reads back: random consistent reports → .docx / PDF / HTML → the same cells."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.formats import DECIMAL, FORMATS, SIGNED, Table
from gongkai.annual.model import cell_paths, get_cell, set_cell
from gongkai.annual.reader import read_document
from gongkai.annual.sources import load_document
from gongkai.annual.writers import render_report

AGENCIES = ("中卫市审批服务管理局", "洪泽区人民政府", "平罗县教育局", "某某县市场监督管理局办公室")
SECTIONS = {
    "一": "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开情况\n及时公开各类政府信息。",
    "五": "一是公开意识有待加强；二是解读形式不够丰富。",
    "六": "本年度未收取信息处理费。",
}
counts = st.integers(min_value=0, max_value=3000) | st.just(0)


def _parts(table: Table) -> list[str]:
    """The columns of a table's (single) block that its total column sums."""
    return [column.key for column in table.blocks[0].columns if not column.is_total]


@st.composite
def consistent_reports(draw: st.DrawFn, fmt_key: str) -> dict[str, Any]:
    """A report whose numbers satisfy every cross-check of report-format.md, drawn from the format data."""
    fmt = FORMATS[fmt_key]
    tables: dict[str, Any] = {}
    for block in fmt.table("proactive").blocks:
        for row in block.rows:
            for column in block.columns:
                value: int | float
                if column.kind == DECIMAL:
                    value = draw(st.integers(0, 10**7)) / draw(st.sampled_from((1, 10, 100)))
                elif column.kind == SIGNED:
                    value = draw(st.integers(-500, 500))
                else:
                    value = draw(counts)
                set_cell(tables, f"proactive.{row.key}.{column.key}", value)
    requests = fmt.table("requests")
    applicants = _parts(requests)
    leaves = [r.key for r in requests.rows if r.key.startswith("results.") and r.key != "results.total"]
    for applicant in applicants:
        drawn = {key: draw(counts) for key in leaves}
        for key, count in drawn.items():
            set_cell(tables, f"requests.{key}.{applicant}", count)
        handled = sum(drawn.values())
        forward = draw(st.integers(0, 50))
        over = draw(st.integers(0, handled + forward))
        set_cell(tables, f"requests.results.total.{applicant}", handled)
        set_cell(tables, f"requests.carried_forward.{applicant}", forward)
        set_cell(tables, f"requests.carried_over.{applicant}", over)
        set_cell(tables, f"requests.new.{applicant}", handled + forward - over)
    for row in requests.rows:
        prefix = f"requests.{row.key}."
        set_cell(tables, prefix + "total", sum(get_cell(tables, prefix + c) or 0 for c in applicants))
    reviews = fmt.table("reviews")
    for row in reviews.rows:
        values = {part: draw(st.integers(0, 40)) for part in _parts(reviews)}
        for part, value in values.items():
            set_cell(tables, f"reviews.{row.key}.{part}", value)
        set_cell(tables, f"reviews.{row.key}.total", sum(values.values()))
    year = draw(st.integers(2019, 2020) if fmt_key == "2019" else st.integers(2021, 2030))
    return {
        "agency": draw(st.sampled_from(AGENCIES)),
        "year": year,
        "format": fmt_key,
        "signed_on": f"{year + 1}-01-{draw(st.integers(10, 31)):02d}",
        "sections": SECTIONS,
        "tables": tables,
    }


def differences(report: dict[str, Any], reading: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Cells whose value read back differs from the value written: path → (written, read)."""
    return {
        path: (get_cell(report["tables"], path), get_cell(reading["tables"], path))
        for path in cell_paths(report["format"])
        if get_cell(report["tables"], path) != get_cell(reading["tables"], path)
    }


def assert_reads_back(report: dict[str, Any], output: str) -> None:
    reading = read_document(load_document(render_report(report, output), name=f"report.{output}"))
    assert (reading["agency"], reading["year"], reading["format"]) == (
        report["agency"],
        report["year"],
        report["format"],
    )
    assert reading["signed_on"] == report["signed_on"]
    wrong = differences(report, reading)
    assert wrong == {}, f"{output}: cells read back differently (written, read): {wrong}"
    errors = [f for f in reading["findings"] if f.get("severity") == "error"]
    assert errors == []


@pytest.mark.parametrize("fmt_key", ["2021", "2019"])
@pytest.mark.parametrize("output", ["docx", "html"])
def test_docx_and_html_read_back_to_the_same_cells(fmt_key: str, output: str) -> None:
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(consistent_reports(fmt_key))
    def check(report: dict[str, Any]) -> None:
        assert_reads_back(report, output)

    check()


@pytest.mark.parametrize("fmt_key", ["2021", "2019"])
def test_pdf_reads_back_to_the_same_cells(fmt_key: str) -> None:
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(consistent_reports(fmt_key))
    def check(report: dict[str, Any]) -> None:
        assert_reads_back(report, "pdf")

    check()


@pytest.mark.parametrize(("output", "examples"), [("docx", 8), ("html", 8), ("pdf", 3)])
def test_blank_cells_read_back_blank(output: str, examples: int) -> None:
    """A blank (null) cell is printed empty, never as 0, and reads back as null."""

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        fmt_key = data.draw(st.sampled_from(("2021", "2019")))
        report = data.draw(consistent_reports(fmt_key))
        for path in data.draw(st.sets(st.sampled_from(cell_paths(fmt_key)), min_size=1, max_size=12)):
            set_cell(report["tables"], path, None)
        reading = read_document(load_document(render_report(report, output), name=f"report.{output}"))
        assert differences(report, reading) == {}

    check()


@pytest.mark.parametrize("fmt_key", ["2021", "2019"])
@given(data=st.data())
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_excel_and_markdown_render_too(fmt_key: str, data: st.DataObject) -> None:
    """The two outputs that are not read back (PDF, .docx and HTML are, above) render for random data."""
    report = data.draw(consistent_reports(fmt_key))
    sizes = {output: len(render_report(report, output)) for output in ("xlsx", "md")}
    assert all(size > 1000 for size in sizes.values()), sizes


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


@pytest.mark.shared
@pytest.mark.parametrize("output", ["docx", "html", "pdf"])
def test_seed_reports_rendered_by_gongkai_read_back_as_complete(shared_dir: Any, output: str) -> None:
    """A real report's data and prose, rendered by gongkai, reads back with the same tables and prose.

    The prose of sections 一, 五 and 六 is compared for every output (in a PDF a body line may start
    “二是……主动公开……” after a line break: not a heading; section 六 ends before the signing block).
    """
    import json

    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        expected = json.loads(
            (shared_dir / "seeds" / "expected" / f"{seed.stem}.json").read_text(encoding="utf-8")
        )
        original = read_document(load_document(seed))
        prose = {
            key: text for key, text in original["sections"].items() if text and key in ("一", "五", "六")
        }
        report = {**expected, "sections": prose}
        if original["signed_on"]:
            report["signed_on"] = original["signed_on"]
        reading = read_document(load_document(render_report(report, output), name=f"{seed.stem}.{output}"))
        assert (reading["agency"], reading["year"], reading["format"]) == (
            expected["agency"], expected["year"], expected["format"],
        ), seed.name  # fmt: skip
        assert reading["signed_on"] == original["signed_on"], seed.name
        assert differences(expected, reading) == {}, seed.name
        assert all(reading["sections"][key] for key in "一二三四五六"), seed.name  # all six sections printed
        for key, text in prose.items():
            assert _squash(reading["sections"][key]) == _squash(text), (seed.name, key)
