"""A self-hosted CAPTCHA for the public form and the lookup: an arithmetic question whose answer is
carried in a token signed with the secret key (no third-party service, nothing stored), valid for a
limited time; and the honeypot field's check."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing

from gongkai.applications.errors import InvalidInput

SALT = "gongkai.online.captcha"
MAX_AGE = 1800  # seconds a question stays answerable
HONEYPOT = "website"  # a field hidden from people; a bot filling it in is refused

_DIGITS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Challenge:
    question: str  # e.g. 三 加 七 等于多少？（请填写阿拉伯数字）
    token: str


def challenge() -> Challenge:
    a, b = secrets.randbelow(10) + 1, secrets.randbelow(10) + 1
    token = signing.dumps({"answer": a + b, "nonce": secrets.token_hex(4)}, salt=SALT)
    return Challenge(f"{_DIGITS[a]}加{_DIGITS[b]}等于多少？（请填写阿拉伯数字）", token)


def check(token: str, answer: str, honeypot: str = "") -> None:
    """InvalidInput (field `captcha`) unless the answer is right, the token genuine and fresh, and the
    honeypot empty."""
    if honeypot.strip():
        raise InvalidInput({"captcha": "提交未通过校验，请重新填写。"})
    try:
        expected = signing.loads(token, salt=SALT, max_age=MAX_AGE)["answer"]
    except (signing.BadSignature, KeyError, TypeError):
        raise InvalidInput({"captcha": "验证问题已过期，请回答新的验证问题。"}) from None
    if answer.strip() != str(expected):
        raise InvalidInput({"captcha": "验证问题回答错误，请重新计算。"})
