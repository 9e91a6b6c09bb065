"""The reader's fast paths give exactly what the general paths give (speed work must not change reading)."""

from __future__ import annotations

import pytest

from gongkai.annual.reading import digits, lines


@pytest.mark.parametrize(
    "line",
    [
        "1.属于国家秘密 0 0 2 0 0 0 2",
        "3、危及“三安全一稳定” 12 0 3 0 0 0 15",
        "行政许可 19 3 0",
        "12.x 1 2",
        "行政强制 27 -13 0",
        "其他对外管理服务事项 -0 -007 18",
        "-3 4",
    ],
)
def test_simple_row_fast_path_matches_spaced_pieces(line: str) -> None:
    assert lines.line_pieces(line).pieces == tuple(lines._spaced_pieces(line))


@pytest.mark.parametrize(
    "line",
    [
        "结果维持\t结果纠正\t\t总计",
        "| 信息内容 | 本年制发件数 |  | 现行有效件数 |",
        "| 数据一 | 列 |",
        "| 信息、内容 |　全角 字符　|",
    ],
)
def test_header_cell_line_fast_path_matches_cell_pieces(line: str) -> None:
    cells = lines._cells(line)
    assert cells is not None
    pieces, _empty, has_number, _last = lines._cell_pieces(cells)
    assert not has_number
    assert lines.line_pieces(line) == lines.LinePieces(tuple(pieces), True)


@pytest.mark.parametrize("chunk", ["1.属于国家秘密", "3.危及-三安全", "2、其他", "1. ", "12.其他"])
def test_enumerated_label_matches_general_scan(chunk: str) -> None:
    general = [token for token in (m.group(0) for m in lines._PIECES.finditer(chunk)) if lines.compact(token)]
    fast = lines._chunk_pieces(chunk)
    if chunk.startswith("12"):  # two-digit ordinal: the general scan, a value then '2.'
        assert isinstance(fast[0], lines.Token)
    else:
        assert fast == [lines.compact(piece) for piece in general]


@pytest.mark.parametrize(("text", "parts", "widest", "cap"), [("1203450", 3, 3, 500), ("000123", 2, 2, 99)])
def test_narrow_splits_are_every_valid_split(text: str, parts: int, widest: int, cap: int) -> None:
    budget = [10_000]
    found = digits._narrow_splits(text, parts, widest, cap, budget)
    brute = [
        split
        for split in _all_splits(text, parts)
        if all(len(str(v)) <= widest for v in split) and sum(split) <= cap
    ]
    assert sorted(found) == sorted(brute)


def _all_splits(text: str, parts: int) -> list[tuple[int, ...]]:
    if parts == 1:
        return [(int(text),)] if text and (len(text) == 1 or text[0] != "0") else []
    return [
        (int(text[:k]), *rest)
        for k in range(1, len(text))
        if k == 1 or text[0] != "0"
        for rest in _all_splits(text[k:], parts - 1)
    ]
