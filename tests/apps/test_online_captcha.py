"""The self-hosted CAPTCHA: a signed arithmetic question, and the honeypot."""

from __future__ import annotations

import re

import pytest
from django.core import signing

from gongkai.applications.errors import InvalidInput
from gongkai.online import captcha

DIGITS = "零一二三四五六七八九十"


def answer_of(question: str) -> str:
    a, b = re.match(r"(.)加(.)等于", question).groups()  # type: ignore[union-attr]
    return str(DIGITS.index(a) + DIGITS.index(b))


def test_right_answer_passes_wrong_or_forged_do_not() -> None:
    c = captcha.challenge()
    captcha.check(c.token, answer_of(c.question))
    with pytest.raises(InvalidInput, match="回答错误"):
        captcha.check(c.token, str(int(answer_of(c.question)) + 1))
    forged = signing.dumps({"answer": 1}, salt="other")
    with pytest.raises(InvalidInput, match="过期"):
        captcha.check(forged, "1")
    with pytest.raises(InvalidInput, match="过期"):
        captcha.check("garbage", "1")


def test_honeypot_filled_is_refused() -> None:
    c = captcha.challenge()
    with pytest.raises(InvalidInput):
        captcha.check(c.token, answer_of(c.question), honeypot="http://spam.example")
