"""Personal data that must not be published unmasked: 居民身份证号码, 手机号码, 银行卡号.

A number is judged by its own structure first (GB 11643-1999 check digit and birth date, the
allocated mobile ranges, Luhn and the card's issuer prefix), then by what the text says it is: the
label before it, the column header of its table, the lines just before it. An order number, an
invoice number or a 统一社会信用代码 is not personal data; an office's published hotline is not
either; a number in the block about a 当事人 or in a list of people is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric

from gongkai.vetting.findings import ERROR, WARNING, Finding
from gongkai.vetting.text import Flow

_OWNER_WORDS = ("户名", "收款人", "账户名称", "开户名称", "开户名")


class Cue(Enum):
    """What the words near a number say about it."""

    ID = "id"  # 身份证号码 …
    PERSONAL = "personal"  # 当事人, 姓名, 住址 …: the number belongs to a person
    CONTACT = "contact"  # 联系人, 经办人: an office's named contact person
    OFFICE = "office"  # 咨询电话, 举报电话, 热线: an office's published line
    AMBIGUOUS = "ambiguous"  # 联系电话, 电话, 手机: says it is a phone, not whose
    CARD = "card"  # 银行卡号, 社保卡 …: a card
    ACCOUNT = "account"  # 账号, 开户行 …: a bank account, a person's or an office's
    OFFICE_ACCOUNT = "office_account"  # 收款单位, 对公, 财政专户: an office's bank account
    OTHER_NUMBER = "other"  # 订单号, 发票, 统一社会信用代码 …: a number that is not personal data


_CUE_WORDS: dict[Cue, tuple[str, ...]] = {
    Cue.ID: ("身份证", "身份号码", "公民身份", "证件号", "身份证明", "居民身份"),
    Cue.PERSONAL: (
        "当事人", "被处罚人", "违法行为人", "被检查人", "申请人", "被申请人", "第三人", "姓名", "性别",
        "出生", "住址", "家庭住址", "现住", "户籍", "籍贯", "民族", "年龄", "户主", "家庭成员", "法定代表人",
        "经营者", "委托代理人", "代理人", "监护人", "患者", "学生", "考生", "村民", "救助对象", "保障对象",
        "补贴对象", "受助人", "领取人", "持卡人", "开户人", "本人", "个人", "职工", "被征收人", "承包户",
    ),
    Cue.CONTACT: ("联系人", "经办人", "工作人员", "联络员", "负责人", "承办人", "办理人", "联系部门"),
    Cue.OFFICE: (
        "咨询", "监督", "举报", "投诉", "热线", "值班", "办公电话", "办公室电话", "服务电话", "报名", "受理",
        "传真", "总机", "客服", "12345",
    ),
    Cue.AMBIGUOUS: ("联系电话", "电话", "联系方式", "手机", "移动电话", "致电", "拨打", "Tel", "TEL", "tel"),
    Cue.CARD: ("银行卡", "卡号", "借记卡", "信用卡", "社保卡", "存折", "一卡通"),
    Cue.ACCOUNT: ("账号", "帐号", "银行账户", "开户行", "开户银行", "收款账户", "账户"),
    Cue.OFFICE_ACCOUNT: ("收款单位", "单位账户", "对公", "财政专户", "非税", "汇缴", "专户", *_OWNER_WORDS),
    Cue.OTHER_NUMBER: (
        "订单", "单号", "编号", "编码", "代码", "发票", "流水", "批次", "批号", "合同号", "凭证", "交易",
        "条码", "条形码", "注册号", "税号", "识别号", "登记号", "许可证", "证书", "案号", "文号", "档案号",
        "邮编", "邮政编码", "ISBN", "ISSN", "书号", "标准号", "备案号", "序列号", "车架号", "发动机号",
        "识别码", "工号", "准考证", "索引号", "报告号", "检验号", "运单", "金额", "资金", "（元）", "(元)",
        "万元", "数量", "合计", "总计", "预算",
    ),
}  # fmt: skip
_CUE_OF = {word: cue for cue, words in _CUE_WORDS.items() for word in words}
_CUES = re.compile("|".join(sorted(map(re.escape, _CUE_OF), key=len, reverse=True)))

# A quantity or an amount, not a number to dial: a unit right after the digits.
_UNIT_AFTER = re.compile(r"[ \u3000]?(?:[元万亿千百吨米亩斤克升度%‰]|平方|立方|公里|千瓦|美元|人次)")
# Digits with nothing alphanumeric on either side (a run inside a longer code is not a number of its own).
_RUN = re.compile(r"(?<![0-9A-Za-z])\d{11,19}[Xx]?(?![0-9A-Za-z])")
# The same numbers in the groups people type them in: 138 1234 5678, 110101 19900307 1234, 6222 0212 …
_GROUPED = re.compile(
    r"(?<![0-9A-Za-z])(?:1\d{2}(?P<m>[ -])\d{4}(?P=m)\d{4}|\d{6}(?P<i>[ -])\d{8}(?P=i)\d{3}[\dXx]"
    r"|\d{4}(?P<c>[ -])\d{4}(?P=c)\d{4}(?P=c)\d{4}(?:(?P=c)\d{1,3})?)(?![0-9A-Za-z]|[ -]\d)"
)
# How far back the words that say what a number is are looked for.
_LABEL_REACH = 80
_LINES_BEFORE = 3


@dataclass(frozen=True)
class Candidate:
    """A run of digits in the folded text, without its separators."""

    start: int
    end: int
    digits: str


# A web address or an e-mail address: its digits are a page's or a mailbox's, not a number to read.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[!-~]+|[!-~]+\.(?:s?html?|jsp|aspx?|php)\b|[\w.+-]+@[\w-]+\.[\w.]+", re.ASCII
)


_CURRENCY = ("￥", "¥", "$", "＄")


def _candidates(flow: Flow) -> Iterator[Candidate]:
    text = flow.folded
    addresses = [match.span() for match in _ADDRESS.finditer(text)]
    for pattern in (_RUN, _GROUPED):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a <= start < b for a, b in addresses) or text[start - 1 : start] in _CURRENCY:
                continue
            if start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit():
                continue  # the decimals or a thousands group of a longer number
            if text.startswith(".", end) and text[end + 1 : end + 2].isdigit():
                continue
            digits = re.sub(r"[ -]", "", match.group()).upper()
            yield Candidate(start, end, digits)


_ORGANISATION_END = re.compile(
    r"(?:局|委|委员会|政府|中心|办|办公室|院|所|站|公司|银行|专户|财政|单位|处|科|部|厅|会|社|校|队|企业|厂|店|行|馆)$"
)
_NAME_AFTER = re.compile(r"[ \u3000]*[:：]?[ \u3000]*([^，,；;。\t\n）)]{1,40})")
# The cues a table's header row gives, strongest first: a table of people is about people even when
# the column is only headed 联系电话.
_HEADER_PRIORITY = (Cue.ID, Cue.PERSONAL, Cue.CONTACT, Cue.OFFICE_ACCOUNT, Cue.OFFICE, Cue.OTHER_NUMBER)


def _classify(text: str, match: re.Match[str]) -> Cue:
    """The cue of one word; an account holder's name (户名：…) tells whose account it is."""
    word = match.group()
    if word in _OWNER_WORDS:
        name = _NAME_AFTER.match(text, match.end())
        if name is not None and not _ORGANISATION_END.search(name.group(1).strip()):
            return Cue.PERSONAL
        return Cue.OFFICE_ACCOUNT
    return _CUE_OF[word]


def _cues_in(text: str) -> list[Cue]:
    """The cues in `text`, nearest to its end first."""
    return [_classify(text, match) for match in reversed(list(_CUES.finditer(text)))]


def _cues(flow: Flow, position: int) -> Iterator[tuple[Cue, bool]]:
    """The cues for the number at `position`, nearest first, each with whether it is close (its own
    paragraph, its column header or its table's header row) rather than in the few lines before."""
    start, _ = flow.paragraph(position)
    yield from ((cue, True) for cue in _cues_in(flow.text[max(start, position - _LABEL_REACH) : position]))
    yield from ((cue, True) for cue in _cues_in(flow.column_header(position)))
    header = set(_cues_in(flow.header_row(position)))
    yield from ((cue, True) for cue in _HEADER_PRIORITY if cue in header)
    earlier_start, _ = flow.lines_before(start, _LINES_BEFORE)
    yield from ((cue, False) for cue in _cues_in(flow.text[earlier_start:start]))


def _first(cues: Iterator[tuple[Cue, bool]], decisive: set[Cue]) -> Cue | None:
    """The nearest decisive cue; from the lines before, only one that says the number is a person's."""
    for cue, close in cues:
        if cue in decisive and (close or cue in (Cue.ID, Cue.PERSONAL)):
            return cue
    return None


# --- 居民身份证号码 (GB 11643-1999) ------------------------------------------------------------------


def _birth_date(digits: str, *, century: str = "") -> date | None:
    text = century + digits
    try:
        born = date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return born if 1880 <= born.year <= 2099 else None


def is_id_number(number: str) -> bool:
    """An 18-character 居民身份证号码 with a right check digit and a real birth date."""
    return (
        len(number) == 18
        and number[:17].isdigit()
        and number[0] != "0"
        and ric.calc_check_digit(number) == number[-1]
        and _birth_date(number[6:14]) is not None
    )


@lru_cache(maxsize=4096)
def _known_region(code: str) -> bool:
    """Whether the first six digits are a county code (GB/T 2260, past or present)."""
    from stdnum import numdb

    return bool(numdb.get("cn/loc").info(code)[0][1])


def mask_id_number(number: str) -> str:
    """`110101********1234` (18 digits) / `110101******123` (15 digits): the birth date and more hidden."""
    if len(number) == 15:
        return number[:6] + "*" * 6 + number[-3:]
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _id_findings(flow: Flow, candidate: Candidate) -> Finding | None:
    digits = candidate.digits
    if len(digits) == 18:
        shaped = digits[:17].isdigit() and digits[0] != "0" and _birth_date(digits[6:14]) is not None
        if not shaped:
            return None
        valid = ric.calc_check_digit(digits) == digits[-1]
        labelled = _first(_cues(flow, candidate.start), {Cue.ID, Cue.OTHER_NUMBER, Cue.PERSONAL})
        if labelled is Cue.OTHER_NUMBER:
            return None  # an order number, a 统一社会信用代码 of digits only …
        if valid:
            message = "未遮盖的居民身份证号码：公开前应作去标识化处理，只保留前6位和后4位。"
        elif labelled is Cue.ID:
            message = "未遮盖的居民身份证号码（校验码不符，可能录入有误，但仍属个人信息）：公开前应遮盖。"
        else:
            return None
        return _finding(flow, candidate, "pii.id_number", ERROR, message, mask_id_number(digits))
    if len(digits) == 15 and digits.isdigit():
        if digits[0] == "0" or _birth_date(digits[6:12], century="19") is None:
            return None
        labelled = _first(_cues(flow, candidate.start), {Cue.ID, Cue.OTHER_NUMBER, Cue.PERSONAL})
        if labelled is Cue.OTHER_NUMBER or (labelled is None and not _known_region(digits[:6])):
            return None
        return _finding(
            flow,
            candidate,
            "pii.id_number",
            ERROR,
            "未遮盖的15位（第一代）居民身份证号码：公开前应作去标识化处理。",
            mask_id_number(digits),
        )
    return None


# --- 手机号码 --------------------------------------------------------------------------------------

_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def is_mobile_number(digits: str) -> bool:
    """An 11-digit number in a range allocated to mainland mobile networks (libphonenumber's data)."""
    if len(digits) != 11 or not digits.isdigit() or digits[0] != "1":
        return False
    return _mobile_range(digits[:7])


@lru_cache(maxsize=8192)
def _mobile_range(prefix: str) -> bool:
    """Whether numbers starting with these 7 digits are mobile numbers (the ranges are allocated by
    prefix; the last four digits never decide)."""
    number = phonenumbers.parse("+86" + prefix + "0000")
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _MOBILE_TYPES


def mask_mobile(digits: str) -> str:
    """`138****5678`."""
    return digits[:3] + "****" + digits[-4:]


_PHONE_LABEL = re.compile(r"(?:手机|电话|联系方式)(?:号码|号)?[ \u3000]*[:：]?[ \u3000]*$")
_MOBILE_DECISIVE = {Cue.ID, Cue.PERSONAL, Cue.CONTACT, Cue.OFFICE, Cue.OTHER_NUMBER}


def _mobile_finding(flow: Flow, candidate: Candidate) -> Finding | None:
    digits = candidate.digits
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if _UNIT_AFTER.match(flow.text, candidate.end):
        return None
    if not is_mobile_number(digits):
        # a number outside the allocated ranges is still a mobile number when labelled as one
        labelled = _PHONE_LABEL.search(flow.text, max(0, candidate.start - 12), candidate.start)
        if not (labelled and re.fullmatch(r"1[3-9]\d{9}", digits)):
            return None
    ambiguous = False
    decided: Cue | None = None
    for cue, close in _cues(flow, candidate.start):
        if cue is Cue.AMBIGUOUS:
            ambiguous = True
        elif cue in _MOBILE_DECISIVE and (close or cue in (Cue.ID, Cue.PERSONAL)):
            decided = cue
            break
    if decided in (Cue.OFFICE, Cue.OTHER_NUMBER):
        return None
    if decided is Cue.CONTACT or (decided is None and ambiguous):
        return _finding(
            flow,
            candidate,
            "pii.mobile",
            WARNING,
            "未遮盖的手机号码：如为本机关公开的工作联系电话可保留；如属个人，公开前应遮盖中间四位。",
            mask_mobile(digits),
        )
    return _finding(
        flow,
        candidate,
        "pii.mobile",
        ERROR,
        "未遮盖的个人手机号码：公开前应遮盖中间四位。",
        mask_mobile(digits),
    )


# --- 银行卡号 --------------------------------------------------------------------------------------

# Issuer prefixes of cards issued in mainland China: UnionPay (62), older domestic debit cards (60,
# 9558 …); 3/4/5 are international schemes some Chinese banks issue (JCB, Visa, Mastercard).
_DOMESTIC_IIN = ("62", "60", "9558", "9559", "955")
_INTERNATIONAL_IIN = ("3", "4", "5")


def mask_card(digits: str) -> str:
    """`622202*********1234`: the issuer's six digits and the last four kept."""
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def _card_finding(flow: Flow, candidate: Candidate) -> Finding | None:
    digits = candidate.digits
    if not (16 <= len(digits) <= 19 and digits.isdigit() and luhn.is_valid(digits)):
        return None
    if len(digits) == 18 and is_id_number(digits):
        return None  # reported as an ID number
    if _UNIT_AFTER.match(flow.text, candidate.end):
        return None
    card = account = False
    decided: Cue | None = None
    for cue, close in _cues(flow, candidate.start):
        if cue is Cue.CARD:
            card = card or close
        elif cue is Cue.ACCOUNT:
            account = account or close
        elif (cue in (Cue.OFFICE_ACCOUNT, Cue.OTHER_NUMBER) and close) or cue in (Cue.PERSONAL, Cue.ID):
            decided = cue
            break
    if decided in (Cue.OFFICE_ACCOUNT, Cue.OTHER_NUMBER):
        return None
    issued = digits.startswith(_DOMESTIC_IIN + _INTERNATIONAL_IIN)
    if not card and not issued:
        return None  # an account or a number of some other kind: only a card's label makes it a card
    if decided is None and not card and not account and not digits.startswith(_DOMESTIC_IIN):
        severity, message = (
            WARNING,
            "疑似未遮盖的银行卡号（16～19位且通过 Luhn 校验）：如属个人银行卡，公开前应遮盖。",
        )
    else:
        severity, message = ERROR, "未遮盖的银行卡号：公开前应遮盖，只保留前6位和后4位。"
    return _finding(flow, candidate, "pii.bank_card", severity, message, mask_card(digits))


def _finding(
    flow: Flow, candidate: Candidate, rule: str, severity: str, message: str, suggestion: str
) -> Finding:
    return Finding(
        rule,
        severity,
        message,
        flow.where(candidate.start),
        flow.text[candidate.start : candidate.end],
        suggestion,
    )


def check_personal_data(flow: Flow) -> Iterator[Finding]:
    """`pii.id_number`, `pii.mobile`, `pii.bank_card`: unmasked personal numbers."""
    seen: set[tuple[int, int]] = set()
    for candidate in _candidates(flow):
        if (candidate.start, candidate.end) in seen:
            continue
        seen.add((candidate.start, candidate.end))
        length = len(candidate.digits)
        found = None
        if length in (15, 18):
            found = _id_findings(flow, candidate)
        if found is None and length in (11, 13):
            found = _mobile_finding(flow, candidate)
        if found is None and 16 <= length <= 19:
            found = _card_finding(flow, candidate)
        if found is not None:
            yield found
