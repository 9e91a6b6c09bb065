"""Real-world breakage (issue 8): crawler-flattened pages and converter markdown read back right or null.

The layouts are made by tests/annual/crawled.py from random consistent reports; figures for many
reports per layout come from `bench/bench_readers.py --accuracy N`.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from crawled import DOCUMENT_LAYOUTS, own_sections, render_any
from layouts import random_report, score

from gongkai.annual.model import get_cell
from gongkai.annual.reader import read_document, read_text
from gongkai.annual.sources import load_document

FORMATS = ("2021", "2019")
REVIEW_KEYS = ("upheld", "corrected", "other", "pending", "total")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layout", sorted(DOCUMENT_LAYOUTS))
def test_page_layouts_are_never_confidently_wrong_and_read_their_meta(layout: str, fmt: str) -> None:
    for seed in range(3):
        rng = random.Random(f"crawled/{layout}/{fmt}/{seed}")
        report = random_report(rng, fmt)
        reading = read_text(render_any(report, layout, rng, noise=seed == 0))
        result = score(report, reading)
        assert result.wrong_cells == [] and result.null_without_finding == 0
        assert (reading["agency"], reading["year"], reading["format"]) == (
            report["agency"],
            report["year"],
            fmt,
        )
        rules = {f["rule"] for f in reading["findings"]}
        assert not rules & {"missing_section", "missing_table", "balance", "results_total", "row_total"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layout", ["crawler_flat", "crawler_nospace", "crawler_rows"])
def test_crawler_flattened_table_three_reads_exactly(layout: str, fmt: str) -> None:
    """Glued rows, the next label's ordinal glued on, stray spaces: the table's equations decide."""
    for seed in range(3):
        rng = random.Random(f"three/{layout}/{fmt}/{seed}")
        report = random_report(rng, fmt)
        reading = read_text(render_any(report, layout, rng))
        assert reading["tables"]["requests"] == report["tables"]["requests"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_crawler_pages_with_hidden_blanks_are_never_confidently_wrong(fmt: str) -> None:
    for seed in range(3):
        rng = random.Random(f"blank/{fmt}/{seed}")
        report = random_report(rng, fmt, 0.03)
        result = score(report, read_text(render_any(report, "combined", rng)))
        assert result.wrong_cells == [] and result.null_without_finding == 0


def test_the_next_ordinal_glued_onto_a_row_belongs_to_the_next_label() -> None:
    rng = random.Random(4)
    report = random_report(rng, "2021")
    text = render_any(report, "crawler_nospace", rng)
    assert "00000002.其他法律行政法规禁止公开" in text or "2.其他法律" in text
    reading = read_text(text)
    path = "requests.results.withheld.prohibited_by_law.total"
    assert get_cell(reading["tables"], path) == get_cell(report["tables"], path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("row_kept", [False, True])
def test_a_crawled_report_whose_numbers_do_not_add_up_carries_an_error(fmt: str, row_kept: bool) -> None:
    """One cell of table 三 changed: alone (its row's total breaks), or with its row's total changed
    too (only the column sums break). Either way no reading of the glued rows satisfies the table's
    equations, and the report carries an error finding instead of a made-up reading."""
    for seed in range(3):
        rng = random.Random(f"bad/{fmt}/{seed}/{row_kept}")
        report = random_report(rng, fmt)
        row = report["tables"]["requests"]["results"]["disclosed"]
        row["natural_person"] += 7
        if row_kept:
            row["total"] += 7
        reading = read_text(render_any(report, "crawler_flat", rng))
        assert [
            f for f in reading["findings"] if f["severity"] == "error" and f["where"].startswith("requests")
        ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("wrong", ["natural_person", "total"])
def test_a_crawled_table_with_one_wrong_number_is_read_as_printed(fmt: str, wrong: str) -> None:
    """One printed number of table 三 is wrong (a cell, or its row's total): no reading of the glued
    rows satisfies the table, but only one breaks no more than the equations through that one
    number. Table 三 is read as printed, and the report still carries an error finding naming
    the equations that fail."""
    for seed in range(4):
        rng = random.Random(f"wrong/{fmt}/{seed}/{wrong}")
        report = random_report(rng, fmt)
        report["tables"]["requests"]["results"]["disclosed"][wrong] += 7
        reading = read_text(render_any(report, "crawler_flat", rng))
        assert reading["tables"]["requests"] == report["tables"]["requests"]
        assert {"row_total", "results_total"} & {
            f["rule"] for f in reading["findings"] if f["severity"] == "error"
        }
        assert score(report, reading).wrong_cells == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_table_four_that_does_not_add_up_leaves_table_three_read(fmt: str) -> None:
    """Table 四's own total is wrong (as in 洪泽区 2023): its glued digits fit no split, so it must hide
    a blank or be wrong, and carries an error. Table 三, whose rows and columns check each other and
    fit without a blank, is still read whole instead of being doubted for a blank seen elsewhere."""
    for seed in range(3):
        rng = random.Random(f"four/{fmt}/{seed}")
        report = random_report(rng, fmt)
        report["tables"]["reviews"]["reconsideration"]["total"] += 5
        reading = read_text(render_any(report, "crawler_flat", rng))
        assert reading["tables"]["requests"] == report["tables"]["requests"]
        assert [
            f for f in reading["findings"] if f["severity"] == "error" and f["where"].startswith("reviews")
        ]
        assert score(report, reading).wrong_cells == []


def test_converter_markdown_keeps_a_blank_last_cell_apart_from_the_grid_padding() -> None:
    """Rows of an invented 9-column grid end in one empty padding cell; a row whose 总计 is blank ends
    in two. Only the padding is layout: the blank stays a blank (null), not a 0. A page footer
    printed as a row of that grid ('| — 5 — |  |  | …') is no row of values."""
    rng = random.Random(11)
    report = random_report(rng, "2021")
    lines = render_any(report, "converter_md", rng).splitlines()
    [k] = [k for k, line in enumerate(lines) if line.startswith("| 2.其他法律行政法规禁止公开 |")]
    cells = lines[k].split("|")[1:-1]
    assert len(cells) == 9 and cells[-1].strip() == ""
    lines[k] = "|".join(["", *cells[:-2], "  ", "  ", ""])
    lines.insert(k + 1, "| — 5 — |" + "  |" * 8)
    reading = read_text("\n".join(lines))
    row = report["tables"]["requests"]["results"]["withheld"]["prohibited_by_law"]
    assert reading["tables"]["requests"]["results"]["withheld"]["prohibited_by_law"] == {**row, "total": None}
    assert [f["where"] for f in reading["findings"] if f["rule"] == "blank_cell"] == [
        "requests.results.withheld.prohibited_by_law"
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_crawled_report_with_a_blank_row_carries_an_error(fmt: str) -> None:
    """Table 四's 行政复议 printed blank (as in the 2019 seed): whatever the reader makes of the
    flattened row, the report is incomplete and says so with an error, never only with doubts."""
    for seed in range(4):
        rng = random.Random(f"blank-row/{fmt}/{seed}")
        report = random_report(rng, fmt)
        report["tables"]["reviews"]["reconsideration"] = dict.fromkeys(
            report["tables"]["reviews"]["reconsideration"]
        )
        reading = read_text(render_any(report, "crawler_flat", rng))
        assert [f for f in reading["findings"] if f["severity"] == "error"], seed
        assert score(report, reading).wrong_cells == []


def test_a_blank_group_of_table_four_does_not_make_table_two_doubtful() -> None:
    """The 2019 seed's 行政复议 printed blank: table 四's row is short of digits, which says that row
    holds blanks, not that table 二 does (issue 8, point 4). Table 二's glued rows that split one way
    (`204` for 2, 0, 4) are read, while table 四's cells that depend on where its blanks are stay null."""
    rng = random.Random("blank-four")
    report = random_report(rng, "2019")
    report["tables"]["proactive"]["administrative_licensing"] = {
        "previous_year_items": 2,
        "change": 0,
        "decisions": 4,
    }
    report["tables"]["proactive"]["administrative_penalty"] = {
        "previous_year_items": 8,
        "change": 0,
        "decisions": 0,
    }
    report["tables"]["reviews"] = {
        "reconsideration": dict.fromkeys(REVIEW_KEYS),
        "litigation_direct": dict.fromkeys(REVIEW_KEYS, 0),
        "litigation_after_reconsideration": dict.fromkeys(REVIEW_KEYS, 0),
    }
    for seed in range(4):
        text = render_any(report, "crawler_nospace", random.Random(f"blank-four/{seed}"))
        assert "行政许可204" in text and "行政处罚800" in text
        reading = read_text(text)
        proactive = reading["tables"]["proactive"]
        assert (
            proactive["administrative_licensing"] == report["tables"]["proactive"]["administrative_licensing"]
        )
        assert proactive["administrative_penalty"] == report["tables"]["proactive"]["administrative_penalty"]
        assert [f for f in reading["findings"] if f["severity"] == "error" and f["where"] == "reviews"]
        assert score(report, reading).wrong_cells == []


@pytest.mark.parametrize(
    ("fmt", "row", "cells", "expected"),
    [
        # 1|0|11 or 10|1|1: ten issued cannot be in force (1) or repealed (1) at the year's end
        ("2021", "regulations", (1, 0, 11), (1, 0, 11)),
        # 8|2|666, 8|26|66, 8|266|6 are plausible (82|6|66 is not): only 制发 is certain
        ("2021", "normative_documents", (8, 26, 66), (8, None, None)),
        # 0|5|12 or 0|51|2: 51 newly published cannot exceed 2 published in all
        ("2019", "regulations", (0, 5, 12), (0, 5, 12)),
    ],
)
def test_table_two_glued_rows_read_what_the_laws_of_counting_force(
    fmt: str, row: str, cells: tuple[int, ...], expected: tuple[int | None, ...]
) -> None:
    """Table 二 has no sums: a glued row is read where one split alone obeys the laws of counting
    (`rules.bounds`); where several do, the cells they agree on are read and the others are null
    with an uncertain finding naming the competing values."""
    rng = random.Random(f"two/{fmt}/{row}")
    report = random_report(rng, fmt)
    columns = list(report["tables"]["proactive"][row])
    report["tables"]["proactive"][row] = dict(zip(columns, cells, strict=True))
    text = render_any(report, "crawler_nospace", rng)
    assert "".join(map(str, cells)) in text
    reading = read_text(text)
    assert tuple(reading["tables"]["proactive"][row].values()) == expected
    doubts = [f for f in reading["findings"] if f["where"] == f"proactive.{row}"]
    if None in expected:
        assert [f["severity"] for f in doubts] == ["uncertain"] and "26或266" in doubts[0]["message"]
    assert score(report, reading).wrong_cells == []


@pytest.mark.parametrize(
    ("fmt", "row", "cells", "printed"),
    [
        # '0333' is never one cell: 3|33|333 and 33|3|333 would read the space's right side as 333
        ("2021", "normative_documents", (333, 0, 333), "333 0333"),
        ("2019", "administrative_penalty", (3198, 0, 23), "3198 023"),
    ],
)
def test_glued_digits_with_a_leading_zero_after_a_space_are_not_one_cell(
    fmt: str, row: str, cells: tuple[int, ...], printed: str
) -> None:
    """A space kept at one cell boundary of a table 二 row leaves digits with a leading zero on its
    right ('333 0333'): the zero is a cell of its own, so the row splits one way."""
    rng = random.Random(f"zero/{fmt}/{row}")
    report = random_report(rng, fmt)
    columns = list(report["tables"]["proactive"][row])
    report["tables"]["proactive"][row] = dict(zip(columns, cells, strict=True))
    glued = "".join(map(str, cells))
    text = render_any(report, "crawler_nospace", rng)
    assert glued in text
    reading = read_text(text.replace(glued, printed, 1))
    assert tuple(reading["tables"]["proactive"][row].values()) == cells
    assert score(report, reading).wrong_cells == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_converter_markdown_with_blanks_never_reads_a_blank_as_a_number(fmt: str) -> None:
    """Blank cells at a converter row's end look like the grid's padding, and at the start of a row
    printed without its label like the label's place: a row of zeros one short after its padding
    was dropped is not provably zeros (its blank may be the dropped cell), and a label-less row with
    empty cells at both ends is read only where every placement agrees (seeds once read wrong)."""
    wrong: list[str] = []
    for seed in (0, 10, 11, 27, 31, 32, 38):
        rng = random.Random(f"bench/converter_md/{fmt}/{seed}")
        report = random_report(rng, fmt, 0.03)
        result = score(report, read_text(render_any(report, "converter_md", rng)))
        wrong += result.wrong_cells
        assert result.null_without_finding == 0
    assert wrong == []


def test_a_label_less_converter_row_with_empty_ends_names_both_placements() -> None:
    rng = random.Random("bench/converter_md/2019/32")
    report = random_report(rng, "2019", 0.03)
    reading = read_text(render_any(report, "converter_md", rng))
    row = reading["tables"]["requests"]["results"]["not_processed"]["excessive"]
    assert (row["natural_person"], row["commercial_enterprise"], row["other"], row["total"]) == (
        None,
        0,
        None,
        None,
    )
    [shifted] = [f for f in reading["findings"] if f["rule"] == "shifted_cells"]
    assert shifted["severity"] == "error" and "“自然人”为空白或0" in shifted["message"]


def _with_overview(text: str, sentence: str) -> str:
    """`text` with `sentence` added to section 一 (after its heading)."""
    assert "一、总体情况\n" in text
    return text.replace("一、总体情况\n", f"一、总体情况\n{sentence}\n", 1)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # gongkai's own drafting (annual/drafting.py) states every cell of the row
        (
            "本年度制发规章1件、行政规范性文件8件，废止规章0件、行政规范性文件26件，"
            "现行有效规章11件、行政规范性文件66件，均已按规定主动公开。",
            (8, 26, 66),
        ),
        # one stated cell is enough: 8|26|66 alone has 66 in force
        ("现行有效规章11件、行政规范性文件66件。", (8, 26, 66)),
        # a figure no reading agrees with is no evidence: the row stays as the table leaves it
        ("现行有效规章11件、行政规范性文件70件。", (8, None, None)),
        # one kind with its own verb, as real reports also write it
        ("本年度共废止行政规范性文件26件。", (8, 26, 66)),
    ],
    ids=["drafted", "one-figure", "disagreeing", "own-verb"],
)
def test_figures_stated_in_the_narrative_choose_among_a_glued_rows_splits(
    sentence: str, expected: tuple[int | None, ...]
) -> None:
    """`82666` (淮安市 2024's 行政规范性文件: 8 issued, then 26/66, 2/666 or 266/6) splits three
    ways that obey the laws of counting; section 一 stating the row's figures decides."""
    rng = random.Random("stated/two")
    report = random_report(rng, "2021")
    report["tables"]["proactive"]["regulations"] = {"issued": 1, "repealed": 0, "in_force": 11}
    report["tables"]["proactive"]["normative_documents"] = {"issued": 8, "repealed": 26, "in_force": 66}
    text = render_any(report, "crawler_nospace", rng)
    assert "行政规范性文件82666" in text
    reading = read_text(_with_overview(text, sentence))
    assert tuple(reading["tables"]["proactive"]["normative_documents"].values()) == expected
    assert score(report, reading).wrong_cells == []


def test_review_outcomes_stated_in_the_narrative_choose_among_table_four_splits() -> None:
    """淮安市 2024's table 四: 复议后起诉 `1211620` is 12 1 1 6 20, 1 2 11 6 20 or 1 21 … with the
    same total; its narrative's 行政诉讼 outcomes (结果维持25件 = 13 direct + 12 after) decide."""
    rng = random.Random("stated/four")
    report = random_report(rng, "2021")
    cells = {
        "reconsideration": (72, 64, 178, 37, 351),
        "litigation_direct": (13, 4, 8, 1, 26),
        "litigation_after_reconsideration": (12, 1, 1, 6, 20),
    }
    report["tables"]["reviews"] = {g: dict(zip(REVIEW_KEYS, v, strict=True)) for g, v in cells.items()}
    text = render_any(report, "crawler_nospace", rng)
    assert "1211620" in text
    assert read_text(text)["tables"]["reviews"]["litigation_after_reconsideration"]["upheld"] is None
    sentence = (
        "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；"
        "政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。"
    )
    reading = read_text(_with_overview(text, sentence))
    assert reading["tables"]["reviews"] == report["tables"]["reviews"]
    assert not [f for f in reading["findings"] if f["severity"] != "warning"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layout", ["cells_piped", "cells_lines"])
def test_tables_printed_one_cell_per_line_read_exactly(layout: str, fmt: str) -> None:
    """Every cell on a line of its own, a blank cell a lone '|' (or, ending a row, a '|' that may be
    one cell of padding) or an empty line: the table reads whole, blanks and all (the pipes are the
    text front end's to read)."""
    for seed in range(4):
        rng = random.Random(f"cells/{layout}/{fmt}/{seed}")
        report = random_report(rng, fmt, 0.1)
        reading = read_document(load_document(render_any(report, layout, rng, noise=seed == 0).encode()))
        assert reading["tables"] == report["tables"]


def _complete_rows(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rows of tables 二 and 三 without a blank cell, by path."""
    rows: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], path: str) -> None:
        if all(not isinstance(v, dict) for v in node.values()):
            if None not in node.values():
                rows[path] = node
            return
        for key, child in node.items():
            walk(child, f"{path}.{key}")

    for key in ("proactive", "requests"):
        walk(tables[key], key)
    return rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_cell_per_line_with_vanished_blanks_reads_full_rows_and_is_never_wrong(fmt: str) -> None:
    """A blank cell that left no line at all: its row is short and may have lost any of its cells,
    so it is null with an error (where the table's other equations do not place the blank); every
    row printed with its full count of values is still read, and nothing is read wrong."""
    for seed in range(6):
        rng = random.Random(f"vanish/{fmt}/{seed}")
        report = random_report(rng, fmt, 0.05)
        reading = read_text(render_any(report, "cells_vanish", rng))
        result = score(report, reading)
        assert result.wrong_cells == [] and result.null_without_finding == 0
        for path, row in _complete_rows(report["tables"]).items():
            got = reading["tables"]
            for key in path.split("."):
                got = got[key]
            assert got == row, path


def test_a_short_row_printed_one_cell_per_line_is_placed_by_the_table_equations() -> None:
    """Table 三 complete but for one blank cell that left no line: the row's six values could sit
    in seven places, and the columns' sums, all known, allow one."""
    rng = random.Random("vanish/placed")
    report = random_report(rng, "2021")
    row = report["tables"]["requests"]["new"]
    row["research_institution"] = None
    reading = read_text(render_any(report, "cells_vanish", rng))
    assert reading["tables"]["requests"]["new"] == row
    [finding] = [f for f in reading["findings"] if f["where"] == "requests.new"]
    assert finding["severity"] == "error" and "确定了其中6格" in finding["message"]


def test_a_cell_printed_right_after_a_running_head_is_no_page_number() -> None:
    """A page break inside a table printed one cell per line ('第 2 页', the running head): the
    small number after the head is a cell, the page already has its number."""
    rng = random.Random("cells/page-break")
    report = random_report(rng, "2021")
    lines = render_any(report, "cells_vanish", rng).splitlines()
    start = lines.index("一、本年新收政府信息公开申请数量")
    assert lines[start + 4].isdigit() and len(lines[start + 4]) <= 3
    lines[start + 4 : start + 4] = [
        "第 2 页",
        f"{report['agency']}{report['year']}年政府信息公开工作年度报告",
    ]
    assert read_text("\n".join(lines))["tables"] == report["tables"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_grid_padded_rows_with_blanks_are_never_confidently_wrong(fmt: str) -> None:
    """`| 0 |  | 3 | ||`: an empty cell right after a label may be a blank or nothing, empty cells at
    the end blanks or the grid's padding; where the placements read differently the cells are null."""
    for seed in range(6):
        rng = random.Random(f"grid/{fmt}/{seed}")
        report = random_report(rng, fmt, 0.1)
        result = score(report, read_text(render_any(report, "crawler_grid", rng)))
        assert result.wrong_cells == [] and result.null_without_finding == 0


def test_a_row_padded_more_than_the_others_is_not_shifted_by_a_guess() -> None:
    """`| （六）其他处理 |  | 0 | 0 | 0 | 0 | 20 |  | ||`, one pipe more than the page's other rows:
    the empty cell after the label is a blank (自然人) or nothing, the last ones blanks or padding —
    the two placements read 自然人 and 法律服务机构 differently, so those cells are null, not guessed."""
    rng = random.Random("padding")
    report = random_report(rng, "2019")
    row = report["tables"]["requests"]["results"]["other"]
    row["natural_person"] = row["total"] = None
    lines = render_any(report, "crawler_grid", rng).splitlines()
    index = next(k for k, line in enumerate(lines) if line.startswith("| （六）其他处理 |  |"))
    lines[index] += "|"
    reading = read_text("\n".join(lines) + "\n")
    result = score(report, reading)
    assert result.wrong_cells == [] and result.null_without_finding == 0
    assert "requests.results.other" in {
        f["where"] for f in reading["findings"] if f["rule"] == "shifted_cells"
    }


@pytest.mark.parametrize(
    ("seed", "fmt", "printed", "path"),
    [
        ("bench/crawler_rows/2019/181", "2019", "（七）总计 3631 439 42   4073 7825", "results.total"),
        (
            "risk/crawler_rows/2021/14",
            "2021",
            "3.补正后申请内容仍不明确 300 0 0    30",
            "results.unable_to_provide.unclear_after_amendment",
        ),
    ],
)
def test_gap_blanks_that_leave_a_row_over_its_total_are_not_read_as_blanks(
    seed: str, fmt: str, printed: str, path: str
) -> None:
    """A crawled row whose cells are joined with nothing or a space, a blank cell printed as a space:
    '3631 439 42   4073 7825' is 3631|43|9|42|blank|4073|7825. Counting a blank per extra space
    reads 3631|439|42|blank|blank|4073|7825, whose printed cells alone exceed the total: those
    gaps are separators, and 439 is two cells glued (the bench's crawler_rows report 2019/181 with
    3 % blanks read 439 and 42 confidently wrong; seed 'risk' 2021/14 read 300 for 30|0)."""
    rng = random.Random(seed)
    report = random_report(rng, fmt, 0.03, "real")
    text = render_any(report, "crawler_rows", rng)
    assert printed in text
    reading = read_text(text)
    assert score(report, reading).wrong_cells == []
    assert get_cell(reading["tables"], f"requests.{path}.natural_person") is None
    assert any(f["severity"] == "error" and printed.split()[0] in f["message"] for f in reading["findings"])


def test_a_wide_gap_in_a_glued_table_may_be_fewer_blanks_than_its_width() -> None:
    """A crawler prints a blank cell as nothing or a space, and a space at some cell boundaries only:
    '0 0 0   0 2626' is 0|0|0|blank|0|26|26 (one blank printed as a space between two spaced
    boundaries), not two blanks and 2626. Where the table's other rows ran together the gap's width
    does not count the blanks: the cells the readings differ on are null (the bench's crawler_rows
    report 2019/95 with 3 % blanks, seed 'risk', read 0 and 2626 confidently wrong)."""
    rng = random.Random("risk/crawler_rows/2019/95")
    report = random_report(rng, "2019", 0.03, "real")
    text = render_any(report, "crawler_rows", rng)
    assert "（一）予以公开 0 0 0   0 2626" in text
    reading = read_text(text)
    assert score(report, reading).wrong_cells == []
    assert get_cell(reading["tables"], "requests.results.disclosed.natural_person") == 0
    assert get_cell(reading["tables"], "requests.results.disclosed.total") is None
    assert any("空白格的个数不能确定" in f["message"] for f in reading["findings"])


def _with_reviews(fmt: str, groups: dict[str, tuple[int | None, ...]]) -> dict[str, Any]:
    report = random_report(random.Random(f"reviews/{fmt}"), fmt)
    for group, values in groups.items():
        report["tables"]["reviews"][group] = dict(zip(REVIEW_KEYS, values, strict=True))
    return report


ZEROS = (0, 0, 0, 0, 0)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_blank_group_glued_to_zeros_names_zero_or_blank(fmt: str) -> None:
    """The 2019 seed's table 四: 行政复议 left blank, the rest 0, glued: `0000000000` for 15 cells.
    Which five are blank is not in the digits; the finding says each cell is 0 or blank."""
    blank = (None,) * 5
    report = _with_reviews(fmt, {"reconsideration": blank, "litigation_direct": ZEROS})
    report["tables"]["reviews"]["litigation_after_reconsideration"] = dict(
        zip(REVIEW_KEYS, ZEROS, strict=True)
    )
    text = render_any(report, "crawler_nospace", random.Random(1))
    assert "0000000000" in text
    reading = read_text(text)
    assert all(value is None for group in reading["tables"]["reviews"].values() for value in group.values())
    messages = [f["message"] for f in reading["findings"] if f["where"] == "reviews"]
    assert any("印出的10个数字全为0" in m and "另有5格空白" in m and "各格为0或空白" in m for m in messages)


def test_a_glued_row_that_fits_no_split_names_both_explanations() -> None:
    """洪泽区 2023's table 四 (its 行政复议 and 复议后起诉 totals printed 0): no split fits the row's
    sums; a blank cell and a wrong total both explain it, and the finding names both."""
    report = _with_reviews(
        "2021",
        {
            "reconsideration": (10, 1, 0, 0, 0),
            "litigation_direct": ZEROS,
            "litigation_after_reconsideration": (5, 0, 0, 0, 0),
        },
    )
    reading = read_text(render_any(report, "crawler_nospace", random.Random(1)))
    messages = [f["message"] for f in reading["findings"] if f["where"] == "reviews"]
    assert any("或有空白格，或所印合计有误" in m for m in messages), messages


def test_a_vanished_blank_names_the_competing_values_of_each_cell() -> None:
    """One cell per line, one blank cell of table 四 left no line, every printed value 0: the
    blank may be any cell, so each is 0 or blank, named with its group."""
    report = _with_reviews(
        "2021",
        {
            "reconsideration": ZEROS,
            "litigation_direct": (0, 0, None, 0, 0),
            "litigation_after_reconsideration": ZEROS,
        },
    )
    reading = read_text(render_any(report, "cells_vanish", random.Random(1)))
    messages = [f["message"] for f in reading["findings"] if f["where"] == "reviews"]
    assert any("“行政复议结果维持”为0或空白" in m for m in messages), messages


@pytest.mark.shared
def test_a_real_report_printed_with_its_own_text(shared_dir: Path) -> None:
    """The real set's headline (bench `real_accuracy`): a shared report's tables printed in a crawler
    layout with its own prose (`own_sections`) around them; its section 一 states the figures that
    decide 淮安市's glued table 四 (`1211620`: 行政诉讼 46 件，其中结果维持 25 件…)."""
    text = (shared_dir / "real" / "huaian-2024.txt").read_text(encoding="utf-8")
    own = own_sections(text)
    assert own["title"] == ["淮安市人民政府", "2024 年政府信息公开工作年度报告"]
    assert (
        own["一"][0] == "一、总体情况" and own["五"][0].startswith("五、") and own["六"][0].startswith("六、")
    )
    assert not any(line.startswith("- ") for lines in own.values() for line in lines)  # page numbers
    known = json.loads((shared_dir / "real" / "expected" / "huaian-2024.json").read_text(encoding="utf-8"))
    report = {**known, "text_sections": own}
    page = render_any(report, "crawler_nospace", random.Random(0))
    assert "全年收取政府信息公开信息处理费 3940 元" in page and "本机关2024年未收取信息处理费" not in page
    reading = read_text(page)
    assert reading["tables"]["reviews"] == known["tables"]["reviews"]


def test_gaps_in_a_one_row_table_are_named_as_such() -> None:
    """The 2019 seed's table 四 as crawler_flat printed it once (`总计    000000000 0`: the blank cells
    left spaces): whether the gaps are blank cells or layout is not known; the finding says that,
    and that each cell is 0 or blank, not that the numbers may belong to another row."""
    report = _with_reviews(
        "2019",
        {
            "reconsideration": (None,) * 5,
            "litigation_direct": ZEROS,
            "litigation_after_reconsideration": ZEROS,
        },
    )
    text = render_any(report, "crawler_nospace", random.Random(1))
    spaced = re.sub(r"总计\s*0000000000\n", "总计    000000000 0\n", text)
    assert spaced != text
    reading = read_text(spaced)
    assert all(value is None for group in reading["tables"]["reviews"].values() for value in group.values())
    messages = [f["message"] for f in reading["findings"] if f["where"] == "reviews"]
    assert any("空隙可能是空白格" in m and "各格为0或空白" in m for m in messages), messages
    assert not any("不止一行" in m for m in messages)
