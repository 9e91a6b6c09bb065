"""The Word writer, read back with python-docx: GB/T 9704-2012 page, fonts, grid, page numbers, merged cells."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from test_writers import SECTIONS, numbered_report

from gongkai.annual.model import cell_paths
from gongkai.annual.writers import render_report


@pytest.fixture(scope="module")
def document() -> Any:
    report = numbered_report("2021", sections=SECTIONS, signed_on="2025-01-20")
    return docx.Document(io.BytesIO(render_report(report, "docx")))


def test_page_is_a4_with_the_official_margins(document: Any) -> None:
    section = document.sections[0]
    measured = [
        section.page_width.mm, section.page_height.mm, section.top_margin.mm, section.bottom_margin.mm,
        section.left_margin.mm, section.right_margin.mm,
    ]  # fmt: skip
    assert measured == pytest.approx([210, 297, 37, 35, 28, 26], abs=0.02)


def test_22_lines_of_28_characters(document: Any) -> None:
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch, char_space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    text_height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    text_width_pt = (section.page_width.twips - section.left_margin.twips - section.right_margin.twips) / 20
    assert (line_pitch, char_space) == (579, -842)
    assert 22 * line_pitch <= text_height < 23 * line_pitch
    # Word's grid pitch is the body size (16 pt) plus charSpace/4096 pt: 28 characters fill the line.
    pitch = 16 + char_space / 4096
    assert 28 * pitch <= text_width_pt < 29 * pitch
    assert abs(28 * pitch - text_width_pt) < 0.1


def _fonts(style: Any) -> tuple[str | None, str | None, float | None]:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    size = style.font.size.pt if style.font.size is not None else None
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:asciiTheme")), size


@pytest.mark.parametrize(
    ("style", "east_asia", "size"),
    [
        ("Title", "方正小标宋简体", 22),
        ("Normal", "仿宋_GB2312", 16),
        ("Heading 1", "黑体", 16),
        ("Heading 2", "楷体_GB2312", 16),
    ],
)
def test_styles_name_the_official_fonts(document: Any, style: str, east_asia: str, size: float) -> None:
    assert _fonts(document.styles[style]) == (east_asia, None, size)  # no theme font overriding it


def test_defaults_carry_no_theme_font(document: Any) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert not [name for name in fonts.attrib if name.endswith("Theme") or name.endswith("theme")]


def test_paragraphs_use_the_styles(document: Any) -> None:
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "某某市审批服务管理局\n2024年政府信息公开工作年度报告")
    assert ("Heading 1", "一、总体情况") in paragraphs
    assert ("Heading 2", "（一）主动公开情况") in paragraphs
    assert ("Normal", "主动公开信息41条。") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[-1] == "六、其他需要报告的事项" and len(headings) == 6
    # Body paragraphs indent their first line by two characters.
    body = document.styles["Normal"].paragraph_format
    assert body.first_line_indent == Pt(32)
    assert body.line_spacing == Pt(28.95)


def test_signature_block(document: Any) -> None:
    agency, date = document.paragraphs[-2], document.paragraphs[-1]
    assert (agency.text, date.text) == ("某某市审批服务管理局", "2025年1月20日")
    assert agency.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # Date two characters right of the agency's first character: right indents 2 and 3.5 characters.
    assert (agency.paragraph_format.right_indent, date.paragraph_format.right_indent) == (Pt(32), Pt(56))


def test_page_numbers_in_the_footer(document: Any) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = document.sections[0].footer, document.sections[0].even_page_footer
    for footer, side in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.alignment == side
        instructions = [el.text for el in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        sizes = {run.font.size for run in paragraph.runs}
        assert sizes == {Pt(14)}  # 4号
        fonts = {run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for run in paragraph.runs}
        assert fonts == {"宋体"}


def _merge(cell: Any) -> tuple[int, str | None]:
    props = cell._tc.tcPr
    span = props.find(qn("w:gridSpan"))
    merge = props.find(qn("w:vMerge"))
    return (
        int(span.get(qn("w:val"))) if span is not None else 1,
        merge.get(qn("w:val")) if merge is not None else None,
    )


def test_three_tables_with_the_formats_merged_cells(document: Any) -> None:
    proactive, requests, reviews = document.tables
    assert (len(requests.rows), len(requests.columns)) == (28, 10)
    assert (len(reviews.rows), len(reviews.columns)) == (4, 15)
    # The corner note covers three header rows and three label columns.
    assert requests.cell(0, 0)._tc is requests.cell(2, 2)._tc
    assert requests.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert requests.cell(0, 3).text == "申请人情况" and requests.cell(0, 3)._tc is requests.cell(0, 9)._tc
    assert requests.cell(1, 4).text == "法人或其他组织" and requests.cell(1, 4)._tc is requests.cell(1, 8)._tc
    assert requests.cell(1, 3)._tc is requests.cell(2, 3)._tc  # 自然人 over two header rows
    # 三、本年度办理结果 runs down 22 rows; （三）不予公开 down 8.
    first = requests.rows[5]._tr.tc_lst[0]
    assert first.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    assert requests.cell(5, 0)._tc is requests.cell(26, 0)._tc
    assert requests.cell(27, 0).text == "四、结转下年度继续办理"
    assert (
        requests.cell(7, 1).text == "（三）不予公开" and requests.cell(7, 1)._tc is requests.cell(14, 1)._tc
    )
    assert _merge(requests.rows[5].cells[1]) == (2, None)  # （一）予以公开 spans two label columns
    assert reviews.cell(0, 0).text == "行政复议" and _merge(reviews.cell(0, 0)) == (5, None)
    assert reviews.cell(1, 5).text == "未经复议直接起诉"
    assert [c.text for c in proactive.rows[0].cells][:1] == ["第二十条第（一）项"]
    # Header rows repeat on each page the table runs onto.
    repeated = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in requests.rows]
    assert repeated == [True] * 3 + [False] * 25


def test_every_value_is_in_its_cell(document: Any) -> None:
    index = {path: i for i, path in enumerate(cell_paths("2021"), start=1)}
    requests, reviews = document.tables[1], document.tables[2]
    assert requests.cell(3, 3).text == str(index["requests.new.natural_person"])
    assert requests.cell(11, 9).text == str(index["requests.results.withheld.internal_affairs.total"])
    assert requests.cell(27, 9).text == str(index["requests.carried_forward.total"])
    assert reviews.cell(3, 14).text == str(index["reviews.litigation_after_reconsideration.total"])


def test_table_text_is_5hao_songti(document: Any) -> None:
    run = document.tables[1].cell(3, 3).paragraphs[0].runs[0]
    assert run.font.size == Pt(10.5)
    assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    header = document.tables[1].cell(0, 3).paragraphs[0].runs[0]
    assert header._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"


def test_blank_cells_are_empty() -> None:
    report = numbered_report("2021")
    report["tables"]["requests"]["new"]["natural_person"] = None
    table = docx.Document(io.BytesIO(render_report(report, "docx"))).tables[1]
    assert table.cell(3, 3).text == ""
    assert table.cell(3, 4).text != ""
