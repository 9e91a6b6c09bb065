"""Property tests for the spreadsheet readers (issue 14 item 10): a ledger or template whose package or
sheet XML is damaged anywhere gives the ledger's Chinese refusal (ValueError), never another exception.
bench/bench_fuzz.py runs the same mutations 100,000 times."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.ledger.files import LEDGER_COLUMNS, find_rows, read_grid

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def ledger_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["申请编号", "申请人类型", "收到日期", "办结日期", "办理结果"])
    for n in range(1, 30):
        sheet.append([f"2024-{n:04d}", "自然人", f"2024-03-{n % 28 + 1:02d}", "2024-04-01", "予以公开"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _mutated_entry(data: bytes, entry: int, flips: list[tuple[int, int]], cut: float) -> bytes:
    """One entry of the package flipped and cut, the package zipped again (valid checksums)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        chosen = names[entry % len(names)]
        for name in names:
            content = bytearray(source.read(name))
            if name == chosen and content:
                for position, value in flips:
                    content[position % len(content)] = value
                content = content[: max(1, int(len(content) * cut))]
            target.writestr(name, bytes(content))
    return out.getvalue()


def read_or_refuse(data: bytes, name: str) -> None:
    try:
        find_rows(read_grid(data, name), LEDGER_COLUMNS)
    except ValueError as exc:
        assert str(exc)


@FUZZ
@given(
    st.integers(0, 20),
    st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=10),
    st.floats(0.0, 1.0),
)
def test_damaged_workbooks_are_refused_in_chinese(
    entry: int, flips: list[tuple[int, int]], cut: float
) -> None:
    read_or_refuse(_mutated_entry(ledger_xlsx(), entry, flips, cut), "台账.xlsx")


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["台账.xlsx", "台账.csv"]))
def test_random_bytes_as_a_ledger_are_refused_in_chinese(data: bytes, name: str) -> None:
    read_or_refuse(data, name)
