"""Cross-check rules: every rule of report-format.md, the text and meta checks."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual.formats import FORMATS
from gongkai.annual.model import cell_paths, empty_tables, get_cell, set_cell
from gongkai.annual.rules import RULES, Finding, check_report, check_tables, equations, text_quotes
from reportdata import APPLICANT_KEYS

APPLICANTS = APPLICANT_KEYS


def consistent_tables(fmt: str = "2021", counts: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """Tables whose every equation holds: given result rows, totals and balance are derived."""
    tables = empty_tables(fmt)
    for path in cell_paths(fmt):
        if path.startswith("proactive."):
            set_cell(tables, path, 1)
    table = FORMATS[fmt].table("requests")
    results = [row.key for row in table.rows if row.key.startswith("results.") and row.key != "results.total"]
    counts = counts or {}
    totals = [0] * 6
    for key in results:
        values = counts.get(key, [0] * 6)
        for i, column in enumerate(APPLICANTS):
            set_cell(tables, f"requests.{key}.{column}", values[i])
            totals[i] += values[i]
        set_cell(tables, f"requests.{key}.total", sum(values))
    over = counts.get("carried_over", [0] * 6)
    # new = results + forward - over must not be negative
    forward = [
        max(f, o - t) for f, o, t in zip(counts.get("carried_forward", [0] * 6), over, totals, strict=True)
    ]
    rows = {
        "results.total": totals,
        "carried_forward": forward,
        "carried_over": over,
        "new": [t + f - o for t, f, o in zip(totals, forward, over, strict=True)],
    }
    for key, values in rows.items():
        for i, column in enumerate(APPLICANTS):
            set_cell(tables, f"requests.{key}.{column}", values[i])
        set_cell(tables, f"requests.{key}.total", sum(values))
    for group, parts in (("reconsideration", [2, 1, 0, 1]), ("litigation_direct", [0, 0, 0, 0])):
        for key, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            set_cell(tables, f"reviews.{group}.{key}", value)
        set_cell(tables, f"reviews.{group}.total", sum(parts))
    for key in ("upheld", "corrected", "other", "pending", "total"):
        set_cell(tables, f"reviews.litigation_after_reconsideration.{key}", 0)
    return tables


EXAMPLE = {
    "results.disclosed": [3, 1, 0, 0, 0, 0],
    "results.withheld.state_secret": [1, 0, 0, 0, 0, 0],
    "results.other.fee_unpaid": [0, 0, 0, 0, 2, 0],
    "carried_forward": [1, 0, 0, 0, 0, 0],
    "carried_over": [2, 0, 0, 0, 0, 0],
}


def rules_of(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(finding.rule, finding.where) for finding in findings]


def test_consistent_tables_have_no_findings() -> None:
    assert check_tables(consistent_tables("2021", EXAMPLE), "2021") == []
    example_2019 = {k.replace(".fee_unpaid", ""): v for k, v in EXAMPLE.items()}
    assert check_tables(consistent_tables("2019", example_2019), "2019") == []


def test_balance_per_column() -> None:
    tables = consistent_tables("2021", EXAMPLE)
    set_cell(tables, "requests.carried_over.natural_person", 3)
    set_cell(tables, "requests.carried_over.total", 3)
    findings = check_tables(tables, "2021")
    assert rules_of(findings) == [("balance", "requests.natural_person"), ("balance", "requests.total")]
    assert findings[0].severity == "error"
    assert findings[0].message == "表三“自然人”列：第一项加第二项之和为6，第三项加第四项之和为5，两者不等。"


def test_results_total_against_result_rows() -> None:
    tables = consistent_tables("2021", EXAMPLE)
    set_cell(tables, "requests.results.withheld.third_party_rights.other", 1)
    set_cell(tables, "requests.results.withheld.third_party_rights.total", 1)
    assert rules_of(check_tables(tables, "2021")) == [
        ("results_total", "requests.results.total.other"),
        ("results_total", "requests.results.total.total"),
    ]


def test_row_total_against_applicant_columns() -> None:
    tables = consistent_tables("2021", EXAMPLE)
    set_cell(tables, "requests.results.disclosed.total", 5)
    findings = check_tables(tables, "2021")
    assert ("row_total", "requests.results.disclosed.total") in rules_of(findings)
    assert "表三“（一）予以公开”行的总计为5，但各类申请人之和为4。" in [f.message for f in findings]


def test_reviews_group_totals() -> None:
    tables = consistent_tables("2021", EXAMPLE)
    set_cell(tables, "reviews.reconsideration.total", 0)
    findings = check_tables(tables, "2021")
    assert rules_of(findings) == [("reviews_total", "reviews.reconsideration.total")]
    assert (
        findings[0].message == "表四“行政复议”行的总计为0，但结果维持、结果纠正、其他结果、尚未审结之和为4。"
    )


def test_blank_cells_are_missing_data_not_zero() -> None:
    tables = consistent_tables("2021", EXAMPLE)
    set_cell(tables, "proactive.regulations.issued", None)
    set_cell(tables, "requests.results.disclosed.natural_person", None)
    findings = check_tables(tables, "2021")
    assert rules_of(findings) == [
        ("blank_cell", "proactive.regulations"),
        ("blank_cell", "requests.results.disclosed"),
    ]
    assert all(f.severity == "error" for f in findings)
    assert "空白不等于0" in findings[0].message
    # a cell another finding already explains is not reported twice
    explained = ["proactive.regulations.issued"]
    assert rules_of(check_tables(tables, "2021", explained=explained)) == [
        ("blank_cell", "requests.results.disclosed")
    ]


def test_missing_table_is_one_finding() -> None:
    tables = consistent_tables("2021", EXAMPLE)
    tables["reviews"] = empty_tables("2021")["reviews"]
    assert rules_of(check_tables(tables, "2021")) == [("missing_table", "reviews")]


def test_negative_or_fractional_counts() -> None:
    tables = consistent_tables("2019", {})
    set_cell(tables, "proactive.administrative_licensing.change", -3)  # 本年增/减 may be negative
    set_cell(tables, "proactive.government_procurement.total_amount", 12.5)  # an amount
    assert check_tables(tables, "2019") == []
    set_cell(tables, "proactive.regulations.made", -1)
    assert rules_of(check_tables(tables, "2019")) == [("invalid_count", "proactive.regulations.made")]


def test_equations_come_from_the_format_data() -> None:
    rules = [equation.rule for equation in equations("2021")]
    assert rules.count("row_total") == 25
    assert rules.count("results_total") == 7
    assert rules.count("balance") == 7
    assert rules.count("reviews_total") == 3

    def results_total(fmt: str) -> int:
        return next(
            len(eq.right)
            for eq in equations(fmt)
            if eq.rule == "results_total" and eq.where.endswith(".total")
        )

    assert (results_total("2021"), results_total("2019")) == (21, 19)


def test_finding_is_frozen_and_serialisable() -> None:
    finding = Finding("balance", "error", "消息", "requests.total")
    assert finding.as_dict() == {
        "rule": "balance",
        "severity": "error",
        "message": "消息",
        "where": "requests.total",
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "x"  # type: ignore[misc]


# --- report-level rules ----------------------------------------------------------------------------


def report(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "agency": "某某县市场监督管理局",
        "year": 2024,
        "format": "2021",
        "signed_on": "2025-01-20",
        "fees_yuan": 0,
        "sections": {
            "一": "2024年，共收到政府信息公开申请6件，办结7件。",
            "二": "",
            "三": "",
            "四": "",
            "五": "问题和改进。",
            "六": "本机关未收取信息处理费。",
        },
        "tables": consistent_tables("2021", EXAMPLE),
    }
    base.update(changes)
    return base


def report_rules(data: dict[str, Any]) -> list[str]:
    return [finding.rule for finding in check_report(data)]


def test_a_sound_report_has_no_findings() -> None:
    assert check_report(report()) == []


def test_rule_ids_are_listed() -> None:
    bad = report(
        year=2020, signed_on="2020-05-01", fees_yuan=None, sections={"一": "共收到政府信息公开申请3件。"}
    )
    set_cell(bad["tables"], "requests.new.total", None)
    set_cell(bad["tables"], "reviews.reconsideration.total", 9)
    assert {finding.rule for finding in check_report(bad)} <= set(RULES)


def test_wrong_format_for_the_year() -> None:
    findings = check_report(report(year=2020))
    assert [f.rule for f in findings] == ["wrong_format", "signed_after_deadline"]
    assert "2020年度报告应使用2019年格式" in findings[0].message


@pytest.mark.parametrize(
    ("agency", "signed", "rules"),
    [
        ("某某县市场监督管理局", "2024-12-31", ["signed_before_year_end"]),
        ("某某县市场监督管理局", "2024-03-01", ["signed_before_year_end"]),
        ("某某县市场监督管理局", "2025-01-31", []),
        ("某某县市场监督管理局", "2025-02-01", ["signed_after_deadline"]),
        ("某某县人民政府", "2025-03-31", []),
        ("某某县人民政府", "2025-04-01", ["signed_after_deadline"]),
        ("某某县人民政府", None, []),
    ],
)
def test_signing_date(agency: str, signed: str | None, rules: list[str]) -> None:
    assert report_rules(report(agency=agency, signed_on=signed)) == rules


def test_missing_sections_and_fee_statement() -> None:
    data = report(fees_yuan=None)
    data["sections"] = {**data["sections"], "五": "", "六": "如有疑问请联系办公室。"}
    assert report_rules(data) == ["missing_section", "no_fee_statement"]
    data["year"], data["format"], data["signed_on"] = 2020, "2019", None
    data["tables"] = consistent_tables("2019", {})
    assert "no_fee_statement" not in report_rules(data)  # the fee rule applies from 2021


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2024年，共收到政府信息公开申请10件。", "text_received"),
        ("本年度未收到政府信息公开申请。", "text_received"),
        ("共受理申请6件，答复9件。", "text_handled"),
        ("上年结转申请3件。", "text_carried_over"),
        ("另有2件申请顺延到下年度答复。", "text_carried_forward"),
        ("发生政府信息公开行政复议3件。", "text_reconsideration"),
        ("未发生因政府信息公开引起的行政复议。", "text_reconsideration"),
        ("政府信息公开行政诉讼1件。", "text_litigation"),
    ],
)
def test_text_versus_tables(text: str, rule: str) -> None:
    data = report()
    data["sections"] = {**data["sections"], "一": text}
    findings = [f for f in check_report(data) if f.rule.startswith("text_")]
    assert [f.rule for f in findings] == [rule]
    assert findings[0].severity == "warning"


def test_text_that_agrees_with_tables() -> None:
    data = report()
    data["sections"] = {
        **data["sections"],
        "一": "共收到政府信息公开申请6件，答复7件（含上年结转申请2件，另有1件申请结转下年度）。"
        "政府信息公开行政复议4件，行政诉讼0件。信访事项办结88件。",
    }
    assert [f.rule for f in check_report(data)] == []
    quotes = text_quotes(data["sections"]["一"])
    assert [(rule, figure) for rule, _what, figure, _paths in quotes] == [
        ("text_received", 6),
        ("text_handled", 7),
        ("text_carried_over", 2),
        ("text_carried_forward", 1),
        ("text_reconsideration", 4),
        ("text_litigation", 0),
    ]


def test_fees_collected_without_applications() -> None:
    tables = consistent_tables("2021", {})
    assert report_rules(
        report(tables=tables, fees_yuan=120, sections={**report()["sections"], "一": "工作情况。"})
    ) == ["text_fees"]


# --- properties ------------------------------------------------------------------------------------

counts = st.lists(st.integers(min_value=0, max_value=500), min_size=6, max_size=6)
RESULT_ROWS = [row.key for row in FORMATS["2021"].table("requests").rows if row.key.startswith("results.")][
    :-1
]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from([*RESULT_ROWS, "carried_over", "carried_forward"]), counts, max_size=8),
    st.data(),
)
def test_any_consistent_table_passes_and_any_change_is_caught(
    rows: dict[str, list[int]], data: st.DataObject
) -> None:
    tables = consistent_tables("2021", rows)
    assert check_tables(tables, "2021") == []
    path = data.draw(st.sampled_from([p for p in cell_paths("2021") if not p.startswith("proactive.")]))
    changed = copy.deepcopy(tables)
    value = get_cell(changed, path)
    assert value is not None
    set_cell(changed, path, value + data.draw(st.integers(min_value=1, max_value=9)))
    errors = [f for f in check_tables(changed, "2021") if f.severity == "error"]
    assert errors, path
