"""Hostile files are refused before they are parsed, with a Chinese message (issue 14 items 4 and 6).

The bombs here are just beyond the bounds, to keep the suite fast; bench/bench_hostile.py measures the
full-size ones (time and peak memory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.annual.document import ReadError
from gongkai.annual.sources import load_document
from gongkai.annual.sources.bounded import (
    LEDGER,
    REPORT,
    FileRefused,
    check_zip,
    clean_name,
    csv_rows,
    read_file,
    xlsx_rows,
)
from gongkai.ledger.files import ImportFile, read_grid
from hostile_files import (
    MB,
    docx_xml_bomb,
    huge_text,
    xlsx_dimension_bomb,
    xlsx_many_rows,
    xlsx_sparse,
    xlsx_zip_bomb,
    zip_many_entries,
)


def test_a_word_file_holding_too_much_xml_is_refused_before_parsing() -> None:
    bomb = docx_xml_bomb(REPORT.max_part + MB)
    assert len(bomb) < MB  # the point of a bomb: small on the way in
    with pytest.raises(FileRefused, match=r"解压后有 .* MB，超过了 8\.0 MB 的上限"):
        load_document(bomb, "bomb.docx")


def test_a_zip_bomb_spreadsheet_is_refused_as_a_ledger_and_as_a_template() -> None:
    bomb = xlsx_zip_bomb(LEDGER.max_part + MB)
    with pytest.raises(ValueError, match="超过了 64 MB 的上限"):
        read_grid(bomb, "台账.xlsx")


def test_a_high_ratio_entry_is_refused_even_below_the_size_caps() -> None:
    bomb = xlsx_zip_bomb(3 * MB)  # 3 MB of one letter: a ratio of several hundred
    with pytest.raises(FileRefused, match="压缩比异常"):
        check_zip(bomb, LEDGER)


def test_too_many_entries_are_refused() -> None:
    with pytest.raises(FileRefused, match="个部件"):
        load_document(zip_many_entries(REPORT.max_entries + 1), "many.docx")


def test_a_declared_dimension_is_not_believed() -> None:
    rows = list(xlsx_rows(xlsx_dimension_bomb(), LEDGER))
    assert rows == [("申请编号",)]
    assert read_grid(xlsx_dimension_bomb(), "台账.xlsx") == [["申请编号"]]


def test_a_sparse_sheet_reads_no_cell_beyond_the_column_cap() -> None:
    rows = list(xlsx_rows(xlsx_sparse(300, step=3), LEDGER))
    assert len(rows) == 898 and all(row == () for row in rows)  # empty rows: the cells were far right
    with pytest.raises(FileRefused, match="表格超过 100,000 行"):  # spread down to row 1,048,576
        list(xlsx_rows(xlsx_sparse(200), LEDGER))


def test_rows_beyond_the_cap_are_refused() -> None:
    small = LEDGER.but(max_rows=50)
    assert len(list(xlsx_rows(xlsx_many_rows(50), small))) == 50
    with pytest.raises(FileRefused, match="表格超过 50 行的上限"):
        list(xlsx_rows(xlsx_many_rows(51), small))
    with pytest.raises(FileRefused, match="表格超过 50 行"):
        csv_rows("a\n" * 60, ",", small)


def test_a_csv_line_of_a_million_commas_is_refused() -> None:
    with pytest.raises(FileRefused, match="列"):
        csv_rows("申请编号" + "," * 1_000_000, ",", LEDGER)
    assert csv_rows("a,b,c\n", ",", LEDGER.but(max_columns=2)) == [["a", "b"]]


def test_a_huge_text_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = huge_text(tmp_path / "report.txt", 200 * MB, sparse=True)
    with pytest.raises(FileRefused, match="文件过大（200 MB），超过了 32 MB 的上限"):
        load_document(path)
    with pytest.raises(ReadError, match="文件过大"):
        ImportFile.from_path(path.rename(tmp_path / "台账.csv"))
    text = huge_text(tmp_path / "middle.txt", 5 * MB, sparse=True)
    with pytest.raises(FileRefused, match=r"超过了 4\.0 MB 的上限"):
        load_document(text)


def test_read_file_reads_what_is_small(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"abc")
    assert read_file(tmp_path / "a.txt", REPORT) == b"abc"
    with pytest.raises(ReadError, match="找不到文件"):
        read_file(tmp_path / "missing.txt", REPORT)


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\申请书.pdf", "申请书.pdf"),
        ("身份证\u202egpj.exe", "身份证gpj.exe"),
        ("a\x00b\x1f.pdf", "ab.pdf"),
        ("...", "文件"),
        ("", "文件"),
        (".htaccess", "htaccess"),
        ('a<b>:"c|?*.pdf', "abc.pdf"),
        ("很" * 300 + ".pdf", "很" * 116 + ".pdf"),
    ],
)
def test_file_names_are_cleaned(name: str, clean: str) -> None:
    assert clean_name(name) == clean
