"""统一社会信用代码, 组织机构代码, 索引号, 文号 and the 第二十六条 publication deadline."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from gongkai.law.calendar import default_calendar
from gongkai.law.codes import (
    USCC_ALPHABET,
    DocNumber,
    IndexNumber,
    find_doc_numbers,
    format_index_number,
    is_org_code,
    is_uscc,
    normalize_agency_code,
    normalize_doc_number,
    parse_doc_number,
    parse_index_number,
)
from gongkai.law.proactive import publication_due


@pytest.mark.parametrize(
    "code", ["11370322004222241N", "113708280043326001", "11341700MB1631138U", "91110000600037341L"]
)
def test_real_credit_codes_are_valid(code: str) -> None:
    assert is_uscc(code)
    assert normalize_agency_code(code.lower()) == code


def test_a_wrong_check_character_is_named() -> None:
    with pytest.raises(ValueError, match=r"校验码不对.*应为“N”"):
        normalize_agency_code("11370322004222241M")
    with pytest.raises(ValueError, match="不含 I、O、S、V、Z"):
        normalize_agency_code("1137032200422224IN")
    with pytest.raises(ValueError, match="既不是"):
        normalize_agency_code("12345")


def test_organisation_codes() -> None:
    assert is_org_code("000014349") and is_org_code("00001434-9")  # the State Council's (proactive.md)
    assert normalize_agency_code("00001434-9") == "000014349"
    assert not is_org_code("000014348")


@given(
    st.builds(
        lambda head, region, body: head + region + body,
        st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2),
        st.text(alphabet="0123456789", min_size=6, max_size=6),
        st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
    )
)
def test_any_code_with_its_check_character_is_valid(body: str) -> None:
    assert is_uscc(body + uscc.calc_check_digit(body + "0"))


def test_index_numbers() -> None:
    assert (
        format_index_number("113708280043326001", date(2024, 5, 1), 2411) == "113708280043326001/2024-02411"
    )
    assert format_index_number("000014349", date(2018, 3, 1), 222) == "000014349/2018-00222"
    assert (
        format_index_number(
            "11341700MB1631138U", date(2025, 4, 9), 27, pattern="{prefix}/{year}{month}-{serial:05d}"
        )
        == "11341700MB1631138U/202504-00027"
    )
    assert parse_index_number("113708280043326001/2024-02411") == IndexNumber(
        "113708280043326001", 2024, 2411
    )
    with pytest.raises(ValueError, match="顺序号超过5位"):
        format_index_number("000014349", date(2018, 3, 1), 100000)
    with pytest.raises(ValueError, match="占位符"):
        format_index_number("000014349", date(2018, 3, 1), 1, pattern="{agency}-{serial}")
    with pytest.raises(ValueError, match="格式的索引号"):
        parse_index_number("01527918X-2020-153077")


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("示教发〔2026〕3号", "示教发〔2026〕3号"),
        ("示教发[2026]3号", "示教发〔2026〕3号"),
        ("示教发【2026】003号", "示教发〔2026〕3号"),
        (" 京政办发（２０２６）第１２号 ", "京政办发〔2026〕12号"),
        ("国办公开办函〔2021〕30号", "国办公开办函〔2021〕30号"),
    ],
)
def test_doc_numbers_normalised(written: str, normal: str) -> None:
    assert normalize_doc_number(written) == normal


def test_doc_numbers_parsed_and_refused() -> None:
    assert parse_doc_number("示教发〔2026〕3号") == DocNumber("示教发", 2026, 3)
    for text in ("国务院令第711号", "（2026）浙0102行初3号", "〔2026〕3号", "示教发〔2026〕"):
        with pytest.raises(ValueError, match="不是文号"):
            parse_doc_number(text)


def test_doc_numbers_found_in_prose() -> None:
    found = [
        (m.written, m.brackets_ok)
        for m in find_doc_numbers("根据国办发〔2019〕54号和印发了示政办发[2026]3号的通知")
    ]
    assert found == [("国办发〔2019〕54号", True), ("示政办发[2026]3号", False)]


def test_publication_due_is_twenty_working_days() -> None:
    calendar = default_calendar()
    assert publication_due(date(2026, 1, 5), calendar) == date(2026, 2, 2)
    # National Day 2025 (1–8 October off, 28 September and 11 October worked)
    assert publication_due(date(2025, 9, 26), calendar) == date(2025, 10, 30)
    assert (
        calendar.working_days_between(date(2025, 9, 26), publication_due(date(2025, 9, 26), calendar)) == 20
    )
