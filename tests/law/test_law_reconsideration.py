"""The 复议机关 for every level and kind of agency, under the 2023 law and the former one."""

from __future__ import annotations

from datetime import date

import pytest
from agency_places import EXPECTED_2023, EXPECTED_FORMER, NEW, OLD, PLACES

from gongkai.law.reconsideration import (
    FORMER_LAW,
    REVISED_LAW,
    AgencyKind,
    AgencyLevel,
    AgencyPlace,
    ReconsiderationBodyError,
    law_on,
    reconsideration_body,
)

CASES = [
    pytest.param(key, signed, expected, id=f"{key[0]}-{key[1]}-{law}")
    for law, signed, table in (("2023", NEW, EXPECTED_2023), ("former", OLD, EXPECTED_FORMER))
    for key, expected in table.items()
]


def test_the_table_covers_every_level_and_kind() -> None:
    every = {(level.value, kind.value) for level in AgencyLevel for kind in AgencyKind}
    assert set(PLACES) == set(EXPECTED_2023) == set(EXPECTED_FORMER) == every
    assert (
        set(REVISED_LAW.rules)
        == set(FORMER_LAW.rules)
        == {(AgencyLevel(level), AgencyKind(kind)) for level, kind in every}
    )


@pytest.mark.parametrize(("key", "signed", "expected"), CASES)
def test_reconsideration_body(key: tuple[str, str], signed: date, expected: object) -> None:
    place = PLACES[key]
    if isinstance(expected, str):
        with pytest.raises(ReconsiderationBodyError, match=expected) as caught:
            reconsideration_body(place, signed)
        assert str(caught.value).startswith(f"无法确定“{place.name}”")
        return
    body = reconsideration_body(place, signed)
    assert (body.names, body.article_zh, body.choice, body.final_ruling) == expected
    assert body.name_zh == "或者".join(body.names)
    assert body.law is law_on(signed)


def test_a_choice_is_named_as_the_letter_writes_it() -> None:
    body = reconsideration_body(PLACES["city", "department"], OLD)
    assert body.name_zh == "淮安市人民政府或者江苏省教育厅"
    assert body.basis_zh == "《中华人民共和国行政复议法》（2017年修正）第十二条第一款"


def test_the_law_is_the_one_in_force_when_signed() -> None:
    """A letter drafted in 2023 but signed on 2024-01-01 follows the revised law."""
    place = PLACES["county", "department"]
    assert reconsideration_body(place, date(2023, 12, 31)).names == ("淮安市洪泽区人民政府", "淮安市教育局")
    assert reconsideration_body(place, date(2024, 1, 1)).names == ("淮安市洪泽区人民政府",)


@pytest.mark.parametrize(
    ("place", "signed", "missing", "message"),
    [
        (
            AgencyPlace("淮安市教育局", AgencyLevel.CITY, AgencyKind.DEPARTMENT),
            NEW,
            ("government",),
            "复议机关为该部门所属的本级人民政府，请提供该部门所属的本级人民政府的名称",
        ),
        (
            AgencyPlace("淮安市教育局", AgencyLevel.CITY, AgencyKind.DEPARTMENT, government="淮安市人民政府"),
            OLD,
            ("above",),
            "该部门所属的本级人民政府或者上一级主管部门（由申请人选择），请提供上一级主管部门的名称",
        ),
        (
            AgencyPlace("淮安市洪泽区人民政府", AgencyLevel.COUNTY, AgencyKind.GOVERNMENT),
            NEW,
            ("above",),
            "请提供上一级人民政府的名称",
        ),
        (
            AgencyPlace(
                "国家税务总局淮安市税务局", AgencyLevel.CITY, AgencyKind.VERTICAL, government="淮安市人民政府"
            ),
            NEW,
            ("above",),
            "第二十七条，复议机关为上一级主管部门，请提供上一级主管部门的名称",
        ),
        (
            AgencyPlace("淮安市司法局", AgencyLevel.CITY, AgencyKind.JUSTICE),
            NEW,
            ("government", "above"),
            "请提供该部门所属的本级人民政府和上一级司法行政部门的名称",
        ),
    ],
)
def test_a_missing_name_is_asked_for(
    place: AgencyPlace, signed: date, missing: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ReconsiderationBodyError) as caught:
        reconsideration_body(place, signed)
    assert caught.value.missing == missing
    assert message in str(caught.value)


def test_a_government_is_named_in_full() -> None:
    place = AgencyPlace("淮安市教育局", AgencyLevel.CITY, AgencyKind.DEPARTMENT, government="淮安市")
    with pytest.raises(ReconsiderationBodyError, match="“淮安市”不是人民政府的全称"):
        reconsideration_body(place, NEW)
    county = AgencyPlace(
        "某某县人民政府", AgencyLevel.COUNTY, AgencyKind.GOVERNMENT, above="某某地区行政公署"
    )
    assert reconsideration_body(county, NEW).names == ("某某地区行政公署",)  # a province's 派出机关
    blank = AgencyPlace("  ", AgencyLevel.CITY, AgencyKind.GOVERNMENT, above="江苏省人民政府")
    with pytest.raises(ReconsiderationBodyError, match="缺少作出答复的机关名称"):
        reconsideration_body(blank, NEW)


def test_a_street_office_is_entered_as_a_township_government() -> None:
    """街道办事处, the district government's 派出机关, goes to that government (第二十四条第一款第（三）项):
    entered as a township-level government with the district above, the letter names the same body (the
    article kept with it, `basis_zh`, is then （二）: the letter does not print it)."""
    street = AgencyPlace(
        "洪泽区高良涧街道办事处", AgencyLevel.TOWNSHIP, AgencyKind.GOVERNMENT, above="淮安市洪泽区人民政府"
    )
    assert reconsideration_body(street, NEW).name_zh == "淮安市洪泽区人民政府"
