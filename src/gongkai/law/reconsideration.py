"""The reconsideration body (复议机关) a decision letter names, from the agency's level and kind, as a table.

Two laws, chosen by the day the letter is signed:

- the 行政复议法 as revised in 2023, in force from 2024-01-01: 第二十四条 to 第二十八条;
- before that, the 1999 law as amended in 2009 and 2017: 第十二条 to 第十四条 — under which a department's
  decision went, at the applicant's choice, to its 本级人民政府 or to its 上一级主管部门 (第十二条第一款),
  so such a letter names both: “向某某市人民政府或者某某省某某厅申请行政复议”.

A letter that does not name the right body does not start the 60-day period (2023 law 第二十条第三款), so a
body that cannot be named from what is given is an error, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

RECONSIDERATION_LAW_ZH = "《中华人民共和国行政复议法》"
# The revised law applies to letters signed from this day on (2023 law 第九十条).
REVISED_LAW_SINCE = date(2024, 1, 1)


class AgencyLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class AgencyKind(StrEnum):
    GOVERNMENT = "government"  # a people's government (or a 派出机关 standing in for one, e.g. 街道办事处)
    DEPARTMENT = "department"  # a 工作部门 of a people's government (国务院部门 at the national level)
    VERTICAL = "vertical"  # 垂直领导: 海关, 金融监管, 外汇, 税务, 国家安全 and the like (2023 law 第二十七条)
    JUSTICE = "justice"  # a 司法行政部门 doing the 行政复议机构's work (2023 law 第二十八条)


LEVEL_ZH: dict[AgencyLevel, str] = {
    AgencyLevel.NATIONAL: "国家级",
    AgencyLevel.PROVINCE: "省级",
    AgencyLevel.CITY: "设区的市级",
    AgencyLevel.COUNTY: "县级",
    AgencyLevel.TOWNSHIP: "乡镇级",
}
KIND_ZH: dict[AgencyKind, str] = {
    AgencyKind.GOVERNMENT: "人民政府",
    AgencyKind.DEPARTMENT: "政府工作部门",
    AgencyKind.VERTICAL: "实行垂直领导的机关",
    AgencyKind.JUSTICE: "司法行政部门",
}


class Who(StrEnum):
    """Whose name the letter gives: the agency itself, its 本级人民政府, or the body one level up."""

    SELF = "self"
    GOVERNMENT = "government"
    ABOVE = "above"


# How to ask for a missing name, per role and the agency's kind.
_WANTED_ZH: dict[tuple[Who, AgencyKind], str] = {
    (Who.GOVERNMENT, AgencyKind.DEPARTMENT): "该部门所属的本级人民政府",
    (Who.GOVERNMENT, AgencyKind.JUSTICE): "该部门所属的本级人民政府",
    (Who.ABOVE, AgencyKind.GOVERNMENT): "上一级人民政府",
    (Who.ABOVE, AgencyKind.DEPARTMENT): "上一级主管部门",
    (Who.ABOVE, AgencyKind.VERTICAL): "上一级主管部门",
    (Who.ABOVE, AgencyKind.JUSTICE): "上一级司法行政部门",
}


@dataclass(frozen=True)
class Rule:
    """Where reconsideration goes: one body, or (`choice`) any of several at the applicant's choice."""

    bodies: tuple[Who, ...]
    article_zh: str
    choice: bool = False
    final_ruling: bool = False  # the body decides on its own act: its decision may go to the 国务院 (裁决)


@dataclass(frozen=True)
class NoBody:
    """No reconsideration body follows from the level and kind: why, in Chinese."""

    reason_zh: str


_STATE_COUNCIL = NoBody("行政复议法未规定对国务院行政行为申请行政复议的机关，无法确定复议机关")
_NO_TOWNSHIP_DEPARTMENT = NoBody(
    "乡镇人民政府不设工作部门，其内设机构以乡镇人民政府名义作出答复：请将机关类型设为“人民政府”"
)
_NO_TOWNSHIP_JUSTICE = NoBody("乡镇一级没有履行行政复议机构职责的司法行政部门（行政复议法第二十八条）")

_LOCAL = (AgencyLevel.CITY, AgencyLevel.COUNTY)


def _revised_rules() -> dict[tuple[AgencyLevel, AgencyKind], Rule | NoBody]:
    """The 2023 law (in force 2024-01-01)."""
    department = Rule((Who.GOVERNMENT,), "第二十四条第一款第（一）项")
    vertical = Rule((Who.ABOVE,), "第二十七条")
    justice = Rule((Who.GOVERNMENT, Who.ABOVE), "第二十八条", choice=True)
    state_council_department = Rule((Who.SELF,), "第二十五条第（一）项", final_ruling=True)
    rules: dict[tuple[AgencyLevel, AgencyKind], Rule | NoBody] = {
        (AgencyLevel.NATIONAL, AgencyKind.GOVERNMENT): _STATE_COUNCIL,
        (AgencyLevel.NATIONAL, AgencyKind.DEPARTMENT): state_council_department,
        (AgencyLevel.NATIONAL, AgencyKind.VERTICAL): state_council_department,
        (AgencyLevel.NATIONAL, AgencyKind.JUSTICE): state_council_department,
        (AgencyLevel.PROVINCE, AgencyKind.GOVERNMENT): Rule(
            (Who.SELF,), "第二十四条第二款", final_ruling=True
        ),
        (AgencyLevel.PROVINCE, AgencyKind.DEPARTMENT): department,
        (AgencyLevel.PROVINCE, AgencyKind.VERTICAL): vertical,
        (AgencyLevel.PROVINCE, AgencyKind.JUSTICE): justice,
        (AgencyLevel.TOWNSHIP, AgencyKind.GOVERNMENT): Rule((Who.ABOVE,), "第二十四条第一款第（二）项"),
        (AgencyLevel.TOWNSHIP, AgencyKind.DEPARTMENT): _NO_TOWNSHIP_DEPARTMENT,
        (AgencyLevel.TOWNSHIP, AgencyKind.VERTICAL): vertical,
        (AgencyLevel.TOWNSHIP, AgencyKind.JUSTICE): _NO_TOWNSHIP_JUSTICE,
    }
    for level in _LOCAL:
        rules[level, AgencyKind.GOVERNMENT] = Rule((Who.ABOVE,), "第二十四条第一款第（二）项")
        rules[level, AgencyKind.DEPARTMENT] = department
        rules[level, AgencyKind.VERTICAL] = vertical
        rules[level, AgencyKind.JUSTICE] = justice
    return rules


def _former_rules() -> dict[tuple[AgencyLevel, AgencyKind], Rule | NoBody]:
    """The 1999 law as amended in 2017, for letters signed before 2024-01-01."""
    department = Rule((Who.GOVERNMENT, Who.ABOVE), "第十二条第一款", choice=True)
    vertical = Rule((Who.ABOVE,), "第十二条第二款")
    own = Rule((Who.SELF,), "第十四条", final_ruling=True)
    rules: dict[tuple[AgencyLevel, AgencyKind], Rule | NoBody] = {
        (AgencyLevel.NATIONAL, AgencyKind.GOVERNMENT): _STATE_COUNCIL,
        (AgencyLevel.NATIONAL, AgencyKind.DEPARTMENT): own,
        (AgencyLevel.NATIONAL, AgencyKind.VERTICAL): own,
        (AgencyLevel.NATIONAL, AgencyKind.JUSTICE): own,
        (AgencyLevel.PROVINCE, AgencyKind.GOVERNMENT): own,
        (AgencyLevel.PROVINCE, AgencyKind.DEPARTMENT): department,
        (AgencyLevel.PROVINCE, AgencyKind.VERTICAL): vertical,
        (AgencyLevel.PROVINCE, AgencyKind.JUSTICE): department,
        (AgencyLevel.TOWNSHIP, AgencyKind.GOVERNMENT): Rule((Who.ABOVE,), "第十三条第一款"),
        (AgencyLevel.TOWNSHIP, AgencyKind.DEPARTMENT): _NO_TOWNSHIP_DEPARTMENT,
        (AgencyLevel.TOWNSHIP, AgencyKind.VERTICAL): vertical,
        (AgencyLevel.TOWNSHIP, AgencyKind.JUSTICE): _NO_TOWNSHIP_DEPARTMENT,
    }
    for level in _LOCAL:
        rules[level, AgencyKind.GOVERNMENT] = Rule((Who.ABOVE,), "第十三条第一款")
        rules[level, AgencyKind.DEPARTMENT] = department
        rules[level, AgencyKind.VERTICAL] = vertical
        rules[level, AgencyKind.JUSTICE] = department
    return rules


@dataclass(frozen=True)
class ReconsiderationLaw:
    """A version of the 行政复议法 with its table of bodies and the articles a letter cites."""

    key: str
    name_zh: str
    rules: dict[tuple[AgencyLevel, AgencyKind], Rule | NoBody]
    period_article_zh: str  # 60 days
    final_ruling_article_zh: str


REVISED_LAW = ReconsiderationLaw(
    "2023",
    f"{RECONSIDERATION_LAW_ZH}（2023年修订，2024年1月1日起施行）",
    _revised_rules(),
    "第二十条第一款",
    "第二十六条",
)
FORMER_LAW = ReconsiderationLaw(
    "1999",
    f"{RECONSIDERATION_LAW_ZH}（2017年修正）",
    _former_rules(),
    "第九条第一款",
    "第十四条",
)


def law_on(signed: date) -> ReconsiderationLaw:
    """The 行政复议法 a letter signed on `signed` applies: the law in force that day."""
    return REVISED_LAW if signed >= REVISED_LAW_SINCE else FORMER_LAW


@dataclass(frozen=True)
class AgencyPlace:
    """What the 复议机关 depends on: the deciding agency's name, level and kind, the people's government it
    belongs to (`government`, for a department) and the body one level up (`above`: 上一级人民政府 for a
    government, 上一级主管部门 for a vertically led body or a 司法行政部门)."""

    name: str
    level: AgencyLevel
    kind: AgencyKind
    government: str = ""
    above: str = ""


@dataclass(frozen=True)
class ReconsiderationBody:
    """The body (or, at the applicant's choice, bodies) a letter names, and the law and article behind it."""

    names: tuple[str, ...]
    choice: bool
    law: ReconsiderationLaw
    article_zh: str
    final_ruling: bool

    @property
    def name_zh(self) -> str:
        """As the letter writes it: `某某市人民政府`, or `某某市人民政府或者某某省某某厅`."""
        return "或者".join(self.names)

    @property
    def basis_zh(self) -> str:
        return f"{self.law.name_zh}{self.article_zh}"


class ReconsiderationBodyError(ValueError):
    """The reconsideration body cannot be named from what is given; `missing` names the fields to fill
    (`government`, `above`) when that would help, and the message says why, in Chinese."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


# A people's government's name as a letter writes it; 行政公署 is a province's 派出机关 (地区), which takes
# the place of a city government (2023 law 第二十四条第三款; 1999 law 第十三条第二款).
_GOVERNMENT_SUFFIXES = ("人民政府", "行政公署")


def reconsideration_body(agency: AgencyPlace, signed: date) -> ReconsiderationBody:
    """The 复议机关 of a decision by `agency` in a letter signed on `signed`, named as the letter names it.

    Raises `ReconsiderationBodyError` (a ValueError with a Chinese message) when the law names no body for
    such an agency, or when a name the letter needs is not given or is not a people's government's name.
    """
    law = law_on(signed)
    try:
        level, kind = AgencyLevel(agency.level), AgencyKind(agency.kind)
    except ValueError:
        raise ReconsiderationBodyError(f"未知的机关层级或类型（{agency.level}、{agency.kind}）。") from None
    if not agency.name.strip():
        raise ReconsiderationBodyError("缺少作出答复的机关名称。")
    rule = law.rules[level, kind]
    what = f"“{agency.name.strip()}”（{LEVEL_ZH[level]}{KIND_ZH[kind]}）"
    if isinstance(rule, NoBody):
        raise ReconsiderationBodyError(f"无法确定{what}的复议机关：{rule.reason_zh}。")
    names: list[str] = []
    missing: list[str] = []
    for who in rule.bodies:
        if who is Who.SELF:
            names.append(agency.name.strip())
            continue
        given = (agency.government if who is Who.GOVERNMENT else agency.above).strip()
        wanted = _WANTED_ZH[who, kind]
        if not given:
            missing.append(who.value)
            continue
        if _names_a_government(who, kind) and not given.endswith(_GOVERNMENT_SUFFIXES):
            raise ReconsiderationBodyError(
                f"“{given}”不是人民政府的全称：复议机关是{wanted}，请写全称，例如“某某市人民政府”。"
            )
        names.append(given)
    if missing:
        wanted = "和".join(_WANTED_ZH[Who(field), kind] for field in missing)
        roles = "或者".join(_role_zh(w, kind) for w in rule.bodies)
        reason = f"依{law.name_zh}{rule.article_zh}，复议机关为{roles}" + (
            "（由申请人选择）" if rule.choice else ""
        )
        raise ReconsiderationBodyError(
            f"无法确定{what}的复议机关：{reason}，请提供{wanted}的名称。", tuple(missing)
        )
    return ReconsiderationBody(tuple(names), rule.choice, law, rule.article_zh, rule.final_ruling)


def _names_a_government(who: Who, kind: AgencyKind) -> bool:
    return who is Who.GOVERNMENT or (who is Who.ABOVE and kind is AgencyKind.GOVERNMENT)


def _role_zh(who: Who, kind: AgencyKind) -> str:
    return "本机关" if who is Who.SELF else _WANTED_ZH[who, kind]
