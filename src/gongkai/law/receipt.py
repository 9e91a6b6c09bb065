"""The receipt date of an application by the channel it came through (条例第三十一条): when the clock starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Channel:
    """A way an application reaches the agency, and which of its dates is the receipt date."""

    key: str
    label_zh: str
    date_field: str  # the receipt_date() argument that holds the day that counts
    date_label_zh: str
    basis_zh: str


CHANNELS: dict[str, Channel] = {
    channel.key: channel
    for channel in (
        Channel(
            "in_person",
            "当面提交",
            "handed_in",
            "提交之日",
            "条例第三十一条第（一）项：当面提交的，以提交之日为收到申请之日",
        ),
        Channel(
            "post",
            "邮寄（需签收）",
            "signed_for",
            "行政机关签收之日",
            "条例第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日",
        ),
        Channel(
            "ordinary_mail",
            "平常信函（无需签收）",
            "confirmed",
            "与申请人确认之日",
            "条例第三十一条第（二）项：以平常信函等无需签收的邮寄方式提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日",
        ),
        Channel(
            "online",
            "互联网渠道",
            "confirmed",
            "双方确认之日",
            "条例第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日",
        ),
        Channel(
            "fax",
            "政府信息公开工作机构的传真",
            "confirmed",
            "双方确认之日",
            "条例第三十一条第（三）项：通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日",
        ),
        # Our rule (docs/decisions/receipt-date.md): an oral application, written down by the office for
        # an applicant who cannot write (第二十九条第一款), is received on the day it is made and written down.
        Channel(
            "phone_assisted",
            "口头提出、工作机构代为填写",
            "handed_in",
            "口头提出并由工作机构代为填写之日",
            "条例第二十九条第一款：申请人书写确有困难的，可以口头提出，由受理该申请的政府信息公开工作机构代为填写；本系统以代为填写之日为收到申请之日",
        ),
    )
}


def channel(key: str) -> Channel:
    """The channel with this key; a Chinese ValueError naming the known keys otherwise."""
    try:
        return CHANNELS[key]
    except KeyError:
        known = "、".join(f"{c.key}（{c.label_zh}）" for c in CHANNELS.values())
        raise ValueError(f"未知的申请提交方式“{key}”。可用的方式：{known}。") from None


def receipt_date(
    channel_key: str,
    *,
    handed_in: date | None = None,
    signed_for: date | None = None,
    confirmed: date | None = None,
) -> date:
    """The day the application counts as received (第三十一条) for the channel it came through."""
    chosen = channel(channel_key)
    dates = {"handed_in": handed_in, "signed_for": signed_for, "confirmed": confirmed}
    day = dates[chosen.date_field]
    if day is None:
        raise ValueError(
            f"以“{chosen.label_zh}”方式提交的申请，须填写{chosen.date_label_zh}（{chosen.basis_zh}）。"
        )
    return day
