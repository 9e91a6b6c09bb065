"""Word (.docx) in the official-document layout of GB/T 9704-2012: page, fonts, grid, page numbers, tables."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from gongkai.annual.writers import fonts
from gongkai.annual.writers.blocks import (
    Heading,
    Layout,
    Paragraph,
    Signature,
    Table,
    Title,
    signature_indents,
)
from gongkai.annual.writers.fonts import Typeface
from gongkai.annual.writers.grid import Cell, CellKind, Grid
from gongkai.annual.writers.page import CELL_MARGIN_TWIPS, PAGE, TWIPS_PER_PT, mm_to_twips


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(f"w:{tag}"))


def _element(tag: str, **attrs: str | int) -> Any:
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        el.set(_w(name), str(value))
    return el


def _replace_child(parent: Any, child: Any, *, first: bool = False) -> Any:
    for old in parent.findall(child.tag):
        parent.remove(old)
    if first:
        parent.insert(0, child)
    else:
        parent.append(child)
    return child


# The order of an element's children is fixed by the schema (Word rejects files that break it): the
# properties below are built in that order; python-docx's table properties are re-sorted into it.
_TBLPR_ORDER = (
    "tblStyle", "tblW", "jc", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
)  # fmt: skip


def _ordered(parent: Any, order: tuple[str, ...]) -> None:
    rank = {_w(tag): i for i, tag in enumerate(order)}
    children = sorted(parent, key=lambda el: rank.get(el.tag, len(order)))
    for el in children:
        parent.remove(el)
    for el in children:
        parent.append(el)


def run_properties(face: Typeface, size_pt: float) -> Any:
    """A w:rPr naming the East-Asian font (w:eastAsia) and the Latin one explicitly, never a theme font."""
    rpr = _element("rPr")
    rpr.append(
        _element(
            "rFonts",
            ascii=face.latin,
            hAnsi=face.latin,
            eastAsia=face.official,
            cs=face.latin,
            hint="eastAsia",
        )
    )
    rpr.append(_element("color", val="000000"))
    half_points = round(size_pt * 2)
    rpr.append(_element("sz", val=half_points))
    rpr.append(_element("szCs", val=half_points))
    rpr.append(_element("lang", val="en-US", eastAsia="zh-CN"))
    return rpr


@dataclass(frozen=True)
class ParagraphFormat:
    """The paragraph properties a style or a table cell needs (twips; None leaves Word's default)."""

    align: str = "both"  # w:jc: both (justified), center, left, right
    first_line_chars: int = 0  # first-line indent in hundredths of a character (200 = two characters)
    first_line: int = 0
    left: int = 0
    right: int = 0
    line: int | None = None  # exact line height; None = single
    before: int = 0
    after: int = 0
    snap_to_grid: bool = True
    outline_level: int | None = None
    keep_next: bool = False


def paragraph_properties(fmt: ParagraphFormat, style_id: str | None = None) -> Any:
    ppr = _element("pPr")
    if style_id is not None:
        ppr.append(_element("pStyle", val=style_id))
    if fmt.keep_next:
        ppr.append(_element("keepNext"))
    if not fmt.snap_to_grid:
        ppr.append(_element("snapToGrid", val=0))
    if fmt.line is None:
        ppr.append(_element("spacing", before=fmt.before, after=fmt.after, line=240, lineRule="auto"))
    else:
        ppr.append(_element("spacing", before=fmt.before, after=fmt.after, line=fmt.line, lineRule="exact"))
    # Always explicit: a table cell must not inherit the body's two-character first-line indent.
    ppr.append(
        _element(
            "ind",
            left=fmt.left,
            right=fmt.right,
            firstLineChars=fmt.first_line_chars,
            firstLine=fmt.first_line,
        )
    )
    ppr.append(_element("jc", val=fmt.align))
    if fmt.outline_level is not None:
        ppr.append(_element("outlineLvl", val=fmt.outline_level))
    return ppr


def _restyle(style: Any, ppr: Any, rpr: Any) -> None:
    """Replace a style's paragraph and run properties (dropping the template's theme fonts and colours)."""
    el = style.element
    for tag in ("pPr", "rPr"):
        for old in el.findall(_w(tag)):
            el.remove(old)
    el.append(ppr)
    el.append(rpr)


def _body_format(**overrides: Any) -> ParagraphFormat:
    base: dict[str, Any] = {
        "first_line_chars": 200,
        "first_line": round(2 * PAGE.body_pt * TWIPS_PER_PT),
        "line": PAGE.line_pitch_twips,
    }
    base.update(overrides)
    return ParagraphFormat(**base)


STYLE_TITLE = "Title"
STYLE_HEADING_1 = "Heading 1"
STYLE_HEADING_2 = "Heading 2"
STYLE_SIGNATURE = "Closing"
STYLE_TABLE_TEXT = "公文表格"


def _set_up_styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    # Document defaults: no theme fonts anywhere (a theme font would override w:eastAsia), Chinese language.
    defaults = styles.element.find(_w("docDefaults"))
    rpr_default = defaults.find(_w("rPrDefault"))
    _replace_child(rpr_default, run_properties(fonts.BODY, PAGE.body_pt))
    ppr_default = defaults.find(_w("pPrDefault"))
    _replace_child(ppr_default, _element("pPr"))
    _restyle(styles["Normal"], paragraph_properties(_body_format()), run_properties(fonts.BODY, PAGE.body_pt))
    _restyle(
        styles[STYLE_TITLE],
        paragraph_properties(
            ParagraphFormat(
                align="center", line=round(PAGE.title_pt * 1.5 * TWIPS_PER_PT), snap_to_grid=False
            )
        ),
        run_properties(fonts.TITLE, PAGE.title_pt),
    )
    _restyle(
        styles[STYLE_HEADING_1],
        paragraph_properties(_body_format(outline_level=0, keep_next=True)),
        run_properties(fonts.HEADING_1, PAGE.body_pt),
    )
    _restyle(
        styles[STYLE_HEADING_2],
        paragraph_properties(_body_format(outline_level=1, keep_next=True)),
        run_properties(fonts.HEADING_2, PAGE.body_pt),
    )
    closing = styles.add_style(STYLE_SIGNATURE, WD_STYLE_TYPE.PARAGRAPH)
    closing.base_style = styles["Normal"]
    _restyle(
        closing,
        paragraph_properties(_body_format(first_line_chars=0, first_line=0, align="right")),
        run_properties(fonts.BODY, PAGE.body_pt),
    )
    table_text = styles.add_style(STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    _restyle(
        table_text,
        paragraph_properties(ParagraphFormat(align="center", snap_to_grid=False)),
        run_properties(fonts.TABLE, PAGE.table_pt),
    )


def _set_up_page(document: Any) -> None:
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width = Twips(mm_to_twips(PAGE.width_mm))
    section.page_height = Twips(mm_to_twips(PAGE.height_mm))
    section.top_margin = Twips(mm_to_twips(PAGE.top_mm))
    section.bottom_margin = Twips(mm_to_twips(PAGE.bottom_mm))
    section.left_margin = Twips(mm_to_twips(PAGE.left_mm))
    section.right_margin = Twips(mm_to_twips(PAGE.right_mm))
    section.footer_distance = Twips(mm_to_twips(PAGE.footer_mm))
    section.header_distance = Twips(mm_to_twips(PAGE.header_mm))
    sect_pr = section._sectPr
    grid = sect_pr.find(_w("docGrid"))
    if grid is None:
        grid = _element("docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(_w("type"), "linesAndChars")
    grid.set(_w("linePitch"), str(PAGE.line_pitch_twips))
    grid.set(_w("charSpace"), str(PAGE.char_space))
    # Odd pages carry the number on the right, even pages on the left (GB/T 9704-2012 §7.5).
    document.settings.odd_and_even_pages_header_footer = True
    # The template says Japanese; Word and LibreOffice pick East-Asian fallback fonts by this language.
    theme_lang = document.settings.element.find(_w("themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_w("eastAsia"), "zh-CN")
    _page_number(section.footer, align="right")
    _page_number(section.even_page_footer, align="left")


def _text_element(tag: str, text: str) -> Any:
    """A w:t or w:instrText keeping its spaces."""
    el = _element(tag)
    el.text = text
    el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _run(text: str, rpr: Any | None = None) -> Any:
    run = _element("r")
    if rpr is not None:
        run.append(rpr)
    run.append(_text_element("t", text))
    return run


def _page_number(footer: Any, align: str) -> None:
    """“— 1 —” in 4号 宋体, one character in from the outer edge; the number is a PAGE field."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    p = paragraph._p
    for child in list(p):
        p.remove(child)
    one_char = round(PAGE.page_number_pt * TWIPS_PER_PT)
    outer = ParagraphFormat(align=align, snap_to_grid=False)
    outer = replace(outer, right=one_char) if align == "right" else replace(outer, left=one_char)
    p.append(paragraph_properties(outer))

    def rpr() -> Any:
        return run_properties(fonts.PAGE_NUMBER, PAGE.page_number_pt)

    p.append(_run("— ", rpr()))
    # A complex field: begin, the instruction, separate, the last computed result, end.
    parts: list[Any] = [
        _element("fldChar", fldCharType="begin"),
        _text_element("instrText", " PAGE "),
        _element("fldChar", fldCharType="separate"),
        _text_element("t", "1"),
        _element("fldChar", fldCharType="end"),
    ]
    for part in parts:
        run = _element("r")
        run.append(rpr())
        run.append(part)
        p.append(run)
    p.append(_run(" —", rpr()))


def _add_paragraph(document: Any, text: str, style: str, fmt: ParagraphFormat) -> Any:
    """A paragraph in `style` with direct formatting `fmt` (for the signature's computed indents)."""
    paragraph = document.add_paragraph(text, style=style)
    _replace_child(paragraph._p, paragraph_properties(fmt, paragraph.style.style_id), first=True)
    return paragraph


def _add_title(document: Any, title: Title) -> None:
    paragraph = document.add_paragraph(style=STYLE_TITLE)
    for i, line in enumerate(title.lines):
        run = paragraph.add_run(line)
        if i < len(title.lines) - 1:
            run.add_break()
    # One blank body line between the title and the text (GB/T 9704-2012 §7.3.3).
    document.add_paragraph("", style="Normal")


def _add_signature(document: Any, signature: Signature) -> None:
    agency_em, date_em = signature_indents(signature.agency, signature.date)
    em = PAGE.body_pt * TWIPS_PER_PT
    document.add_paragraph("", style="Normal")
    fmt = _body_format(first_line_chars=0, first_line=0, align="right")
    _add_paragraph(document, signature.agency, STYLE_SIGNATURE, replace(fmt, right=round(agency_em * em)))
    if signature.date:
        _add_paragraph(document, signature.date, STYLE_SIGNATURE, replace(fmt, right=round(date_em * em)))


def _cell_format(cell: Cell) -> tuple[ParagraphFormat, Typeface]:
    """Column and block headings centred in 黑体; row labels and the corner note flush left; numbers centred."""
    if cell.kind in (CellKind.COLUMN_HEADER, CellKind.BLOCK_HEADER):
        return ParagraphFormat(align="center", snap_to_grid=False), fonts.HEADING_1
    align = "left" if cell.kind in (CellKind.ROW_HEADER, CellKind.CORNER) else "center"
    return ParagraphFormat(align=align, snap_to_grid=False), fonts.TABLE


def _table_properties(tbl: Any, grid: Grid, widths: list[int]) -> None:
    tbl_pr = tbl.tblPr
    _replace_child(tbl_pr, _element("tblW", w=sum(widths), type="dxa"))
    _replace_child(tbl_pr, _element("jc", val="center"))
    _replace_child(tbl_pr, _element("tblLayout", type="fixed"))
    margins = _element("tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_element(side, w=CELL_MARGIN_TWIPS if side in ("left", "right") else 0, type="dxa"))
    _replace_child(tbl_pr, margins)
    _replace_child(tbl_pr, _element("tblCaption", val=f"{grid.numeral}、{grid.title}"))
    _ordered(tbl_pr, _TBLPR_ORDER)
    tbl_grid = tbl.tblGrid
    for col, width in zip(tbl_grid.findall(_w("gridCol")), widths, strict=True):
        col.set(_w("w"), str(width))


def _widths_twips(block: Table) -> list[int]:
    relative = block.column_widths()
    width = PAGE.text_width_twips
    out = [int(width * w / sum(relative)) for w in relative]
    out[-1] += width - sum(out)
    return out


def _tc(width: int, colspan: int, merge: str | None) -> Any:
    """An empty w:tc: its width, horizontal span (w:gridSpan) and vertical merge (restart / continue)."""
    tc = _element("tc")
    tc_pr = _element("tcPr")
    tc_pr.append(_element("tcW", w=width, type="dxa"))
    if colspan > 1:
        tc_pr.append(_element("gridSpan", val=colspan))
    if merge is not None:
        tc_pr.append(_element("vMerge", val=merge))
    tc_pr.append(_element("vAlign", val="center"))
    tc.append(tc_pr)
    return tc


def _origins(grid: Grid) -> dict[tuple[int, int], tuple[Cell, bool]]:
    """For every slot that starts a w:tc in its row: the grid cell there, and whether the cell starts here.

    A cell spanning rows is one w:tc per row (vMerge restart, then continue), each spanning its columns.
    """
    slots: dict[tuple[int, int], tuple[Cell, bool]] = {}
    for cell in grid.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            slots[(row, cell.col)] = (cell, row == cell.row)
    return slots


def _add_table(document: Any, block: Table) -> None:
    """The table built as WordprocessingML directly: python-docx's cell merging is quadratic in the cells."""
    grid = block.grid
    table = document.add_table(rows=0, cols=grid.n_cols)
    table.style = document.styles["Table Grid"]
    widths = _widths_twips(block)
    _table_properties(table._tbl, grid, widths)
    table_style_id = document.styles[STYLE_TABLE_TEXT].style_id
    slots = _origins(grid)
    for row in range(grid.n_rows):
        tr = _element("tr")
        tr_pr = _element("trPr")
        tr_pr.append(_element("cantSplit"))
        if row < grid.header_rows:
            # Column headers repeat at the top of each page the table runs onto.
            tr_pr.append(_element("tblHeader"))
        tr.append(tr_pr)
        col = 0
        while col < grid.n_cols:
            cell, starts = slots[(row, col)]
            merge = None if cell.rowspan == 1 else ("restart" if starts else "continue")
            tc = _tc(sum(widths[col : col + cell.colspan]), cell.colspan, merge)
            fmt, face = _cell_format(cell)
            if row < grid.n_rows - 1:
                # Keep-with-next through the table keeps a table that fits on a page together.
                fmt = replace(fmt, keep_next=True)
            p = _element("p")
            p.append(paragraph_properties(fmt, table_style_id))
            text = block.text(cell) if starts else ""
            if text:
                p.append(_run(text, run_properties(face, PAGE.table_pt)))
            tc.append(p)
            tr.append(tc)
            col += cell.colspan
        table._tbl.append(tr)


def render_docx(layout: Layout) -> bytes:
    """The report as the bytes of a .docx file."""
    import docx

    document = docx.Document()
    _set_up_styles(document)
    _set_up_page(document)
    body = document.element.body
    for child in list(body):
        if child.tag != _w("sectPr"):
            body.remove(child)
    props = document.core_properties
    props.title = layout.document_title[:255]  # Word's limit for a document property
    props.language = "zh-CN"
    props.author = "gongkai"
    for block in layout.blocks:
        if isinstance(block, Title):
            _add_title(document, block)
        elif isinstance(block, Heading):
            document.add_paragraph(block.text, style=STYLE_HEADING_1 if block.level == 1 else STYLE_HEADING_2)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text, style="Normal")
        elif isinstance(block, Table):
            _add_table(document, block)
        elif isinstance(block, Signature):
            _add_signature(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
