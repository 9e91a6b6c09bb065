"""The receipt date by channel (条例第三十一条)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.receipt import CHANNELS, receipt_date

HANDED, SIGNED, CONFIRMED = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)


def test_channel_keys_and_labels() -> None:
    assert list(CHANNELS) == ["in_person", "post", "ordinary_mail", "online", "fax", "phone_assisted"]
    assert all(channel.label_zh and channel.basis_zh for channel in CHANNELS.values())


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("in_person", HANDED),  # 提交之日
        ("post", SIGNED),  # 行政机关签收之日
        ("ordinary_mail", CONFIRMED),  # 与申请人确认之日
        ("online", CONFIRMED),  # 双方确认之日
        ("fax", CONFIRMED),
        ("phone_assisted", HANDED),  # our rule: the day the office writes it down
    ],
)
def test_the_day_that_counts(channel: str, expected: date) -> None:
    assert receipt_date(channel, handed_in=HANDED, signed_for=SIGNED, confirmed=CONFIRMED) == expected


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        ("in_person", "提交之日"),
        ("post", "签收之日"),
        ("ordinary_mail", "与申请人确认之日"),
        ("online", "双方确认之日"),
        ("fax", "双方确认之日"),
    ],
)
def test_the_needed_date_is_missing(channel: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        receipt_date(channel)


def test_posting_date_is_not_the_receipt_date() -> None:
    with pytest.raises(ValueError, match="签收之日"):
        receipt_date("post", handed_in=HANDED)


def test_unknown_channel() -> None:
    with pytest.raises(ValueError, match="未知的申请提交方式“email”"):
        receipt_date("email", confirmed=CONFIRMED)
