"""The writers: table layouts from the format data, the report contract's checks, and each output's structure."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual.formats import DECIMAL, FORMATS, SIGNED
from gongkai.annual.model import cell_paths, set_cell
from gongkai.annual.writers import RenderError, output_format, render_report, write_report
from gongkai.annual.writers.blocks import (
    Heading,
    Paragraph,
    Signature,
    Table,
    format_number,
    signature_indents,
    text_blocks,
    text_width_em,
)
from gongkai.annual.writers.cli import handle
from gongkai.annual.writers.fonts import NO_CJK_FONT, choose_free_fonts, parse_fc_list
from gongkai.annual.writers.grid import CellKind, Grid
from gongkai.annual.writers.layout import format_grids, layout_report, read_report
from gongkai.annual.writers.markdown_writer import column_titles

SECTIONS = {
    "导语": "根据《中华人民共和国政府信息公开条例》规定，现发布本机关年度报告。",
    "一": "一、总体情况\n本年度共收到政府信息公开申请12件。\n（一）主动公开情况\n主动公开信息41条。",
    "五": "一是主动公开意识有待加强。",
    "六": "本机关本年度未收取信息处理费。",
}


def numbered_report(fmt: str, **extra: Any) -> dict[str, Any]:
    """Every cell a different number (its position in the format, from 1), so a misplaced cell shows."""
    tables: dict[str, Any] = {}
    kinds = {
        f"{table.key}.{row.key}.{column.key}": column.kind
        for table in FORMATS[fmt].tables.values()
        for block in table.blocks
        for row in block.rows
        for column in block.columns
    }
    for index, path in enumerate(cell_paths(fmt), start=1):
        value: int | float = index
        if kinds[path] == DECIMAL:
            value = index + 0.25
        elif kinds[path] == SIGNED:
            value = -index
        set_cell(tables, path, value)
    report = {
        "agency": "某某市审批服务管理局",
        "year": 2024 if fmt == "2021" else 2020,
        "format": fmt,
        "tables": tables,
    }
    report.update(extra)
    return report


def value_texts(grid: Grid, report: dict[str, Any]) -> dict[tuple[int, int], str]:
    layout = layout_report(report)
    table = next(t for t in layout.tables() if t.grid.key == grid.key)
    return {(c.row, c.col): table.text(c) for c in grid.value_cells()}


# --- grids from the format data -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_every_cell_of_the_format_has_exactly_one_place(fmt: str) -> None:
    grids = format_grids(fmt)
    paths = [".".join(c.path or ()) for grid in grids.values() for c in grid.value_cells()]
    assert sorted(paths) == sorted(cell_paths(fmt))
    for grid in grids.values():
        covered: set[tuple[int, int]] = set()
        for cell in grid.cells:
            slots = {
                (r, c)
                for r in range(cell.row, cell.row + cell.rowspan)
                for c in range(cell.col, cell.col + cell.colspan)
            }
            assert not slots & covered, f"{grid.key}: overlapping cells at {slots & covered}"
            covered |= slots
        assert covered == {(r, c) for r in range(grid.n_rows) for c in range(grid.n_cols)}


def _spans(grid: Grid) -> dict[str, tuple[int, int, int, int]]:
    return {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in grid.cells if c.text}


def test_table_3_header_and_row_groups_2021() -> None:
    grid = format_grids("2021")["requests"]
    spans = _spans(grid)
    assert (grid.n_rows, grid.n_cols, grid.header_rows, grid.label_cols) == (28, 10, 3, 3)
    assert spans["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (0, 0, 3, 3)
    assert spans["申请人情况"] == (0, 3, 1, 7)
    assert spans["自然人"] == (1, 3, 2, 1)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    assert spans["总计"] == (1, 9, 2, 1)
    assert [spans[t][:2] for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构")] == [
        (2, 4), (2, 5), (2, 6), (2, 7),
    ]  # fmt: skip
    assert spans["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    assert spans["二、上年结转政府信息公开申请数量"] == (4, 0, 1, 3)
    assert spans["三、本年度办理结果"] == (5, 0, 22, 1)
    assert spans["（一）予以公开"] == (5, 1, 1, 2)
    assert spans["（三）不予公开"] == (7, 1, 8, 1)
    assert spans["1.属于国家秘密"] == (7, 2, 1, 1)
    assert spans["（四）无法提供"] == (15, 1, 3, 1)
    assert spans["（五）不予处理"] == (18, 1, 5, 1)
    assert spans["（六）其他处理"] == (23, 1, 3, 1)
    assert spans["（七）总计"] == (26, 1, 1, 2)
    assert spans["四、结转下年度继续办理"] == (27, 0, 1, 3)


def test_table_3_in_the_2019_format_has_one_other_handling_row() -> None:
    grid = format_grids("2019")["requests"]
    spans = _spans(grid)
    assert grid.n_rows == 26
    assert spans["三、本年度办理结果"] == (5, 0, 20, 1)
    assert spans["（六）其他处理"] == (23, 1, 1, 2)
    other = [c for c in grid.value_cells() if c.row == 23]
    assert next(c.path for c in other) == ("requests", "results", "other", "natural_person")


def test_table_4_three_header_rows_and_one_row_of_fifteen() -> None:
    grid = format_grids("2021")["reviews"]
    assert (grid.n_rows, grid.n_cols, grid.header_rows, grid.label_cols) == (4, 15, 3, 0)
    top = [(c.text, c.colspan) for c in grid.rows()[0]]
    assert top == [("行政复议", 5), ("行政诉讼", 10)]
    second = [(c.text, c.rowspan, c.colspan) for c in grid.rows()[1]]
    assert second[:5] == [(t, 2, 1) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert second[5:] == [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    values = [".".join(c.path or ()) for c in grid.rows()[3]]
    assert values[0] == "reviews.reconsideration.upheld"
    assert values[5] == "reviews.litigation_direct.upheld"
    assert values[14] == "reviews.litigation_after_reconsideration.total"
    # Each value is named by its whole header chain: 行政诉讼 › 复议后起诉 › 总计.
    last = grid.rows()[3][14]
    assert [grid.cell_at(p).text for p in last.headers] == ["行政诉讼", "复议后起诉", "总计"]


def test_table_2_blocks_stretch_their_last_column() -> None:
    grid = format_grids("2021")["proactive"]
    rows = grid.rows()
    assert [(c.kind, c.text, c.colspan) for c in rows[0]] == [
        (CellKind.BLOCK_HEADER, "第二十条第（一）项", 4)
    ]
    assert [c.text for c in rows[1]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    licensing = next(r for r in rows if r[0].text == "行政许可")
    assert [(c.kind, c.colspan) for c in licensing] == [(CellKind.ROW_HEADER, 1), (CellKind.VALUE, 3)]
    fees = next(r for r in format_grids("2019")["proactive"].rows() if r[0].text == "行政事业性收费")
    assert [c.colspan for c in fees] == [1, 1, 2]


def test_values_land_in_their_cells() -> None:
    report = numbered_report("2021")
    grid = format_grids("2021")["requests"]
    texts = value_texts(grid, report)
    index = {path: i for i, path in enumerate(cell_paths("2021"), start=1)}
    for cell in grid.value_cells():
        assert texts[(cell.row, cell.col)] == str(index[".".join(cell.path or ())])


# --- the contract ----------------------------------------------------------------------------------


def test_blank_and_missing_cells_are_printed_empty() -> None:
    report = numbered_report("2021")
    report["tables"]["requests"]["new"]["natural_person"] = None
    del report["tables"]["reviews"]
    grids = format_grids("2021")
    texts = value_texts(grids["requests"], report)
    new_person = next(
        c for c in grids["requests"].value_cells() if c.path == ("requests", "new", "natural_person")
    )
    assert texts[(new_person.row, new_person.col)] == ""
    assert set(value_texts(grids["reviews"], report).values()) == {""}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r.update(format="2020"), "format 应为 2021 或 2019"),
        (lambda r: r.pop("agency"), "缺少 agency"),
        (lambda r: r.update(year="明年"), "year 应为年份"),
        (lambda r: r.update(tables=[]), "缺少 tables"),
        (lambda r: r["tables"]["requests"].update(new=[1, 2]), "tables.requests.new 应为对象"),
        (
            lambda r: r["tables"]["requests"]["new"].update(total="3"),
            "tables.requests.new.total 应为数字或 null",
        ),
        (lambda r: r["tables"]["requests"]["new"].update(total=True), "实际是真假值"),
        (lambda r: r["tables"]["requests"]["new"].update(total=1.5), "tables.requests.new.total 应为整数"),
        (lambda r: r.update(sections={"七": "……"}), "sections 的键“七”无法识别"),
        (lambda r: r.update(sections={"一": 3}), "sections.一 应为文字"),
        (lambda r: r.update(signed_on="2025-13-01"), "signed_on 应为日期"),
    ],
)
def test_wrong_shapes_are_named_in_chinese(mutate: Any, message: str) -> None:
    report = numbered_report("2021")
    mutate(report)
    with pytest.raises(RenderError, match=message):
        read_report(report)


def test_report_fields() -> None:
    data = read_report(numbered_report("2019", year="2020", signed_on="2021-01-29", sections={"六": "无。"}))
    assert (data.agency, data.year, data.format, data.signed_on) == (
        "某某市审批服务管理局",
        2020,
        "2019",
        dt.date(2021, 1, 29),
    )
    change = data.value(("proactive", "administrative_licensing", "change"))
    assert isinstance(change, int) and change < 0


@pytest.mark.parametrize(
    ("value", "printed"),
    [(None, ""), (0, "0"), (12, "12"), (-3, "-3"), (12.5, "12.5"), (3.0, "3"), (0.1, "0.1"), (1e-05, "0.00001"),
     (Decimal("2.50"), "2.5"), (1234567.89, "1234567.89")],
)  # fmt: skip
def test_format_number(value: Any, printed: str) -> None:
    assert format_number(value) == printed


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_format_number_round_trips_decimals(value: Decimal) -> None:
    assert Decimal(format_number(value)) == value
    assert Decimal(format_number(float(value))) == value


def test_output_format_by_suffix() -> None:
    assert [output_format(x) for x in ("a.docx", "b.PDF", "c.htm", "d.xlsx", "e.markdown", "pdf", ".md")] == [
        "docx", "pdf", "html", "xlsx", "md", "pdf", "md",
    ]  # fmt: skip
    with pytest.raises(RenderError, match=re.escape("无法识别的输出格式“a.doc”")):
        output_format("a.doc")


# --- text and signature ------------------------------------------------------------------------------


def test_text_sections_split_into_paragraphs_and_sub_headings() -> None:
    blocks = text_blocks(SECTIONS["一"], "一、总体情况")
    assert blocks == [
        Paragraph("本年度共收到政府信息公开申请12件。"),
        Heading("（一）主动公开情况", 2),
        Paragraph("主动公开信息41条。"),
    ]
    assert text_blocks("（一）主动公开情况。本年度主动公开信息41条，其中规章0件。") == [
        Paragraph("（一）主动公开情况。本年度主动公开信息41条，其中规章0件。")
    ]


def test_signature_follows_gb_t_9704() -> None:
    assert text_width_em("2025年1月20日") == 6.5  # half-width digits
    # The date starts two characters right of the agency's first character …
    agency, date = signature_indents("某某市审批服务管理局", "2025年1月20日")
    assert (agency, date) == (2.0, 3.5)
    assert (10 + agency) - 2 == 6.5 + date  # left edges, measured from the right margin
    # … unless the date is the longer: then the date keeps two characters on its right.
    assert signature_indents("某局", "2025年12月31日") == (9.0, 2.0)


def test_layout_order() -> None:
    layout = layout_report(numbered_report("2021", sections=SECTIONS, signed_on="2025-01-20"))
    headings = [b.text for b in layout.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]  # fmt: skip
    assert [t.grid.key for t in layout.tables()] == ["proactive", "requests", "reviews"]
    assert layout.document_title == "某某市审批服务管理局2024年政府信息公开工作年度报告"
    assert isinstance(layout.blocks[1], Paragraph) and layout.blocks[1].text.startswith(
        "根据《中华人民共和国"
    )
    assert layout.blocks[-1] == Signature("某某市审批服务管理局", "2025年1月20日", "2025-01-20")
    layout_2019 = layout_report(numbered_report("2019"))
    assert "五、政府信息公开工作存在的主要问题及改进情况" in [
        b.text for b in layout_2019.blocks if isinstance(b, Heading)
    ]


# --- fonts ---------------------------------------------------------------------------------------------


def test_font_choice() -> None:
    listed = parse_fc_list("Noto Sans CJK SC,Noto Sans CJK SC Regular\nNoto Serif CJK SC\nDejaVu Sans\n")
    assert choose_free_fonts(listed).serif == "Noto Serif CJK SC"
    assert choose_free_fonts(listed).sans == "Noto Sans CJK SC"
    assert choose_free_fonts(frozenset({"AR PL UMing CN"})).serif == "AR PL UMing CN"
    with pytest.raises(RenderError) as caught:
        choose_free_fonts(frozenset())
    assert str(caught.value) == NO_CJK_FONT
    assert "fonts-noto-cjk" in NO_CJK_FONT and "未找到可用的中文字体" in NO_CJK_FONT


# --- HTML ----------------------------------------------------------------------------------------------


def _html(report: dict[str, Any]) -> Any:
    return lxml.html.document_fromstring(render_report(report, "html").decode("utf-8"))


def test_html_is_semantic_and_accessible() -> None:
    root = _html(numbered_report("2021", sections=SECTIONS, signed_on="2025-01-20"))
    assert root.get("lang") == "zh-CN"
    assert root.findtext(".//title") == "某某市审批服务管理局2024年政府信息公开工作年度报告"
    tables = root.findall(".//table")
    assert [t.findtext("caption") for t in tables] == [
        "表二　主动公开政府信息情况", "表三　收到和处理政府信息公开申请情况", "表四　政府信息公开行政复议、行政诉讼情况",
    ]  # fmt: skip
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for table in tables:
        for td in table.iter("td"):
            if "value" in (td.get("class") or ""):
                headers = td.get("headers", "").split()
                assert headers and set(headers) <= ids  # every value cell names existing header cells
        for th in table.iter("th"):
            assert th.get("scope") in {"col", "colgroup", "row", "rowgroup"}
    requests = tables[1]
    assert len(requests.findall("thead/tr")) == 3
    corner = requests.find("thead/tr/td")
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    results = requests.xpath(".//th[text()='三、本年度办理结果']")[0]
    assert (results.get("rowspan"), results.get("scope")) == ("22", "rowgroup")
    # The value in 5.属于三类内部事务信息 × 商业企业 is named by its whole header chain.
    cell = requests.xpath(".//tr[th[text()='5.属于三类内部事务信息']]/td")[1]
    names = [root.get_element_by_id(h).text for h in cell.get("headers").split()]
    assert names == [
        "申请人情况",
        "法人或其他组织",
        "商业企业",
        "三、本年度办理结果",
        "（三）不予公开",
        "5.属于三类内部事务信息",
    ]
    assert len(tables[0].findall("tbody")) == 4  # one row group per 第二十条 block
    assert root.find(".//footer//time").get("datetime") == "2025-01-20"
    style = root.findtext(".//style")
    assert "@media print" in style and "size: A4" in style and "margin: 37mm 26mm 35mm 28mm" in style


def test_html_escapes_text() -> None:
    root = _html(numbered_report("2021", agency="<某局>&", sections={"一": "<b>不是标签</b>"}))
    assert root.find(".//h1").text_content() == "<某局>&2024年政府信息公开工作年度报告"
    assert root.xpath(".//p[contains(., '不是标签')]")[0].text == "<b>不是标签</b>"


# --- Excel ----------------------------------------------------------------------------------------------


def test_excel_has_merged_headers_and_numbers() -> None:
    from openpyxl import load_workbook

    report = numbered_report("2021")
    report["tables"]["requests"]["new"]["natural_person"] = None
    book = load_workbook(io.BytesIO(render_report(report, "xlsx")))
    assert book.sheetnames == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    sheet = book["三、收到和处理政府信息公开申请情况"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # Grid (0,0) is A3: two title rows above it.
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A8:A29", "B10:B17"} <= merged
    assert sheet["E4"].value == "法人或其他组织"
    assert sheet["D6"].value is None  # blank stays blank, not 0
    index = {path: i for i, path in enumerate(cell_paths("2021"), start=1)}
    assert sheet["J6"].value == index["requests.new.total"]
    assert isinstance(sheet["J6"].value, int)
    fees = book["二、主动公开政府信息情况"]
    amounts = [c.value for row in fees.iter_rows() for c in row if isinstance(c.value, float)]
    assert amounts == [index["proactive.administrative_fees.amount_wan_yuan"] + 0.25]


# --- Markdown ---------------------------------------------------------------------------------------------


def test_markdown() -> None:
    text = render_report(numbered_report("2021", sections=SECTIONS, signed_on="2025-01-20"), "md").decode()
    assert text.startswith("# 某某市审批服务管理局2024年政府信息公开工作年度报告\n")
    assert "\n## 三、收到和处理政府信息公开申请情况\n" in text
    assert "\n### （一）主动公开情况\n" in text
    assert "**第二十条第（八）项**" in text
    assert "| 行政事业性收费 | 10.25 |" in text
    assert "| 三、本年度办理结果 | （一）予以公开 |  | 25 | 26 | 27 | 28 | 29 | 30 | 31 |" in text
    assert text.rstrip().endswith("某某市审批服务管理局  \n2025年1月20日")
    titles = column_titles(format_grids("2021")["requests"])
    assert titles[3:5] == ["自然人", "法人或其他组织 · 商业企业"]
    assert column_titles(format_grids("2021")["reviews"])[14] == "行政诉讼 · 复议后起诉 · 总计"


# --- write_report and the command ----------------------------------------------------------------------------


def test_write_report_by_suffix(tmp_path: Path) -> None:
    report = numbered_report("2021")
    target = tmp_path / "报告.md"
    data = write_report(report, target)
    assert target.read_bytes() == data
    assert write_report(report, "md") == data
    assert not list(tmp_path.glob("md*"))


def _run(tmp_path: Path, data: Any, output: str, capsys: Any) -> tuple[int, str]:
    import argparse

    source = tmp_path / "data.json"
    source.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    code = handle(argparse.Namespace(data=str(source), output=str(tmp_path / output)))
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_cli_renders_and_explains_bad_input_in_chinese(tmp_path: Path, capsys: Any) -> None:
    report = numbered_report("2021")
    assert _run(tmp_path, report, "out.html", capsys) == (0, f"已生成：{tmp_path / 'out.html'}\n")
    assert (tmp_path / "out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, message = _run(tmp_path, "{不是 JSON", "out.docx", capsys)
    assert code == 2 and message.startswith("错误：报告数据文件不是有效的 JSON（第 1 行第 2 列")
    code, message = _run(tmp_path, report, "out.doc", capsys)
    assert code == 2 and "无法识别的输出格式" in message
    bad = copy.deepcopy(report)
    bad["tables"]["reviews"]["reconsideration"]["total"] = "五"
    code, message = _run(tmp_path, bad, "out.xlsx", capsys)
    assert (code, message) == (
        2,
        "错误：报告数据格式不对：tables.reviews.reconsideration.total 应为数字或 null，实际是文字“五”。\n",
    )
    code, message = _run(tmp_path, [1, 2], "out.md", capsys)
    assert code == 2 and "应为对象" in message
    code, message = _run(tmp_path, report, "no/such/dir/out.md", capsys)
    assert code == 2 and message.startswith("错误：无法写入输出文件")


def test_cli_is_registered(tmp_path: Path, capsys: Any) -> None:
    from gongkai.cli import main

    source = tmp_path / "d.json"
    source.write_text(json.dumps(numbered_report("2019")), encoding="utf-8")
    assert main(["render", str(source), "-o", str(tmp_path / "r.md")]) == 0
    assert main(["render", str(tmp_path / "missing.json"), "-o", str(tmp_path / "r.md")]) == 2
    assert "找不到报告数据文件" in capsys.readouterr().err


def test_table_text_of_a_label_is_its_label() -> None:
    layout = layout_report(numbered_report("2021"))
    table = layout.tables()[0]
    assert isinstance(table, Table)
    heading = table.grid.rows()[0][0]
    assert table.text(heading) == "第二十条第（一）项" and table.number(heading) is None
