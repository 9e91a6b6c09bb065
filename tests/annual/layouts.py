"""Random annual reports rendered into the layouts real reports use, and mangled as real reports are.

A random report has consistent numbers (every cross-check of report-format.md holds), built from the
format data. Its tables are rendered into printed rows (group labels, row label, values), and a
layout turns those rows into text lines the way a PDF converter, a Word export or a web page would:
tab/pipe/space separated, markdown, labels broken over lines, vertical labels, value lines before
their labels, page numbers and running heads, digits glued together. HTML, Word and PDF renderings
use real tables with rowspan/colspan (merged cells).
"""

from __future__ import annotations

import copy
import csv
import html
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from gongkai.annual.formats import DECIMAL, SIGNED, Block, Table, get_format
from gongkai.annual.model import cell_paths, get_cell, set_cell
from gongkai.annual.rules import equations
from reportdata import APPLICANT_KEYS

AGENCIES = (
    "中卫市工业和信息化局",
    "洪泽区人民政府",
    "平罗县教育局",
    "淮安市人民政府",
    "某某县市场监督管理局",
)
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")


# --- random consistent reports ------------------------------------------------------------------


def _count(rng: random.Random, big: bool) -> int:
    """Mostly small counts with many zeros, sometimes large ones (multi-digit cells matter)."""
    roll = rng.random()
    if roll < 0.45:
        return 0
    if roll < 0.85 or not big:
        return rng.randint(1, 30)
    return rng.randint(31, 5000)


def random_report(
    rng: random.Random, fmt_key: str, blank_share: float = 0.0, table_two: str = "harsh"
) -> dict[str, Any]:
    """A report in the contract shape (agency, year, format, tables) whose numbers all add up.

    With `blank_share` > 0 that share of cells is blanked (None): the source leaves them empty.
    `table_two`: "harsh" draws table 二's rows like any count (`_count`: large counts as often as
    the busiest agencies have them, so glued rows split many ways); "real" draws each row of several
    cells from the rows real reports print (`real_table_two`), the rest of the report unchanged.
    """
    fmt = get_format(fmt_key)
    tables: dict[str, Any] = {}
    _random_proactive(rng, fmt.table("proactive"), tables)
    if table_two == "real":
        _real_proactive(random.Random(str(rng.getstate()[1])), fmt_key, tables)
    _random_requests(rng, fmt.table("requests"), tables)
    for group in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        parts = {key: _count(rng, False) if rng.random() < 0.5 else 0 for key in REVIEW_PARTS}
        for key, value in parts.items():
            set_cell(tables, f"reviews.{group}.{key}", value)
        set_cell(tables, f"reviews.{group}.total", sum(parts.values()))
    if blank_share:
        for path in cell_paths(fmt_key):
            if rng.random() < blank_share:
                set_cell(tables, path, None)
    year = rng.choice((2019, 2020)) if fmt_key == "2019" else rng.randint(2021, 2025)
    return {"agency": rng.choice(AGENCIES), "year": year, "format": fmt_key, "fees_yuan": 0, "tables": tables}


def with_wrong_total(rng: random.Random, report: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A copy of `report` with one printed total wrong, as real reports often have (a row's total, a
    sum row's cell, a group of table 四's total): the source's own numbers no longer add up. Returns
    the copy and the path of the wrong cell."""
    broken = copy.deepcopy(report)
    totals = sorted({eq.left[0] for eq in equations(report["format"]) if len(eq.left) == 1})
    path = rng.choice(totals)
    value = get_cell(broken["tables"], path) or 0
    set_cell(
        broken["tables"],
        path,
        rng.choice([v for v in (value + rng.randint(1, 12), value - 1, 0) if v >= 0 and v != value]),
    )
    return broken, path


def _random_proactive(rng: random.Random, table: Table, tables: dict[str, Any]) -> None:
    for block in table.blocks:
        for row in block.rows:
            for column in block.columns:
                value: int | float
                if column.kind == DECIMAL:
                    value = round(rng.uniform(0, 10000), rng.choice((0, 1, 2))) if rng.random() < 0.7 else 0
                elif column.kind == SIGNED:
                    value = rng.randint(-20, 20)
                else:
                    value = _count(rng, True)
                set_cell(tables, f"proactive.{row.key}.{column.key}", value)
            _counting_laws(rng, {column.key for column in block.columns}, f"proactive.{row.key}.", tables)


REAL_TABLE_TWO = Path(__file__).with_name("table_two_real.csv")


@cache
def real_table_two() -> dict[tuple[str, str], tuple[tuple[int | float, ...], ...]]:
    """The table 二 rows of real reports (`table_two_real.csv`, the usable ones), by (format, row key)."""
    lines = [
        line for line in REAL_TABLE_TWO.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    found: dict[tuple[str, str], list[tuple[int | float, ...]]] = {}
    for entry in csv.DictReader(lines):
        if entry["usable"] != "yes":
            continue
        block = get_format(entry["format"]).table("proactive").block_of(entry["row"])
        cells = tuple(
            float(text) if column.kind == DECIMAL else int(text)
            for text, column in zip(entry["cells"].split(), block.columns, strict=True)
        )
        found.setdefault((entry["format"], entry["row"]), []).append(cells)
    return {key: tuple(rows) for key, rows in found.items()}


def _real_proactive(rng: random.Random, fmt_key: str, tables: dict[str, Any]) -> None:
    """Table 二's rows of several cells drawn from real reports' rows (`real_table_two`); its rows
    of one cell (决定数量, 收费金额) stay as drawn, since one cell never splits. Its own generator
    (seeded from the report's) leaves every other table as in the "harsh" report of the seed."""
    real = real_table_two()
    for block in get_format(fmt_key).table("proactive").blocks:
        for row in block.rows:
            drawn = real.get((fmt_key, row.key))
            if len(block.columns) > 1 and drawn:
                for column, value in zip(block.columns, rng.choice(drawn), strict=True):
                    set_cell(tables, f"proactive.{row.key}.{column.key}", value)


def _counting_laws(rng: random.Random, columns: set[str], prefix: str, tables: dict[str, Any]) -> None:
    """Make a table 二 row obey the laws of counting real reports obey (`rules.bounds`): what is in
    force is last year's count plus what was issued less what was repealed; the newly published are
    among all published; last year's items plus this year's change is not negative."""

    def cell(key: str) -> Any:
        return get_cell(tables, prefix + key)

    if {"issued", "repealed", "in_force"} <= columns:
        previous = _count(rng, True)
        repealed = rng.randint(0, previous + cell("issued")) if rng.random() < 0.4 else 0
        set_cell(tables, prefix + "repealed", repealed)
        set_cell(tables, prefix + "in_force", previous + cell("issued") - repealed)
    if {"published", "total_published"} <= columns:
        set_cell(tables, prefix + "total_published", cell("published") + _count(rng, True))
    if {"previous_year_items", "change"} <= columns and cell("previous_year_items") + cell("change") < 0:
        set_cell(tables, prefix + "change", -rng.randint(0, cell("previous_year_items")))


def _random_requests(rng: random.Random, table: Table, tables: dict[str, Any]) -> None:
    leaves = [row.key for row in table.rows if row.key.startswith("results.") and row.key != "results.total"]
    busy = rng.random() < 0.6
    totals = dict.fromkeys(APPLICANT_KEYS, 0)
    for key in leaves:
        for column in APPLICANT_KEYS:
            value = _count(rng, busy) if rng.random() < (0.5 if column == "natural_person" else 0.15) else 0
            set_cell(tables, f"requests.{key}.{column}", value)
            totals[column] += value
    for column in APPLICANT_KEYS:
        forward = rng.randint(0, 5) if rng.random() < 0.3 else 0
        over = rng.randint(0, totals[column] + forward) if rng.random() < 0.3 else 0
        set_cell(tables, f"requests.results.total.{column}", totals[column])
        set_cell(tables, f"requests.carried_forward.{column}", forward)
        set_cell(tables, f"requests.carried_over.{column}", over)
        set_cell(tables, f"requests.new.{column}", totals[column] + forward - over)
    for row in table.rows:
        prefix = f"requests.{row.key}."
        set_cell(tables, prefix + "total", sum(get_cell(tables, prefix + c) or 0 for c in APPLICANT_KEYS))


# --- printed rows -------------------------------------------------------------------------------


def format_value(value: int | float | None) -> str:
    """A cell as printed: blank for None, decimals without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class PrintedRow:
    """One table row as printed: the group labels it sits under, its label and its values.

    `new` counts the innermost groups that start at this row (their merged cell is printed here).
    """

    label: str
    values: tuple[str, ...]
    path: tuple[str, ...] = ()
    new: int = 0

    @property
    def groups(self) -> tuple[str, ...]:
        """The group labels printed on this row (the groups it opens), outermost first."""
        return self.path[len(self.path) - self.new :]

    @property
    def depth(self) -> int:
        return len(self.path)


@dataclass
class PrintedTable:
    """A table (or one block of table 二) as printed: lines above it, header rows, data rows."""

    heading: list[str] = field(default_factory=list)
    header: list[list[str]] = field(default_factory=list)
    rows: list[PrintedRow] = field(default_factory=list)


def printed_tables(report: dict[str, Any]) -> list[PrintedTable]:
    """Tables 二 (one per block), 三 and 四 of a report, as printed rows."""
    fmt = get_format(report["format"])
    tables = report["tables"]
    out: list[PrintedTable] = []
    for number, table in enumerate(fmt.tables.values()):
        title = f"{'二三四'[number]}、{table.title}"
        if table.key == "proactive":
            for index, block in enumerate(table.blocks):
                out.append(_proactive_block(block, tables, [title] if index == 0 else []))
        elif table.single_row:
            values = tuple(
                format_value(get_cell(tables, f"reviews.{row.key}.{c.key}"))
                for row in table.rows
                for c in table.blocks[0].columns
            )
            header = [[cell.label for cell in header_row] for header_row in table.header]
            out.append(PrintedTable([title], header, [PrintedRow("", values)]))
        else:
            out.append(_requests_table(table, tables, title))
    return out


def _proactive_block(block: Block, tables: dict[str, Any], heading: list[str]) -> PrintedTable:
    rows = [
        PrintedRow(
            row.printed,
            tuple(format_value(get_cell(tables, f"proactive.{row.key}.{c.key}")) for c in block.columns),
        )
        for row in block.rows
    ]
    return PrintedTable([*heading, block.heading], [["信息内容", *(c.label for c in block.columns)]], rows)


def _requests_table(table: Table, tables: dict[str, Any], title: str) -> PrintedTable:
    columns = table.blocks[0].columns
    rows: list[PrintedRow] = []
    previous: tuple[str, ...] = ()
    for row in table.rows:
        shared = 0
        while shared < min(len(previous), len(row.groups)) and previous[shared] == row.groups[shared]:
            shared += 1
        values = tuple(format_value(get_cell(tables, f"requests.{row.key}.{c.key}")) for c in columns)
        rows.append(PrintedRow(row.printed, values, row.groups, len(row.groups) - shared))
        previous = row.groups
    header = [["申请人情况"], ["自然人", "法人或其他组织", "总计"], [c.label for c in columns[1:6]]]
    return PrintedTable([title, table.corner_note], header, rows)


# --- text layouts -------------------------------------------------------------------------------

Layout = Callable[[random.Random, PrintedTable], list[str]]


def _plain(separator: str, blank: str = "") -> Layout:
    def render(rng: random.Random, table: PrintedTable) -> list[str]:
        lines = list(table.heading)
        lines += [separator.join(cells) for cells in table.header]
        for row in table.rows:
            lines += list(row.groups)
            cells = (
                [row.label, *((v or blank) for v in row.values)]
                if row.label
                else [*(v or blank for v in row.values)]
            )
            lines.append(separator.join(cells))
        return lines

    return render


def layout_word_tabs(rng: random.Random, table: PrintedTable) -> list[str]:
    """As Word's text export prints merged cells: a merged cell's text in its first slot, blanks
    in the others (group labels on their first row only, a wide label followed by blanks)."""
    lines = list(table.heading) + ["\t".join(cells) for cells in table.header]
    max_depth = max(row.depth for row in table.rows)
    for row in table.rows:
        groups = [""] * (row.depth - row.new) + list(row.groups)
        label = [row.label] + [""] * (max_depth - row.depth) if row.label else []
        lines.append("\t".join(groups + label + list(row.values)))
    return lines


def layout_pipes(rng: random.Random, table: PrintedTable) -> list[str]:
    """Cells between pipes, as a PDF-to-text converter prints tables."""
    return [
        f"| {line.replace(chr(9), ' | ')} |" if "\t" in line else line for line in _plain("\t")(rng, table)
    ]


def layout_box_drawing(rng: random.Random, table: PrintedTable) -> list[str]:
    """Cells between box-drawing strokes, a ruling line of box drawing between rows."""
    lines: list[str] = []
    for line in _plain("\t")(rng, table):
        if "\t" in line:
            cells = line.split("\t")
            lines += ["├" + "┼".join("──" for _ in cells) + "┤", "│" + "│".join(cells) + "│"]
        else:
            lines.append(line)
    return lines


def layout_markdown(rng: random.Random, table: PrintedTable) -> list[str]:
    """A PDF converter's markdown: wrong header row, split rows, detached labels."""
    width = max([len(row.values) + 1 for row in table.rows] + [1])
    lines = list(table.heading)
    body: list[list[str]] = [cells + [""] * (width - len(cells)) for cells in table.header]
    for row in table.rows:
        for group in row.groups:
            body.append([group] + [""] * (width - 1))
        label, values = row.label, list(row.values)
        roll = rng.random()
        if roll < 0.2 and len(label) > 6:  # split row: label's head alone, tail with the values
            cut = rng.randint(2, len(label) - 2)
            body.append([label[:cut]] + [""] * (width - 1))
            body.append([label[cut:], *values])
        elif roll < 0.3 and label:  # detached label
            body.append([label] + [""] * (width - 1))
            body.append(["", *values])
        else:
            body.append(([label] if label else []) + values)
    header, *rest = body if body else [[""]]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(cells) + " |" for cells in rest]
    return lines


def _label_lines(table: PrintedTable, split: Callable[[str, str], list[str] | None]) -> list[str]:
    """Each row's label and values on one line, unless `split(label, values)` gives other lines."""
    lines = list(table.heading) + [" ".join(cells) for cells in table.header]
    for row in table.rows:
        lines += list(row.groups)
        values = " ".join(row.values)
        lines += split(row.label, values) or [f"{row.label} {values}".strip()]
    return lines


def layout_broken_labels(rng: random.Random, table: PrintedTable) -> list[str]:
    """Long labels broken over two lines; the values follow the first or the last part."""

    def split(label: str, values: str) -> list[str] | None:
        if len(label) <= 8:
            return None
        cut = rng.randint(4, len(label) - 3)
        if rng.random() < 0.5:
            return [f"{label[:cut]} {values}", label[cut:]]
        return [label[:cut], f"{label[cut:]} {values}"]

    return _label_lines(table, split)


def layout_values_first(rng: random.Random, table: PrintedTable) -> list[str]:
    """Vertically centred values in tall cells: the value line printed before its long label."""
    return _label_lines(
        table, lambda label, values: [values, label] if len(label) > 10 and rng.random() < 0.6 else None
    )


def layout_vertical_groups(rng: random.Random, table: PrintedTable) -> list[str]:
    """Group labels printed vertically, one character per line, interleaved with the rows."""
    lines = list(table.heading) + [" ".join(cells) for cells in table.header]
    pending: list[str] = []
    for row in table.rows:
        for group in row.groups:
            pending += list(group)
        if pending:
            take = rng.randint(1, min(3, len(pending)))
            lines += pending[:take]
            pending = pending[take:]
        lines.append(f"{row.label} {' '.join(row.values)}".strip())
    return lines + pending


def layout_glued(rng: random.Random, table: PrintedTable) -> list[str]:
    """No separator at all: the digits of neighbouring cells run together."""
    lines = list(table.heading) + ["".join(cells) for cells in table.header]
    for row in table.rows:
        lines += list(row.groups)
        lines.append(row.label + "".join(row.values))
    return lines


TEXT_LAYOUTS: dict[str, Layout] = {
    "tabs": _plain("\t"),
    "spaces": _plain(" "),
    "word_tabs": layout_word_tabs,
    "pipes": layout_pipes,
    "box_drawing": layout_box_drawing,
    "markdown": layout_markdown,
    "broken_labels": layout_broken_labels,
    "values_first": layout_values_first,
    "vertical_groups": layout_vertical_groups,
    "glued": layout_glued,
}


def with_page_noise(rng: random.Random, lines: list[str], head: str) -> list[str]:
    """Page numbers and a running head inserted every 25-40 lines, as a PDF's text layer has them."""
    out: list[str] = []
    page = 1
    next_break = rng.randint(25, 40)
    for index, line in enumerate(lines):
        if index == next_break:
            out += [rng.choice((f"- {page} -", f"第 {page} 页", str(page))), head]
            page += 1
            next_break += rng.randint(25, 40)
        out.append(line)
    return out


# --- whole documents ----------------------------------------------------------------------------


def text_sections(report: dict[str, Any]) -> dict[str, list[str]]:
    """The prose around the tables: title, sections 一, 五, 六 and the signature; a report that
    carries its own (`"text_sections"`, e.g. a real report's, `crawled.own_sections`) gets those."""
    if "text_sections" in report:
        return {key: list(lines) for key, lines in report["text_sections"].items()}
    agency, year = report["agency"], report["year"]
    new_total = get_cell(report["tables"], "requests.new.total")
    received = f"共收到政府信息公开申请{new_total}件。" if new_total is not None else ""
    return {
        "title": [agency, f"{year}年政府信息公开工作年度报告"],
        "intro": [f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"],
        "一": [
            "一、总体情况",
            f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。{received}",
        ],
        "五": ["五、存在的主要问题及改进情况", "一是公开内容还不够全面；二是队伍建设有待加强。"],
        "六": ["六、其他需要报告的事项", f"本机关{year}年未收取信息处理费。"],
        "signature": [agency, f"{year + 1}年1月20日"],
    }


def render_text(report: dict[str, Any], layout: str, rng: random.Random, noise: bool = False) -> str:
    """A whole report as text, its tables in `layout`, optionally with page numbers and heads."""
    prose = text_sections(report)
    lines = prose["title"] + prose["intro"] + prose["一"]
    for table in printed_tables(report):
        lines += TEXT_LAYOUTS[layout](rng, table)
    lines += prose["五"] + prose["六"] + prose["signature"]
    if noise:
        lines = with_page_noise(rng, lines, f"{report['agency']}{report['year']}年政府信息公开工作年度报告")
    return "\n".join(lines) + "\n"


def _html_cell(text: str, tag: str = "td", rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<{tag}{spans}>{html.escape(text)}</{tag}>"


def _group_spans(rows: list[PrintedRow]) -> list[list[tuple[str, int, int]]]:
    """Per row, its group cells as (label, rowspan, colspan), from the printed rows' groups."""
    max_depth = max(row.depth for row in rows)
    out: list[list[tuple[str, int, int]]] = []
    for index, row in enumerate(rows):
        cells: list[tuple[str, int, int]] = []
        for depth in range(row.depth - row.new, row.depth):
            span = 1
            while index + span < len(rows) and rows[index + span].path[: depth + 1] == row.path[: depth + 1]:
                span += 1
            cells.append((row.path[depth], span, 1))
        label_colspan = max_depth - row.depth + 1
        cells.append((row.label, 1, label_colspan))
        out.append(cells)
    return out


def html_tables(report: dict[str, Any]) -> list[str]:
    """Each printed table as an HTML <table> with the merged cells of the national format."""
    out: list[str] = []
    for table in printed_tables(report):
        parts = [f"<p>{html.escape(line)}</p>" for line in table.heading if line]
        rows_html: list[str] = []
        if table.rows[0].depth or (len(table.header) == 3 and table.header[0] == ["申请人情况"]):
            label_cols = max(row.depth for row in table.rows) + 1
            rows_html.append(
                "<tr>" + _html_cell("", "th", 3, label_cols) + _html_cell("申请人情况", "th", 1, 7) + "</tr>"
            )
            rows_html.append(
                "<tr>" + _html_cell("自然人", "th", 2) + _html_cell("法人或其他组织", "th", 1, 5)
                + _html_cell("总计", "th", 2) + "</tr>"
            )  # fmt: skip
            rows_html.append("<tr>" + "".join(_html_cell(label, "th") for label in table.header[2]) + "</tr>")
            for row, cells in zip(table.rows, _group_spans(table.rows), strict=True):
                rows_html.append(
                    "<tr>" + "".join(_html_cell(t, "td", r, c) for t, r, c in cells)
                    + "".join(_html_cell(v) for v in row.values) + "</tr>"
                )  # fmt: skip
        elif not table.rows[0].label:  # table 四: two-level header over one row of 15 cells
            rows_html.append(
                "<tr>" + _html_cell("行政复议", "th", 1, 5) + _html_cell("行政诉讼", "th", 1, 10) + "</tr>"
            )
            rows_html.append(
                "<tr>" + "".join(_html_cell(label, "th", 2) for label in table.header[2][:5])
                + _html_cell("未经复议直接起诉", "th", 1, 5) + _html_cell("复议后起诉", "th", 1, 5) + "</tr>"
            )  # fmt: skip
            rows_html.append("<tr>" + "".join(_html_cell(label, "th") for label in table.header[2]) + "</tr>")
            rows_html.append("<tr>" + "".join(_html_cell(v) for v in table.rows[0].values) + "</tr>")
        else:
            rows_html += [
                "<tr>" + "".join(_html_cell(c, "th") for c in cells) + "</tr>" for cells in table.header
            ]
            rows_html += [
                "<tr>" + _html_cell(row.label) + "".join(_html_cell(v) for v in row.values) + "</tr>"
                for row in table.rows
            ]
        parts.append('<table border="1" cellspacing="0">' + "".join(rows_html) + "</table>")
        out.append("\n".join(parts))
    return out


PDF_CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: "- " counter(page) " -"; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td, th { border: 0.75pt solid black; padding: 2pt 3pt; font-size: 9pt; text-align: center; }
"""


def render_html(report: dict[str, Any], encoding: str = "utf-8") -> bytes:
    """A web page of the report with real tables (rowspan/colspan), declared in `encoding`."""
    prose = text_sections(report)
    paragraphs = lambda lines: "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)  # noqa: E731
    body = "\n".join(
        [
            f"<h1>{html.escape(prose['title'][0])}</h1><h2>{html.escape(prose['title'][1])}</h2>",
            paragraphs(prose["intro"] + prose["一"]),
            *html_tables(report),
            paragraphs(prose["五"] + prose["六"] + prose["signature"]),
        ]
    )
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{html.escape(prose["title"][1])}</title>'
        f"<style>{PDF_CSS}</style><script>var x = '<p>not text</p>';</script></head><body>{body}</body></html>"
    )
    return page.encode(encoding)


def render_pdf(report: dict[str, Any], ruled: bool = True) -> bytes:
    """The HTML rendering printed to PDF by weasyprint (CJK font installed on the machine);
    `ruled=False` prints the tables without any lines."""
    import weasyprint

    page = render_html(report).decode("utf-8")
    if not ruled:
        page = page.replace("border: 0.75pt solid black", "border: none")
    return bytes(weasyprint.HTML(string=page).write_pdf())


def render_html_flat(report: dict[str, Any], layout: str, rng: random.Random, container: str = "p") -> bytes:
    """A web page whose tables were pasted as text: the text layout's lines as <p>s or one <pre>."""
    lines = render_text(report, layout, rng).splitlines()
    if container == "pre":
        body = f"<pre>{html.escape(chr(10).join(lines))}</pre>"
    else:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


def render_docx(report: dict[str, Any]) -> bytes:
    """A Word document with the report's tables as real Word tables, merged cells as in the format."""
    import docx

    document = docx.Document()
    prose = text_sections(report)
    for line in prose["title"] + prose["intro"] + prose["一"]:
        document.add_paragraph(line)
    for table in printed_tables(report):
        for line in table.heading:
            document.add_paragraph(line)
        _docx_table(document, table)
    for line in prose["五"] + prose["六"] + prose["signature"]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document: Any, table: PrintedTable) -> None:
    label_cols = max(row.depth for row in table.rows) + 1 if table.rows[0].label else 0
    width = label_cols + len(table.rows[0].values)
    header_rows = len(table.header)
    grid = document.add_table(rows=header_rows + len(table.rows), cols=width)
    if header_rows == 1:  # a block of table 二
        for col, label in enumerate(table.header[0]):
            grid.cell(0, col).text = label
    elif label_cols:  # table 三: corner note over the label columns, applicants' header
        grid.cell(0, 0).merge(
            grid.cell(2, label_cols - 1)
        ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        grid.cell(0, label_cols).merge(grid.cell(0, width - 1)).text = "申请人情况"
        grid.cell(1, label_cols).merge(grid.cell(2, label_cols)).text = "自然人"
        grid.cell(1, label_cols + 1).merge(grid.cell(1, label_cols + 5)).text = "法人或其他组织"
        grid.cell(1, width - 1).merge(grid.cell(2, width - 1)).text = "总计"
        for offset, label in enumerate(table.header[2]):
            grid.cell(2, label_cols + 1 + offset).text = label
    else:  # table 四
        grid.cell(0, 0).merge(grid.cell(0, 4)).text = "行政复议"
        grid.cell(0, 5).merge(grid.cell(0, 14)).text = "行政诉讼"
        for col, label in enumerate(table.header[2][:5]):
            grid.cell(1, col).merge(grid.cell(2, col)).text = label
        grid.cell(1, 5).merge(grid.cell(1, 9)).text = "未经复议直接起诉"
        grid.cell(1, 10).merge(grid.cell(1, 14)).text = "复议后起诉"
        for col, label in enumerate(table.header[2]):
            grid.cell(2, 5 + col).text = label
    if label_cols:
        spans = _group_spans(table.rows)
        for index, (row, cells) in enumerate(zip(table.rows, spans, strict=True)):
            r = header_rows + index
            col = row.depth - row.new
            for text, rowspan, colspan in cells:
                cell = grid.cell(r, col)
                if rowspan > 1 or colspan > 1:
                    cell = cell.merge(grid.cell(r + rowspan - 1, col + colspan - 1))
                cell.text = text
                col += colspan
            for offset, value in enumerate(row.values):
                grid.cell(r, label_cols + offset).text = value
    else:
        for offset, value in enumerate(table.rows[0].values):
            grid.cell(header_rows, offset).text = value


def expected_cells(report: dict[str, Any]) -> dict[str, int | float | None]:
    """Every cell path of the report's format with its true value."""
    return {path: get_cell(report["tables"], path) for path in cell_paths(report["format"])}


@dataclass
class Score:
    """Cell-by-cell comparison of a reading with the truth."""

    right: int = 0
    null_with_finding: int = 0
    null_without_finding: int = 0
    wrong: int = 0
    wrong_cells: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.null_with_finding += other.null_with_finding
        self.null_without_finding += other.null_without_finding
        self.wrong += other.wrong
        self.wrong_cells += other.wrong_cells

    @property
    def total(self) -> int:
        return self.right + self.null_with_finding + self.null_without_finding + self.wrong


def score(report: dict[str, Any], reading: dict[str, Any]) -> Score:
    """Right, null (with or without a finding saying so) or confidently wrong, per cell."""
    result = Score()
    has_findings = bool(reading.get("findings"))
    got_tables = reading.get("tables") or {}
    for path, truth in expected_cells(report).items():
        got = get_cell(got_tables, path)
        if got == truth and (got is None) == (truth is None):
            result.right += 1
        elif got is None:
            if has_findings:
                result.null_with_finding += 1
            else:
                result.null_without_finding += 1
        else:
            result.wrong += 1
            result.wrong_cells.append(f"{path}: {got!r} (truth {truth!r})")
    return result


def score_layout(
    layout: str,
    per_layout: int,
    blanks: float,
    noise: bool,
    read: Callable[..., dict[str, Any]],
    seed: str,
    render: Callable[[dict[str, Any], str, random.Random, bool], str] | None = None,
    table_two: str = "harsh",
    with_previous: bool = False,
) -> Score:
    """`read`'s score on `per_layout` random reports of each format (`random_report`'s `table_two`),
    printed as text in `layout` (by `render`, default `render_text`); `with_previous`: read with the
    agency's report of the year before (`last_year_of`) as second argument."""
    total = Score()
    for n in range(per_layout):
        for fmt in ("2021", "2019"):
            rng = random.Random(f"{seed}/{layout}/{fmt}/{n}")
            report = random_report(rng, fmt, blanks, table_two)
            data = (render or render_text)(report, layout, rng, noise).encode("utf-8")
            total.add(score(report, read(data, last_year_of(report)) if with_previous else read(data)))
    return total


def last_year_of(report: dict[str, Any]) -> dict[str, Any]:
    """The agency's report of the year before as far as this year's numbers imply it: table 二's
    现行有效 (2021: 现行有效 − 本年制发 + 本年废止; None where a cell is blank)."""
    tables: dict[str, Any] = {}
    for row in ("regulations", "normative_documents"):
        cells = [
            get_cell(report["tables"], f"proactive.{row}.{c}") for c in ("issued", "repealed", "in_force")
        ]
        if report["format"] == "2021" and None not in cells:
            set_cell(tables, f"proactive.{row}.in_force", cells[2] - cells[0] + cells[1])
    return {
        "agency": report["agency"],
        "year": report["year"] - 1,
        "format": report["format"],
        "tables": tables,
    }
