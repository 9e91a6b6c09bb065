"""Excel (.xlsx): one worksheet per table, merged header cells as printed, every count a number."""

from __future__ import annotations

import io
from typing import Any

from gongkai.annual.writers.blocks import Layout, Table
from gongkai.annual.writers.formulas import set_text
from gongkai.annual.writers.grid import CellKind

# Excel column width is in characters of the default font; the grid's widths are in characters too.
WIDTH_SCALE = 2.2
TITLE_ROWS = 2  # the report's title, then the table's section heading; the grid starts below


def _sheet_title(table: Table) -> str:
    """Worksheet names are at most 31 characters and may not hold []:*?/\\."""
    title = f"{table.grid.numeral}、{table.grid.title}"
    for ch in "[]:*?/\\":
        title = title.replace(ch, "")
    return title[:31]


def _write_table(sheet: Any, table: Table, document_title: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    grid = table.grid
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    set_text(sheet.cell(row=1, column=1), document_title)
    sheet.cell(row=1, column=1).font = Font(name="宋体", size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=2, column=1, value=f"{grid.numeral}、{grid.title}").font = Font(name="黑体", size=12)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=grid.n_cols)
    for cell in grid.cells:
        row, col = cell.row + 1 + TITLE_ROWS, cell.col + 1
        target = sheet.cell(row=row, column=col)
        if cell.kind is CellKind.VALUE:
            value = table.number(cell)
            target.value = value  # None stays an empty cell: a blank is missing data, not zero
            if isinstance(value, int):
                target.number_format = "0"
            target.alignment = Alignment(horizontal="center", vertical="center")
            target.font = Font(name="宋体", size=10.5)
        else:
            set_text(target, cell.text)
            left = cell.kind in (CellKind.ROW_HEADER, CellKind.CORNER, CellKind.BLOCK_HEADER)
            target.alignment = Alignment(
                horizontal="left" if left else "center", vertical="center", wrap_text=True
            )
            is_heading = cell.kind in (CellKind.COLUMN_HEADER, CellKind.BLOCK_HEADER)
            target.font = Font(name="黑体" if is_heading else "宋体", size=10.5)
            if is_heading:
                target.fill = header_fill
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                sheet.cell(row=r, column=c).border = border
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    for index, width in enumerate(table.column_widths(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * WIDTH_SCALE
    if grid.header_rows:
        sheet.freeze_panes = sheet.cell(row=TITLE_ROWS + grid.header_rows + 1, column=grid.label_cols + 1)
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if grid.n_cols > 10 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(layout: Layout) -> bytes:
    """The report's three tables as an .xlsx workbook (one sheet each, in printed order)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for sheet in list(workbook.worksheets):  # the default empty sheet
        workbook.remove(sheet)
    for table in layout.tables():
        sheet = workbook.create_sheet(_sheet_title(table))
        _write_table(sheet, table, layout.document_title)
    workbook.properties.title = layout.document_title
    workbook.properties.language = "zh-CN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
