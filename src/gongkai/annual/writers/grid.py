"""A report table as a grid of positioned, possibly merged cells: what every writer draws.

The formats (gongkai.annual.formats) say which rows and columns a table has; `layout.py` turns them
into the trees below, and the two builders here place them on a grid the way the national format
prints them: nested column headers stacked above the data columns, nested row labels side by side
on the left, a shallower branch stretched across the levels it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

Number = int | float | Decimal
CellPath = tuple[str, ...]


class CellKind(Enum):
    """What a grid cell is, which decides how each writer marks it up."""

    CORNER = "corner"  # the note in the top-left corner of table 三, above the row labels
    COLUMN_HEADER = "column_header"
    ROW_HEADER = "row_header"
    BLOCK_HEADER = "block_header"  # a full-width heading inside table 二, e.g. 第二十条第（一）项
    VALUE = "value"


@dataclass(frozen=True)
class Cell:
    """One printed cell: its top-left position, its span, its text and, for a value, where it comes from."""

    row: int
    col: int
    kind: CellKind
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    path: CellPath | None = None  # value cells: the key path inside report["tables"]
    headers: tuple[tuple[int, int], ...] = ()  # value cells: positions of the header cells that name it

    @property
    def is_header(self) -> bool:
        return self.kind in (CellKind.COLUMN_HEADER, CellKind.ROW_HEADER, CellKind.BLOCK_HEADER)


@dataclass(frozen=True)
class Grid:
    """A whole table: `header_rows` rows of column headers on top, then the body; cells in reading order."""

    key: str  # the table's key in report["tables"]: proactive, requests, reviews
    numeral: str  # the section it is printed in: 二, 三, 四
    title: str  # the section title without its numeral, used as the caption
    n_rows: int
    n_cols: int
    header_rows: int
    label_cols: int
    cells: tuple[Cell, ...]
    widths: tuple[float, ...]  # relative column widths

    def rows(self) -> list[list[Cell]]:
        """The cells that start in each row, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def cell_at(self, position: tuple[int, int]) -> Cell:
        """The cell whose top-left corner is at `position` (header references use these)."""
        for cell in self.cells:
            if (cell.row, cell.col) == position:
                return cell
        raise KeyError(position)

    def value_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.kind is CellKind.VALUE]


@dataclass(frozen=True)
class Node:
    """A header in a tree: a label over sub-headers, or a leaf that names one data row or column."""

    label: str
    key: tuple[str, ...] | None = None  # leaves: the key parts this row or column adds to a value's path
    children: tuple[Node, ...] = field(default_factory=tuple)

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children), default=0)

    def leaves(self) -> list[tuple[Node, ...]]:
        """Every leaf with the chain of its ancestors (this node first)."""
        if not self.children:
            return [(self,)]
        return [(self, *chain) for child in self.children for chain in child.leaves()]


def forest_depth(nodes: tuple[Node, ...]) -> int:
    return max((node.depth() for node in nodes), default=0)


def _leaf_count(node: Node) -> int:
    return len(node.leaves())


@dataclass(frozen=True)
class CrossTable:
    """A table with a column tree across the top and a row tree down the left (tables 三 and 四).

    A value's path is `prefix + row keys + column keys`, skipping nodes without a key.
    """

    key: str
    numeral: str
    title: str
    columns: tuple[Node, ...]
    rows: tuple[Node, ...]
    prefix: CellPath = ()
    corner: str = ""
    label_widths: tuple[float, ...] = ()
    value_width: float = 1.0


def _place_tree(
    nodes: tuple[Node, ...], depth: int, start: int, level: int, vertical: bool, kind: CellKind
) -> list[Cell]:
    """Place a header forest: columns (vertical=False) grow downwards, rows (vertical=True) rightwards."""
    cells: list[Cell] = []
    offset = start
    for node in nodes:
        breadth = _leaf_count(node)
        # A leaf above the deepest level stretches across the levels below it.
        extent = depth - level if not node.children else 1
        if vertical:
            cells.append(Cell(offset, level, kind, node.label, rowspan=breadth, colspan=extent))
        else:
            cells.append(Cell(level, offset, kind, node.label, rowspan=extent, colspan=breadth))
        if node.children:
            cells.extend(_place_tree(node.children, depth, offset, level + 1, vertical, kind))
        offset += breadth
    return cells


def _path(prefix: CellPath, *chains: tuple[Node, ...]) -> CellPath:
    return prefix + tuple(part for chain in chains for node in chain for part in (node.key or ()))


def _covering(cells: list[Cell], row: int, col: int, vertical: bool) -> tuple[tuple[int, int], ...]:
    """Positions of the header cells in `cells` that cover data row `row` (vertical) or column `col`."""
    found = []
    for cell in cells:
        if vertical and cell.row <= row < cell.row + cell.rowspan:
            found.append((cell.row, cell.col))
        if not vertical and cell.col <= col < cell.col + cell.colspan:
            found.append((cell.row, cell.col))
    return tuple(found)


def build_cross_grid(table: CrossTable) -> Grid:
    """Lay a cross table out: header rows on top, label columns on the left, one value per leaf pair."""
    header_rows = forest_depth(table.columns)
    label_cols = forest_depth(table.rows)
    row_chains = [chain for node in table.rows for chain in node.leaves()] or [()]
    col_chains = [chain for node in table.columns for chain in node.leaves()]
    column_cells = _place_tree(table.columns, header_rows, label_cols, 0, False, CellKind.COLUMN_HEADER)
    row_cells = [
        Cell(c.row + header_rows, c.col, c.kind, c.text, c.rowspan, c.colspan)
        for c in _place_tree(table.rows, label_cols, 0, 0, True, CellKind.ROW_HEADER)
    ]
    cells: list[Cell] = []
    if label_cols:
        cells.append(Cell(0, 0, CellKind.CORNER, table.corner, rowspan=header_rows, colspan=label_cols))
    cells.extend(column_cells)
    values: list[Cell] = []
    for i, row_chain in enumerate(row_chains):
        row = header_rows + i
        row_headers = _covering(row_cells, row, 0, vertical=True)
        for j, col_chain in enumerate(col_chains):
            col = label_cols + j
            headers = _covering(column_cells, 0, col, vertical=False) + row_headers
            values.append(
                Cell(
                    row, col, CellKind.VALUE, path=_path(table.prefix, row_chain, col_chain), headers=headers
                )
            )
    # Reading order: row by row, labels before values.
    body = sorted([*row_cells, *values], key=lambda c: (c.row, c.col))
    widths = _widths(table.label_widths, label_cols, len(col_chains), table.value_width)
    return Grid(
        key=table.key,
        numeral=table.numeral,
        title=table.title,
        n_rows=header_rows + len(row_chains),
        n_cols=label_cols + len(col_chains),
        header_rows=header_rows,
        label_cols=label_cols,
        cells=tuple(cells + body),
        widths=widths,
    )


def _widths(
    label_widths: tuple[float, ...], label_cols: int, value_cols: int, value_width: float
) -> tuple[float, ...]:
    labels = tuple(label_widths[i] if i < len(label_widths) else 4.0 for i in range(label_cols))
    return labels + (value_width,) * value_cols


@dataclass(frozen=True)
class ItemBlock:
    """One block of table 二: a heading row, a row of column headers, then one row per item."""

    heading: str
    label_header: str  # the printed header over the item labels, 信息内容
    columns: tuple[Node, ...]  # leaves only
    rows: tuple[Node, ...]  # leaves only


@dataclass(frozen=True)
class BlockTable:
    """Table 二: blocks stacked in one grid; a block with fewer columns stretches its last one."""

    key: str
    numeral: str
    title: str
    blocks: tuple[ItemBlock, ...]
    label_width: float = 3.0
    value_width: float = 2.0


def build_block_grid(table: BlockTable) -> Grid:
    """Lay table 二 out as the national format prints it: one grid, each block under its own heading row."""
    n_cols = 1 + max(len(block.columns) for block in table.blocks)
    cells: list[Cell] = []
    row = 0
    for block in table.blocks:
        heading = Cell(row, 0, CellKind.BLOCK_HEADER, block.heading, colspan=n_cols)
        cells.append(heading)
        row += 1
        header_row = row
        cells.append(Cell(row, 0, CellKind.COLUMN_HEADER, block.label_header))
        spans = _stretch(len(block.columns), n_cols - 1)
        col = 1
        for column, span in zip(block.columns, spans, strict=True):
            cells.append(Cell(row, col, CellKind.COLUMN_HEADER, column.label, colspan=span))
            col += span
        row += 1
        for item in block.rows:
            cells.append(Cell(row, 0, CellKind.ROW_HEADER, item.label))
            col = 1
            for column, span in zip(block.columns, spans, strict=True):
                headers = ((heading.row, 0), (header_row, col), (row, 0))
                path = _path((table.key,), (item,), (column,))
                cells.append(Cell(row, col, CellKind.VALUE, colspan=span, path=path, headers=headers))
                col += span
            row += 1
    return Grid(
        key=table.key,
        numeral=table.numeral,
        title=table.title,
        n_rows=row,
        n_cols=n_cols,
        header_rows=0,
        label_cols=1,
        cells=tuple(cells),
        widths=(table.label_width,) + (table.value_width,) * (n_cols - 1),
    )


def _stretch(count: int, width: int) -> list[int]:
    """Spans for `count` columns filling `width`: all one wide, the last taking what is left."""
    if count == 0:
        return []
    return [1] * (count - 1) + [width - count + 1]
