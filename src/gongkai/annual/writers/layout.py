"""From the format data (gongkai.annual.formats) and a report's data to the printed blocks every writer draws."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from gongkai.annual.formats import FORMATS, INT, SIGNED, HeaderCell, ReportFormat
from gongkai.annual.formats import Table as FormatTable
from gongkai.annual.printable import printable_data
from gongkai.annual.writers.blocks import (
    Block,
    Heading,
    Layout,
    Paragraph,
    Signature,
    Table,
    Title,
    text_blocks,
)
from gongkai.annual.writers.errors import RenderError
from gongkai.annual.writers.grid import (
    BlockTable,
    CellPath,
    CrossTable,
    Grid,
    ItemBlock,
    Node,
    build_block_grid,
    build_cross_grid,
    forest_depth,
)
from gongkai.annual.writers.report import PREAMBLE_KEY, ReportData, chinese_date, parse_report

# Relative column widths, in characters of the table's type size: the outer row-group labels are
# narrow (their text wraps, as in the national format), the innermost label column takes long labels.
GROUP_LABEL_WIDTH = 4.0
ROW_LABEL_WIDTH = 13.0
VALUE_WIDTH = 3.0
BLOCK_LABEL_WIDTH = 3.0
BLOCK_VALUE_WIDTH = 2.0

REPORT_TITLE = "{year}年政府信息公开工作年度报告"


@dataclass
class _Branch:
    """A mutable header tree node while a format's rows or header are being grouped."""

    label: str
    key: tuple[str, ...] | None = None
    children: list[_Branch] = field(default_factory=list)

    def freeze(self) -> Node:
        return Node(self.label, self.key, tuple(child.freeze() for child in self.children))


def row_tree(table: FormatTable) -> tuple[Node, ...]:
    """Rows nested under their printed groups (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密)."""
    root = _Branch("")
    for row in table.rows:
        parent = root
        for group in row.groups:
            if not (
                parent.children and parent.children[-1].label == group and parent.children[-1].key is None
            ):
                parent.children.append(_Branch(group))
            parent = parent.children[-1]
        parent.children.append(_Branch(row.printed, tuple(row.key.split("."))))
    return tuple(child.freeze() for child in root.children)


@dataclass(frozen=True)
class _Placed:
    cell: HeaderCell
    row: int
    col: int


def place_header(header: tuple[tuple[HeaderCell, ...], ...]) -> list[_Placed]:
    """Header cells at their grid positions, skipping slots taken by spans from the rows above (as HTML does)."""
    taken: set[tuple[int, int]] = set()
    placed: list[_Placed] = []
    for r, cells in enumerate(header):
        col = 0
        for cell in cells:
            while (r, col) in taken:
                col += 1
            placed.append(_Placed(cell, r, col))
            taken.update((r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            col += cell.colspan
    return placed


def column_tree(table: FormatTable) -> tuple[tuple[Node, ...], str, int]:
    """The printed header as a tree whose leaves carry their cell's key parts, the corner note and its width.

    Leaves map to the format's columns in printed order; in a single-row table (四) the leaves run
    through every row's columns in turn (行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5).
    """
    placed = place_header(table.header)
    depth = len(table.header)
    corner = next((p for p in placed if table.corner_note and p.cell.label == table.corner_note), None)
    label_cols = corner.cell.colspan if corner else 0
    cells = [p for p in placed if p is not corner]
    leaves = sorted((p for p in cells if p.row + p.cell.rowspan == depth), key=lambda p: p.col)
    keys = _leaf_keys(table)
    if len(leaves) != len(keys):
        raise RenderError(f"格式数据有误：表{table.number}的表头有 {len(leaves)} 列，数据有 {len(keys)} 列。")
    key_of = {(p.row, p.col): key for p, key in zip(leaves, keys, strict=True)}

    def branch(p: _Placed) -> _Branch:
        node = _Branch(p.cell.label, key_of.get((p.row, p.col)))
        below = p.row + p.cell.rowspan
        node.children = [
            branch(c) for c in cells if c.row == below and p.col <= c.col < p.col + p.cell.colspan
        ]
        return node

    roots = [branch(p) for p in cells if p.row == 0]
    return tuple(root.freeze() for root in roots), corner.cell.label if corner else "", label_cols


def _leaf_keys(table: FormatTable) -> list[tuple[str, ...]]:
    block = table.blocks[0]
    if table.single_row:
        return [(*row.key.split("."), column.key) for row in block.rows for column in block.columns]
    return [(column.key,) for column in block.columns]


def cross_grid(table: FormatTable) -> Grid:
    """Tables 三 and 四: a printed multi-level header over one block of rows."""
    columns, corner, label_cols = column_tree(table)
    rows = () if table.single_row else row_tree(table)
    depth = forest_depth(rows)
    if rows and depth != label_cols:
        raise RenderError(
            f"格式数据有误：表{table.number}的行标题有 {depth} 层，表头角上留了 {label_cols} 列。"
        )
    widths = (GROUP_LABEL_WIDTH,) * (depth - 1) + (ROW_LABEL_WIDTH,) if depth else ()
    return build_cross_grid(
        CrossTable(
            key=table.key,
            numeral=table.number,
            title=table.title,
            columns=columns,
            rows=rows,
            prefix=(table.key,),
            corner=corner,
            label_widths=widths,
            value_width=VALUE_WIDTH,
        )
    )


def block_grid(table: FormatTable) -> Grid:
    """Table 二: blocks of items, each under its 第二十条第（…）项 heading and its own column headers."""
    blocks = tuple(
        ItemBlock(
            heading=block.heading,
            label_header=table.label_heading,
            columns=tuple(Node(column.label, (column.key,)) for column in block.columns),
            rows=tuple(Node(row.label, tuple(row.key.split("."))) for row in block.rows),
        )
        for block in table.blocks
    )
    return build_block_grid(
        BlockTable(
            key=table.key,
            numeral=table.number,
            title=table.title,
            blocks=blocks,
            label_width=BLOCK_LABEL_WIDTH,
            value_width=BLOCK_VALUE_WIDTH,
        )
    )


def table_grid(table: FormatTable) -> Grid:
    return cross_grid(table) if table.header else block_grid(table)


@cache
def format_grids(format_key: str) -> dict[str, Grid]:
    """The three tables of a format laid out, by table key (computed once per format)."""
    fmt = FORMATS[format_key]
    return {key: table_grid(table) for key, table in fmt.tables.items()}


@cache
def cell_kinds(format_key: str) -> dict[CellPath, str]:
    """Every value cell's path with the kind of number it holds (int, signed, decimal)."""
    fmt = FORMATS[format_key]
    kinds: dict[CellPath, str] = {}
    for table in fmt.tables.values():
        for block in table.blocks:
            for row in block.rows:
                for column in block.columns:
                    kinds[(table.key, *row.key.split("."), column.key)] = column.kind
    return kinds


def read_report(report: object) -> ReportData:
    """Check a report-data dict against the contract and its format; RenderError (Chinese) if it is wrong."""
    data = parse_report(report, FORMATS, lambda key: tuple(cell_kinds(key)))
    kinds = cell_kinds(data.format)
    for path, value in data.cells.items():
        if value is not None and kinds[path] in (INT, SIGNED) and value != int(value):
            raise RenderError(f"报告数据格式不对：tables.{'.'.join(path)} 应为整数，实际是 {value}。")
    return data


def _section_heading(number: str, title: str) -> str:
    return f"{number}、{title}"


def _table_block(grid: Grid, data: ReportData) -> Table:
    values = {(c.row, c.col): data.value(c.path) for c in grid.value_cells() if c.path is not None}
    return Table(grid, values)


def build_layout(data: ReportData) -> Layout:
    """The report's printed blocks: title, opening text, the six sections with their tables, signature."""
    fmt: ReportFormat = FORMATS[data.format]
    grids = format_grids(data.format)
    report_title = REPORT_TITLE.format(year=data.year)
    blocks: list[Block] = [Title((data.agency, report_title))]
    preamble = data.sections.get(PREAMBLE_KEY)
    if preamble:
        blocks.extend(Paragraph(block.text) for block in text_blocks(preamble))
    for section in fmt.sections:
        heading = _section_heading(section.number, section.title)
        blocks.append(Heading(heading, 1))
        text = data.sections.get(section.number)
        if text:
            blocks.extend(text_blocks(text, heading))
        if section.table:
            blocks.append(_table_block(grids[section.table], data))
    date = chinese_date(data.signed_on) if data.signed_on else None
    iso = data.signed_on.isoformat() if data.signed_on else None
    blocks.append(Signature(data.agency, date, iso))
    return Layout(document_title=f"{data.agency}{report_title}", blocks=tuple(blocks))


def layout_report(report: Mapping[str, Any] | object) -> Layout:
    """Contract dict → checked data → printed blocks (control characters removed from every text: no
    writer can print them, `gongkai.annual.printable`)."""
    if isinstance(report, Mapping):
        report = printable_data(report)
    return build_layout(read_report(report))
