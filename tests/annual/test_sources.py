"""Reader front-ends: text encodings, HTML tables, Word tables, PDF text layers, and bad input."""

from __future__ import annotations

import io
import random
import re
import zipfile
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_samples import encrypted_pdf, form_table_pdf, rotated_text_pdf, scanned_pdf, text_pdf

from gongkai.annual.document import ReadError
from gongkai.annual.sources import load_document, sniff_kind
from gongkai.annual.sources.grid import SpanCell, place_cells, table_lines
from gongkai.annual.sources.text import decode_text

SAMPLE = "中卫市信访局\n2024年政府信息公开工作年度报告\n规章\t0\t1\t2\n行政许可 6\n"
SAMPLE_LINES = ("中卫市信访局", "2024年政府信息公开工作年度报告", "规章\t0\t1\t2", "行政许可 6", "")


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("utf-16"),  # with BOM
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
        SAMPLE.replace("\n", "\r\n").encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-le-bom", "utf16-be-bom", "gbk-crlf"],
)
def test_text_in_any_common_encoding(encoded: bytes) -> None:
    doc = load_document(encoded, name="r.txt")
    assert doc.lines == SAMPLE_LINES
    assert doc.kind == "text"
    assert doc.source == "r.txt"


def test_gb18030_is_preferred_to_a_rare_character_misreading() -> None:
    # These GBK bytes also decode as Big5 and as valid GB18030; only GB18030 gives common characters.
    assert decode_text("政府信息公开申请数量".encode("gbk")) == "政府信息公开申请数量"


def test_box_drawing_strokes_become_cell_separators() -> None:
    text = "┌──┬──┐\n│规章│0│\n├──┼──┤\n│行政许可│ 6 │\n└──┴──┘\n"
    assert load_document(text.encode("gb18030")).lines == ("|规章|0|", "|行政许可| 6 |", "")


def test_cells_printed_one_per_line_with_pipes_lose_their_pipes() -> None:
    """A converter's one-cell-per-line tables ('规章 |', a blank '|', padding '||'): cell texts one
    per line, a blank inside a row '/', padding dropped; a lone '|' that ends a row (a blank last
    cell or one padding cell) an empty line."""
    row = ["一、本年新收政府信息公开申请数量 |", "|", "3 |", "0 |", "0 |", "0 |", "|", "3 |"]
    text = "\n".join(
        ["三、收到和处理政府信息公开申请情况", *row, "||", *row, "|", "二、上年结转 |", "5 |"] * 2
    )
    cells = ["一、本年新收政府信息公开申请数量", "/", "3", "0", "0", "0", "/", "3"]
    assert load_document(text.encode()).lines == (
        *(["三、收到和处理政府信息公开申请情况", *cells, *cells, "", "二、上年结转", "5"] * 2),
    )


@pytest.mark.parametrize(
    "text",
    [
        "| 规章 | 0 | 0 | 0 |\n|---|---|---|---|\n" * 8,  # markdown
        "规章 | 0 | 0 | 0 |\n||\n" * 8,  # cells between pipes, a row per line
        "规章 |\n0 |\n|\n" * 5,  # too few cells alone on their lines
        "规章 |\n| 0 | 0 |\n" * 14,  # as many lines hold pipes between cells
    ],
)
def test_other_text_with_pipes_keeps_its_pipes(text: str) -> None:
    assert load_document(text.encode()).lines == tuple(text.split("\n"))


def test_text_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert load_document(path).lines == SAMPLE_LINES
    assert load_document(str(path)).source == str(path)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "为空"),
        (b"   \n\n", "为空"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "OCR"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "OCR"),
        (b"GIF89a" + bytes(20), "OCR"),
        (bytes(range(256)) * 8, "编码"),
        (b"PK\x03\x04" + bytes(60), "压缩包"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc"),
        (b"%PDF-1.4\n garbage", "损坏"),
    ],
    ids=["empty", "whitespace", "png", "jpeg", "gif", "binary", "zip", "ole-doc", "broken-pdf"],
)
def test_bad_input_is_a_read_error_in_chinese(data: bytes, words: str) -> None:
    with pytest.raises(ReadError) as caught:
        load_document(data)
    assert words in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="找不到文件"):
        load_document(tmp_path / "none.pdf")
    with pytest.raises(ReadError, match="文件夹"):
        load_document(tmp_path)


def test_sniffing_looks_at_content_not_names() -> None:
    assert sniff_kind(text_pdf(["x"])) == "pdf"
    for blank in (b"", b" \r\n\t\x0b\x0c"):  # nothing, or ASCII whitespace only: empty
        with pytest.raises(ReadError, match="文件为空"):
            sniff_kind(blank)
    assert sniff_kind(b" \n x \n") == "text"
    assert sniff_kind(b"<!DOCTYPE html><p>x</p>") == "html"
    assert sniff_kind("<html><body>报告</body></html>".encode("utf-16")) == "html"
    assert sniff_kind("规章 0 0 0".encode()) == "text"


# --- merged cells -------------------------------------------------------------------------------


def test_spanned_label_slots_are_dropped_blank_values_kept() -> None:
    rows = [
        [
            SpanCell("三、本年度办理结果", rowspan=2),
            SpanCell("（一）予以公开", colspan=2),
            SpanCell("1"),
            SpanCell(""),
        ],
        [SpanCell("（三）不予公开"), SpanCell("1.属于国家秘密"), SpanCell(""), SpanCell("2")],
        [SpanCell("（六）其他处理"), SpanCell(""), SpanCell(""), SpanCell("0"), SpanCell("0")],
    ]
    assert place_cells(rows)[1] == [(1, "（三）不予公开"), (2, "1.属于国家秘密"), (3, ""), (4, "2")]
    assert table_lines(place_cells(rows)) == [
        "三、本年度办理结果\t（一）予以公开\t1\t",
        "（三）不予公开\t1.属于国家秘密\t\t2",
        "（六）其他处理\t0\t0",
    ]
    single_row = [[SpanCell("结果维持"), SpanCell("总计")], [SpanCell(""), SpanCell("7")]]
    assert table_lines(place_cells(single_row)) == ["结果维持\t总计", "\t7"]


# --- HTML ---------------------------------------------------------------------------------------

HTML_REPORT = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>不是正文</title><style>p { color: red }</style><script>document.write("<p>脚本</p>")</script></head>
<body><div class="nav" style="display:none">首页 &gt; 政务公开</div>
<h1>中卫市信访局</h1><p>2024年政府信息<b>公开</b>工作年度报告</p>
<p>第一行<br>第二行</p>
<table border="1">
<tr><td rowspan="2">信息内容</td><td colspan="3">第二十条第（一）项</td></tr>
<tr><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
<tr><td><p>行政规范</p><p>性文件</p></td><td>1</td><td></td><td>3</td></tr>
</table>
<table><tr><td><p>布局表格里的段落</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>
<pre>行政许可  6
行政处罚  0</pre>
</body></html>"""


def test_html_tables_paragraphs_and_charset() -> None:
    doc = load_document(HTML_REPORT.encode("gb18030"), name="r.html")
    assert doc.kind == "html"
    assert doc.lines == (
        "中卫市信访局",
        "2024年政府信息公开工作年度报告",
        "第一行",
        "第二行",
        "信息内容\t第二十条第（一）项",
        "本年制发件数\t本年废止件数\t现行有效件数",
        "行政规范性文件\t1\t\t3",
        "布局表格里的段落",
        "规章\t0",
        "行政许可  6",
        "行政处罚  0",
    )


def test_html_without_declared_charset_is_sniffed() -> None:
    page = "<html><body><p>政府信息公开工作年度报告</p></body></html>"
    assert load_document(page.encode("gbk")).lines == ("政府信息公开工作年度报告",)


def test_html_with_xml_declaration_and_no_text() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?><html><body><p>报告</p></body></html>'
    assert load_document(xhtml.encode()).lines == ("报告",)
    with pytest.raises(ReadError, match="没有任何文字"):
        load_document(b"<html><body><script>x()</script></body></html>")


# --- Word ---------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("中卫市信访局")
    document.add_paragraph("2024年政府信息公开工作年度报告")
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "信息内容"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "第二十条第（一）项"
    for col, label in enumerate(("本年制发件数", "本年废止件数", "现行有效件数"), start=1):
        table.cell(1, col).text = label
    for col, value in enumerate(("规章", "1", "", "3")):
        table.cell(2, col).text = value
    document.add_paragraph("一、总体情况")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_merged_table_cells_in_body_order() -> None:
    doc = load_document(_docx_bytes(), name="r.docx")
    assert doc.kind == "docx"
    assert doc.lines == (
        "中卫市信访局",
        "2024年政府信息公开工作年度报告",
        "信息内容\t第二十条第（一）项",
        "本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t\t3",
        "一、总体情况",
    )


def test_broken_docx_is_a_read_error() -> None:
    data = _docx_bytes()
    with pytest.raises(ReadError, match="Word"):
        load_document(data[: len(data) // 2])
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, content[:100] if item.filename == "word/document.xml" else content)
    with pytest.raises(ReadError, match="Word"):
        load_document(damaged.getvalue())


def _repackaged(data: bytes, rename: dict[str, str], drop: tuple[str, ...] = ()) -> bytes:
    """The .docx package with parts renamed (their relationships pointed at the new names) or dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            content = source.read(item)
            if item.filename.endswith(".rels") or item.filename == "[Content_Types].xml":
                for old, new in rename.items():
                    content = content.replace(old.encode(), new.encode())
            target.writestr(rename.get(item.filename, item.filename), content)
    return out.getvalue()


def test_docx_body_is_found_through_the_package_relationships() -> None:
    moved = _repackaged(
        _docx_bytes(),
        {"word/document.xml": "word/main.xml", "word/_rels/document.xml.rels": "word/_rels/main.xml.rels"},
    )
    assert load_document(moved).lines == load_document(_docx_bytes()).lines


def test_docx_without_numbering_and_styles_parts_is_read() -> None:
    bare = _repackaged(_numbered_docx(), {}, drop=("word/numbering.xml", "word/styles.xml"))
    assert load_document(bare).lines == ("总体情况", "主动公开", "依申请公开", "受理", "主动公开政府信息情况")


def test_docx_numbering_from_a_paragraph_style() -> None:
    """A heading style that carries the list numbering (as Word's 标题 styles often do)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.part.numbering_part.element.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        )
    )
    document.part.numbering_part.element.append(
        parse_xml(f'<w:num {w} w:numId="91"><w:abstractNumId w:val="91"/></w:num>')
    )
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>')
    )
    document.add_paragraph("总体情况", style="Heading 1")
    document.add_paragraph("正文")
    document.add_paragraph("主动公开政府信息情况", style="Heading 1")
    buffer = io.BytesIO()
    document.save(buffer)
    assert load_document(buffer.getvalue()).lines == ("一、总体情况", "正文", "二、主动公开政府信息情况")


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_text_layer_words_and_lines() -> None:
    doc = load_document(text_pdf(["Annual report 2024", "Row 1 2 3"]))
    assert doc.kind == "pdf"
    assert doc.lines == ("Annual report 2024", "Row 1 2 3")


def test_pdf_text_layer_surrogate_pairs_are_one_character() -> None:
    from gongkai.annual.sources.pdf import _paired_surrogates

    assert _paired_surrogates("a\ud83d\ude00b\ud800c\udc00") == ["a", "", "\U0001f600", "b", "", "c", ""]


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)


def test_pdf_space_flags_go_to_the_next_kept_character() -> None:
    from gongkai.annual.sources.pdf import _spaced

    text = "ab c\r\n d  \ne"
    kept = np.array([0, 1, 3, 7, 11])  # the indexes of the characters kept
    # after " ", after "\r\n ", after "  \n": the kept characters 3, 7 and 11, at positions 2, 3, 4
    assert _spaced(_codes(text), kept).tolist() == [False, False, True, True, True]
    assert _spaced(_codes("a\r\nb"), np.array([0, 3])).tolist() == [False, False]  # a line break is no space
    assert _spaced(_codes("a x"), np.array([0])).tolist() == [False]  # nothing kept after the space
    assert _spaced(_codes(" a"), np.array([1])).tolist() == [True]  # a space opening the page
    # a character without a box (index 2, not kept) between the space and the next kept one
    assert _spaced(_codes("a yb"), np.array([0, 3])).tolist() == [False, True]
    # code points (pdfium's text not one to one): beyond the tables' range, and a full-width space
    points = np.array([0x20000, 0x3000, 0x41], dtype="<u4")
    assert _spaced(points, np.array([0, 2])).tolist() == [False, True]


# The rule `_spaced` replaced: the first kept character at or after the end of each whitespace run
# that holds a real space (the run's rest from its first real space on has the run's end).
_SPACED_RUN = re.compile("[ \xa0\u3000][\0\t\n\r \xa0\u3000\ufeff\ufffe\uffff]*")


@given(
    st.text(alphabet=st.sampled_from("a中 \xa0\u3000\r\n\t\0\ufeff\ud83d\ude00"), max_size=40),
    st.randoms(use_true_random=False),
)
def test_pdf_space_flags_are_the_whitespace_runs_rule(text: str, rng: random.Random) -> None:
    from gongkai.annual.sources.pdf import _SKIPPED, _spaced

    # kept: some of the characters that are not whitespace (others have no box)
    kept = np.array([i for i, letter in enumerate(text) if letter not in _SKIPPED and rng.random() < 0.8])
    kept = kept.astype(np.intp) if len(kept) else np.zeros(0, dtype=np.intp)
    ends = [run.end() for run in _SPACED_RUN.finditer(text)]
    positions = np.searchsorted(kept, ends)
    expected = np.zeros(len(kept), dtype=bool)
    expected[positions[positions < len(kept)]] = True
    assert _spaced(_codes(text), kept).tolist() == expected.tolist()


def test_pdf_kept_letters_are_the_letters_at_the_kept_indexes() -> None:
    from gongkai.annual.sources.pdf import _kept_letters, _paired_surrogates

    text = "年 报\u3000A"
    kept = np.array([0, 2, 4])
    assert _kept_letters(text, _codes(text), kept) == "年报A"
    points = np.array([ord(letter) for letter in "x\U00020000y"], dtype="<u4")  # code points beyond UTF-16
    assert _kept_letters("x\U00020000y", points, np.array([1, 2])) == "\U00020000y"
    paired = "a\ud83d\ude00b"
    assert _kept_letters(_paired_surrogates(paired), _codes(paired), np.array([0, 2, 3])) == [
        "a",
        "\U0001f600",
        "b",
    ]


@given(st.text(alphabet=st.sampled_from("a中 \r\n\u3000\ud83d\ude00\ud800"), max_size=40))
def test_pdf_surrogate_pairing_keeps_indexes(text: str) -> None:
    from gongkai.annual.sources.pdf import _paired_surrogates

    letters = _paired_surrogates(text)
    assert len(letters) == len(text)
    assert "".join(letters) == text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def test_pdf_loose_boxes_through_the_kept_buffer_are_pdfiums_own() -> None:
    """The boxes are written into one buffer kept between pages: a page read after a longer one
    gets its own boxes (as pypdfium2's public call gives them), not the longer page's leftovers."""
    import pypdfium2 as pdfium

    from gongkai.annual.sources import pdfium_calls

    long_page = text_pdf([f"Row {n} of a longer page with many characters" for n in range(30)])
    for data in (long_page, text_pdf(["Annual report 2024", "x 1"]), text_pdf(["ab"]), long_page):
        pdf = pdfium.PdfDocument(data)
        page = pdf[0]
        textpage = page.get_textpage()
        count = textpage.count_chars()
        expected = [textpage.get_charbox(index, loose=True) for index in range(count)]
        # every character, and every other one from the last backwards (the boxes of those asked for)
        for indexes in (list(range(count)), list(range(count - 1, -1, -2))):
            found, sides = pdfium_calls.loose_boxes(pdfium_calls.handle(textpage.raw), indexes)
            assert found.tolist() == [True] * len(indexes)
            assert sides.shape == (len(indexes), 4)
            # pypdfium2 gives (left, bottom, right, top); each row holds left, top, right, bottom
            boxes = [(left, bottom, right, top) for left, top, right, bottom in sides.tolist()]
            assert boxes == [expected[index] for index in indexes]
        textpage.close()
        page.close()
        pdf.close()


def test_pdf_tight_boxes_in_bulk_are_pdfiums_own() -> None:
    """Tight boxes fetched together (for fonts with bogus loose boxes) are each character's own
    box as pypdfium2's public call gives it, for any order and subset of indexes."""
    import pypdfium2 as pdfium

    from gongkai.annual.sources import pdfium_calls

    pdf = pdfium.PdfDocument(text_pdf(["Annual report 2024", "x 1 and more"]))
    page = pdf[0]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    handle = pdfium_calls.handle(textpage.raw)
    for indexes in (list(range(count)), [count - 1, 0, 3], []):
        rows = pdfium_calls.tight_boxes(handle, indexes)
        assert rows.shape == (len(indexes), 4)
        # pdfium fills left, right, bottom, top; pypdfium2 gives (left, bottom, right, top)
        expected = [textpage.get_charbox(index) for index in indexes]
        assert [(left, bottom, right, top) for left, right, bottom, top in rows.tolist()] == expected
    textpage.close()
    page.close()
    pdf.close()


def test_pdf_text_units_and_whitespace_match_the_text() -> None:
    """The text layer's UTF-16 units come with its text, and the whitespace test over them (no
    surrogates) is the one over the text's characters."""
    import pypdfium2 as pdfium

    from gongkai.annual.sources import pdf as pdf_front
    from gongkai.annual.sources import pdfium_calls

    pdf = pdfium.PdfDocument(text_pdf(["Annual report 2024", "x  1 2"]))
    page = pdf[0]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    handle = pdfium_calls.handle(textpage.raw)
    units = pdfium_calls.char_units(handle, count)
    assert units is not None
    text, codes = units
    assert text == pdfium_calls.char_text(handle, count) == textpage.get_text_range()
    assert codes.tolist() == list(np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16))
    letters, skipped, page_codes = pdf_front._page_text(handle, count)
    assert letters == text
    assert page_codes.tolist() == codes.tolist()
    assert skipped.tolist() == [letter in pdf_front._SKIPPED for letter in text]
    assert any(skipped) and not all(skipped)
    textpage.close()
    page.close()
    pdf.close()


def test_pdf_characters_without_a_one_to_one_text_are_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where pdfium's text does not map one to one onto its indexes, the characters come from one
    code point per index (`char_codes`): the same characters, boxes and space flags."""
    from gongkai.annual.sources import pdf as pdf_front
    from gongkai.annual.sources import pdfium_calls

    data = text_pdf(["Annual report 2024", "Row  1 2 3"])
    (expected,) = pdf_front.extract_pages(data)
    monkeypatch.setattr(pdfium_calls, "char_units", lambda textpage, count: None)
    (content,) = pdf_front.extract_pages(data)
    assert content.chars == expected.chars
    assert [char[5] for char in content.chars].count(True) == 5  # "report", "2024", "1", "2", "3"


def _has_table_gap(chars: list[tuple[float, float, float, float]], overlap: float, table_gap: float) -> bool:
    """The rule of `_may_hold_table`, character by character: two neighbours in the text layer on
    one line (tops closer than `overlap` of the first one's height) with a gap wider than
    `table_gap` of that height."""
    return any(
        abs(top - previous[1]) < overlap * (previous[3] - previous[1])
        and x0 - previous[2] > table_gap * (previous[3] - previous[1])
        for previous, (x0, top, _x1, _bottom) in pairwise(chars)
    )


_COORDINATE = st.sampled_from([0.0, 1.0, 2.5, 3.0, 7.25, 10.0, 12.0, 20.0])


@given(st.lists(st.tuples(_COORDINATE, _COORDINATE, _COORDINATE, _COORDINATE), max_size=12))
def test_pdf_table_gap_test_over_box_columns_is_the_per_character_rule(
    chars: list[tuple[float, float, float, float]],
) -> None:
    from gongkai.annual.sources.pdf import DEFAULT_PDF_SETTINGS as settings
    from gongkai.annual.sources.pdf import _may_hold_table

    boxes = np.array(chars, dtype=np.float64).reshape(len(chars), 4)
    assert _may_hold_table(boxes, settings) == _has_table_gap(
        chars, settings.line_overlap, settings.table_gap
    )


def _rulings_path_by_path(
    paths: list[int], sides: list[tuple[float, float, float, float]], height: float, rectangles: set[int]
) -> tuple[list[tuple[float, ...]], list[tuple[float, ...]]]:
    """The rule `_path_rulings` follows, one path at a time (as the front-end read them before)."""
    from gongkai.annual.sources.pdf import DEFAULT_PDF_SETTINGS as settings

    thin, long_enough = settings.ruling_max_thickness, settings.ruling_min_length
    horizontal: list[tuple[float, ...]] = []
    vertical: list[tuple[float, ...]] = []
    boxes = []
    for path, (left, bottom, right, top) in zip(paths, sides, strict=True):
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        width, tall = x1 - x0, y1 - y0
        if tall <= thin and width >= long_enough:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif width <= thin and tall >= long_enough:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif width > thin and tall > thin:
            boxes.append((path, x0, y0, x1, y1))
    if not (horizontal and vertical):
        for path, x0, y0, x1, y1 in boxes:
            if path in rectangles:
                horizontal += [(y0, x0, x1), (y1, x0, x1)]
                vertical += [(x0, y0, y1), (x1, y0, y1)]
    return horizontal, vertical


_SIDE = st.sampled_from([0.0, 1.0, 2.5, 3.0, 4.0, 6.5, 7.0, 30.0, 100.25, float("nan")])


@given(
    st.lists(st.tuples(_SIDE, _SIDE, _SIDE, _SIDE), max_size=12),
    st.sets(st.integers(0, 11)),
    st.sampled_from([100.0, 841.89]),
)
def test_pdf_rulings_by_columns_are_the_per_path_rule(
    sides: list[tuple[float, float, float, float]], rectangles: set[int], height: float
) -> None:
    """Paths are sorted into horizontal and vertical rulings (and cell rectangles, where no table
    is drawn line by line) over whole columns, exactly as path by path."""
    from gongkai.annual.sources import pdf as pdf_front

    paths = list(range(len(sides)))
    content = pdf_front.PageContent(600.0, height)
    original = pdf_front.pdfium_calls.is_rectangle
    pdf_front.pdfium_calls.is_rectangle = rectangles.__contains__  # type: ignore[assignment]
    try:
        array = np.array(sides, dtype=np.float64).reshape(len(sides), 4)
        pdf_front._path_rulings(paths, array, height, pdf_front.DEFAULT_PDF_SETTINGS, content)
    finally:
        pdf_front.pdfium_calls.is_rectangle = original
    horizontal, vertical = _rulings_path_by_path(paths, sides, height, rectangles)
    # compared as text: NaN sides give NaN rulings, which are equal as text only
    assert repr([tuple(r) for r in content.horizontal]) == repr(horizontal)
    assert repr([tuple(r) for r in content.vertical]) == repr(vertical)
    assert all(type(value) is float for r in content.horizontal + content.vertical for value in r)


def test_pdf_lattice_closes_a_table_cut_at_its_column_lines_ends() -> None:
    """A table cut by a page break has no bottom border: its column lines' lowest end closes the
    grid; an end within `min_row_height` of a horizontal line is that line (whole-number points
    as well as fractional ones)."""
    from gongkai.annual.sources.pdf import DEFAULT_PDF_SETTINGS, Lattice, PageContent, Ruling

    for top, cut in ((100, 160), (100.0, 160.5)):
        content = PageContent(600, 800)
        content.horizontal = [Ruling(top, 50, 250), Ruling(top + 20, 50, 250)]
        # the column lines start 4 pt above the top border (within `min_row_height`: not a line)
        content.vertical = [Ruling(x, top - 4, cut) for x in (50, 150, 250)]
        lattice = Lattice(content, DEFAULT_PDF_SETTINGS)
        assert lattice.ys == [top, top + 20, cut]
        assert (lattice.rows, lattice.cols) == (2, 2)


def test_pdf_page_keeps_its_character_boxes_as_columns() -> None:
    """The extraction keeps each character's box as a row of x0, top, x1, bottom (the table-gap
    test reads them); a page turned by /Rotate has new boxes, built from its characters."""
    from gongkai.annual.sources.pdf import _boxes, extract_pages

    for data in (
        text_pdf(["Annual report 2024", "Row 1 2 3"]),
        rotated_text_pdf(["Annual report 2024", "Row 1 2 3"]),
    ):
        (content,) = extract_pages(data)
        expected = [[x0, top, x1, bottom] for _, x0, top, x1, bottom, _ in content.chars]
        assert len(expected) > 10
        assert _boxes(content).tolist() == expected
    assert content.boxes is None  # the rotated page's boxes were built from its characters


def test_pdf_handles_are_pointer_arguments_ctypes_takes_as_they_are() -> None:
    """Page, text page and object handles are ctypes' own pointer arguments (what
    `c_void_p.from_param` makes): a `c_void_p` instance would be converted again on every call.
    The objects found through them are pypdfium2's."""
    import ctypes

    import pypdfium2 as pdfium

    from gongkai.annual.sources import pdfium_calls

    argument = type(ctypes.c_void_p.from_param(1))
    pdf = pdfium.PdfDocument(form_table_pdf())
    page = pdf[0]
    handle = pdfium_calls.handle(page.raw)
    objects, kinds = pdfium_calls.page_objects(handle)
    assert type(handle) is argument and objects and all(type(obj) is argument for obj in objects)
    assert kinds == [obj.type for obj in page.get_objects(max_depth=0)]
    form = objects[kinds.index(pdfium_calls.FORM)]
    inner, inner_kinds = pdfium_calls.form_objects(form)
    assert inner and all(type(obj) is argument for obj in inner) and pdfium_calls.PATH in inner_kinds
    page.close()
    pdf.close()


def test_pdf_ruled_cell_keeps_a_wrapped_label_with_its_centred_value() -> None:
    # The table lines sit in a form XObject placed by a matrix; the value is printed between the
    # label's two lines, as in a tall cell.
    assert load_document(form_table_pdf()).lines == ("Name\tCount", "Applications received\t7")


def test_pdf_page_turned_by_rotate_is_read_as_displayed() -> None:
    doc = load_document(rotated_text_pdf(["Annual report 2024", "Row 1 2 3"]))
    assert doc.lines == ("Annual report 2024", "Row 1 2 3")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (encrypted_pdf(), "加密"),
        (scanned_pdf(), "需要先进行文字识别（OCR）"),
        (text_pdf(["x y"])[:200], "损坏"),
    ],
    ids=["encrypted", "scanned", "truncated"],
)
def test_unreadable_pdfs(data: bytes, words: str) -> None:
    with pytest.raises(ReadError) as caught:
        load_document(data)
    assert words in str(caught.value)


def test_truncated_pdf_that_still_opens_carries_a_note() -> None:
    data = text_pdf(["Annual report 2024 with enough characters"])
    cut = data[: data.rindex(b"%%EOF")]
    doc = load_document(cut)
    assert doc.lines == ("Annual report 2024 with enough characters",)
    assert doc.notes and "不完整" in doc.notes[0]


def test_real_pdf_tables_are_rows_of_cells(shared_dir: Path) -> None:
    """A ruled table: tall label cells keep their vertically centred values; page numbers dropped."""
    lines = load_document(shared_dir / "real" / "hongze-2023.pdf").lines
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t4\t0\t0\t0\t0\t0\t4" in lines
    assert "三、本年度办理结果\t（一）予以公开\t0\t0\t0\t0\t0\t0\t0" in lines
    assert "（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1" in lines
    assert "（六）其他处理\t0\t0\t0\t0\t0\t0\t0" in lines
    assert "信息内容\t本年处理决定数量" in lines  # a header row whose top border is missing (page break)
    assert "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0" in lines
    assert not any(line.strip() in {"- 3 -", "- 4 -"} for line in lines)
    huaian = load_document(shared_dir / "real" / "huaian-2024.pdf").lines
    assert "行政许可\t447228" in huaian
    assert "行政事业性收费\t96171.6" in huaian
    assert "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20" in huaian


def _numbered_docx() -> bytes:
    """Headings numbered by Word itself ('一、', '（一）'): the numbers are not in the text runs."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in (
        (0, "总体情况"),
        (1, "主动公开"),
        (1, "依申请公开"),
        (2, "受理"),
        (0, "主动公开政府信息情况"),
    ):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_automatic_numbering_is_printed() -> None:
    assert load_document(_numbered_docx()).lines == (
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "1.受理",
        "二、主动公开政府信息情况",
    )


# --- property: any table of merged cells reads back row by row -------------------------------


@st.composite
def merged_grids(draw: st.DrawFn) -> list[list[tuple[int, int, int, int]]]:
    """A table as rows of cells (row, col, rowspan, colspan) tiling a rows×cols grid exactly."""
    rows, cols = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    taken = [[False] * cols for _ in range(rows)]
    table: list[list[tuple[int, int, int, int]]] = [[] for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if taken[r][c]:
                continue
            width = 1
            limit = draw(st.integers(1, cols - c))
            while width < limit and not taken[r][c + width]:
                width += 1
            height = draw(st.integers(1, rows - r))
            for dr in range(height):
                for dc in range(width):
                    taken[r + dr][c + dc] = True
            table[r].append((r, c, height, width))
    return table


def _span_table_html(table: list[list[tuple[int, int, int, int]]]) -> str:
    rows = "".join(
        "<tr>" + "".join(f'<td rowspan="{h}" colspan="{w}">格{r}-{c}</td>' for r, c, h, w in cells) + "</tr>"
        for cells in table
    )
    return f'<table border="1" style="border-collapse: collapse">{rows}</table>'


def _expected_rows(table: list[list[tuple[int, int, int, int]]]) -> tuple[str, ...]:
    return tuple("\t".join(f"格{r}-{c}" for r, c, _, _ in cells) for cells in table if cells)


@settings(max_examples=150, deadline=None)
@given(merged_grids())
def test_any_merged_html_table_reads_back_row_by_row(table: list[list[tuple[int, int, int, int]]]) -> None:
    page = f"<html><body>{_span_table_html(table)}</body></html>"
    assert load_document(page.encode()).lines == _expected_rows(table)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(merged_grids())
def test_any_merged_table_printed_to_pdf_reads_back_row_by_row(
    table: list[list[tuple[int, int, int, int]]],
) -> None:
    """The lattice: cells found from the printed lines alone give the same rows as the HTML."""
    import weasyprint

    # Top-aligned cells: every printed row has a line with two cells, which is what makes the
    # PDF front-end look for table lines on a page at all.
    # Every row at least one line high, so that no row of the HTML collapses to nothing in print.
    css = (
        "td { border: 1px solid black; padding: 4pt 8pt; vertical-align: top; font-family: 'Noto Sans CJK SC'; }"
        " tr { height: 24pt; }"
    )
    heading = "<p>政府信息公开工作年度报告：合并单元格的表格</p>"  # a text layer of some length
    page = f"<html><head><style>{css}</style></head><body>{heading}{_span_table_html(table)}</body></html>"
    lines = load_document(weasyprint.HTML(string=page).write_pdf()).lines
    assert lines == ("政府信息公开工作年度报告：合并单元格的表格", *_expected_rows(table))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(merged_grids())
def test_any_merged_word_table_reads_back_row_by_row(table: list[list[tuple[int, int, int, int]]]) -> None:
    import docx

    document = docx.Document()
    rows, cols = len(table), max(c + w for cells in table for _, c, _, w in cells)
    grid = document.add_table(rows=rows, cols=cols)
    for cells in table:
        for r, c, h, w in cells:
            cell = grid.cell(r, c)
            if h > 1 or w > 1:
                cell = cell.merge(grid.cell(r + h - 1, c + w - 1))
            cell.text = f"格{r}-{c}"
    buffer = io.BytesIO()
    document.save(buffer)
    assert load_document(buffer.getvalue()).lines == _expected_rows(table)
