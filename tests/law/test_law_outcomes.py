"""The outcome, applicant and review taxonomies (the remedies: test_law_remedies.py)."""

from __future__ import annotations

import pytest

from gongkai.law.outcomes import (
    APPLICANT_CATEGORIES,
    GROUPS,
    OUTCOMES,
    REVIEW_KINDS,
    REVIEW_RESULTS,
    UnknownOutcomeError,
    outcome,
    term,
)
from reportdata import OUTCOME_KEYS_2021

# report-format.md, table 三, in printed order
KEYS_2021 = list(OUTCOME_KEYS_2021)


def test_keys_as_in_the_report_format() -> None:
    assert [o.key for o in OUTCOMES if o.label_2021] == KEYS_2021
    keys_2019 = [o.key for o in OUTCOMES if o.label_2019]
    assert keys_2019 == [*KEYS_2021[:18], "other"]
    assert {o.group for o in OUTCOMES} == set(GROUPS)


def test_printed_labels() -> None:
    assert outcome("withheld.security_stability").label_2021 == "3.危及“三安全一稳定”"
    assert (
        outcome("partially_disclosed").label_2021
        == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert (
        outcome("other.fee_unpaid").label_2021
        == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    assert outcome("other.fee_unpaid").label_2019 is None
    assert outcome("other.fee_unpaid").row_2019 == "other"
    assert outcome("other").label_2019 == "（六）其他处理"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("属于国家秘密", "withheld.state_secret"),
        ("1.属于国家秘密", "withheld.state_secret"),
        ("逾期不补正", "other.no_amendment"),
        ("逾期未缴费", "other.fee_unpaid"),
        ('危及"三安全一稳定"', "withheld.security_stability"),
        ("(二) 部分公开(区分处理的,只计这一情形,不计其他情形)", "partially_disclosed"),
        ("部分公开", "partially_disclosed"),
        ("(一) 予以公开", "disclosed"),
        ("5.要求行政机关确认或重新出具已获取信息", "not_processed.confirm_or_reissue"),
        ("(六)其他处理", "other"),
        ("3.其他", "other.other"),
        ("withheld.internal_affairs", "withheld.internal_affairs"),
    ],
)
def test_lookup_by_key_or_label(text: str, key: str) -> None:
    assert outcome(text).key == key


def test_unknown_outcome() -> None:
    with pytest.raises(UnknownOutcomeError) as caught:
        outcome("不予公开")
    assert "未知的办理结果“不予公开”" in str(caught.value)


def test_legal_basis() -> None:
    secret = outcome("withheld.state_secret")
    assert secret.article_zh == "第十四条、第三十六条第（三）项"
    assert secret.basis_zh.startswith(
        "您申请获取的政府信息依法确定为国家秘密，根据《中华人民共和国政府信息公开条例》"
    )
    assert outcome("other.no_amendment").article_zh == "第三十条"
    assert outcome("not_processed.duplicate").article_zh == "第三十六条第（六）项"
    assert all(o.basis_zh.endswith("。") for o in OUTCOMES)


def test_applicant_categories_and_reviews() -> None:
    assert [(c.key, c.label_zh) for c in APPLICANT_CATEGORIES] == [
        ("natural_person", "自然人"),
        ("commercial_enterprise", "商业企业"),
        ("research_institution", "科研机构"),
        ("social_welfare_organization", "社会公益组织"),
        ("legal_service_institution", "法律服务机构"),
        ("other", "其他"),
    ]
    assert term(APPLICANT_CATEGORIES, "社会组织").key == "social_welfare_organization"
    assert [k.key for k in REVIEW_KINDS] == [
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    ]
    assert [(r.key, r.label_zh) for r in REVIEW_RESULTS] == [
        ("upheld", "维持"),
        ("corrected", "纠正"),
        ("other", "其他"),
        ("pending", "尚未审结"),
    ]
    assert term(REVIEW_RESULTS, "结果纠正").key == "corrected"
    with pytest.raises(KeyError):
        term(REVIEW_RESULTS, "撤销")
