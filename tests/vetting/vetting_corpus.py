"""Realistic government texts with planted problems and clean look-alikes, for measuring `gongkai review`.

Each sample is a list of paragraphs in one of the genres agencies publish (通知, 规范性文件, 政策解读,
行政处罚决定书, 公示名单, 采购公告, 工作总结), with every kind of look-alike a checker could trip on
(masked numbers, 统一社会信用代码, 注册号, invoice and order numbers, office hotlines and landlines,
date ranges, money, correctly bracketed 文号, court case numbers, ISBN, long numeric cells, 原…,
history, 部门). A planted sample also carries problems of the kinds `gongkai review` must find, each
recorded with its rule name and place.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum import luhn
from stdnum.cn import ric

from gongkai.law.codes import USCC_ALPHABET, org_code_check

TODAY = date(2026, 6, 15)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌宇浩凯鹏飞欣怡晨阳子涵梓萱雨轩"
COUNTIES = (
    "110101", "110105", "310104", "330106", "330102", "320106", "440106", "420106", "510107", "610113",
    "370102", "640502", "320804", "320813", "130102", "410105", "500103", "350203", "430104", "210102",
)  # fmt: skip
PLACES = ("示例市", "临江市", "东湖区", "青山县", "南溪县", "北塘区", "云岭市", "白沙县")
BUREAUS = (
    "教育局", "市场监督管理局", "生态环境局", "自然资源和规划局", "卫生健康委员会", "民政局",
    "人力资源和社会保障局", "交通运输局", "住房和城乡建设局", "农业农村局", "应急管理局", "财政局",
    "医疗保障局", "退役军人事务局", "文化和旅游局", "司法局",
)  # fmt: skip
CODES = {"教育局": "教", "市场监督管理局": "市监", "生态环境局": "环", "民政局": "民", "财政局": "财"}
OUTDATED = (
    ("国家工商行政管理总局", 2018), ("国家工商总局", 2018), ("国土资源部", 2018), ("环境保护部", 2018),
    ("环保部", 2018), ("国家卫生和计划生育委员会", 2018), ("国家卫生计生委", 2018), ("农业部", 2018),
    ("国家质量监督检验检疫总局", 2018), ("国家安全生产监督管理总局", 2018), ("国家食品药品监督管理总局", 2018),
    ("文化部", 2018), ("国家旅游局", 2018), ("中国银行保险监督管理委员会", 2023), ("银保监会", 2023),
    ("国务院法制办公室", 2018), ("国家林业局", 2018), ("卫生部", 2013),
)  # fmt: skip
LOCAL_OUTDATED = ("环境保护局", "国土资源局", "工商行政管理局", "食品药品监督管理局", "安全生产监督管理局")
BAD_BRACKETS = (("[", "]"), ("【", "】"), ("（", "）"), ("(", ")"), ("［", "］"), ("﹝", "﹞"))


@dataclass(frozen=True)
class Planted:
    """A problem put into a sample: the rule that must find it, its paragraph (0-based) and its text."""

    rule: str
    line: int
    text: str


@dataclass
class Sample:
    """One text: its paragraphs, the problems planted in it (none for a clean text), its genre."""

    kind: str
    lines: list[str] = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)
    today: date = TODAY


class Plant:
    """A fragment of a paragraph that is a planted problem."""

    def __init__(self, rule: str, text: str) -> None:
        self.rule, self.text = rule, text


Part = str | Plant


class Writer:
    """Builds a sample paragraph by paragraph; `plant` returns a problem only when the sample is planted
    with that rule, and the clean look-alike otherwise."""

    def __init__(self, rng: random.Random, kind: str, rules: frozenset[str]) -> None:
        self.rng = rng
        self.rules = rules
        self.sample = Sample(kind)

    def add(self, *parts: Part) -> None:
        line = ""
        for part in parts:
            if isinstance(part, Plant):
                self.sample.planted.append(Planted(part.rule, len(self.sample.lines), part.text))
                line += part.text
            else:
                line += part
        self.sample.lines.append(line)

    def plant(self, rule: str, bad: Callable[[], str], good: Callable[[], str]) -> Part:
        """The problem (`bad`) if this sample carries `rule` — each such place with a chance — else `good`."""
        if rule in self.rules and self.rng.random() < 0.7:
            return Plant(rule, bad())
        return good()

    def must(self, rule: str, bad: Callable[[], str]) -> Part:
        return Plant(rule, bad())

    def choice(self, *options: str) -> str:
        return self.rng.choice(options)


# --- numbers and names ---------------------------------------------------------------------------


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def masked_person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(("某", "某某", "*", "**"))


def id_number(rng: random.Random, *, region: str | None = None) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 66))
    region = region or (rng.choice(COUNTIES) if rng.random() < 0.8 else str(rng.randrange(110000, 659999)))
    body = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def id15(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 60))
    return f"{rng.choice(COUNTIES)}{born:%y%m%d}{rng.randrange(1000):03d}"


def mobile(rng: random.Random) -> str:
    prefix = rng.choice(
        (
            "138",
            "139",
            "137",
            "135",
            "150",
            "151",
            "158",
            "159",
            "186",
            "187",
            "188",
            "133",
            "153",
            "177",
            "180",
            "189",
            "199",
            "191",
            "166",
            "176",
            "182",
            "183",
            "147",
        )
    )
    return prefix + f"{rng.randrange(10**8):08d}"


def card(rng: random.Random) -> str:
    prefix = rng.choice(
        ("622202", "621700", "622848", "623668", "621226", "622908", "621799", "955880", "601382", "625965")
    )
    length = rng.choice((16, 19, 19, 19)) if not prefix.startswith("955") else 19
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def uscc(rng: random.Random, *, digits_only: bool = False) -> str:
    alphabet = "0123456789" if digits_only else USCC_ALPHABET
    head = rng.choice(("91", "92", "12", "11", "52", "93")) + rng.choice(COUNTIES)
    body = "".join(
        rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY" if not digits_only else "0123456789") for _ in range(8)
    )
    org = body + org_code_check(body)
    if not set(org) <= set(alphabet):
        org = body + "0"
    partial = head + org
    from stdnum.cn import uscc as std_uscc

    return partial + std_uscc.calc_check_digit(partial + "0")


def grouped(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at : at + size])
        at += size
    if at < len(number):
        parts.append(number[at:])
    return sep.join(parts)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def mask_id(number: str) -> str:
    return number[:6] + "********" + number[-4:] if len(number) == 18 else number[:6] + "******" + number[-3:]


def landline(rng: random.Random) -> str:
    area = rng.choice(("0571", "025", "010", "021", "0517", "0955", "027", "028", "0731"))
    digits = 8 if len(area) <= 3 else rng.choice((7, 8))
    number = str(rng.randrange(2, 9)) + "".join(str(rng.randrange(10)) for _ in range(digits - 1))
    return rng.choice((f"{area}-{number}", f"（{area}）{number}", f"{area}－{number}", f"{area} {number}"))


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_numeral_date(day: date) -> str:
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        if n < 10:
            return digits[n]
        return ("" if n // 10 == 1 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")

    return "".join(digits[int(d)] for d in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def invalid_date(rng: random.Random) -> str:
    year = rng.choice((2025, 2026, 2023))
    return rng.choice(
        (
            f"{year}年2月30日", f"{year}年2月31日", "2025年2月29日", f"{year}年4月31日", f"{year}年6月31日",
            f"{year}年9月31日", f"{year}年11月31日", f"{year}年13月", f"{year}年13月5日", f"{year}年0月8日",
            f"{year}-02-30", f"{year}.6.31", f"{year}/11/31", "二〇二五年二月二十九日", "二〇二六年二月三十日",
            f"{year}年4月0日", f"{year}年12月32日",
        )
    )  # fmt: skip


def valid_range(rng: random.Random) -> str:
    year = rng.choice((2025, 2026))
    return rng.choice(
        (
            f"{year}年1月1日至12月31日", f"{year}年3月1日—5月31日", "2024年2月1日至2月29日",
            f"{year}年10月1日至10月8日", f"{year}年1月至6月", f"{year}-01-01至{year}-06-30",
        )
    )  # fmt: skip


def doc_number(rng: random.Random, code: str, *, bad: bool = False) -> str:
    year = rng.choice((2024, 2025, 2026))
    serial = rng.randrange(1, 120)
    if bad:
        opening, closing = rng.choice(BAD_BRACKETS)
        serial_text = rng.choice((str(serial), f"{serial:02d}", f"第{serial}"))
        return f"{code}{opening}{year}{closing}{serial_text}号"
    return f"{code}〔{year}〕{serial}号"


class Agency:
    def __init__(self, rng: random.Random) -> None:
        self.place = rng.choice(PLACES)
        self.bureau = rng.choice(BUREAUS)
        self.name = self.place + self.bureau
        self.code = (
            self.place[0] + CODES.get(self.bureau, self.bureau[0]) + rng.choice(("发", "办发", "函", "规"))
        )
        self.phone = landline(rng)


# --- genres ------------------------------------------------------------------------------------------


def _header(w: Writer, agency: Agency) -> None:
    rng = w.rng
    w.add(
        w.plant(
            "secret.marking",
            lambda: w.choice(
                "机密★1年",
                "秘密★6个月",
                "绝密★启用前",
                "秘密★5年",
                "机密★长期",
                "密级：秘密",
                "内部资料  注意保密",
                "（内部资料，不得外传）",
                "内部文件，请勿外传",
                "秘密",
            ),
            lambda: w.choice(
                "",
                "",
                "此件公开发布",
                "公开方式：主动公开",
                "索引号：" + uscc(rng) + f"/2026-{rng.randrange(1, 3000):05d}",
            ),
        )
    )


def _signature(w: Writer, agency: Agency, written: date) -> None:
    w.add(agency.name)
    date_text = w.choice(zh_date(written), zh_date(written), cn_numeral_date(written))
    if "date.future" in w.rules:
        future = w.sample.today + timedelta(days=w.rng.randrange(1, 300))
        w.add(w.must("date.future", lambda: w.choice(zh_date(future), cn_numeral_date(future))))
    else:
        w.add(date_text)
    w.add(w.choice("（此件公开发布）", "（此件主动公开）", ""))


def _written(w: Writer) -> date:
    return w.sample.today - timedelta(days=w.rng.randrange(1, 500))


def _regulation(w: Writer) -> Part:
    return w.plant(
        "wording.old_regulation",
        lambda: w.choice("国务院令第492号", "国务院第492号令", "国务院令第 492 号"),
        lambda: w.choice("国务院令第711号", "国务院令第711号"),
    )


def _outdated(w: Writer) -> Part:
    name, year = w.rng.choice(OUTDATED)
    current = {"国土资源部": "自然资源部", "环境保护部": "生态环境部", "农业部": "农业农村部"}.get(
        name, "国家市场监督管理总局"
    )
    return w.plant(
        "wording.outdated_name",
        lambda: name if w.rng.random() < 0.8 else w.rng.choice(PLACES) + w.rng.choice(LOCAL_OUTDATED),
        lambda: w.choice(
            current,
            f"原{name}",
            f"{year - w.rng.randrange(1, 4)}年{name}",
            f"{name[:2]}部门" if name.endswith("部") else current,
        ),
    )


def _doc_ref(w: Writer, agency: Agency) -> Part:
    return w.plant(
        "wording.doc_number_brackets",
        lambda: doc_number(w.rng, agency.code, bad=True),
        lambda: doc_number(w.rng, agency.code),
    )


def _end_mark(w: Writer) -> Part:
    return w.plant(
        "wording.punctuation", lambda: w.choice("。。", "，。", "。，", "；。", "、、"), lambda: "。"
    )


def _inner_punct(w: Writer) -> Part:
    return w.plant("wording.punctuation", lambda: w.choice(",", ";", "，，"), lambda: "，")


def _a_date(w: Writer) -> Part:
    return w.plant("date.invalid", lambda: invalid_date(w.rng), lambda: valid_range(w.rng))


def _contact(w: Writer, agency: Agency) -> None:
    rng = w.rng
    staff = person(rng)
    w.add(
        w.choice("联系人：", "联 系 人：", "经办人："),
        staff,
        "，联系电话：",
        agency.phone,
        w.choice("", f"，传真：{landline(rng)}", f"，电子邮箱：office{rng.randrange(100)}@example.gov.cn"),
    )
    w.add(
        w.choice("监督电话：", "咨询电话：", "举报投诉电话："),
        w.choice("12345", "12315", agency.phone, mobile(rng)),
    )


def notice(w: Writer) -> None:
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add(
        f"{agency.name}关于开展{written.year}年度{w.choice('安全生产大检查', '义务教育招生', '惠民补贴发放', '政务公开培训', '双随机一公开抽查')}工作的通知"
    )
    w.add(_doc_ref(w, agency))
    w.add(f"各{w.choice('乡镇人民政府、街道办事处', '县（区）' + agency.bureau[-3:], '有关单位')}：")
    w.add(
        "为认真贯彻落实《中华人民共和国政府信息公开条例》（",
        _regulation(w),
        "）",
        _inner_punct(w),
        "根据",
        _outdated(w),
        "有关要求和",
        doc_number(rng, "国办发"),
        "文件精神，现就有关事项通知如下",
        _end_mark(w),
    )
    w.add("一、工作时间")
    w.add("工作时间为", _a_date(w), "，分动员部署、自查自纠、督查检查三个阶段", _end_mark(w))
    w.add(
        "二、工作要求",
        "",
    )
    w.add(
        "各单位要严格落实保密审查制度，坚持“涉密不上网、上网不涉密”，对拟公开信息中的个人隐私、商业秘密进行处理",
        w.plant("wording.punctuation", lambda: "。”。", lambda: "。"),
    )
    w.add(
        "补贴对象",
        masked_person(rng),
        "（身份证号：",
        mask_id(id_number(rng)),
        "，联系电话：",
        mobile(rng)[:3] + "****" + mobile(rng)[-4:],
        "）已于",
        zh_date(written - timedelta(days=30)),
        "完成复核。",
    )
    if "pii.id_number" in w.rules or "pii.mobile" in w.rules:
        who = person(rng)
        w.add(
            "经核查，",
            who,
            "（",
            w.plant(
                "pii.id_number",
                lambda: w.choice("身份证号：", "公民身份号码", "身份证号码：") + _id_text(rng),
                lambda: "已核实身份",
            ),
            "，",
            w.plant(
                "pii.mobile",
                lambda: w.choice("手机号：", "联系电话：", "电话") + _mobile_text(rng),
                lambda: "已电话联系",
            ),
            "）符合条件。",
        )
    w.add(f"本通知自印发之日起施行，有效期至{written.year + 2}年12月31日。")
    _contact(w, agency)
    w.add(f"附件：{written.year}年度工作安排表")
    _signature(w, agency, written)


def _id_text(rng: random.Random) -> str:
    number = id_number(rng) if rng.random() < 0.9 else id15(rng)
    style = rng.random()
    if style < 0.1 and len(number) == 18:
        return grouped(number, (6, 8, 4))
    if style < 0.18:
        return full_width(number)
    if style < 0.25 and len(number) == 18 and number[-1] != "X":
        # a lower-case x check digit where the check digit is 10
        return number
    return number


def _mobile_text(rng: random.Random) -> str:
    number = mobile(rng)
    style = rng.random()
    if style < 0.1:
        return grouped(number, (3, 4, 4))
    if style < 0.18:
        return grouped(number, (3, 4, 4), "-")
    if style < 0.22:
        return "+86 " + number
    if style < 0.27:
        return full_width(number)
    return number


def _card_text(rng: random.Random) -> str:
    number = card(rng)
    return grouped(number, (4, 4, 4, 4, 3)) if rng.random() < 0.15 else number


def penalty(w: Writer) -> None:
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add(agency.name)
    w.add("行政处罚决定书")
    w.add(_doc_ref(w, agency))
    individual = rng.random() < 0.5
    if individual:
        w.add("当事人：", person(rng) if rng.random() < 0.6 else masked_person(rng))
        w.add("性别：", w.choice("男", "女"), "　民族：汉族")
        w.add(
            w.choice("身份证号码：", "公民身份号码：", "证件号码："),
            w.plant("pii.id_number", lambda: _id_text(rng), lambda: mask_id(id_number(rng))),
        )
        w.add(
            "住址：",
            agency.place,
            w.choice("城关镇", "新华街道", "东湖街道"),
            w.choice("**", "某某", "和平路"),
            "号",
        )
        w.add(
            w.choice("联系电话：", "电话：", "手机："),
            w.plant(
                "pii.mobile", lambda: _mobile_text(rng), lambda: (m := mobile(rng))[:3] + "****" + m[-4:]
            ),
        )
        if "pii.bank_card" in w.rules:
            w.add(
                "开户银行：",
                w.choice("中国农业银行", "农村商业银行", "中国建设银行"),
                "，银行账号：",
                w.must("pii.bank_card", lambda: _card_text(rng)),
            )
    else:
        w.add(
            "当事人：",
            agency.place,
            w.choice("兴旺", "恒通", "鑫源", "康达"),
            w.choice("商贸有限公司", "食品店", "建材有限公司"),
        )
        w.add("统一社会信用代码：", uscc(rng, digits_only=rng.random() < 0.3))
        if rng.random() < 0.5:
            w.add("（原营业执照注册号：", f"{rng.choice(COUNTIES)}{rng.randrange(10**9):09d}", "）")
        w.add(
            "住所：",
            agency.place,
            "经济开发区",
            w.choice("创业路", "工业大道"),
            str(rng.randrange(1, 300)),
            "号",
        )
        w.add(
            "法定代表人：",
            person(rng),
            "，联系电话：",
            w.plant("pii.mobile", lambda: _mobile_text(rng), lambda: landline(rng)),
        )
    found = written - timedelta(days=rng.randrange(30, 200))
    w.add(
        f"{zh_date(found)}，本局执法人员依法对当事人经营场所进行检查，发现当事人销售的",
        w.choice("预包装食品", "电动自行车", "建筑材料"),
        "不符合国家标准，货值金额",
        f"{rng.randrange(1000, 99999)}.{rng.randrange(100):02d}",
        "元，违法所得",
        str(rng.randrange(100, 9000)),
        "元",
        _end_mark(w),
    )
    w.add(
        "以上事实有现场笔录、询问笔录、",
        w.choice("增值税普通发票", "销售单据"),
        "（发票代码：",
        f"{rng.randrange(10**11, 10**12)}",
        "，发票号码：",
        f"{rng.randrange(10**7, 10**8):08d}",
        "）、订单号",
        _luhn_like(rng, 18),
        "等证据证实。",
    )
    w.add(
        "当事人的上述行为违反了《中华人民共和国产品质量法》第",
        w.choice("十三", "三十二", "四十九"),
        "条的规定",
        _inner_punct(w),
        "依据",
        _outdated(w),
        "发布的相关裁量基准，本局决定如下",
        _end_mark(w),
    )
    w.add(
        f"1.没收违法所得；2.罚款人民币{rng.randrange(1, 50) * 1000}元（大写：{w.choice('伍仟', '壹万', '叁万')}元整）。"
    )
    w.add(
        "当事人应当自收到本决定书之日起十五日内，将罚款缴至",
        w.choice("指定银行", "中国工商银行" + agency.place + "支行"),
        "，收款单位：",
        agency.place,
        "财政局非税收入专户，账号：",
        card(rng) if rng.random() < 0.3 else f"{rng.randrange(10**18, 10**19)}",
        "。",
    )
    w.add(
        "当事人如不服本处罚决定，可在收到本决定书之日起六十日内向",
        agency.place,
        "人民政府申请行政复议，",
        "或者在六个月内依法向",
        agency.place,
        "人民法院提起行政诉讼（参见",
        w.choice("（2025）", "（2026）"),
        "示0102行初",
        str(rng.randrange(1, 300)),
        "号判决）",
        _end_mark(w),
    )
    _signature(w, agency, written)


def _luhn_like(rng: random.Random, length: int) -> str:
    body = "".join(str(rng.randrange(10)) for _ in range(length - 1))
    return body + luhn.calc_check_digit(body)


def roster(w: Writer) -> None:
    """A 公示名单: a table of people (masked in the clean version) and an office contact table."""
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add(
        f"关于{written.year}年{w.choice('城乡居民最低生活保障', '困难群众临时救助', '耕地地力保护补贴', '高龄津贴')}对象的公示"
    )
    w.add(
        "根据",
        doc_number(rng, agency.code),
        "文件规定，经个人申请、村（居）委会评议、乡镇审核，现将拟享受对象予以公示，",
        "公示期为",
        _a_date(w),
        _end_mark(w),
    )
    columns = ["序号", "姓名", "性别", "身份证号", "联系电话", "银行卡号", "保障金额（元）", "所在村组"]
    w.add("\t".join(columns))
    for number in range(1, rng.randrange(4, 12)):
        cells: list[Part] = [
            str(number),
            masked_person(rng) if rng.random() < 0.7 else person(rng),
            w.choice("男", "女"),
            w.plant("pii.id_number", lambda: _id_text(rng), lambda: mask_id(id_number(rng))),
            w.plant(
                "pii.mobile", lambda: _mobile_text(rng), lambda: (m := mobile(rng))[:3] + "****" + m[-4:]
            ),
            w.plant(
                "pii.bank_card",
                lambda: _card_text(rng),
                lambda: (c := card(rng))[:6] + "*" * (len(c) - 10) + c[-4:],
            ),
            f"{rng.randrange(300, 2000)}.00",
            w.choice("一组", "二组", "三组", "新村", "老街"),
        ]
        _add_row(w, cells)
    w.add(
        "公示期间如有异议，请向",
        agency.name,
        "反映",
        _inner_punct(w),
        "监督电话：",
        agency.phone,
        "，",
        w.choice("举报电话：", "服务热线："),
        mobile(rng),
        "。",
    )
    w.add("\t".join(("单位", "联系人", "办公电话")))
    for town in ("城关镇", "新华街道", "东湖街道"):
        w.add("\t".join((town, "民政办", landline(rng))))
    _signature(w, agency, written)


def _add_row(w: Writer, cells: list[Part]) -> None:
    line = len(w.sample.lines)
    text = ""
    for index, cell in enumerate(cells):
        if index:
            text += "\t"
        if isinstance(cell, Plant):
            w.sample.planted.append(Planted(cell.rule, line, cell.text))
            text += cell.text
        else:
            text += cell
    w.sample.lines.append(text)


def policy(w: Writer) -> None:
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add(
        agency.name,
        "关于印发《",
        agency.place,
        w.choice("政府信息公开工作规程", "行政规范性文件管理办法", "惠企政策兑现实施细则"),
        "》的通知",
    )
    w.add(_doc_ref(w, agency))
    w.add(
        "第一条　为规范本机关政府信息公开工作，根据《中华人民共和国政府信息公开条例》（",
        _regulation(w),
        "）等规定，结合工作实际，制定本办法",
        _end_mark(w),
    )
    w.add(
        "第二条　本办法所称政府信息，是指本机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息",
        _end_mark(w),
    )
    w.add(
        "第三条　",
        _outdated(w),
        "及省级有关部门印发的规定",
        w.choice("继续有效", "同时适用"),
        _inner_punct(w),
        "与本办法不一致的，以本办法为准。",
    )
    w.add(
        "第四条　政府信息应当自形成或者变更之日起20个工作日内予以公开。属于",
        w.choice("内部事务信息", "过程性信息"),
        "的，可以不予公开。",
    )
    w.add(
        "第五条　内部资料性出版物的管理，按照《内部资料性出版物管理办法》执行。涉及国家秘密、商业秘密、个人隐私的，依法不予公开。"
    )
    w.add("第六条　本办法所附表格的填报期限为", _a_date(w), "。")
    w.add(
        f"第七条　本办法自{zh_date(written + timedelta(days=rng.randrange(30, 400)))}起施行，有效期5年。",
        w.choice("", f"原《{agency.place}政务公开办法》（{doc_number(rng, agency.code)}）同时废止。"),
    )
    w.add(
        "（本办法全文参见《",
        agency.place,
        "政府公报》",
        f"{written.year}年第{rng.randrange(1, 24)}期，ISBN 978-7-",
        f"{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}-{rng.randrange(10)}）",
    )
    _signature(w, agency, written)


def interpretation(w: Writer) -> None:
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add("《", agency.place, w.choice("惠民补贴发放办法", "政府信息公开工作规程"), "》政策解读")
    w.add("一、出台背景")
    w.add(
        "2018年，根据党和国家机构改革方案，原",
        w.choice("国土资源部", "环境保护部", "国家工商行政管理总局"),
        "的职责划入新组建的部门。2019年4月3日，国务院公布修订后的《中华人民共和国政府信息公开条例》（国务院令第711号），",
        "自2019年5月15日起施行。",
        "原条例（国务院令第492号）同时废止。",
    )
    w.add("二、主要内容")
    w.add(
        "《办法》共",
        w.choice("五章二十六条", "六章三十条"),
        "，明确了申请、受理、答复等环节的要求",
        _inner_punct(w),
        "并对",
        _outdated(w),
        "原有的相关制度作了衔接",
        _end_mark(w),
    )
    w.add("三、文件依据")
    w.add(
        "《办法》依据",
        _doc_ref(w, agency),
        "、",
        doc_number(rng, "国办发"),
        "等文件制定",
        w.choice("", "，详见附件"),
        "。",
    )
    w.add("四、关键词解读")
    w.add(
        "“申请人”是指提出政府信息公开申请的公民、法人或者其他组织",
        w.plant("wording.punctuation", lambda: "。”。", lambda: "。"),
        "申请可于",
        _a_date(w),
        "期间提交。",
    )
    w.add("五、解读机关及联系方式")
    w.add(
        "解读机关：",
        agency.name,
        "；解读人：",
        person(rng),
        "（",
        w.choice("办公室主任", "政策法规科科长"),
        "）；咨询电话：",
        agency.phone,
        "。",
    )
    _signature(w, agency, written)


def procurement(w: Writer) -> None:
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add(agency.name, w.choice("办公设备", "信息化运维服务", "物业管理服务"), "采购项目公开招标公告")
    w.add(
        "项目编号：",
        f"{agency.place[0]}CG-{written.year}-{rng.randrange(1, 999):03d}",
        "；采购计划编号：",
        _luhn_like(rng, 16),
    )
    w.add(
        "预算金额：",
        f"{rng.randrange(10, 999)}.{rng.randrange(10):d}万元（人民币",
        f"{rng.randrange(100000, 9999999)}",
        "元）。",
    )
    w.add(
        "获取招标文件时间：",
        _a_date(w),
        "，每天上午9:00至11:30、下午14:30至17:00（北京时间，法定节假日除外）。",
    )
    w.add(
        "采购人：",
        agency.name,
        "；地址：",
        agency.place,
        "人民路",
        str(rng.randrange(1, 200)),
        "号；联系人：",
        person(rng),
        "；联系方式：",
        agency.phone,
        "。",
    )
    w.add(
        "采购代理机构：",
        agency.place,
        "公共资源交易中心；统一社会信用代码：",
        uscc(rng, digits_only=True),
        "；联系电话：",
        landline(rng),
        "。",
    )
    w.add(
        "投标保证金账户名称：",
        agency.place,
        "公共资源交易中心；开户银行：",
        "中国建设银行",
        agency.place,
        "分行；账号：",
        f"{rng.randrange(10**18, 10**19)}",
        "。",
    )
    if "pii.bank_card" in w.rules:
        w.add(
            "中标供应商",
            person(rng),
            "个人独资企业的退款账户：",
            w.choice("户名", "收款人"),
            "：",
            person(rng),
            "，卡号：",
            w.must("pii.bank_card", lambda: _card_text(rng)),
            "。",
        )
    if "pii.mobile" in w.rules:
        w.add(
            "评审专家", person(rng), "（手机", w.must("pii.mobile", lambda: _mobile_text(rng)), "）因故回避。"
        )
    w.add(
        "本项目执行《政府采购货物和服务招标投标管理办法》（财政部令第87号），",
        "依据",
        _doc_ref(w, agency),
        _end_mark(w),
    )
    w.add(
        "对本公告有异议的，可向",
        _outdated(w),
        w.choice("或", "及"),
        "本级财政部门反映",
        _inner_punct(w),
        "监督电话：12345。",
    )
    _signature(w, agency, written)


def summary(w: Writer) -> None:
    rng, agency = w.rng, Agency(w.rng)
    written = _written(w)
    _header(w, agency)
    w.add(agency.name, str(written.year - 1), "年政务公开工作总结")
    w.add(
        str(written.year - 1),
        "年，我局认真贯彻",
        _outdated(w),
        "和省市关于政务公开的部署，全年主动公开政府信息",
        str(rng.randrange(100, 3000)),
        "条",
        _inner_punct(w),
        "办理依申请公开",
        str(rng.randrange(3, 90)),
        "件",
        _end_mark(w),
    )
    w.add("指标\t本年\t上年\t增减（%）")
    for label in ("主动公开条数", "依申请公开件数", "财政资金（元）", "项目代码"):
        value = (
            rng.randrange(10**15, 10**16)
            if label == "财政资金（元）"
            else (_luhn_like(rng, 20) if label == "项目代码" else rng.randrange(1, 9999))
        )
        w.add(f"{label}\t{value}\t{rng.randrange(1, 9999)}\t{rng.uniform(-30, 60):.1f}")
    w.add(
        "全年处理12345热线转办件",
        str(rng.randrange(100, 900)),
        "件，按期办结率100%；",
        valid_range(rng),
        "期间开展“",
        w.choice("政务开放日", "政策进万家"),
        "”活动",
        _end_mark(w),
    )
    w.add(
        "严格执行保密审查，",
        w.plant(
            "secret.marking",
            lambda: w.choice("本材料为内部资料，不得外传", "内部资料，请注意保密"),
            lambda: "坚持先审后发、一事一审",
        ),
        "，全年未发生泄密事件。",
        "保密审查依据",
        doc_number(rng, "国保发"),
        "执行；",
        _a_date(w),
        "完成全部审查。",
    )
    if "pii.id_number" in w.rules:
        w.add(
            "附：信息员", person(rng), "，", w.must("pii.id_number", lambda: "身份证" + _id_text(rng)), "。"
        )
    w.add("下一步，我局将以", _regulation(w), "为遵循", _end_mark(w))
    _signature(w, agency, written)


GENRES: dict[str, Callable[[Writer], None]] = {
    "notice": notice,
    "penalty": penalty,
    "roster": roster,
    "policy": policy,
    "interpretation": interpretation,
    "procurement": procurement,
    "summary": summary,
}
PLANTABLE = (
    "pii.id_number", "pii.mobile", "pii.bank_card", "secret.marking", "wording.outdated_name",
    "wording.old_regulation", "wording.doc_number_brackets", "wording.punctuation", "date.invalid", "date.future",
)  # fmt: skip


def sample(rng: random.Random, *, planted: bool) -> Sample:
    """One text of a random genre; planted with one to three kinds of problems, or clean."""
    kind = rng.choice(sorted(GENRES))
    rules = frozenset(rng.sample(PLANTABLE, rng.randrange(1, 4))) if planted else frozenset()
    for _ in range(20):  # a planted sample must carry at least one problem
        writer = Writer(rng, kind, rules)
        GENRES[kind](writer)
        if not planted or writer.sample.planted:
            return writer.sample
    return writer.sample


def corpus(seed: int, *, planted: int, clean: int) -> tuple[list[Sample], list[Sample]]:
    """`planted` samples with problems and `clean` samples without, from one seed."""
    rng = random.Random(seed)
    return [sample(rng, planted=True) for _ in range(planted)], [
        sample(rng, planted=False) for _ in range(clean)
    ]


# --- measuring ---------------------------------------------------------------------------------------


@dataclass
class Measure:
    """What `gongkai review` made of a corpus: planted problems found per rule, clean texts with an
    error, and the findings that match nothing planted (false alarms), per rule."""

    planted: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    missed: list[tuple[Sample, Planted]] = field(default_factory=list)
    clean_texts: int = 0
    clean_with_error: list[tuple[Sample, list[object]]] = field(default_factory=list)
    false_errors: dict[str, int] = field(default_factory=dict)
    false_warnings: dict[str, int] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.planted.values()))

    @property
    def clean_error_rate(self) -> float:
        return len(self.clean_with_error) / max(1, self.clean_texts)


def _covers(finding: object, sample: Sample, planted: Planted) -> bool:
    where = getattr(finding, "where", None)
    if getattr(finding, "rule", None) != planted.rule or where is None or where.line != planted.line + 1:
        return False
    start = sample.lines[planted.line].find(planted.text)
    length = len(getattr(finding, "text", "")) or 1
    return where.offset < start + len(planted.text) and start < where.offset + length


def measure(planted: list[Sample], clean: list[Sample], review: Callable[[Sample], list[object]]) -> Measure:
    result = Measure()
    for sample in planted:
        findings = review(sample)
        for item in sample.planted:
            result.planted[item.rule] = result.planted.get(item.rule, 0) + 1
            if any(_covers(finding, sample, item) for finding in findings):
                result.found[item.rule] = result.found.get(item.rule, 0) + 1
            else:
                result.missed.append((sample, item))
        for finding in findings:
            if not any(_covers(finding, sample, item) for item in sample.planted):
                _count_false(result, finding)
    for sample in clean:
        findings = review(sample)
        result.clean_texts += 1
        errors = [f for f in findings if getattr(f, "severity", "") == "error"]
        if errors:
            result.clean_with_error.append((sample, errors))
        for finding in findings:
            _count_false(result, finding)
    return result


def _count_false(result: Measure, finding: object) -> None:
    rule = str(getattr(finding, "rule", ""))
    table = result.false_errors if getattr(finding, "severity", "") == "error" else result.false_warnings
    table[rule] = table.get(rule, 0) + 1


# --- files as published -------------------------------------------------------------------------------


def wrapped_text(sample: Sample, width: int = 56, *, blank_between: bool = True) -> str:
    """The sample as text extracted from a printed page: each paragraph broken every `width` columns
    (wherever that falls, inside numbers and names too), blank lines between printed lines as some PDF
    extractors give them; table rows are kept whole."""
    out: list[str] = []
    for line in sample.lines:
        if "\t" in line or not line:
            out.append(line)
            continue
        row, used = "", 0
        for char in line:
            size = 2 if ord(char) > 0x2E80 else 1
            if used + size > width:
                out.append(row)
                row, used = "", 0
            row += char
            used += size
        out.append(row)
    return ("\n\n" if blank_between else "\n").join(out) + "\n"


def _plain(text: str) -> str:
    return "".join(text.split()).translate({code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)})


def found_in_document(findings: list[object], item: Planted) -> bool:
    """Whether a finding of the planted rule covers the planted text, wherever the layout put it."""
    planted = _plain(item.text)
    for finding in findings:
        if getattr(finding, "rule", None) != item.rule:
            continue
        text = _plain(str(getattr(finding, "text", "")))
        if text and (text in planted or planted in text):
            return True
    return False


def write_docx(sample: Sample, path: object) -> None:
    """The sample as a Word file: paragraphs, and each run of tab-separated rows as a Word table."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
            rows.clear()

    for line in sample.lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(str(path))
