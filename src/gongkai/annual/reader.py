"""The one generic reader: a report's lines (from any front-end) → the report-data contract.

`read_document` finds the six sections, cuts out the three tables, decides the format from the tables'
own labels, reads every table with the format data (`reading.tables`), reads the meta (agency, year,
signing date, 信息处理费) and returns the contract plus findings from the reader and from the
cross-check rules. What it cannot read with certainty is None, with a finding saying why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from gongkai.annual.document import Document, ReadError
from gongkai.annual.formats import FORMATS, TABLE_KEYS, ReportFormat, format_for_year
from gongkai.annual.model import empty_tables
from gongkai.annual.reading.lines import (
    LinePieces,
    compact,
    is_page_number,
    line_pieces,
    normalize,
    squash,
    without_page_number,
)
from gongkai.annual.reading.meta import (
    agency_and_year,
    fees_yuan,
    find_sections,
    section_texts,
    signed_on,
    title_line,
    without_chrome,
    without_markup,
)
from gongkai.annual.reading.stated import Stated, previous_figures
from gongkai.annual.reading.tables import Context, TableReading, Zone, build_zone, read_table, store
from gongkai.annual.reading.zones import one_cell_per_line
from gongkai.annual.rules import WARNING, Finding, check_report

# Where a table starts when its section heading is missing: the first line holding one of these.
_TABLE_MARKERS = {
    "proactive": ("第二十条", "信息内容"),
    "requests": ("本年新收", "申请人情况", "勾稽关系"),
    "reviews": ("行政复议",),
}
_SECTION_OF_TABLE = {"proactive": "二", "requests": "三", "reviews": "四"}
# '- 5 -' inside a long line: a page number of text flattened to one line
_INLINE_PAGE_NUMBER = re.compile(r"(?<!\S)(?:[-—–－]\s?\d{1,3}\s?[-—–－]|第\s?\d{1,3}\s?页)(?!\S)")
# the running head inside such a line ('<agency>2023年政府信息公开工作年度报告'), after the title
_INLINE_RUNNING_HEAD = re.compile(r"(?<!\S)\S*(?:19|20)\d\d\s?年度?政府信息公开(?:工作)?年度报告(?!\S)")
MIN_LABELS = 3  # fewer recognised row labels than this in tables 二 and 三: not a report


def _zone_bounds(squashed: Sequence[str], headings: dict[str, int]) -> dict[str, tuple[int, int]]:
    """(first line, end line) of each table's text: from its section heading (or, when the heading
    is missing, from the first line with one of its markers) to the next heading or table."""
    starts: dict[str, int] = {}
    cuts = set(headings.values())  # lines that end a zone
    marked: set[str] = set()
    previous = headings.get("一", -1)
    for key in TABLE_KEYS:
        heading = headings.get(_SECTION_OF_TABLE[key])
        if heading is not None:
            starts[key] = heading + 1
        else:
            markers = _TABLE_MARKERS[key]
            found = next(
                (i for i in range(previous + 1, len(squashed)) if any(m in squashed[i] for m in markers)),
                None,
            )
            if found is None:
                continue
            starts[key] = found
            cuts.add(found)
            marked.add(key)
        previous = starts[key]
    ends = sorted([*cuts, len(squashed)])
    # a zone found by its marker starts on a cut line of its own; a zone after its heading may be empty
    return {
        key: (start, next(e for e in ends if e > start or (e == start and key not in marked)))
        for key, start in starts.items()
    }


def _is_running_head(text: str) -> bool:
    return "年度报告" in text


def _is_bare_page_number(squashed: Sequence[str], index: int) -> bool:
    """A lone small number next to a running head is that page's number, not a cell; unless the
    head has a page number on its other side already (a page has one: a table printed one cell
    per line has values right after the head)."""
    if not _is_small_number(squashed[index]):
        return False
    for head in (index - 1, index + 1):
        if 0 <= head < len(squashed) and _is_running_head(squashed[head]):
            other = 2 * head - index
            if not (
                0 <= other < len(squashed)
                and (is_page_number(squashed[other]) or (other < index and _is_small_number(squashed[other])))
            ):
                return True
    return False


def _is_small_number(text: str) -> bool:
    return text.isdigit() and len(text) <= 3


def _zone_lines(
    normalized: Sequence[str], squashed: Sequence[str], start: int, end: int, dashed: bool
) -> list[tuple[int, LinePieces]]:
    """The lines of a table's zone as pieces, without page numbers and running heads (`dashed`:
    also remove '- 3 -' joined onto a line, which in table 二 could be a row's three cells), a table
    printed one cell per line as rows (`one_cell_per_line`)."""
    out: list[tuple[int, LinePieces | None]] = []
    for index in range(start, end):
        text = squashed[index]
        if not text:
            out.append((index, None))  # a blank cell where the table is printed one cell per line
        elif not (is_page_number(text) or _is_running_head(text) or _is_bare_page_number(squashed, index)):
            out.append((index, line_pieces(without_page_number(normalized[index], dashed), index)))
        # page numbers and running heads are never table content
    return one_cell_per_line(out)


@cache
def _heading_pattern() -> re.Pattern[str]:
    """Section headings as printed in the middle of a line (a page or table flattened to one line)."""
    titles = {
        f"{section.number}、{title}"
        for fmt in FORMATS.values()
        for section in fmt.sections
        for title in (section.title, *section.variants)
    }
    return re.compile("|".join(re.escape(title) for title in sorted(titles, key=len, reverse=True)))


def _split_run_on_headings(lines: Sequence[str]) -> list[str]:
    """Long lines (text flattened to one line) cut around each section heading inside them, and
    without their page numbers, so that the sections can be found."""
    out: list[str] = []
    pattern = _heading_pattern()
    for line in lines:
        if len(line) < 60:
            out.append(line)
            continue
        line = _INLINE_PAGE_NUMBER.sub(" ", line)
        cuts = sorted({cut for match in pattern.finditer(line) for cut in match.span()} - {0, len(line)})
        pieces = [line[start:end] for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True)]
        # after the first heading a running head is never the title (which holds agency and year)
        out += pieces[:1] + [_INLINE_RUNNING_HEAD.sub(" ", piece) for piece in pieces[1:]]
    return out


@cache
def _distinctive_patterns(fmt_key: str) -> tuple[str, ...]:
    """Labels only `fmt_key` prints (not contained in any label of another format)."""

    def labels(fmt: ReportFormat) -> set[str]:
        found: set[str] = set()
        for table in fmt.tables.values():
            for block in table.blocks:
                found.update(squash(c) for column in block.columns for c in (column.label, *column.variants))
                found.update(squash(p) for row in block.rows for p in row.patterns if len(squash(p)) > 2)
            found.update(squash(p) for merged in table.merged_rows for p in merged.patterns)
        return found

    own = labels(FORMATS[fmt_key])
    others = set().union(*(labels(f) for key, f in FORMATS.items() if key != fmt_key))
    return tuple(sorted(p for p in own if not any(p in other for other in others)))


def detect_format(zone_text: str, year: int | None) -> str:
    """The format whose distinctive labels the tables print most; ties go to the year's format."""
    scores = {key: sum(p in zone_text for p in _distinctive_patterns(key)) for key in FORMATS}
    best = max(scores.values())
    leaders = [key for key, score in scores.items() if score == best]
    if len(leaders) == 1:
        return leaders[0]
    preferred = format_for_year(year) if year else "2021"
    return preferred if preferred in leaders else leaders[0]


def _read_tables(
    zones: dict[str, Zone], fmt: ReportFormat, stated: Stated
) -> tuple[dict[str, Any], list[Finding], set[str], int]:
    """The tables (contract nesting), the reader's findings, the cells those findings explain, and
    how many row labels of tables 二 and 三 were recognised; `stated`: the figures the narrative
    states, evidence among the splits of glued rows."""
    tables = empty_tables(fmt)
    findings: list[Finding] = []
    explained: set[str] = set()
    found_labels = 0
    # tables 三 and 四 first: what they show (blank cells, rows glued and split by their sums) tells
    # how to read glued rows elsewhere; a table read before a blank was seen is read again. Blanks
    # of table 四 (one row, often a whole group left blank for "no case") say nothing of the counts
    # other tables hold: they make no other table's glued rows suspect (issue 8, point 4)
    order = sorted(zones, key=lambda key: key == "proactive")
    readings: dict[str, TableReading] = {}
    context = Context(stated=stated)
    for key in order:
        readings[key] = read_table(fmt.tables[key], fmt, zones[key], context)
        context = Context(
            context.blanks_seen or (readings[key].blanks_seen and not fmt.tables[key].single_row),
            context.glued_seen or readings[key].glued_seen,
            stated,
        )
    for key in order:
        reading = readings[key]
        if context.blanks_seen and not reading.blanks_seen and reading.glued:
            reading = read_table(fmt.tables[key], fmt, zones[key], context)
        found_labels += 0 if fmt.tables[key].single_row else reading.found_labels
        store(reading, tables)
        findings += reading.findings
        explained |= reading.explained
    return tables, findings, explained, found_labels


def _squashed_section(squashed: Sequence[str], headings: dict[str, int], number: str) -> str:
    """Section `number`'s lines after its heading, in the `squash` form, as one text."""
    start = headings.get(number)
    if start is None:
        return ""
    end = min((index for index in headings.values() if index > start), default=len(squashed))
    return "".join(squashed[start + 1 : end])


def read_document(doc: Document, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Read a report into {agency, year, format, signed_on, fees_yuan, sections, tables, findings}.

    `previous`: the same agency's report of the year before (report-data, e.g. as a supervising
    office stored it), if known: its table 二 chooses among the splits of this year's glued table 二
    rows where some split agrees with it (`reading.stated.previous_figures`).
    Raises ReadError (Chinese message) when the lines are not an annual report at all.
    """
    lines = _split_run_on_headings(without_markup(doc.lines))
    normalized = [normalize(line) for line in lines]
    squashed = [compact(line) for line in normalized]
    if not any(squashed):
        raise ReadError("文件中没有可读的文字，无法作为政府信息公开工作年度报告读取。")
    headings = find_sections(squashed)
    bounds = _zone_bounds(squashed, headings)
    zones: dict[str, Zone] = {
        key: build_zone(_zone_lines(normalized, squashed, start, end, key != "proactive"))
        for key, (start, end) in bounds.items()
    }
    first = headings.get("一", min(headings.values(), default=12))
    agency, year = agency_and_year(without_chrome(lines, first), first)
    if "一" not in headings and headings:
        # section 一 printed without its heading: its text is what lies between the title and the
        # next section (a report's content is not missing because a heading is)
        title = title_line(lines, first)
        if title is not None and title + 1 < first:
            headings = {"一": title, **headings}
    fmt_key = detect_format("".join(zone.text for zone in zones.values()), year)
    stated = Stated((_squashed_section(squashed, headings, "一"),), previous_figures(previous, fmt_key, year))
    tables, findings, explained, found_labels = _read_tables(zones, FORMATS[fmt_key], stated)
    if found_labels < MIN_LABELS and len(headings) < 3:
        raise ReadError("这不是政府信息公开工作年度报告：没有找到年度报告的章节，也没有找到统计表格。")
    sections = section_texts(lines, squashed, headings, agency and squash(agency))
    last = headings.get("六", headings.get("五", max(len(lines) - 15, 0)))
    report: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "format": fmt_key,
        "signed_on": signed_on(lines, last),
        "fees_yuan": fees_yuan([sections.get("六", ""), sections.get("一", ""), "\n".join(lines)]),
        "sections": {number: sections.get(number, "") for number in "一二三四五六"},
        "tables": tables,
    }
    findings += [Finding("source_note", WARNING, note, doc.kind) for note in doc.notes]
    findings += check_report(report, explained=explained)
    report["findings"] = [finding.as_dict() for finding in findings]
    return report


def read_text(text: str, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`read_document` for plain text (one printed line per line)."""
    return read_document(Document(lines=tuple(text.splitlines())), previous)


__all__ = ["ReadError", "detect_format", "read_document", "read_text"]
