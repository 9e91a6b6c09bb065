"""Random reports broken the way real published pages break: crawler-flattened web pages and converter markdown.

Each breakage of issue 8 is one transform, usable alone or combined, on both formats:

1. `glue_ordinals` — a crawler joins a table's cells with nothing between them, so the next label's
   ordinal follows this row's digits (`1.属于国家秘密00000002.其他法律…`);
2. `stray_spaces` — some cell boundaries keep a space (`31 0 00 0 031`), most don't;
3. (arithmetic: the rows of 1-2 only split one way across the whole table);
4. blanks — a blank cell of a real HTML table (`&nbsp;`) comes out as nothing or as one space;
5. table 二 rows glued (`4316302`);
6. 2019 table 二: negative 本年增/减 and decimals glued to their neighbours (`1207-3961`, `4820316.75`);
7. `converter_markdown` — an OCR/PDF-to-markdown tool's tables (invented headers, wrong header rows,
   stub tables, labels split over two cells, rows without labels, table 二 moved, table 四's 15
   values under 6 headers, page footers between rows);
8. `crawler_header`, `broken_title`, `renumbered_headings` — a crawler's header block (标题/发布时间/
   原文链接, breadcrumbs, share bar), the title broken over lines with a space in the year, sections
   numbered differently or without their heading;
9. `gongkai_markdown` — gongkai's own Markdown (`gongkai render … -o X.md`).
And (issue 8, real pages seen later) every table cell on a line of its own: `cells_per_line_piped` —
a converter prints each cell's text followed by ' |', a blank cell as a lone '|' and, after a row
shorter than the table's grid, one line of as many pipes as the row lacks cells (so a row one cell
short ends in a lone '|', like a blank); `cells_per_line` — the text of the page's elements one per
line (`get_text("\n")`), a blank cell as an empty line or (`blanks_vanish`) as nothing at all.
And `crawler_drafted`: crawler_flat with section 一 stating table figures as gongkai drafts them.

The tables are flattened from the same printed rows as `layouts.py` (so HTML merged cells print their
text once, on the first row they cover), cell texts joined as a crawler joins <td> texts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from layouts import TEXT_LAYOUTS, PrintedTable, printed_tables, render_text, text_sections, with_page_noise

# How a crawler prints a blank cell (&nbsp;): nothing, or a space.
_BLANK_FORMS = ("", " ")


def _cell_texts(table: PrintedTable, rng: random.Random) -> list[list[str]]:
    """Each printed row of `table` as the texts of its cells (group labels, label, values), the
    header rows first; a blank value is '' or ' ' (an &nbsp; cell)."""
    rows = [list(cells) for cells in table.header]
    for row in table.rows:
        values = [v if v else rng.choice(_BLANK_FORMS) for v in row.values]
        rows.append([*row.groups, *([row.label] if row.label else []), *values])
    return rows


def _join_cells(cells: list[str], rng: random.Random, space_share: float) -> str:
    """Cell texts joined as a crawler joins them: nothing between most, a space between a few."""
    out = cells[0] if cells else ""
    for cell in cells[1:]:
        out += (" " if rng.random() < space_share else "") + cell
    return out


def flatten_table(
    tables: list[PrintedTable], rng: random.Random, space_share: float, one_line: bool
) -> list[str]:
    """A table (table 二: all its blocks) as a crawler prints it: its heading on a line of its own,
    then every cell's text joined; rows joined into one line (`one_line`) or a line per row."""
    lines = [tables[0].heading[0]]
    rows: list[str] = []
    for table in tables:
        rows += [*table.heading[1:]]
        rows += [_join_cells(cells, rng, space_share) for cells in _cell_texts(table, rng)]
    if one_line:
        joined = rows[0] if rows else ""
        for row in rows[1:]:
            joined += (" " if rng.random() < space_share else "") + row
        lines.append(joined)
    else:
        lines += rows
    return lines


def _grouped(report: dict[str, Any]) -> list[list[PrintedTable]]:
    """Tables 二 (its blocks together), 三, 四."""
    groups: list[list[PrintedTable]] = []
    for table in printed_tables(report):
        if table.heading and table.heading[0][:2] in ("二、", "三、", "四、"):
            groups.append([table])
        else:
            groups[-1].append(table)
    return groups


def _cell_rows(tables: list[PrintedTable], rng: random.Random) -> tuple[list[list[str]], bool]:
    """A table (table 二: all its blocks, one grid) as the rows of its page's grid, as cell texts: a
    block's heading a row of its own, table 三's corner note in the first header row (as its
    merged corner cell is); and whether there is such a corner cell."""
    rows: list[list[str]] = []
    cornered = False
    for index, table in enumerate(tables):
        cells = _cell_texts(table, rng)
        above = table.heading[0 if index else 1 :]  # the first heading is the section's, a line above
        if above and len(cells[0]) == 1:  # the corner cell and '申请人情况' make one row
            cells[0] = [*above, *cells[0]]
            cornered = True
        else:
            rows += [[line] for line in above]
        rows += cells
    return rows, cornered


def cells_per_line(tables: list[PrintedTable], rng: random.Random, style: str) -> list[str]:
    """A table printed one cell per line (its heading a line of its own): `style` 'piped' as the
    converter of a real county page prints it — a cell's text then ' |', a blank '|', after a row
    shorter than the grid one line of a pipe per missing cell (table 三's grid one wider than its
    rows, its corner cell spanning two columns); 'empty': a blank cell as an empty line; 'vanish':
    a blank cell leaves no line."""
    lines = [tables[0].heading[0]]
    rows, cornered = _cell_rows(tables, rng)
    width = max(len(cells) for cells in rows) + cornered
    for cells in rows:
        for cell in cells:
            text = cell.strip()
            if style == "piped":
                lines.append(f"{text} |" if text else "|")
            elif text or style == "empty":
                lines.append(text)
        if style == "piped" and len(cells) < width:
            lines.append("|" * (width - len(cells)))
    return lines


# --- the prose around the tables -----------------------------------------------------------------


def crawler_header(report: dict[str, Any], rng: random.Random) -> list[str]:
    """What a crawler saves above the text of a government page."""
    agency, year = report["agency"], report["year"]
    title = f"{agency}{year}年政府信息公开工作年度报告"
    return [
        f"标题：{title}" if rng.random() < 0.5 else f"标题:{title}",
        f"发布时间：{year + 1}-01-{rng.randint(10, 28)} 09:{rng.randint(10, 59)}   来源：{agency}   浏览次数：{rng.randint(20, 900)}",
        f"原文链接：http://www.example.gov.cn/zwgk/xxgknb/{year + 1}01/t{year + 1}0120_{rng.randint(1000, 9999)}.html",
        "首页 > 政务公开 > 政府信息公开 > 政府信息公开年报",
        "【字体：大 中 小】 打印本页 关闭窗口 分享到：微信 微博 QQ空间",
    ]


def broken_title(report: dict[str, Any], rng: random.Random) -> list[str]:
    """The title broken over lines, a space inside the year ('2024 年某某局政府信息公开' / '工作年度报告')."""
    agency, year = report["agency"], report["year"]
    cut = rng.choice(("工作年度报告", "年度报告", "报告", "政府信息公开工作年度报告"))
    whole = f"{year} 年{agency}政府信息公开工作年度报告"
    if rng.random() < 0.5:
        whole = f"{agency}{year} 年政府信息公开工作年度报告"
    head = whole[: len(whole) - len(cut)]
    return [head, cut]


def drafted_overview(report: dict[str, Any]) -> list[str]:
    """Section 一 as gongkai drafts it (`draft_sections`), its fill-in hints left out: it states
    table figures (制发规章N件…, 行政复议N件（结果维持N件…）) as many real reports do."""
    from gongkai.annual.drafting import draft_sections

    body = draft_sections(report)["一"].splitlines()
    return ["一、总体情况", *(line for line in body if "【待填写" not in line)]


def _prose(
    report: dict[str, Any], rng: random.Random, renumbered: bool, drafted: bool = False
) -> dict[str, list[str]]:
    """`text_sections`; `renumbered`: the narrative numbered 一…六 without the national numbering of
    the table sections (tables titled 一、二、三 instead), or a section printed without its heading;
    `drafted`: section 一 as gongkai drafts it (`drafted_overview`)."""
    prose = text_sections(report)
    if drafted:
        prose["一"] = drafted_overview(report)
    if renumbered:
        style = rng.choice(("tables_renumbered", "no_heading"))
        if style == "no_heading":
            prose["一"] = prose["一"][1:]  # the body of 一 right after the intro
        else:
            prose["五"] = ["四、存在的主要问题及改进情况", *prose["五"][1:]]
            prose["六"] = ["五、其他需要报告的事项", *prose["六"][1:]]
    return prose


# --- a real report's own prose ----------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^([-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页(共\s*\d+\s*页)?)$")
_PARAGRAPH_START = re.compile(
    r"^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.．、]|[一二三四五六七八九十]是)"
)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines of extracted PDF text as a web page prints them: a paragraph per line (a wrapped line
    joined to the one before unless that one ends a sentence or the title or is short, like a heading,
    or this one starts a numbered item), page numbers left out."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        previous = out[-1] if out else ""
        ends = previous[-1:] in ("", *"。：；！？:;") or previous.endswith("年度报告")  # a title ends too
        if len(previous) >= 15 and not ends and not _PARAGRAPH_START.match(line):
            out[-1] = previous + line
        else:
            out.append(line)
    return out


def own_sections(text: str) -> dict[str, list[str]]:
    """A real report's own prose from its extracted text (`../shared/*/*.txt`), in the shape of
    `layouts.text_sections`: title and introduction (everything above 一、总体情况), section 一 (to the
    heading of 二), 五 and 六 (from their headings after the tables to the end, signature included)."""
    lines = text.splitlines()
    starts = [line.strip() for line in lines]
    first = next(i for i, line in enumerate(starts) if line.startswith("一、"))
    second = next(i for i in range(first + 1, len(starts)) if starts[i].startswith("二、"))
    fifth = next(i for i in range(second, len(starts)) if starts[i].startswith("五、"))
    sixth = next(i for i in range(fifth, len(starts)) if starts[i].startswith("六、"))
    head = _paragraphs(lines[:first])
    title_end = next((i + 1 for i, line in enumerate(head) if "年度报告" in line), min(2, len(head)))
    return {
        "title": head[:title_end],
        "intro": head[title_end:],
        "一": _paragraphs(lines[first:second]),
        "五": _paragraphs(lines[fifth:sixth]),
        "六": _paragraphs(lines[sixth:]),
        "signature": [],
    }


# --- documents ---------------------------------------------------------------------------------------


def render_crawled(
    report: dict[str, Any],
    rng: random.Random,
    *,
    one_line: bool = True,
    space_share: float = 0.1,
    header: bool = False,
    title_broken: bool = False,
    renumbered: bool = False,
    noise: bool = False,
    drafted: bool = False,
    overview: list[str] | None = None,
    cells: str = "",
) -> str:
    """A web page's text as a crawler saved it: every table flattened (`flatten_table`), or printed
    one cell per line in the `cells` style (`cells_per_line`); section 一 as `overview` (its heading
    first) where given, e.g. a real report's own."""
    prose = _prose(report, rng, renumbered, drafted)
    if overview is not None:
        prose["一"] = overview
    lines = crawler_header(report, rng) if header else []
    lines += broken_title(report, rng) if title_broken else prose["title"]
    lines += prose["intro"] + prose["一"]
    for number, group in enumerate(_grouped(report)):
        flat = (
            cells_per_line(group, rng, cells) if cells else flatten_table(group, rng, space_share, one_line)
        )
        if renumbered and flat[0][:1] in "二三四":
            flat[0] = "一二三"[number] + flat[0][1:]
        lines += flat
    lines += prose["五"] + prose["六"] + prose["signature"]
    if noise:
        lines = with_page_noise(rng, lines, f"{report['agency']}{report['year']}年政府信息公开工作年度报告")
    return "\n".join(lines) + "\n"


# --- a crawler's pipe rows padded to the page's grid ---------------------------------------------------


def render_grid_rows(report: dict[str, Any], rng: random.Random, noise: bool = False) -> str:
    """A page saved with each table row as `| cell | cell | … |`, as a real county department's page
    was: a merged cell's text printed once (on the first row it covers), blank cells empty, and each
    row padded to the width of the table's grid with bare pipes (`| 3 | ||`), so that empty cells at a
    row's end may be blanks or padding, and one after a label a blank or nothing."""
    prose = _prose(report, rng, False)
    lines = prose["title"] + prose["intro"] + prose["一"]
    for group in _grouped(report):
        lines.append(group[0].heading[0])
        for table in group:
            lines += table.heading[1:]
            rows = [[cell.strip() for cell in cells] for cells in _cell_texts(table, rng)]
            width = max(len(row) for row in rows)
            lines += ["| " + " | ".join(row) + " | " + "|" * (width - len(row)) for row in rows]
    lines += prose["五"] + prose["六"] + prose["signature"]
    if noise:
        lines = with_page_noise(rng, lines, f"{report['agency']}{report['year']}年政府信息公开工作年度报告")
    return "\n".join(lines) + "\n"


# --- converter markdown (point 7) --------------------------------------------------------------------


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    width = max([len(header)] + [len(r) for r in rows])
    header = header + [""] * (width - len(header))
    return (
        [_md_row(header), "|" + "---|" * width] + [_md_row(r + [""] * (width - len(r))) for r in rows] + [""]
    )


def _invented_header(width: int) -> list[str]:
    return ["项目", *(f"数据{k}" for k in range(1, width - 1)), "总计"]


def _converter_requests(table: PrintedTable, rng: random.Random) -> list[str]:
    """Table 三 as a converter prints it: an empty stub table for 申请人情况, then one mini-table per
    row group under an invented header; labels split over two cells, rows without their label,
    the last rows under a wrong header row, page footers between rows."""
    lines = [table.heading[0], ""]
    lines += _md_table(["申请人情况", "", ""], [["自然人", "法人或其他组织", "总计"]])
    groups: list[list[list[str]]] = [[]]
    previous_top = None
    for row in table.rows:
        top = row.path[1] if len(row.path) > 1 else row.label
        if groups[-1] and top != previous_top:
            groups.append([])
        previous_top = top
        values = [v or "" for v in row.values]
        label = row.label
        roll = rng.random()
        if roll < 0.15 and len(label) > 8:  # the label split across two cells
            cut = rng.randint(3, len(label) - 3)
            groups[-1].append([label[:cut], label[cut:], *values])
        elif roll < 0.2 and row.label and groups[-1]:  # a value row with no label at all
            groups[-1].append(values)
        else:
            groups[-1].append([*row.groups[-1:], label, *values])
        if rng.random() < 0.05:
            groups[-1].append([f"— {rng.randint(2, 9)} —"])
    for index, rows in enumerate(groups):
        if index == len(groups) - 1 and rng.random() < 0.5:
            lines += _md_table(rows[0], rows[1:]) if len(rows) > 1 else _md_table(rows[0], [])
        else:
            lines += _md_table(_invented_header(9), rows)
    return lines


def _converter_reviews(table: PrintedTable) -> list[str]:
    """Table 四: its 15 values under a header row of 6 cells."""
    header = ["行政复议", "", "", "", "", "行政诉讼"]
    return [table.heading[0], "", *_md_table(header, [list(table.header[2][:5]), list(table.rows[0].values)])]


def _converter_proactive(tables: list[PrintedTable]) -> list[str]:
    lines = [tables[0].heading[0], ""]
    for table in tables:
        lines += [table.heading[-1], ""]
        lines += _md_table(list(table.header[0]), [[r.label, *r.values] for r in table.rows])
    return lines


def render_converter_markdown(report: dict[str, Any], rng: random.Random, noise: bool = False) -> str:
    """A PDF or scan turned into markdown by an OCR/converter tool (point 7 of issue 8)."""
    prose = text_sections(report)
    proactive, requests, reviews = _grouped(report)
    parts = {
        "二": _converter_proactive(proactive),
        "三": _converter_requests(requests[0], rng),
        "四": _converter_reviews(reviews[0]),
    }
    order = ["二", "三", "四"]
    if rng.random() < 0.3:  # table 二 placed after the other items
        order = ["三", "四", "二"]
    lines = ["# " + "".join(prose["title"]), ""] + prose["intro"] + [""] + prose["一"] + [""]
    for key in order:
        lines += parts[key]
    lines += prose["五"] + prose["六"] + prose["signature"]
    if noise:
        lines = with_page_noise(rng, lines, f"{report['agency']}{report['year']}年政府信息公开工作年度报告")
    return "\n".join(lines) + "\n"


# --- gongkai's own markdown (point 9) ---------------------------------------------------------------


def render_gongkai_markdown(report: dict[str, Any], rng: random.Random, noise: bool = False) -> str:
    from gongkai.annual.writers import render_report

    prose = text_sections(report)
    full = {**report, "sections": {k: "\n".join(prose[k][1:]) for k in "一五六"}}
    return render_report(full, "md").decode("utf-8")


# --- the layouts by name ------------------------------------------------------------------------------

DocumentLayout = Callable[[dict[str, Any], random.Random, bool], str]

DOCUMENT_LAYOUTS: dict[str, DocumentLayout] = {
    # points 1+2+3(+4 with blanks): each table on one line, the next ordinal glued, a few spaces
    "crawler_flat": lambda r, g, n: render_crawled(r, g, one_line=True, space_share=0.1, noise=n),
    # crawler_flat with section 一 stating table figures as gongkai drafts it (evidence for glued rows)
    "crawler_drafted": lambda r, g, n: render_crawled(
        r, g, one_line=True, space_share=0.1, noise=n, drafted=True
    ),
    # the same with no space at all
    "crawler_nospace": lambda r, g, n: render_crawled(r, g, one_line=True, space_share=0.0, noise=n),
    # one line per table row, more spaces
    "crawler_rows": lambda r, g, n: render_crawled(r, g, one_line=False, space_share=0.3, noise=n),
    # point 8: crawler header, broken title, sections numbered otherwise
    "crawler_page": lambda r, g, n: render_crawled(
        r, g, header=True, title_broken=True, renumbered=g.random() < 0.5, noise=n
    ),
    # one cell per line: a converter's ' |' after each cell, lone '|' blanks, rows padded with pipes
    "cells_piped": lambda r, g, n: render_crawled(r, g, header=g.random() < 0.5, noise=n, cells="piped"),
    # one cell per line as `get_text("\n")` gives it: a blank cell an empty line, or nothing at all
    "cells_lines": lambda r, g, n: render_crawled(r, g, header=g.random() < 0.5, noise=n, cells="empty"),
    "cells_vanish": lambda r, g, n: render_crawled(r, g, header=g.random() < 0.5, noise=n, cells="vanish"),
    # pipe rows padded to the page's grid with bare pipes (a real page's form)
    "crawler_grid": render_grid_rows,
    # point 7
    "converter_md": render_converter_markdown,
    # point 9
    "gongkai_md": render_gongkai_markdown,
    # everything at once
    "combined": lambda r, g, n: render_crawled(
        r,
        g,
        one_line=g.random() < 0.7,
        space_share=g.choice((0.0, 0.1, 0.3)),
        header=g.random() < 0.5,
        title_broken=g.random() < 0.5,
        renumbered=g.random() < 0.3,
        noise=n,
    ),
}


def render_any(report: dict[str, Any], layout: str, rng: random.Random, noise: bool = False) -> str:
    """A report as text in any layout: a whole-document one here, else a table layout of `layouts.py`."""
    if layout in DOCUMENT_LAYOUTS:
        return DOCUMENT_LAYOUTS[layout](report, rng, noise)
    return render_text(report, layout, rng, noise)


ALL_LAYOUTS = (*sorted(TEXT_LAYOUTS), *DOCUMENT_LAYOUTS)
