"""The generic reader on hand-made hard cases: each one a way real reports print their tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules import consistent_tables

from gongkai.annual.document import Document, ReadError
from gongkai.annual.formats import FORMATS
from gongkai.annual.model import cell_paths, get_cell, set_cell
from gongkai.annual.reader import detect_format, read_document, read_text
from gongkai.annual.rules import RULES

RowPrinter = Callable[[str, list[str]], list[str]]


def spaced(label: str, values: list[str]) -> list[str]:
    return [" ".join([label, *values])]


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def report_text(
    tables: dict[str, Any],
    fmt: str = "2021",
    printer: RowPrinter = spaced,
    overrides: dict[str, list[str]] | None = None,
    head: tuple[str, ...] = ("某某县市场监督管理局", "2024年政府信息公开工作年度报告"),
    tail: tuple[str, ...] = ("某某县市场监督管理局", "2025年1月20日"),
) -> str:
    """A whole report in `fmt`, its table rows printed by `printer` (or given verbatim in `overrides`
    by row key: 'proactive.regulations', 'requests.new', 'reviews')."""
    overrides = overrides or {}
    form = FORMATS[fmt]
    lines = [*head, "一、总体情况", "本年度依法做好政府信息公开工作。"]
    for table in form.tables.values():
        lines.append(f"{table.number}、{table.title}")
        if table.single_row:
            lines += [
                "行政复议 行政诉讼",
                "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
            ]
            values = [
                cell_text(get_cell(tables, path)) for path in cell_paths(fmt) if path.startswith("reviews.")
            ]
            lines += overrides.get("reviews", [" ".join(values)])
            continue
        for block in table.blocks:
            if block.heading:
                lines += [block.heading, " ".join(["信息内容", *(column.label for column in block.columns)])]
            else:
                lines += [table.corner_note, "申请人情况", " ".join(column.label for column in block.columns)]
            for row in block.rows:
                lines += list(row.groups[-1:]) if row.groups and row.key.endswith(("disclosed",)) else []
                key = f"{table.key}.{row.key}"
                values = [cell_text(get_cell(tables, f"{key}.{column.key}")) for column in block.columns]
                lines += overrides[key] if key in overrides else printer(row.printed, values)
    lines += [
        "五、存在的主要问题及改进情况",
        "个别工作有待加强。",
        "六、其他需要报告的事项",
        "本机关未收取信息处理费。",
        *tail,
    ]
    return "\n".join(lines)


TABLES = consistent_tables(
    "2021",
    {
        "results.disclosed": [217, 1, 0, 0, 0, 0],
        "results.withheld.third_party_rights": [3, 0, 0, 0, 2, 0],
        "results.other.other": [1, 0, 0, 0, 0, 0],
        "carried_over": [4, 0, 0, 0, 0, 0],
        "carried_forward": [3, 0, 0, 0, 0, 0],
    },
)


def errors(reading: dict[str, Any], rule: str | None = None, severity: str = "error") -> list[dict[str, str]]:
    return [
        f for f in reading["findings"] if f["severity"] == severity and (rule is None or f["rule"] == rule)
    ]


def doubts(reading: dict[str, Any], rule: str | None = None) -> list[dict[str, str]]:
    """The reader's 'uncertain' findings: cells it left null in a report that may well be right."""
    return errors(reading, rule, "uncertain")


def test_a_plain_report_reads_exactly_without_findings() -> None:
    reading = read_text(report_text(TABLES))
    assert reading["tables"] == TABLES
    assert reading["findings"] == []
    assert (reading["agency"], reading["year"], reading["format"]) == ("某某县市场监督管理局", 2024, "2021")
    assert (reading["signed_on"], reading["fees_yuan"]) == ("2025-01-20", 0)
    assert reading["sections"]["六"].startswith("本机关未收取信息处理费。")


def test_glued_digits_split_by_the_row_total() -> None:
    glued = {"requests.new": ["一、本年新收政府信息公开申请数量21710000218"]}
    tables = consistent_tables("2021", {"results.disclosed": [217, 1, 0, 0, 0, 0]})
    reading = read_text(report_text(tables, overrides=glued))
    assert reading["tables"]["requests"]["new"] == tables["requests"]["new"]
    assert [f["rule"] for f in reading["findings"]] == ["glued_digits"]
    assert "217 1 0 0 0 0 218" in reading["findings"][0]["message"]


def test_glued_rows_without_a_sum_are_read_where_the_split_is_unique() -> None:
    """Table 二 has no sums: in a report whose tables ran together (table 三's rows glued), a glued
    row is read where only one split has no leading zero (a hidden blank is not considered where
    the report shows none); the rest of the table is still read."""
    new = "".join(str(value) for value in TABLES["requests"]["new"].values())  # 220 1 0 0 2 0 223
    glued_three = {"requests.new": ["一、本年新收政府信息公开申请数量" + new]}
    overrides = {
        **glued_three,
        "proactive.regulations": ["规章000"],
        "proactive.normative_documents": ["行政规范性文件101"],
    }
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert reading["tables"]["proactive"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert reading["tables"]["proactive"]["normative_documents"] == {
        "issued": 1,
        "repealed": 0,
        "in_force": 1,
    }
    assert errors(reading) == []
    overrides = {**glued_three, "proactive.normative_documents": ["行政规范性文件4316302"]}
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert set(reading["tables"]["proactive"]["normative_documents"].values()) == {None}
    assert reading["tables"]["proactive"]["regulations"] == TABLES["proactive"]["regulations"]
    assert errors(reading) == []  # nothing is wrong with the report: the reader is unsure
    [finding] = doubts(reading)
    assert (finding["rule"], finding["where"]) == ("ambiguous_digits", "proactive.normative_documents")
    assert "“本年制发件数”为4或43或431" in finding["message"]


def test_a_lone_number_in_spaced_text_may_be_one_cell_beside_a_blank() -> None:
    """Where nothing else in the report ran together, '行政规范性文件 101' may be 10, blank, 1."""
    overrides = {"proactive.normative_documents": ["行政规范性文件 101"]}
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert set(reading["tables"]["proactive"]["normative_documents"].values()) == {None}
    assert errors(reading) == []
    assert [(f["rule"], f["where"]) for f in doubts(reading)] == [
        ("ambiguous_digits", "proactive.normative_documents")
    ]


AMBIGUOUS = "1406221422110813010991"  # 1406 22 1422 |1 10| or |11 0| 8130 10991


def test_glued_digits_chosen_by_the_balance_of_the_table() -> None:
    tables = consistent_tables("2021", {"results.disclosed": [1406, 22, 1422, 11, 0, 8130]})
    reading = read_text(
        report_text(tables, overrides={"requests.new": ["一、本年新收政府信息公开申请数量" + AMBIGUOUS]})
    )
    assert reading["tables"]["requests"]["new"] == tables["requests"]["new"]
    assert [(f["rule"], f["severity"]) for f in reading["findings"]] == [("glued_digits", "warning")]


def test_glued_digits_that_nothing_decides_are_null_and_uncertain() -> None:
    tables = consistent_tables("2021", {"results.disclosed": [1406, 22, 1422, 11, 0, 8130]})
    overrides = {
        "requests.new": ["一、本年新收政府信息公开申请数量" + AMBIGUOUS],
        "requests.results.disclosed": ["（一）予以公开" + AMBIGUOUS],
        "requests.results.total": ["（七）总计" + AMBIGUOUS],
    }
    reading = read_text(report_text(tables, overrides=overrides))
    for row in ("new", "total"):
        values = (
            reading["tables"]["requests"][row]
            if row == "new"
            else reading["tables"]["requests"]["results"][row]
        )
        assert values == {
            **tables["requests"]["new"],
            "social_welfare_organization": None,
            "legal_service_institution": None,
        }
    assert errors(reading) == []
    assert {f["where"] for f in doubts(reading, "ambiguous_digits")} == {
        "requests.new",
        "requests.results.disclosed",
        "requests.results.total",
    }


def test_a_row_with_the_wrong_number_of_cells_is_null_with_an_error() -> None:
    overrides = {"requests.carried_over": ["二、上年结转政府信息公开申请数量 4 0 0 0 0 4"]}  # 6 of 7
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert set(reading["tables"]["requests"]["carried_over"].values()) == {None}
    [finding] = errors(reading)
    assert finding["rule"] == "irregular_row" and finding["where"] == "requests.carried_over"
    assert "应有7个数，实际读到6个" in finding["message"]


def test_a_tabbed_row_of_zeros_with_a_missing_cell_is_zero_with_an_error() -> None:
    zero = consistent_tables("2021", {})
    overrides = {"requests.carried_over": ["二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0"]}
    reading = read_text(report_text(zero, overrides=overrides))
    assert set(reading["tables"]["requests"]["carried_over"].values()) == {0}
    assert [f["rule"] for f in errors(reading)] == ["irregular_row"]
    # in plain text the missing cell may be a blank: no value is certain
    overrides = {"requests.carried_over": ["二、上年结转政府信息公开申请数量 0 0 0 0 0 0"]}
    assert set(
        read_text(report_text(zero, overrides=overrides))["tables"]["requests"]["carried_over"].values()
    ) == {None}


@pytest.mark.parametrize("blank", ["/", "—", "－", "无"])
def test_blank_markers_are_null_not_zero(blank: str) -> None:
    overrides = {"proactive.regulations": [f"规章 {blank} 0 0"]}
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert reading["tables"]["proactive"]["regulations"] == {"issued": None, "repealed": 0, "in_force": 0}
    assert [(f["rule"], f["where"]) for f in errors(reading)] == [("blank_cell", "proactive.regulations")]


def test_empty_cells_between_tabs_are_blanks() -> None:
    overrides = {
        "proactive.regulations": ["规章\t1\t\t2"],
        "requests.results.total": ["（七）总计\t221\t1\t0\t0\t2\t0\t"],
    }
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert reading["tables"]["proactive"]["regulations"] == {"issued": 1, "repealed": None, "in_force": 2}
    assert reading["tables"]["requests"]["results"]["total"]["total"] is None
    assert {f["where"] for f in errors(reading, "blank_cell")} == {
        "proactive.regulations",
        "requests.results.total",
    }


def test_values_printed_before_their_labels() -> None:
    def values_first(label: str, values: list[str]) -> list[str]:
        if len(label) > 8:
            return [" ".join(values), label]
        return [" ".join([label, *values])]

    reading = read_text(report_text(TABLES, printer=values_first))
    assert reading["tables"] == TABLES


def test_labels_broken_and_vertical_group_labels_interleaved() -> None:
    def broken(label: str, values: list[str]) -> list[str]:
        if len(label) > 10:
            return [label[:5], "本", label[5:9] + " " + " ".join(values), "年", label[9:]]
        return [" ".join([label, *values])]

    reading = read_text(report_text(TABLES, printer=broken))
    assert reading["tables"] == TABLES


def test_cells_wrapped_onto_the_next_line() -> None:
    def wrapped(label: str, values: list[str]) -> list[str]:
        return (
            [label, " ".join(values[:-1]), values[-1]] if len(values) == 7 else [" ".join([label, *values])]
        )

    reading = read_text(report_text(TABLES, printer=wrapped))
    assert reading["tables"] == TABLES


def test_page_numbers_and_running_heads_inside_tables() -> None:
    def paged(label: str, values: list[str]) -> list[str]:
        line = " ".join([label, *values])
        if "重复申请" in label:
            return [line, "- 3 -", "某某县市场监督管理局2024年政府信息公开工作年度报告"]
        if "国家秘密" in label:
            return [line, "第 2 页", "4", "某某县市场监督管理局2024年政府信息公开工作年度报告"]
        return [line]

    reading = read_text(report_text(TABLES, printer=paged))
    assert reading["tables"] == TABLES
    assert reading["findings"] == []


def test_markdown_and_pipe_tables() -> None:
    def pipes(label: str, values: list[str]) -> list[str]:
        return ["| " + " | ".join([label, *values]) + " |"]

    reading = read_text(report_text(TABLES, printer=pipes))
    assert reading["tables"] == TABLES


def test_labels_as_real_reports_misprint_them() -> None:
    text = report_text(TABLES).replace("其他法律行政法规禁止公开", "其他法律行政止公开").replace("（", "(")
    text = text.replace("本年废止件数", "本年度止件数").replace("行政规范性文件", "规范性文件")
    text = text.replace("三、收到和处理政府信息公开申请情况", "三、收到处理政府信息公开申请情况")
    assert read_text(text)["tables"] == TABLES


def test_tables_found_without_their_section_headings() -> None:
    lines = [
        line
        for line in report_text(TABLES).splitlines()
        if not line.startswith(("二、主动", "三、收到", "四、政府"))
    ]
    assert read_text("\n".join(lines))["tables"] == TABLES


def test_a_report_flattened_to_one_line() -> None:
    text = " - 2 - ".join(report_text(TABLES).splitlines())
    reading = read_text(text)
    assert reading["tables"] == TABLES
    assert (reading["agency"], reading["year"], reading["fees_yuan"]) == ("某某县市场监督管理局", 2024, 0)
    assert [f["rule"] for f in reading["findings"]] == []


def test_table_four_in_one_row_and_inconsistent_as_printed() -> None:
    overrides = {"reviews": ["10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"]}
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert reading["tables"]["reviews"]["reconsideration"] == {
        "upheld": 10,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 0,
    }
    assert [f["where"] for f in errors(reading, "reviews_total")] == [
        "reviews.reconsideration.total",
        "reviews.litigation_after_reconsideration.total",
    ]


def test_table_four_glued() -> None:
    reading = read_text(report_text(TABLES, overrides={"reviews": ["00015152500025140131138"]}))
    assert reading["tables"]["reviews"] == {
        "reconsideration": {"upheld": 0, "corrected": 0, "other": 0, "pending": 15, "total": 15},
        "litigation_direct": {"upheld": 25, "corrected": 0, "other": 0, "pending": 0, "total": 25},
        "litigation_after_reconsideration": {
            "upheld": 14,
            "corrected": 0,
            "other": 13,
            "pending": 11,
            "total": 38,
        },
    }
    assert [(f["rule"], f["severity"]) for f in reading["findings"]] == [("glued_digits", "warning")]
    # the group sums allow two splits: nothing decides, so null, and the reader says it is unsure
    reading = read_text(report_text(TABLES, overrides={"reviews": ["1100011" + "0" * 10]}))
    assert doubts(reading, "ambiguous_digits")


def test_combined_other_handling_row() -> None:
    lines = ["（六）其他处理 0 0 0 0 0 0 0"]
    overrides = {
        "requests.results.other.no_amendment": lines,
        "requests.results.other.fee_unpaid": [],
        "requests.results.other.other": [],
    }
    zero = consistent_tables("2021", {"results.disclosed": [1, 0, 0, 0, 0, 0]})
    reading = read_text(report_text(zero, overrides=overrides))
    assert reading["tables"] == zero
    assert [(f["rule"], f["severity"]) for f in reading["findings"]] == [("combined_row", "warning")]
    overrides["requests.results.other.no_amendment"] = ["（六）其他处理 1 0 0 0 0 0 1"]
    reading = read_text(report_text(TABLES, overrides=overrides))
    assert set(reading["tables"]["requests"]["results"]["other"]["other"].values()) == {None}
    assert [f["rule"] for f in errors(reading)] == ["combined_row"]


def test_the_2019_format_with_negative_changes_and_decimals() -> None:
    tables = consistent_tables("2019", {"results.other": [1, 0, 0, 0, 0, 0]})
    set_cell(tables, "proactive.other_external_services.change", -3)
    set_cell(tables, "proactive.government_procurement.total_amount", 1234.56)
    text = report_text(
        tables, "2019", head=("某某局", "2020年政府信息公开工作年度报告"), tail=("2021年1月10日",)
    )
    reading = read_text(text)
    assert reading["format"] == "2019"
    assert reading["tables"] == tables
    assert reading["findings"] == []


def test_format_is_detected_from_the_tables_and_checked_against_the_year() -> None:
    tables = consistent_tables("2019", {})
    reading = read_text(report_text(tables, "2019"))  # a 2024 report in the old format
    assert reading["format"] == "2019"
    assert [f["rule"] for f in errors(reading)] == ["wrong_format"]
    assert detect_format("本年制发件数本年废止件数", None) == "2021"
    assert detect_format("本年新制作数量对外公开总数量", 2024) == "2019"
    assert detect_format("", 2020) == "2019"


def test_decimal_fees_and_one_line_title() -> None:
    tables = consistent_tables("2021", {})
    set_cell(tables, "proactive.administrative_fees.amount_wan_yuan", 96171.6)
    text = report_text(
        tables, head=("中卫市信访局2024年政府信息公开工作年度报告",), tail=("二〇二五年一月十五日",)
    )
    text = text.replace("本机关未收取信息处理费。", "全年收取信息处理费0.012万元。")
    reading = read_text(text)
    assert reading["tables"] == tables
    assert (reading["agency"], reading["year"], reading["signed_on"], reading["fees_yuan"]) == (
        "中卫市信访局",
        2024,
        "2025-01-15",
        120,
    )


def test_front_end_notes_become_warnings() -> None:
    doc = Document(lines=tuple(report_text(TABLES).splitlines()), kind="pdf", notes=("第3页没有文字层。",))
    reading = read_document(doc)
    assert [(f["rule"], f["severity"], f["message"]) for f in reading["findings"]] == [
        ("source_note", "warning", "第3页没有文字层。")
    ]


@pytest.mark.parametrize("text", ["", "\n \n", "你好，世界", "0 0 0 0 0 0 0", "\x00\x01\x02"])
def test_what_is_not_a_report_raises_a_chinese_read_error(text: str) -> None:
    with pytest.raises(ReadError) as raised:
        read_text(text)
    assert "年度报告" in str(raised.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                *"0123456789 \t|/-—\n一二三四五六（）、.",
                "总计",
                "其他",
                "本年新收",
                "规章",
                "三、收到和处理政府信息公开申请情况",
            ]
        ),
        max_size=300,
    ).map("".join)
)
def test_random_text_never_raises_anything_but_read_error(text: str) -> None:
    try:
        reading = read_text(text)
    except ReadError:
        return
    assert set(reading) >= {
        "agency",
        "year",
        "format",
        "signed_on",
        "fees_yuan",
        "sections",
        "tables",
        "findings",
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_reports_never_raise_and_never_invent_numbers(data: st.DataObject) -> None:
    lines = report_text(TABLES).splitlines()
    for _ in range(data.draw(st.integers(1, 8))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "cut", "join"]))
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "cut" and lines[index]:
            at = data.draw(st.integers(0, len(lines[index])))
            lines[index : index + 1] = [lines[index][:at], lines[index][at:]]
        elif action == "join" and index + 1 < len(lines):
            lines[index : index + 2] = [lines[index] + lines[index + 1]]
    try:
        reading = read_text("\n".join(lines))
    except ReadError:
        return
    assert {finding["rule"] for finding in reading["findings"]} <= set(RULES)
    # Mutations may lose numbers but the reading must say so: a null never passes silently.
    nulls = [path for path in cell_paths(reading["format"]) if get_cell(reading["tables"], path) is None]
    if nulls:
        assert errors(reading)


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        (["中卫市工业和信息化局", "2024年政府信息公开工作年度报告"], "中卫市工业和信息化局", 2024),
        (["中卫市信访局2024年政府信息公开工作年度报告"], "中卫市信访局", 2024),
        (["中卫市工业和信息化局2024年政府信息", "公开工作年度报告"], "中卫市工业和信息化局", 2024),
        (["2024年度淮安市人民政府政府信息公开工作年度报告"], "淮安市人民政府", 2024),
        (
            ["首页 > 政务公开", "发布时间：2025-01-20", "某某县人民政府2023年度政府信息公开工作年度报告"],
            "某某县人民政府",
            2023,
        ),
        (["《某某市人民政府办公室关于2022年政府信息公开工作年度报告》"], "某某市人民政府办公室", 2022),
    ],
)
def test_agency_and_year_from_the_title(head: list[str], agency: str, year: int) -> None:
    reading = read_text(report_text(TABLES, head=tuple(head)))
    assert (reading["agency"], reading["year"]) == (agency, year)


def test_a_space_inside_a_cell_is_a_hint_the_table_can_overrule() -> None:
    """'11 0000011': the space suggests 11 0 0 0 0 0 11, which fits the row's total; the table's
    balance says 1 10 0 0 0 0 11, which puts the space inside a cell. The table wins."""
    tables = consistent_tables("2021", {"results.disclosed": [1, 10, 0, 0, 0, 0]})
    assert list(tables["requests"]["new"].values()) == [1, 10, 0, 0, 0, 0, 11]
    glued = {"requests.new": ["一、本年新收政府信息公开申请数量11 0000011"]}
    reading = read_text(report_text(tables, overrides=glued))
    assert reading["tables"]["requests"]["new"] == tables["requests"]["new"]
    assert errors(reading) == []


def test_2019_table_two_glued_with_a_negative_change_and_a_decimal() -> None:
    """'行政处罚1207-3961': the sign starts 本年增/减, so 上一年项目数量 is 1207 for sure; where the change
    ends is not certain. '政府集中采购5123.4': the decimal belongs to the amount, but 5 | 123.4, 51 | 23.4
    and 512 | 3.4 all remain."""
    tables = consistent_tables("2019", {"results.other": [1, 0, 0, 0, 0, 0]})
    set_cell(tables, "proactive.administrative_penalty.previous_year_items", 1207)
    set_cell(tables, "proactive.administrative_penalty.change", -39)
    set_cell(tables, "proactive.administrative_penalty.decisions", 61)
    set_cell(tables, "proactive.government_procurement.projects", 5)
    set_cell(tables, "proactive.government_procurement.total_amount", 123.4)
    new = "".join(str(value) for value in tables["requests"]["new"].values())
    overrides = {
        "requests.new": ["一、本年新收政府信息公开申请数量" + new],  # the report's tables ran together
        "proactive.administrative_penalty": ["行政处罚1207-3961"],
        "proactive.government_procurement": ["政府集中采购5123.4"],
    }
    text = report_text(tables, "2019", overrides=overrides, head=("某某局", "2020年政府信息公开工作年度报告"))
    reading = read_text(text)
    penalty = reading["tables"]["proactive"]["administrative_penalty"]
    assert penalty == {"previous_year_items": 1207, "change": None, "decisions": None}
    procurement = reading["tables"]["proactive"]["government_procurement"]
    assert procurement == {"projects": None, "total_amount": None}
    assert reading["tables"]["requests"]["new"] == tables["requests"]["new"]
    assert {f["where"] for f in errors(reading)} <= {
        "proactive.administrative_penalty",
        "proactive.government_procurement",
    }
