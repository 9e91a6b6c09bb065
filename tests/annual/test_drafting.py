"""The drafted text sections: every figure from the tables, comparisons with last year, clerk placeholders."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.drafting import (
    SECTION_KEYS,
    compare_with_previous,
    draft_sections,
    fill_placeholders,
    format_yuan,
    placeholders,
    processing_fee_sentence,
    refresh_figures,
)
from gongkai.annual.model import cell_paths, empty_tables, get_cell, set_cell
from gongkai.annual.rules import check_report, text_quotes
from reportdata import APPLICANT_KEYS

APPLICANTS = APPLICANT_KEYS


def zero_report(fmt: str = "2021", year: int = 2025) -> dict[str, Any]:
    tables = empty_tables(fmt)
    for path in cell_paths(fmt):
        set_cell(tables, path, 0)
    return {"agency": "洪泽区教育局", "year": year, "format": fmt, "tables": tables, "fees_yuan": 0}


def set_row(report: dict[str, Any], row: str, **cells: int) -> None:
    for column, value in cells.items():
        set_cell(report["tables"], f"requests.{row}.{column}", value)
    total = sum(get_cell(report["tables"], f"requests.{row}.{c}") or 0 for c in APPLICANTS)
    set_cell(report["tables"], f"requests.{row}.total", total)


def fill_totals(report: dict[str, Any]) -> None:
    """results.total as the sum of the 2021 result rows, per column."""
    tables = report["tables"]
    result_rows = [
        p.removesuffix(".total")
        for p in cell_paths("2021")
        if p.startswith("requests.results.") and p.endswith(".total") and p != "requests.results.total.total"
    ]
    for column in (*APPLICANTS, "total"):
        set_cell(
            tables,
            f"requests.results.total.{column}",
            sum(get_cell(tables, f"{row}.{column}") or 0 for row in result_rows),
        )


def sample_report() -> dict[str, Any]:
    """12 new (10 people, 2 companies), 3 carried over; 13 handled; 2 carried forward; reviews."""
    report = zero_report()
    set_row(report, "new", natural_person=10, commercial_enterprise=2)
    set_row(report, "carried_over", natural_person=3)
    set_row(report, "results.disclosed", natural_person=5, commercial_enterprise=1)
    set_row(report, "results.partially_disclosed", natural_person=2)
    set_row(report, "results.withheld.third_party_rights", natural_person=1)
    set_row(report, "results.unable_to_provide.not_held", natural_person=2, commercial_enterprise=1)
    set_row(report, "results.other.no_amendment", natural_person=1)
    fill_totals(report)
    set_row(report, "carried_forward", natural_person=2)
    tables = report["tables"]
    for path, value in {
        "reviews.reconsideration.upheld": 1,
        "reviews.reconsideration.pending": 1,
        "reviews.reconsideration.total": 2,
        "reviews.litigation_direct.corrected": 1,
        "reviews.litigation_direct.total": 1,
        "proactive.normative_documents.issued": 3,
        "proactive.normative_documents.repealed": 1,
        "proactive.normative_documents.in_force": 12,
        "proactive.administrative_licensing.decisions": 856,
        "proactive.administrative_penalty.decisions": 47,
        "proactive.administrative_coercion.decisions": 5,
        "proactive.administrative_fees.amount_wan_yuan": 12.5,
    }.items():
        set_cell(tables, path, value)
    report["fees_yuan"] = 300
    return report


def paragraph(text: str, starts: str) -> str:
    return next(line for line in text.split("\n") if line.startswith(starts))


def test_requests_paragraph_quotes_every_figure_the_way_agencies_write() -> None:
    sections = draft_sections(sample_report())
    assert paragraph(sections["一"], "2025年，本机关") == (
        "2025年，本机关共收到政府信息公开申请12件，其中自然人申请10件，法人或其他组织申请2件（商业企业2件）；"
        "另有上年结转申请3件。本年度共办结申请13件。其中予以公开6件，部分公开2件，"
        "不予公开1件（保护第三方合法权益1件），无法提供3件（本机关不掌握相关政府信息3件），不予处理0件，"
        "其他处理1件（申请人逾期不补正1件）；另有2件申请结转下年度继续办理。"
        "本年度因政府信息公开引起行政复议2件（结果维持1件、尚未审结1件），"
        "行政诉讼1件（其中未经复议直接起诉1件、复议后起诉0件；结果纠正1件）。"
    )


def test_proactive_paragraph_and_fee_section() -> None:
    sections = draft_sections(sample_report())
    assert paragraph(sections["一"], "本年度制发") == (
        "本年度制发规章0件、行政规范性文件3件，废止规章0件、行政规范性文件1件，现行有效规章0件、"
        "行政规范性文件12件，均已按规定主动公开。全年作出行政许可决定856件；行政处罚决定47件；"
        "行政强制决定5件。本年度行政事业性收费金额12.5万元。"
    )
    assert (
        "2025年，本机关严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费300元。"
        in (sections["六"])
    )


def test_comparisons_with_last_year() -> None:
    report = sample_report()
    previous = copy.deepcopy(report)
    set_cell(previous["tables"], "requests.new.total", 9)
    set_cell(previous["tables"], "requests.results.total.total", 15)
    set_cell(previous["tables"], "reviews.reconsideration.total", 2)
    set_cell(previous["tables"], "proactive.administrative_licensing.decisions", 900)
    text = draft_sections(report, previous)["一"]
    assert "共收到政府信息公开申请12件，比上年增加3件，" in text
    assert "本年度共办结申请13件，比上年减少2件。" in text
    assert "引起行政复议2件，与上年持平（" in text
    assert "行政许可决定856件，比上年减少44件；" in text


def test_no_comparison_without_last_year_or_with_a_blank_cell() -> None:
    report = sample_report()
    assert "上年增加" not in draft_sections(report)["一"]
    previous = copy.deepcopy(report)
    set_cell(previous["tables"], "requests.new.total", None)
    assert "申请12件，其中" in draft_sections(report, previous)["一"]


def test_compare_with_previous() -> None:
    assert compare_with_previous(12, 9) == "比上年增加3件"
    assert compare_with_previous(9, 12) == "比上年减少3件"
    assert compare_with_previous(4, 4) == "与上年持平"
    assert compare_with_previous(None, 4) == ""
    assert compare_with_previous(3, 1, "起") == "比上年增加2起"


def test_no_reviews_and_no_applications() -> None:
    text = draft_sections(zero_report())["一"]
    assert "共收到政府信息公开申请0件" in text
    assert "本年度共办结申请0件。另有0件申请结转下年度继续办理。" in text
    assert "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。" in text


def test_placeholders_mark_the_clerks_prose() -> None:
    sections = draft_sections(sample_report())
    hints = [hint for key in SECTION_KEYS for hint in placeholders(sections[key])]
    assert len(hints) == 6  # 主动公开, 政府信息管理, 平台建设, 监督保障 in 一; two in 五
    assert any("平台" in h for h in hints) and any("责任追究" in h for h in hints)
    assert placeholders(sections["六"]) == []
    assert placeholders(sections["导语"]) == ["地址", "电话"]
    filled = fill_placeholders(sections["五"], lambda hint: "已写好。")
    assert filled == "已写好。\n已写好。"
    assert placeholders(filled) == []


def test_refresh_figures_updates_the_figures_and_keeps_the_clerks_words() -> None:
    report = sample_report()
    sections = draft_sections(report)
    written = {k: fill_placeholders(v, lambda hint: f"我们的{hint[:4]}工作。") for k, v in sections.items()}
    own = written["一"].split("\n")
    rewritten = "2025年我们一共收到12件申请。"  # a figure paragraph in the clerk's own words stays
    own[5] = own[5] + "\n" + rewritten
    written["一"] = "\n".join(own)
    set_cell(report["tables"], "proactive.administrative_licensing.decisions", 900)
    set_row(report, "new", natural_person=11, commercial_enterprise=2)
    report["fees_yuan"] = 0
    refreshed = refresh_figures(written, report)
    assert "全年作出行政许可决定900件" in refreshed["一"]
    assert "本机关共收到政府信息公开申请13件" in refreshed["一"]
    assert rewritten in refreshed["一"]
    assert "全年收取政府信息公开信息处理费0元" in refreshed["六"]
    assert [line for line in refreshed["一"].split("\n") if line.startswith("我们的")] == [
        line for line in written["一"].split("\n") if line.startswith("我们的")
    ]
    assert refreshed["五"] == written["五"] and refreshed["导语"] == written["导语"]
    assert refresh_figures(refreshed, report) == refreshed


def test_sections_two_to_four_are_the_tables() -> None:
    sections = draft_sections(sample_report())
    assert [sections[k] for k in ("二", "三", "四")] == ["", "", ""]
    assert set(sections) == {"导语", *SECTION_KEYS}


def test_2019_format() -> None:
    report = zero_report("2019", 2020)
    set_cell(report["tables"], "proactive.other_external_services.decisions", 6)
    text = draft_sections(report)["一"]
    assert "其他对外管理服务事项处理决定6件" in text
    assert "（国办公开办函〔2019〕60号）" in draft_sections(report)["导语"]


def test_format_yuan() -> None:
    assert format_yuan(0) == "0"
    assert format_yuan("300.00") == "300"
    assert format_yuan("12.50") == "12.5"
    assert format_yuan(None) == "0"
    assert processing_fee_sentence(2025, 0).endswith("全年收取政府信息公开信息处理费0元。")


def test_check_report_reads_every_drafted_figure_and_agrees() -> None:
    report = sample_report()
    report["sections"] = draft_sections(report)
    quoted = {rule for rule, *_rest in text_quotes(report["sections"]["一"])}
    assert quoted == {
        "text_received",
        "text_carried_over",
        "text_handled",
        "text_carried_forward",
        "text_reconsideration",
        "text_litigation",
    }
    assert [f.as_dict() for f in check_report(report)] == []


def test_seed_reports_draft_without_findings(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "seeds" / "expected").glob("*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        report["fees_yuan"] = 0
        report["sections"] = draft_sections(report)
        text_findings = [f for f in check_report(report) if f.rule.startswith("text_")]
        assert text_findings == [], path.name


counts = st.integers(min_value=0, max_value=40)


@st.composite
def consistent_reports(draw: st.DrawFn) -> dict[str, Any]:
    """Random tables 三 and 四 that satisfy every cross-check (new + carried over = results + forward)."""
    report = zero_report()
    tables = report["tables"]
    result_rows = sorted(
        {
            p.rsplit(".", 1)[0]
            for p in cell_paths("2021")
            if p.startswith("requests.results.") and not p.startswith("requests.results.total")
        }
    )
    for row in draw(st.lists(st.sampled_from(result_rows), max_size=6, unique=True)):
        set_row(report, row.removeprefix("requests."), **{c: draw(counts) for c in APPLICANTS})
    fill_totals(report)
    set_row(report, "carried_forward", **{c: draw(counts) for c in APPLICANTS})
    carried_over = {
        c: draw(st.integers(0, get_cell(tables, f"requests.results.total.{c}") or 0)) for c in APPLICANTS
    }
    set_row(report, "carried_over", **carried_over)
    new = {
        c: (get_cell(tables, f"requests.results.total.{c}") or 0)
        + (get_cell(tables, f"requests.carried_forward.{c}") or 0)
        - carried_over[c]
        for c in APPLICANTS
    }
    set_row(report, "new", **new)
    for group in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        values = {k: draw(counts) for k in ("upheld", "corrected", "other", "pending")}
        for key, value in values.items():
            set_cell(tables, f"reviews.{group}.{key}", value)
        set_cell(tables, f"reviews.{group}.total", sum(values.values()))
    report["fees_yuan"] = draw(st.sampled_from([0, 100, 2500]))
    return report


@settings(max_examples=60, deadline=None)
@given(consistent_reports(), st.booleans())
def test_drafted_text_always_agrees_with_the_tables(report: dict[str, Any], with_previous: bool) -> None:
    previous = copy.deepcopy(report) if with_previous else None
    report["sections"] = draft_sections(report, previous)
    findings = [
        f.as_dict() for f in check_report(report) if f.rule.startswith("text_") or f.severity == "error"
    ]
    assert findings == []
    figures = {rule: figure for rule, _what, figure, _paths in text_quotes(report["sections"]["一"])}
    assert figures["text_received"] == get_cell(report["tables"], "requests.new.total")
    assert figures["text_handled"] == get_cell(report["tables"], "requests.results.total.total")


def test_fill_subsection_replaces_only_the_lines_under_its_heading() -> None:
    from gongkai.annual.drafting import fill_subsection

    section = "（四）平台建设\n网站。\n（五）监督保障\n【待填写：考核】\n旧的一段。\n（六）其他\n保留。"
    filled = fill_subsection(section, "（五）监督保障", "考核1个。\n评议1次。")
    assert filled == "（四）平台建设\n网站。\n（五）监督保障\n考核1个。\n评议1次。\n（六）其他\n保留。"
    assert fill_subsection(filled, "（五）监督保障", "考核1个。\n评议1次。") == filled
    at_the_end = fill_subsection("（四）平台建设\n网站。\n（五）监督保障\n旧。", "（五）监督保障", "新。")
    assert at_the_end == "（四）平台建设\n网站。\n（五）监督保障\n新。"
    assert fill_subsection("开头。", "（五）监督保障", "新。") == "开头。\n（五）监督保障\n新。"
    assert fill_subsection("", "（五）监督保障", "新。") == "（五）监督保障\n新。"
