"""The reader's hard cases: hidden blanks in glued digits, page numbers joined onto label lines,
enumerations that look like section headings, and the signing block after section 六.

Run as a script to print cells right / null / wrong per mangled text layout:
    .venv/bin/python tests/annual/test_reader_accuracy.py [REPORTS_PER_LAYOUT] [LAYOUT ...]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layouts import TEXT_LAYOUTS, Score, random_report, render_text, score, score_layout

from gongkai.annual.reader import read_document, read_text
from gongkai.annual.reading.digits import blank_doubts, readings_with_blanks, summed_splits
from gongkai.annual.reading.lines import line_pieces, squash, without_page_number
from gongkai.annual.reading.meta import find_sections, section_texts
from gongkai.annual.sources import load_document

# --- hidden blanks in glued digits --------------------------------------------------------------


def test_a_glued_row_confirmed_in_every_column_is_certain() -> None:
    assert blank_doubts("21710000218", (217, 1, 0, 0, 0, 0, 218), set(range(7))) == set()


def test_a_glued_row_nothing_confirms_may_hide_a_blank_anywhere() -> None:
    assert blank_doubts("21710000218", (217, 1, 0, 0, 0, 0, 218), set()) == set(range(7))


def test_zeros_cannot_hide_a_blank() -> None:
    assert blank_doubts("0000000", (0,) * 7, set()) == set()


def test_a_blank_is_refuted_when_it_would_change_a_confirmed_cell() -> None:
    # 1,1,0,0,0,0,2: with a blank the digits re-split only by changing a confirmed cell
    assert blank_doubts("1100002", (1, 1, 0, 0, 0, 0, 2), {0, 1, 2, 3, 4}) == set()
    # only the total confirmed: '10 0 0 0 0 _ 1' is another reading, every cell is in doubt
    assert blank_doubts("1000001", (1, 0, 0, 0, 0, 0, 1), {6}) == set(range(7))


@st.composite
def _hidden_blank_rows(draw: st.DrawFn) -> tuple[list[int | None], list[int], set[int]]:
    """A row with 1-2 blank cells (the truth), another reading of its glued digits as 7 numbers,
    and the cells confirmed: where the truth is blank or agrees with that reading."""
    truth: list[int | None] = draw(
        st.lists(st.one_of(st.just(0), st.integers(0, 40)), min_size=7, max_size=7)
    )
    for index in draw(st.sets(st.integers(0, 6), min_size=1, max_size=2)):
        truth[index] = None
    digits = "".join(str(value) for value in truth if value is not None)
    splits = [
        split for split in (_split_at(digits, cuts) for cuts in _cuts(len(digits), 6)) if split is not None
    ]
    if not splits:
        return truth, [], set()
    reading = draw(st.sampled_from(splits))
    agree = [k for k in range(7) if truth[k] is None or truth[k] == reading[k]]
    confirmed = set(draw(st.lists(st.sampled_from(agree), unique=True))) if agree else set()
    return truth, reading, confirmed


def _cuts(length: int, count: int) -> list[tuple[int, ...]]:
    from itertools import combinations

    return list(combinations(range(1, length), count))


def _split_at(digits: str, cuts: tuple[int, ...]) -> list[int] | None:
    parts = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)), strict=True)]
    return None if any(len(part) > 1 and part[0] == "0" for part in parts) else [int(part) for part in parts]


@given(_hidden_blank_rows())
def test_every_cell_a_hidden_blank_could_change_is_in_doubt(
    case: tuple[list[int | None], list[int], set[int]],
) -> None:
    """The truth (a row with hidden blanks that keeps every confirmed cell) is one of the readings
    `blank_doubts` considers: wherever a reading differs from it, the cell is in doubt."""
    truth, reading, confirmed = case
    if not reading:
        return
    digits = "".join(str(value) for value in truth if value is not None)
    differing = {k for k in range(7) if truth[k] != reading[k]}
    assert differing <= blank_doubts(digits, reading, confirmed)


def test_a_row_that_must_hide_a_blank_keeps_the_cells_the_other_sums_fix() -> None:
    # '300003' cannot be 7 cells adding up: a blank hides in it. With the column sums demanding
    # 3 0 0 0 0 0 3, the first and last cells are certain; each zero may be the blank.
    demanded = {0: 3, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 3}
    possible = readings_with_blanks("300003", 7, demanded)
    assert possible == [{3}, *[{0, None}] * 5, {3}]


def test_groups_without_a_blank_must_still_add_up() -> None:
    # table 四: '1 0 0 0 1' or '10 0 0 1 _' (blank total): both possible
    possible = readings_with_blanks("100010000000000", 15, {}, [4, 4, 4])
    assert possible is not None and {1, 10, None} <= possible[0]
    assert readings_with_blanks("000000000000000", 15, {}, [4, 4, 4]) == [set()] * 15  # no room for one


@pytest.mark.parametrize(("fmt", "seed"), [("2021", 10), ("2021", 3), ("2019", 5)])
def test_glued_tables_with_hidden_blanks_are_never_wrong_in_table_three(fmt: str, seed: int) -> None:
    """A hidden blank in a row whose digits split two ways (the column sums not deciding) once made
    the cells both splits agree on look certain: 'rate/0.005/2021/10' read 新收 as … 6192 63 56."""
    for rate in (0.005, 0.03):
        rng = random.Random(f"rate/{rate}/{fmt}/{seed}")
        report = random_report(rng, fmt, rate)
        result = score(report, read_text(render_text(report, "glued", rng)))
        assert [cell for cell in result.wrong_cells if not cell.startswith("reviews.")] == []
        assert result.null_without_finding == 0


# --- page numbers joined onto label lines -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "dashed", "expected"),
    [
        ("2.没有现成信息需要另行制作 - 3 -", True, "2.没有现成信息需要另行制作"),
        ("2.没有现成信息需要另行制作— 3 —", True, "2.没有现成信息需要另行制作"),
        ("- 3 - 3.补正后申请内容仍不明确", True, "3.补正后申请内容仍不明确"),
        ("规章 1 2 第3页", False, "规章 1 2"),
        ("1 2 3 - 3 -", True, "1 2 3 - 3 -"),  # values and blank marks, not a page number
        ("行政许可 5 -3 -", True, "行政许可 5 -3 -"),  # a negative value and a blank mark
        ("行政许可 - 3 -", False, "行政许可 - 3 -"),  # in table 二 maybe blank, 3, blank
        ("规章—3—", False, "规章—3—"),  # glued: blank, 3, blank
        ("现行有效件数— 3 —", False, "现行有效件数"),  # spaced inside, touching the text: no cells
    ],
)
def test_page_number_joined_onto_a_line(line: str, dashed: bool, expected: str) -> None:
    assert without_page_number(line, dashed) == expected


def _with_joined_page_numbers(text: str, at_start: bool) -> str:
    """Every label line of table 三 (no values) gets a page number joined on."""
    out = []
    inside = False
    for line in text.splitlines():
        inside = inside or line.startswith("三、收到")
        inside = inside and not line.startswith("四、政府")
        if inside and len(line) > 3 and not any(c.isdigit() for c in line[2:]):
            line = f"- 3 - {line}" if at_start else f"{line} - 3 -"
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("layout", ["values_first", "broken_labels", "vertical_groups"])
@pytest.mark.parametrize("at_start", [False, True])
def test_a_page_number_joined_onto_a_label_line_does_not_shift_rows(layout: str, at_start: bool) -> None:
    for seed in range(4):
        rng = random.Random(f"joined/{layout}/{seed}")
        report = random_report(rng, "2021")
        text = _with_joined_page_numbers(render_text(report, layout, rng), at_start)
        result = score(report, read_text(text))
        assert (result.right, result.wrong_cells) == (result.total, [])


def test_a_vertical_label_flattened_onto_one_line_is_not_a_blank_cell() -> None:
    pieces = line_pieces("2.没有现成信息需要另行制作 0 0 0 0 0 0 0 无 法 提 供", 0).pieces
    assert [p for p in pieces if not isinstance(p, str)][-1].raw == "0"
    assert "无" in pieces
    blanks = line_pieces("1 无 0", 0).pieces
    assert [getattr(p, "value", "text") for p in blanks] == [1, None, 0]


def test_a_page_number_on_every_text_line_of_a_glued_report_is_never_read_as_cells() -> None:
    """'信息内容本年制发件数…现行有效件数— 3 —' once gave 行政规范性文件 the page number's 3."""
    for seed in range(6):
        rng = random.Random(seed)
        report = random_report(rng, "2021")
        lines = render_text(report, "glued", rng).splitlines()
        text = "\n".join(
            f"{line}— 3 —" if len(line) > 3 and not any(c.isdigit() for c in line[2:]) else line
            for line in lines
        )
        result = score(report, read_text(text))
        assert result.wrong_cells == [] and result.null_without_finding == 0


# --- a report flattened into one single line -------------------------------------------------------


def _one_line(report: dict[str, object], layout: str, rng: random.Random) -> str:
    """The whole report on one line, with a page number and the running head every 30 lines."""
    lines = render_text(report, layout, rng).splitlines()
    head = f"{report['agency']}{report['year']}年政府信息公开工作年度报告"
    for index in range(len(lines) - 1, 0, -30):
        lines[index:index] = [f"- {index // 30 + 1} -", head]
    return " ".join(lines)


@pytest.mark.parametrize("layout", ["spaces", "broken_labels", "vertical_groups"])
@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_a_report_on_one_line_with_page_numbers_and_running_heads(layout: str, fmt: str) -> None:
    """The running head inside the one line is no longer taken for the whole line (a table missing)."""
    for seed in range(3):
        rng = random.Random(f"one/{layout}/{fmt}/{seed}")
        report = random_report(rng, fmt)
        reading = read_text(_one_line(report, layout, rng))
        result = score(report, reading)
        assert result.wrong_cells == [] and result.null_without_finding == 0
        assert result.right >= result.total * 0.95
        assert not [f for f in reading["findings"] if f["rule"] == "missing_table"]


@pytest.mark.parametrize(("fmt", "seed"), [("2019", 0), ("2021", 9)])
def test_a_vertical_label_on_one_line_with_blanks_is_never_wrong(fmt: str, seed: int) -> None:
    """'… 0 0 0 0 0 0 无 2.没有…': the '无' of 无法提供 printed vertically is not a blank cell for sure."""
    rng = random.Random(f"avf/{fmt}/{seed}")
    report = random_report(rng, fmt, 0.03)
    text = " ".join(render_text(report, "vertical_groups", rng).splitlines())
    result = score(report, read_text(text))
    assert result.wrong_cells == [] and result.null_without_finding == 0


# --- section headings and the signing block ------------------------------------------------------

SECTIONS = [
    "一、总体情况",
    "一是做好常态化主动公开。2024年制发公文212件，其中依申请",
    "二是……主动公开政府信息的质量有待提高",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "本机关2024年未收取信息处理费。",
    "",
    "某某县工业和信息化局",
    "2025年1月20日",
    "（此件公开发布）",
]


def test_an_enumeration_in_the_text_is_not_a_section_heading() -> None:
    headings = find_sections([squash(line) for line in SECTIONS])
    assert headings == {"一": 0, "二": 3, "三": 4, "四": 5, "五": 6, "六": 7}


def test_a_heading_without_its_mark_still_needs_the_title() -> None:
    lines = ["一总体情况", "二是主动公开政府信息", "二主动公开政府信息情况"]
    assert find_sections([squash(line) for line in lines]) == {"一": 0, "二": 2}


def test_section_six_ends_before_the_signing_block() -> None:
    squashed = [squash(line) for line in SECTIONS]
    texts = section_texts(SECTIONS, squashed, find_sections(squashed), "某某县工业和信息化局")
    assert texts["六"] == "本机关2024年未收取信息处理费。"
    assert texts["一"].startswith("一是做好常态化主动公开") and texts["一"].count("\n") == 1


def test_section_six_keeps_its_last_line_when_no_date_follows() -> None:
    lines = ["六、其他需要报告的事项", "如有疑问请联系某某县工业和信息化局", "电话：0952-6095019"]
    squashed = [squash(line) for line in lines]
    assert section_texts(lines, squashed, {"六": 0})["六"] == "\n".join(lines[1:])


def test_a_report_read_and_read_again_prints_its_signature_once() -> None:
    rng = random.Random(9)
    report = random_report(rng, "2021")
    reading = read_text(render_text(report, "tabs", rng))
    assert reading["agency"] not in reading["sections"]["六"]
    assert "年1月20日" not in reading["sections"]["六"]
    assert reading["signed_on"] == f"{report['year'] + 1}-01-20"


# --- figures --------------------------------------------------------------------------------------


def measure(per_layout: int, layouts: list[str]) -> Score:
    """Print cells right / null / wrong per layout (clean with page noise, and with 3% blanks), read
    as `gongkai parse` reads a text file (front-end and reader)."""
    overall = Score()
    for layout in layouts:
        for variant, blanks, noise in (("clean+noise", 0.0, True), ("3% blanks", 0.03, False)):
            total = score_layout(
                layout, per_layout, blanks, noise, lambda data: read_document(load_document(data)), "acc"
            )
            overall.add(total)
            nulls = total.null_with_finding + total.null_without_finding
            print(
                f"{layout:16s} {variant:12s} cells {total.total:6d} right {total.right / total.total:7.2%} "
                f"null {nulls:5d} (silent {total.null_without_finding}) WRONG {total.wrong}"
            )
    print(
        f"{'all':16s} {'':12s} cells {overall.total:6d} right {overall.right / overall.total:7.2%} WRONG {overall.wrong}"
    )
    return overall


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    measure(count, sys.argv[2:] or sorted(TEXT_LAYOUTS))


# --- the split search against brute force ------------------------------------------------------


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.one_of(st.just(0), st.integers(0, 40), st.integers(0, 9999)), min_size=6, max_size=6),
    st.integers(-1, 9),
)
def test_summed_splits_finds_exactly_the_splits_that_add_up(parts: list[int], last: int) -> None:
    """The pruned search (digit sums modulo 9, meeting in the middle) against every split checked."""
    from itertools import combinations

    digits = "".join(map(str, parts)) + str(sum(parts))
    if last >= 0:
        digits = digits[:-1] + str(last)  # often no longer the sum
    every = set()
    for cuts in combinations(range(1, len(digits)), 6):
        split = _split_at(digits, cuts)
        if split is not None and sum(split[:6]) == split[6]:
            every.add(tuple(split))
    assert set(summed_splits(digits, [6])) == every
