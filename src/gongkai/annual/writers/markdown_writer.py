"""Markdown: the report as plain text with pipe tables (merged cells flattened, their text written once)."""

from __future__ import annotations

from gongkai.annual.writers.blocks import Heading, Layout, Paragraph, Signature, Table, Title
from gongkai.annual.writers.grid import CellKind, Grid


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def column_titles(grid: Grid) -> list[str]:
    """One header per grid column: the printed headers above it joined (法人或其他组织 · 商业企业).

    A header over every data column (申请人情况) is left out: it names none of them in particular.
    """
    titles: list[list[str]] = [[] for _ in range(grid.n_cols)]
    for cell in grid.cells:
        if cell.kind is CellKind.COLUMN_HEADER and cell.row < grid.header_rows:
            for col in range(cell.col, cell.col + cell.colspan):
                titles[col].append(cell.text)
    data = titles[grid.label_cols :]
    while data and all(parts[:1] == data[0][:1] and len(parts) > 1 for parts in data):
        data = [parts[1:] for parts in data]
    return [" · ".join(parts) for parts in titles[: grid.label_cols] + data]


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(count: int, label_cols: int) -> str:
    return _pipe_row([":---" if col < label_cols else "---:" for col in range(count)])


def _cross_markdown(table: Table) -> str:
    """Tables 三 and 四: a spanned cell's text sits in its first slot, the slots it covers stay blank."""
    grid = table.grid
    slots = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        slots[cell.row][cell.col] = _escape(table.text(cell))
    lines = [_pipe_row([_escape(t) for t in column_titles(grid)]), _rule(grid.n_cols, grid.label_cols)]
    lines.extend(_pipe_row(row) for row in slots[grid.header_rows :])
    corner = next((c for c in grid.cells if c.kind is CellKind.CORNER), None)
    if corner is not None and corner.text:
        lines.extend(["", _escape(corner.text)])
    return "\n".join(lines)


def _blocks_markdown(table: Table) -> str:
    """Table 二: each block as its own small table under its heading (所在条款), spans dropped."""
    parts: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            header, *body = rows
            parts.append("\n".join([_pipe_row(header), _rule(len(header), 1), *map(_pipe_row, body)]))
            rows.clear()

    for row in table.grid.rows():
        if row and row[0].kind is CellKind.BLOCK_HEADER:
            flush()
            parts.append(f"**{_escape(row[0].text)}**")
        else:
            rows.append([_escape(table.text(cell)) for cell in row])
    flush()
    return "\n\n".join(parts)


def table_markdown(table: Table) -> str:
    if any(cell.kind is CellKind.BLOCK_HEADER for cell in table.grid.cells):
        return _blocks_markdown(table)
    return _cross_markdown(table)


def render_markdown(layout: Layout) -> str:
    parts: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Title):
            parts.append("# " + "".join(block.lines))
        elif isinstance(block, Heading):
            parts.append(("## " if block.level == 1 else "### ") + block.text)
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.append(table_markdown(block))
        elif isinstance(block, Signature):
            parts.append("  \n".join([block.agency] + ([block.date] if block.date else [])))
    return "\n\n".join(parts) + "\n"
