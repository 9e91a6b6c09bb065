"""The processing fee (国办函〔2020〕109号): every threshold, the line items, one method per application."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.fees import (
    CountedApplication,
    FeeQuote,
    MonthCount,
    fee_notice_allowed,
    fee_notice_problem,
    month_count,
    quote,
    quote_by_count,
    quote_by_pages,
    quote_in_month,
    quote_month_by_count,
)


@pytest.mark.parametrize(
    ("n", "yuan"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (61, 500)],
)
def test_by_count_thresholds(n: int, yuan: int) -> None:
    fee = quote_by_count(n)
    assert (fee.method, fee.yuan) == ("by_count", yuan)
    assert sum(item.yuan for item in fee.items) == yuan


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_by_pages_thresholds(pages: int, yuan: int) -> None:
    fee = quote_by_pages(pages)
    assert (fee.method, fee.yuan) == ("by_pages", yuan)


def test_line_items() -> None:
    fee = quote_by_pages(150)
    assert [(i.first, i.last, i.unit_yuan, i.yuan) for i in fee.items] == [
        (1, 30, 0, 0),
        (31, 100, 10, 700),
        (101, 150, 20, 1000),
    ]
    assert [i.label_zh for i in fee.items][1] == "第31—100页：10元/页 × 70页 = 700元"
    assert "国办函〔2020〕109号" in fee.basis_zh
    assert "共1700元" in fee.basis_zh


def test_a_month_of_applications() -> None:
    # 10 free, 20 × 100, 10 × 200, 5 × 300
    fee = quote_month_by_count(45)
    assert fee.yuan == 2000 + 2000 + 1500
    assert [(i.first, i.last, i.unit_yuan) for i in fee.items] == [
        (1, 10, 0),
        (11, 30, 100),
        (31, 40, 200),
        (41, 45, 300),
    ]


def count_fee_by_hand(n: int) -> int:
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 200 + 100 * ((n - 31) // 10)


def page_fee_by_hand(pages: int) -> int:
    return 10 * max(0, min(pages, 100) - 30) + 20 * max(0, min(pages, 200) - 100) + 40 * max(0, pages - 200)


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=500))
def test_by_count_matches_the_rule(n: int) -> None:
    assert quote_by_count(n).yuan == count_fee_by_hand(n)
    assert quote_month_by_count(n).yuan == sum(count_fee_by_hand(k) for k in range(1, n + 1))


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=5000))
def test_by_pages_matches_the_rule(pages: int) -> None:
    fee = quote_by_pages(pages)
    assert fee.yuan == page_fee_by_hand(pages)
    assert sum(item.units for item in fee.items) == pages
    assert quote_by_pages(pages + 1).yuan >= fee.yuan


def test_one_method_per_application() -> None:
    assert quote(by_count=11) == quote_by_count(11)
    assert quote(by_pages=31) == quote_by_pages(31)
    with pytest.raises(ValueError, match="只能选择一种计收方式"):
        quote(by_count=11, by_pages=31)
    with pytest.raises(ValueError, match="请指定计收方式"):
        quote()


@pytest.mark.parametrize("bad", [0, -3])
def test_bad_numbers(bad: int) -> None:
    with pytest.raises(ValueError, match="正整数"):
        quote_by_count(bad)
    with pytest.raises(ValueError, match="正整数"):
        quote_by_pages(bad)


def test_quote_is_frozen_and_serialisable() -> None:
    fee = quote_by_count(31)
    assert isinstance(fee, FeeQuote)
    with pytest.raises(AttributeError):
        fee.yuan = 0  # type: ignore[misc]
    assert fee.as_dict()["yuan"] == 200


# --- counting the applicant's month (109号 第四条) --------------------------------------------------------


def test_the_natural_month_is_counted_from_the_applicants_applications() -> None:
    """Twelve applications in March (one split into three 件), one in February and one in April."""
    applications = [
        CountedApplication("2025-0001", date(2025, 2, 27)),
        *(CountedApplication(f"2025-01{n:02d}", date(2025, 3, n)) for n in range(1, 10)),
        CountedApplication(
            "2025-0200", date(2025, 3, 20), 3, "申请事项涉及三个不同的项目审批，按一事一申请拆分"
        ),
        CountedApplication("2025-0201", date(2025, 3, 20)),
        CountedApplication("2025-0300", date(2025, 4, 1)),
    ]
    assert month_count(applications, "2025-0001").first == 1
    assert month_count(applications, "2025-0300") == MonthCount("2025-0300", 2025, 4, 1, 1, 1, "")
    split = month_count(applications, "2025-0200")
    assert (split.first, split.last, split.pieces, split.total) == (10, 12, 3, 13)
    assert month_count(applications, "2025-0201").first == 13  # same day: in the order given
    assert quote_in_month(applications, "2025-0109").yuan == 0  # the 9th
    fee = quote_in_month(applications, "2025-0200")  # 件 10 free, 11 and 12 at 100 each
    assert fee.yuan == 200
    assert fee.basis_zh.startswith(
        "按件计收：本申请为该申请人2025年3月内第10—12件（按“一事一申请”原则拆分为3件：申请事项涉及三个不同的项目审批，按一事一申请拆分），共200元。"
    )
    assert quote_in_month(applications, "2025-0201").yuan == 100
    # counted by receipt date whatever the order given; on one day, in the order given
    assert month_count(applications[::-1], "2025-0200").first == 11
    assert month_count(applications[::-1], "2025-0201").first == 10
    assert month_count([*applications[5:], *applications[:5]], "2025-0200").first == 10


def test_the_31st_and_later_in_a_month() -> None:
    applications = [CountedApplication(str(n), date(2025, 5, 1 + n % 28)) for n in range(45)]
    last = sorted(applications, key=lambda a: a.received)[-1].key
    assert month_count(applications, last).first == 45
    assert quote_in_month(applications, last).yuan == 300  # 41st–50th: 300 each


@pytest.mark.parametrize(
    ("applications", "message"),
    [
        ([CountedApplication("a", date(2025, 3, 1), 2)], "拆分为2件，须写明拆分理由"),
        ([CountedApplication("a", date(2025, 3, 1), 0)], "件数应为正整数"),
        ([CountedApplication("a", date(2025, 3, 1)), CountedApplication("a", date(2025, 3, 2))], "重复列出"),
        ([CountedApplication("b", date(2025, 3, 1))], "申请“a”不在该申请人的申请中"),
    ],
)
def test_counting_errors(applications: list[CountedApplication], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        month_count(applications, "a")


def test_fee_notice_only_within_the_reply_period() -> None:
    assert fee_notice_allowed(date(2025, 3, 31), date(2025, 3, 31))
    assert not fee_notice_allowed(date(2025, 4, 1), date(2025, 3, 31))
    assert fee_notice_problem(date(2025, 4, 1), date(2025, 3, 31)) == (
        "收费通知应在答复期限内发出：答复期限已于2025年3月31日届满，不能在2025年4月1日发出收费通知（国办函〔2020〕109号）。"
    )
