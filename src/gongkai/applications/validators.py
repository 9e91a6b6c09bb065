"""Checks of an applicant's particulars: 居民身份证号 (GB 11643), 统一社会信用代码 (GB 32100), phone, e-mail.

Each `check_*` function is pure: it returns the normalised value or raises `ValueError` with a Chinese
message saying what is wrong, so forms, the ledger import and the tests all use the same rules.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# GB 11643-1999: weights 2^(17-i) mod 11 for the first 17 digits; check value (12 - sum mod 11) mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"  # index: sum mod 11

# GB 32100-2015: 31 characters (no I, O, Z, S, V), weights 3^i mod 31; check value 31 - sum mod 31.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_SERVICE = re.compile(r"(400|800)-?\d{3}-?\d{4}")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a 居民身份证号."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_id_number(value: str) -> str:
    """An 18-character 居民身份证号, upper-cased; its birth date and check digit must be right."""
    number = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValueError("居民身份证号码应为18位（前17位为数字，最后一位为数字或X）。")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError(f"居民身份证号码中的出生日期“{number[6:14]}”不存在。") from None
    if not dt.date(1850, 1, 1) <= birth <= dt.date.today():
        raise ValueError(f"居民身份证号码中的出生日期“{number[6:14]}”不合理。")
    return _with_check_char("居民身份证号码", number, id_check_digit(number[:17]))


def credit_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    """An 18-character 统一社会信用代码, upper-cased; its characters and check character must be right."""
    code = value.strip().upper()
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，这里是{len(code)}位。")
    bad = sorted({c for c in code if c not in _CREDIT_CHARS})
    if bad:
        raise ValueError(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、Z、S、V）。")
    return _with_check_char("统一社会信用代码", code, credit_check_char(code[:17]))


def _with_check_char(name: str, number: str, expected: str) -> str:
    """`number` when its 18th character is the `expected` check character."""
    if number[17] != expected:
        raise ValueError(f"{name}校验位有误：按前17位计算，最后一位应为 {expected}，而不是 {number[17]}。")
    return number


def check_phone(value: str) -> str:
    """A mainland mobile number, a landline with its area code, or a 400/800 number; spaces dropped."""
    phone = re.sub(r"[\s()（）]", "", value).removeprefix("+86").removeprefix("0086")
    if _MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone) or _SERVICE.fullmatch(phone):
        return phone
    raise ValueError("联系电话格式不正确：请填写11位手机号码，或带区号的固定电话（如 0517-87654321）。")


def check_email(value: str) -> str:
    """An e-mail address."""
    email = value.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"电子邮箱“{email}”格式不正确。") from None
    return email


# Documents other than the 居民身份证: their numbers are checked for shape only (letters and digits).
_DOCUMENT_PATTERNS: dict[str, tuple[str, str]] = {
    "passport": (r"[A-Z0-9]{5,20}", "护照号码应为5至20位字母或数字"),
    "hk_macao_permit": (r"[HM]\d{8,10}", "港澳居民来往内地通行证号码应为H或M开头加8至10位数字"),
    "taiwan_permit": (
        r"\d{8}|[A-Z]?\d{8,10}",
        "台湾居民来往大陆通行证号码应为8位数字（或字母加8至10位数字）",
    ),
    "residence_permit": (r"8[123]\d{15}[\dX]", "港澳台居民居住证号码应为18位，以81、82或83开头"),
    "foreign_permanent": (r"[A-Z0-9]{15,18}", "外国人永久居留身份证号码应为15或18位字母或数字"),
    "other": (r"[A-Z0-9\-]{3,32}", "证件号码应为3至32位字母、数字或连字符"),
}


def check_document_number(id_type: str, value: str) -> str:
    """The number of an identity document of `id_type` (居民身份证 fully checked, the others by shape)."""
    if id_type in ("", "resident_id"):
        return check_id_number(value)
    if id_type not in _DOCUMENT_PATTERNS:
        raise ValueError(f"未知的身份证件类型“{id_type}”。")
    number = re.sub(r"\s", "", value).upper()
    pattern, message = _DOCUMENT_PATTERNS[id_type]
    if not re.fullmatch(pattern, number):
        raise ValueError(f"{message}。")
    if id_type == "residence_permit":
        return _with_check_char("港澳台居民居住证号码", number, id_check_digit(number[:17]))
    return number
