"""The remedies sentence of a decision letter: body, 60 days, 6 months, and 复议前置 under each reading."""

from __future__ import annotations

from datetime import date

import pytest
from agency_places import EXPECTED_2023, EXPECTED_FORMER, NEW, OLD, PLACES

from gongkai.law.outcomes import OUTCOMES, UnknownOutcomeError
from gongkai.law.reconsideration import (
    AgencyKind,
    AgencyLevel,
    AgencyPlace,
    ReconsiderationBodyError,
    reconsideration_body,
)
from gongkai.law.remedies import (
    DEFAULT_READING,
    READINGS,
    FirstScope,
    reconsideration_first_scope,
    remedy,
    remedy_for_body,
    remedy_reading,
    remedy_rule_zh,
    remedy_text_zh,
)

CITY_DEPARTMENT = PLACES["city", "department"]
NARROW = READINGS["narrow"]


@pytest.mark.parametrize(
    ("key", "signed", "expected"),
    [
        pytest.param(key, signed, expected, id=f"{key[0]}-{key[1]}-{law}")
        for law, signed, table in (("2023", NEW, EXPECTED_2023), ("former", OLD, EXPECTED_FORMER))
        for key, expected in table.items()
    ],
)
def test_each_kind_of_agency_letter_names_its_body(
    key: tuple[str, str], signed: date, expected: object
) -> None:
    """The letter's sentence for a refusal and for a disclosure names the body of the table, and only it."""
    if isinstance(expected, str):
        with pytest.raises(ReconsiderationBodyError):
            remedy(PLACES[key], "withheld.state_secret", signed)
        return
    assert isinstance(expected, tuple)
    names = "或者".join(expected[0])
    for outcome_key in ("withheld.state_secret", "disclosed"):
        text = remedy(PLACES[key], outcome_key, signed).text_zh
        assert f"六十日内向{names}申请行政复议" in text
        assert text.count("申请行政复议（") == 1 and "本级人民政府" not in text


def test_refusal_since_2024_must_go_to_reconsideration_first() -> None:
    result = remedy(CITY_DEPARTMENT, "withheld.third_party_rights", NEW)
    assert result.text_zh == (
        "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款的规定，应当先申请行政复议："
        "可以自知道或者应当知道本答复之日起六十日内向淮安市人民政府申请行政复议（《中华人民共和国行政复议法》第二十条第一款）；"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）。"
    )
    assert result.as_dict() == {
        "reconsideration_body": "淮安市人民政府",
        "reconsideration_first": True,
        "reconsideration_days": 60,
        "litigation": {"direct_months": None, "after_reconsideration_days": 15},
        "scope": "whole",
        "law": "《中华人民共和国行政复议法》（2023年修订，2024年1月1日起施行）",
        "reading": "broad",
        "text": result.text_zh,
    }


def test_before_2024_the_applicant_chooses_and_the_letter_names_both_bodies() -> None:
    result = remedy(CITY_DEPARTMENT, "withheld.third_party_rights", date(2023, 12, 31))
    assert result.text_zh == (
        "如对本答复不服，可以自知道本答复之日起六十日内向淮安市人民政府或者江苏省教育厅申请行政复议"
        "（《中华人民共和国行政复议法》第九条第一款），"
        "也可以自知道或者应当知道本答复之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）。"
    )
    assert (result.reconsideration_first, result.direct_litigation_months) == (False, 6)


def test_own_act_reconsidered_may_go_to_the_state_council() -> None:
    text = remedy(PLACES["province", "government"], "withheld.state_secret", NEW).text_zh
    assert "六十日内向江苏省人民政府申请行政复议" in text
    assert text.endswith("，也可以向国务院申请裁决（《中华人民共和国行政复议法》第二十六条）。")
    assert "国务院申请裁决" not in remedy(CITY_DEPARTMENT, "withheld.state_secret", NEW).text_zh


@pytest.mark.parametrize("outcome", [o for o in OUTCOMES if o.label_2021 is not None], ids=lambda o: o.key)
def test_scope_of_reconsideration_first_under_each_reading(outcome: object) -> None:
    key = outcome.key  # type: ignore[attr-defined]
    group = outcome.group  # type: ignore[attr-defined]
    broad = reconsideration_first_scope(key, NEW)
    narrow = reconsideration_first_scope(key, NEW, NARROW)
    if group == "partially_disclosed":
        assert broad is narrow is FirstScope.WITHHELD_PART
    elif group == "withheld":
        assert broad is narrow is FirstScope.WHOLE
    elif group in ("unable_to_provide", "not_processed"):
        assert (broad, narrow) == (FirstScope.WHOLE, FirstScope.NONE)
    else:
        assert broad is narrow is FirstScope.NONE
    assert reconsideration_first_scope(key, OLD) is FirstScope.NONE


def test_the_reading_changes_the_letter() -> None:
    broad = remedy(CITY_DEPARTMENT, "unable_to_provide.not_held", NEW)
    narrow = remedy(CITY_DEPARTMENT, "unable_to_provide.not_held", NEW, reading=NARROW)
    assert broad.reconsideration_first and "应当先申请行政复议" in broad.text_zh
    assert not narrow.reconsideration_first and "应当先" not in narrow.text_zh
    assert "六十日内" in narrow.text_zh and "六个月内" in narrow.text_zh
    assert DEFAULT_READING.key == "broad" and remedy_reading("narrow") is NARROW
    with pytest.raises(ValueError, match="未知的复议前置适用范围“wide”"):
        remedy_reading("wide")


def test_partial_disclosure_names_the_withheld_part() -> None:
    result = remedy(CITY_DEPARTMENT, "部分公开", NEW)
    assert result.outcome_key == "partially_disclosed"
    assert result.text_zh.startswith(
        "如对本答复中不予公开的内容不服，根据《中华人民共和国行政复议法》第二十三条"
    )
    assert (
        "对本答复其他内容不服的，可以自知道或者应当知道本答复之日起六十日内向淮安市人民政府申请行政复议"
        in result.text_zh
    )
    assert (result.scope, result.reconsideration_first, result.direct_litigation_months) == (
        FirstScope.WITHHELD_PART,
        True,
        6,
    )


def test_a_plain_body_name_for_letters_drafted_from_a_name() -> None:
    text = remedy_text_zh("withheld.state_secret", NEW, reconsideration_body="淮安市洪泽区人民政府")
    assert "六十日内向淮安市洪泽区人民政府申请行政复议" in text
    assert "六十日内向本级人民政府申请行政复议" in remedy_text_zh("disclosed", NEW)


def test_a_body_from_the_other_law_is_refused() -> None:
    body = reconsideration_body(CITY_DEPARTMENT, OLD)
    with pytest.raises(ValueError, match="适用《中华人民共和国行政复议法》（2023年修订"):
        remedy_for_body(body, "disclosed", NEW)


def test_errors() -> None:
    with pytest.raises(UnknownOutcomeError):
        remedy(CITY_DEPARTMENT, "rejected", NEW)
    township_department = AgencyPlace("某某镇农业站", AgencyLevel.TOWNSHIP, AgencyKind.DEPARTMENT)
    with pytest.raises(ReconsiderationBodyError, match="请将机关类型设为“人民政府”"):
        remedy(township_department, "disclosed", NEW)


def test_rule_explanation() -> None:
    assert remedy_rule_zh(date(2023, 12, 31)).endswith("行政复议与行政诉讼由申请人选择。")
    assert "2023年修订" in remedy_rule_zh(date(2024, 1, 1))
