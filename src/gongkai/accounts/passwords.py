"""Passwords Chinese users pick and attackers try first: pinyin words, keyboard runs, numbers with meaning.

Django's own validators refuse its list of 20,000 common (mostly English) passwords and all-digit ones;
this one adds what that list misses in China: `woaini1314`, `zhongguo2024`, `a1b2c3`, `qq123456`,
`1qaz2wsx`, a surname with a birthday. The words are data (`data/common_passwords_zh.txt`).
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords_zh.txt"
# Rows of the keyboard and the alphabet and digits in order: a password made of one stretch of them
# (forwards or backwards) is typed without thinking.
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1234567890",
    "01234567890",
)
# Numbers that carry a meaning (520 我爱你, 1314 一生一世, lucky numbers) and so are guessed first.
_MEANINGFUL_NUMBERS = frozenset(
    {"520", "521", "1314", "5201314", "1314520", "666", "888", "168", "518", "886", "110", "119", "007"}
)
_DATE = re.compile(r"^(19\d\d|20\d\d|\d\d)?(0[1-9]|1[0-2])([0-2]\d|3[01])$")


@cache
def common_words() -> frozenset[str]:
    lines = _WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_run(text: str) -> bool:
    return len(text) >= 2 and any(text in run or text in run[::-1] for run in _RUNS)


def _is_repetition(text: str) -> bool:
    """`aaaa`, `abab`, `123123`: one short block repeated."""
    return any(
        len(text) % size == 0 and text == text[:size] * (len(text) // size)
        for size in range(1, len(text) // 2 + 1)
    )


def _simple_digits(digits: str) -> bool:
    """Digits an attacker tries first: none, few, a run, a repetition, a meaningful number, a date."""
    if len(digits) <= 4 or digits in _MEANINGFUL_NUMBERS or _is_run(digits) or _is_repetition(digits):
        return True
    for number in _MEANINGFUL_NUMBERS:  # 5201314520, 1314520520
        if digits.replace(number, "") == "":
            return True
    return len(digits) in {6, 8} and bool(_DATE.match(digits)) and digits[-4:] != "0000"


def _simple_letters(letters: str) -> bool:
    return len(letters) <= 2 or letters in common_words() or _is_run(letters) or _is_repetition(letters)


def is_common_chinese_password(password: str) -> bool:
    """True when `password` is one a Chinese attacker's word list would hold.

    The password is split into its letters and its digits (symbols ignored); it is refused when the whole
    is a listed word, a keyboard or alphabet run or one short block repeated, when it has fewer than four
    different characters, or when both its letters and its digits are simple (see above).
    """
    lowered = password.lower()
    if lowered in common_words() or _is_run(lowered) or _is_repetition(lowered) or len(set(lowered)) < 4:
        return True
    letters = "".join(c for c in lowered if c in string.ascii_lowercase)
    digits = "".join(c for c in lowered if c.isdigit())
    others = len(lowered) - len(letters) - len(digits)
    if others > 2 or any(not c.isascii() for c in lowered):
        return False  # several symbols or non-Latin characters: not in the usual lists
    if lowered.replace(letters, "", 1).replace(digits, "", 1) not in {"", *string.punctuation}:
        # letters and digits interleaved (a1b2c3): judge by the halves only when each half is simple
        return _simple_letters(letters) and (_is_run(digits) or len(digits) <= 2)
    return _simple_letters(letters) and _simple_digits(digits)


class ChineseCommonPasswordValidator:
    """Refuses the passwords of `is_common_chinese_password`, with the reason in Chinese."""

    def validate(self, password: str, user: Any = None) -> None:
        if is_common_chinese_password(password):
            raise ValidationError(
                _(
                    "这个密码太容易被猜中（常见的拼音词、键盘顺序、生日或 520、1314 等数字组合）。"
                    "请换一个，例如几个不相关的词加上数字和符号。"
                ),
                code="password_too_common_zh",
            )

    def get_help_text(self) -> str:
        return _("密码不能是常见的拼音词、键盘顺序、生日或简单数字组合（如 woaini1314、a1b2c3、qq123456）。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length check, with its message in Chinese (Django 5.2's Chinese catalogue lacks it)."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
