"""Applicant particulars: 居民身份证号 (GB 11643), 统一社会信用代码 (GB 32100), phone, e-mail."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.validators import (
    check_credit_code,
    check_email,
    check_id_number,
    check_phone,
    credit_check_char,
    id_check_digit,
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("440524188001010014", "440524188001010014"),
        (" 320829198503150017 ", "320829198503150017"),
    ],
)
def test_valid_id_numbers(number: str, expected: str) -> None:
    assert check_id_number(number) == expected


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "最后一位应为 X，而不是 1"),
        ("440524188001010015", "最后一位应为 4，而不是 5"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100AX", "应为18位"),
        ("110105194902300026", "出生日期“19490230”不存在"),
    ],
)
def test_invalid_id_numbers(number: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_id_number(number)


def test_id_check_digit_examples() -> None:
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("44052418800101001") == "4"


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91320829MA1XYP0K2N", "12100000400000624D"])
def test_valid_credit_codes(code: str) -> None:
    assert check_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "最后一位应为 3，而不是 4"),
        ("91350100M000100Y4", "应为18位，这里是17位"),
        ("91350100M0001O0Y43", "不允许的字符：O"),
    ],
)
def test_invalid_credit_codes(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_credit_code(code)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_credit_code_with_its_own_check_char_is_valid(first17: str) -> None:
    code = first17 + credit_check_char(first17)
    assert check_credit_code(code) == code
    wrong = next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != code[-1])
    with pytest.raises(ValueError):
        check_credit_code(first17 + wrong)


@given(
    st.dates(
        min_value=__import__("datetime").date(1900, 1, 1), max_value=__import__("datetime").date(2020, 12, 31)
    ),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
def test_id_number_with_its_own_check_digit_is_valid(birth, digits: str) -> None:  # type: ignore[no-untyped-def]
    first17 = digits[:6] + birth.strftime("%Y%m%d") + digits[6:]
    number = first17 + id_check_digit(first17)
    assert check_id_number(number) == number


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0517-87654321", "0517-87654321"),
        ("051787654321", "051787654321"),
        ("400-123-4567", "400-123-4567"),
    ],
)
def test_valid_phones(phone: str, expected: str) -> None:
    assert check_phone(phone) == expected


@pytest.mark.parametrize("phone", ["1381234567", "23812345678", "12345", "电话"])
def test_invalid_phones(phone: str) -> None:
    with pytest.raises(ValueError, match="联系电话格式不正确"):
        check_phone(phone)


def test_email() -> None:
    assert check_email(" zhang@example.cn ") == "zhang@example.cn"
    with pytest.raises(ValueError, match="电子邮箱“zhang@”格式不正确"):
        check_email("zhang@")
