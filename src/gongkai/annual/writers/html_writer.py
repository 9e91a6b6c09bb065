"""HTML as an agency's website publishes the report: semantic, accessible tables and a print stylesheet.

The same page, printed by WeasyPrint with the installed fonts, is the PDF (pdf_writer.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from gongkai.annual.writers import fonts
from gongkai.annual.writers.blocks import (
    Block,
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
from gongkai.annual.writers.page import PAGE, TWIPS_PER_PT, PageSetup


def font_stack(face: Typeface, free: tuple[str, ...], installed: frozenset[str] | None = None) -> str:
    """A CSS font-family list: the official family, the Windows one, the free CJK fonts, the generic.

    With `installed` (the PDF), the official and Windows families are named only where present, so
    that the fonts embedded are the ones chosen, never a fontconfig substitute for a missing name.
    """
    official = tuple(name for name in (face.official, face.windows) if installed is None or name in installed)
    names = (*official, *free)
    return ", ".join(f'"{name}"' for name in dict.fromkeys(names)) + f", {face.generic}"


SERIF_FREE = (*fonts.FREE_SERIF, "Songti SC", "STSong")
SANS_FREE = (*fonts.FREE_SANS, "PingFang SC", "Microsoft YaHei")

# The screen and print stylesheet. Print follows GB/T 9704-2012: A4, type area 156 mm × 225 mm,
# 3号 (16 pt) body on 28.95 pt lines, 2号 (22 pt) title, page numbers “— 1 —” in 4号 on the outer side.
STYLESHEET = """
:root {
  --title-font: %(title)s;
  --body-font: %(body)s;
  --heading-font: %(heading1)s;
  --subheading-font: %(heading2)s;
  --table-font: %(table)s;
  --title-weight: %(title_weight)s;
}
html { background: #f3f3f0; color: #111; }
body { margin: 0; font-family: var(--body-font); font-size: %(body_pt)spt; line-height: 1.8; }
.report { box-sizing: border-box; max-width: 210mm; margin: 0 auto; padding: 24px 28px 48px;
  background: #fff; }
.report-title { font-family: var(--title-font); font-size: %(title_pt)spt; font-weight: var(--title-weight); text-align: center;
  line-height: 1.5; margin: 0 0 1em; }
.report-title span { display: block; }
h2 { font-family: var(--heading-font); font-size: %(body_pt)spt; font-weight: normal; margin: 0;
  text-indent: 2em; }
h3 { font-family: var(--subheading-font); font-size: %(body_pt)spt; font-weight: normal; margin: 0;
  text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.signature { margin-top: 1.8em; }
.signature p { text-indent: 0; text-align: right; }
.table-scroll { overflow-x: auto; margin: 0.4em 0 0.8em; }
.table-scroll:focus { outline: 2px solid #1a5fb4; }
table.report-table { border-collapse: collapse; width: 100%%; table-layout: fixed;
  font-family: var(--table-font); font-size: %(table_pt)spt; line-height: 1.25; }
/* The caption names the table for screen readers; sighted readers have the section heading above it. */
.report-table caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.report-table th, .report-table td { border: 1px solid #000; padding: 1px 3px; vertical-align: middle;
  text-align: center; overflow-wrap: anywhere; }
.report-table th { font-family: var(--heading-font); font-weight: normal; }
/* As in the Word file: column and block headings in 黑体, centred; row labels in the table type, flush left. */
.report-table th[scope="row"], .report-table th[scope="rowgroup"], .report-table td.note { text-align: left;
  font-family: var(--table-font); }
.report-table th.block { text-align: center; font-family: var(--heading-font); background: #f6f6f6; }
/* A number never wraps (a wrapped 20500 reads as 2050 and 0): its column is widened to hold it. */
.report-table td.value { font-variant-numeric: tabular-nums; white-space: nowrap; overflow-wrap: normal; }
.report-table td.note { font-family: var(--body-font); font-size: 9pt; }
@media (max-width: 640px) {
  body { font-size: 13pt; }
  .report { padding: 12px; }
  .report-title { font-size: 17pt; }
  h2, h3 { font-size: 13pt; }
}
@page {
  size: A4;
  margin: %(top_mm)smm %(right_mm)smm %(bottom_mm)smm %(left_mm)smm;
}
@page :right {
  @bottom-right { content: "— " counter(page) " —"; font-family: %(page_number)s; font-size: %(page_number_pt)spt;
    vertical-align: top; padding-top: 7mm; margin-right: 1em; }
}
@page :left {
  @bottom-left { content: "— " counter(page) " —"; font-family: %(page_number)s; font-size: %(page_number_pt)spt;
    vertical-align: top; padding-top: 7mm; margin-left: 1em; }
}
@media print {
  html, .report { background: none; }
  body { line-height: %(line_pt)spt; }
  .report { max-width: none; margin: 0; padding: 0; }
  .report-title { line-height: 1.5; margin-bottom: %(line_pt)spt; }
  .table-scroll { overflow: visible; }
  .report-table caption { display: none; }
  .report-table th.block { background: none; }
  table.report-table { min-width: 0 !important; }
  /* A table that fits on a page is not split (a lone first row at a page foot); a longer one is. */
  .report-table { page-break-inside: avoid; break-inside: avoid; }
  .report-table tr { page-break-inside: avoid; break-inside: avoid; }
  .report-table thead { display: table-header-group; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
  .signature { page-break-inside: avoid; break-inside: avoid; }
}
"""


def stylesheet(
    serif: tuple[str, ...] = SERIF_FREE,
    sans: tuple[str, ...] = SANS_FREE,
    installed: frozenset[str] | None = None,
) -> str:
    """The stylesheet with font stacks ending in the given free fonts (the PDF passes the installed ones).

    方正小标宋 is a heavy face; where it is known to be missing (the PDF, without it installed) the
    free serif stands in bold.
    """
    bold_title = installed is not None and fonts.TITLE.official not in installed
    return STYLESHEET % {
        "title_weight": "bold" if bold_title else "normal",
        **page_sizes(),
        "title": font_stack(fonts.TITLE, serif, installed),
        "body": font_stack(fonts.BODY, serif, installed),
        "heading1": font_stack(fonts.HEADING_1, sans, installed),
        "heading2": font_stack(fonts.HEADING_2, serif, installed),
        "table": font_stack(fonts.TABLE, serif, installed),
        "page_number": font_stack(fonts.PAGE_NUMBER, serif, installed),
    }


def page_sizes(page: PageSetup = PAGE) -> dict[str, str]:
    """The page's margins (mm) and type sizes (pt) for the stylesheet, from the one page description."""
    sizes = {
        "top_mm": page.top_mm,
        "right_mm": page.right_mm,
        "bottom_mm": page.bottom_mm,
        "left_mm": page.left_mm,
        "body_pt": page.body_pt,
        "title_pt": page.title_pt,
        "table_pt": page.table_pt,
        "page_number_pt": page.page_number_pt,
        "line_pt": page.line_pitch_twips / TWIPS_PER_PT,
    }
    return {key: f"{value:g}" for key, value in sizes.items()}


def cell_id(grid: Grid, position: tuple[int, int]) -> str:
    return f"{grid.key}-r{position[0]}c{position[1]}"


def _attrs(**attrs: str | int | None) -> str:
    return "".join(
        f' {name.rstrip("_")}="{escape(str(value))}"' for name, value in attrs.items() if value is not None
    )


def _span(cell: Cell) -> dict[str, int | None]:
    return {
        "rowspan": cell.rowspan if cell.rowspan > 1 else None,
        "colspan": cell.colspan if cell.colspan > 1 else None,
    }


def _scope(cell: Cell) -> str:
    if cell.kind is CellKind.BLOCK_HEADER:
        return "rowgroup"
    if cell.kind is CellKind.ROW_HEADER:
        return "rowgroup" if cell.rowspan > 1 else "row"
    return "colgroup" if cell.colspan > 1 else "col"


def _cell_html(table: Table, cell: Cell) -> str:
    grid = table.grid
    text = escape(table.text(cell))
    if cell.is_header:
        css = "block" if cell.kind is CellKind.BLOCK_HEADER else None
        attrs = _attrs(id=cell_id(grid, (cell.row, cell.col)), scope=_scope(cell), class_=css, **_span(cell))
        return f"<th{attrs}>{text}</th>"
    if cell.kind is CellKind.VALUE:
        headers = " ".join(cell_id(grid, position) for position in cell.headers)
        return f"<td{_attrs(headers=headers, class_='value', **_span(cell))}>{text}</td>"
    css = "note" if cell.kind is CellKind.CORNER else None
    return f"<td{_attrs(class_=css, **_span(cell))}>{text}</td>"


def _row_groups(grid: Grid) -> Iterator[tuple[str, list[list[Cell]]]]:
    """(thead|tbody, rows): the header rows, then one tbody per block of table 二 (or one for the body)."""
    rows = grid.rows()
    if grid.header_rows:
        yield "thead", rows[: grid.header_rows]
    group: list[list[Cell]] = []
    for row in rows[grid.header_rows :]:
        if group and row and row[0].kind is CellKind.BLOCK_HEADER:
            yield "tbody", group
            group = []
        group.append(row)
    if group:
        yield "tbody", group


def table_html(table: Table) -> str:
    grid = table.grid
    caption_id = f"{grid.key}-caption"
    widths = table.column_widths()
    cols = "".join(f'<col style="width:{100 * w / sum(widths):.2f}%">' for w in widths)
    parts = [
        f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">',
        # On a phone the table keeps the width its labels and numbers need and scrolls in its region.
        f'<table class="report-table report-table--{grid.key}" id="{grid.key}" style="min-width:{sum(widths):.1f}em">',
        f'<caption id="{caption_id}">表{grid.numeral}　{escape(grid.title)}</caption>',
        f"<colgroup>{cols}</colgroup>",
    ]
    for tag, rows in _row_groups(grid):
        parts.append(f"<{tag}>")
        parts.extend("<tr>" + "".join(_cell_html(table, cell) for cell in row) + "</tr>" for row in rows)
        parts.append(f"</{tag}>")
    parts.append("</table></div>")
    return "\n".join(parts)


def _signature_html(signature: Signature) -> str:
    agency_em, date_em = signature_indents(signature.agency, signature.date)
    lines = [
        '<footer class="signature">',
        f'<p class="signature-agency" style="padding-right:{agency_em:g}em">{escape(signature.agency)}</p>',
    ]
    if signature.date:
        lines.append(
            f'<p class="signature-date" style="padding-right:{date_em:g}em">'
            f'<time datetime="{signature.iso_date}">{escape(signature.date)}</time></p>'
        )
    lines.append("</footer>")
    return "\n".join(lines)


def _block_html(block: Block) -> str:
    """One block that neither opens a section nor closes the report (its signature), as HTML."""
    if isinstance(block, Title):
        spans = "".join(f"<span>{escape(line)}</span>" for line in block.lines)
        return f'<header><h1 class="report-title">{spans}</h1></header>'
    if isinstance(block, Heading):
        return f"<h3>{escape(block.text)}</h3>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Table):
        return table_html(block)
    return _signature_html(block)


def body_html(layout: Layout, element: str = "main") -> str:
    """The report's <main> element: title, sections (each a <section> with its heading), signature.

    `element`: another container where the report sits inside a page that has its own <main> (an
    `article` on the staff's preview: a page has one main landmark)."""
    parts = [f'<{element} class="report">']
    open_section = False
    sections = 0
    for block in layout.blocks:
        if isinstance(block, Heading) and block.level == 1:
            if open_section:
                parts.append("</section>")
            sections += 1
            parts.append(f'<section aria-labelledby="section-{sections}">')
            parts.append(f'<h2 id="section-{sections}">{escape(block.text)}</h2>')
            open_section = True
        elif isinstance(block, Signature):
            if open_section:
                parts.append("</section>")
                open_section = False
            parts.append(_signature_html(block))
        else:
            parts.append(_block_html(block))
    if open_section:
        parts.append("</section>")
    parts.append(f"</{element}>")
    return "\n".join(parts)


def render_html(layout: Layout, css: str | None = None) -> str:
    """A complete, self-contained HTML page (UTF-8, lang="zh-CN") with its screen and print stylesheet."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(layout.document_title)}</title>",
            f"<style>{stylesheet() if css is None else css}</style>",
            "</head>",
            "<body>",
            body_html(layout),
            "</body>",
            "</html>",
            "",
        ]
    )
