"""Passwords Chinese users pick and attackers try first are refused, with the reason in Chinese."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gongkai.accounts.passwords import is_common_chinese_password

WEAK = [
    "woaini1314",
    "WoAiNi520",
    "zhongguo2024",
    "zhongguo2024!",
    "a1b2c3d4",
    "a1b2c3",
    "qq123456",
    "abc123456",
    "1qaz2wsx",
    "qwertyui",
    "zhang19850312",
    "wang850312",
    "gongkai123",
    "admin@123",
    "aaaa1111",
    "abcabcabc",
    "5201314a",
    "huaian666",
]
STRONG = ["Lanse-Hetang-47", "x7#kq9mzt2", "qingshan83lushui", "zhang8473629", "Beijing-Xiaoyu-Liuhe-9"]


@pytest.mark.parametrize("password", WEAK)
def test_common_chinese_passwords_are_recognised(password: str) -> None:
    assert is_common_chinese_password(password)


@pytest.mark.parametrize("password", STRONG)
def test_uncommon_passwords_pass(password: str) -> None:
    assert not is_common_chinese_password(password)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "这个密码太常见了。"),
        ("83749261", "密码只包含数字。"),
        ("woaini1314", "太容易被猜中"),
        ("Ab3$", "密码太短，至少需要 8 个字符"),
    ],
)
def test_the_configured_validators_explain_in_chinese(password: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(message in m for m in refused.value.messages), refused.value.messages


@pytest.mark.parametrize("password", STRONG)
def test_strong_passwords_pass_every_configured_validator(password: str) -> None:
    validate_password(password)
