"""The remedies a decision letter states: reconsideration (its body and 60 days), litigation (6 months), and
whether reconsideration must come first (复议前置).

Since 2024-01-01 (行政复议法 2023 第二十三条第一款第（四）项) an applicant whose application for disclosure is
answered with 不予公开 must apply for reconsideration before suing, and the letter must say so (第二款).
Which outcomes that covers is a reading the law leaves open: `RemedyReading`, a setting, with the project's
default and why in docs/decisions/reconsideration-first.md. Letters signed before 2024-01-01 follow the
former law: reconsideration or litigation, at the applicant's choice, for every outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.law.outcomes import outcome
from gongkai.law.reconsideration import (
    RECONSIDERATION_LAW_ZH,
    REVISED_LAW,
    AgencyPlace,
    ReconsiderationBody,
    law_on,
    reconsideration_body,
)
from gongkai.law.zh import date_zh

LITIGATION_LAW_ZH = "《中华人民共和国行政诉讼法》"
RECONSIDERATION_DAYS = 60  # 2023 law 第二十条第一款; 1999 law 第九条第一款
LITIGATION_MONTHS = 6  # 行政诉讼法第四十六条第一款
LITIGATION_AFTER_RECONSIDERATION_DAYS = 15  # 行政诉讼法第四十五条
RECONSIDERATION_FIRST_ARTICLE_ZH = "第二十三条第一款第（四）项、第二款"
DEFAULT_BODY_ZH = "本级人民政府"


@dataclass(frozen=True)
class RemedyReading:
    """A reading of 第二十三条第一款第（四）项 (“申请政府信息公开，行政机关不予公开”): the outcome groups
    whose whole decision must go to reconsideration first. A partial disclosure's withheld part always
    must, whatever the reading: it is a 不予公开."""

    key: str
    label_zh: str
    groups: frozenset[str]


READINGS: dict[str, RemedyReading] = {
    reading.key: reading
    for reading in (
        RemedyReading(
            "broad",
            "不予公开、无法提供、不予处理均须先申请行政复议（申请人未获得所申请的政府信息）",
            frozenset({"withheld", "unable_to_provide", "not_processed"}),
        ),
        RemedyReading(
            "narrow",
            "仅不予公开（含部分公开中不予公开的部分）须先申请行政复议",
            frozenset({"withheld"}),
        ),
    )
}
DEFAULT_READING = READINGS["broad"]


def remedy_reading(key: str) -> RemedyReading:
    """The reading with this key; a Chinese ValueError naming the known ones otherwise."""
    try:
        return READINGS[key]
    except KeyError:
        known = "；".join(f"{r.key}（{r.label_zh}）" for r in READINGS.values())
        raise ValueError(f"未知的复议前置适用范围“{key}”。可选：{known}。") from None


class FirstScope(StrEnum):
    """What of a decision must go to reconsideration before a lawsuit."""

    NONE = "none"
    WHOLE = "whole"
    WITHHELD_PART = "withheld_part"  # 部分公开: the part not disclosed


def reconsideration_first_scope(
    outcome_key: str, signed: date, reading: RemedyReading = DEFAULT_READING
) -> FirstScope:
    """Whether (and for what) reconsideration must come first for a decision signed on `signed`."""
    group = outcome(outcome_key).group
    if law_on(signed) is not REVISED_LAW:
        return FirstScope.NONE
    if group == "partially_disclosed":
        return FirstScope.WITHHELD_PART
    return FirstScope.WHOLE if group in reading.groups else FirstScope.NONE


@dataclass(frozen=True)
class Remedy:
    """The remedies of one decision letter, as plain values and as the letter's sentence (`text_zh`)."""

    outcome_key: str
    signed: date
    reconsideration_body_zh: str
    scope: FirstScope
    law_zh: str
    reading: str
    text_zh: str
    reconsideration_days: int = RECONSIDERATION_DAYS
    litigation_after_reconsideration_days: int = LITIGATION_AFTER_RECONSIDERATION_DAYS

    @property
    def reconsideration_first(self) -> bool:
        """True when any part of the decision must go to reconsideration before a lawsuit."""
        return self.scope is not FirstScope.NONE

    @property
    def direct_litigation_months(self) -> int | None:
        """The months to sue without reconsideration; None when the whole decision must be reconsidered first."""
        return None if self.scope is FirstScope.WHOLE else LITIGATION_MONTHS

    def as_dict(self) -> dict[str, object]:
        return {
            "reconsideration_body": self.reconsideration_body_zh,
            "reconsideration_first": self.reconsideration_first,
            "reconsideration_days": self.reconsideration_days,
            "litigation": {
                "direct_months": self.direct_litigation_months,
                "after_reconsideration_days": self.litigation_after_reconsideration_days,
            },
            "scope": str(self.scope),
            "law": self.law_zh,
            "reading": self.reading,
            "text": self.text_zh,
        }


def remedy(
    agency: AgencyPlace, outcome_key: str, signed: date, *, reading: RemedyReading = DEFAULT_READING
) -> Remedy:
    """The remedies of `agency`'s decision with outcome `outcome_key`, in a letter signed on `signed`.

    Raises `ReconsiderationBodyError` (a ValueError, Chinese message) when the body cannot be named and
    `UnknownOutcomeError` for an unknown outcome.
    """
    return remedy_for_body(reconsideration_body(agency, signed), outcome_key, signed, reading=reading)


def remedy_for_body(
    body: ReconsiderationBody | str,
    outcome_key: str,
    signed: date,
    *,
    reading: RemedyReading = DEFAULT_READING,
) -> Remedy:
    """As `remedy`, for a body already determined (or given as a plain name)."""
    law = law_on(signed)
    if isinstance(body, ReconsiderationBody) and body.law is not law:
        raise ValueError(
            f"复议机关是按{body.law.name_zh}确定的，而{date_zh(signed)}签发的答复适用{law.name_zh}。"
        )
    name = body.name_zh if isinstance(body, ReconsiderationBody) else body.strip() or DEFAULT_BODY_ZH
    # The letter cites the period's article; the body's (`body.basis_zh`) is for the clerk's explanation:
    # a 派出机关 entered as a township government would otherwise be cited under the wrong item.
    cited = f"{RECONSIDERATION_LAW_ZH}{law.period_article_zh}"
    final_ruling = isinstance(body, ReconsiderationBody) and body.final_ruling
    scope = reconsideration_first_scope(outcome_key, signed, reading)
    known = "自知道或者应当知道本答复之日起" if law is REVISED_LAW else "自知道本答复之日起"
    if scope is FirstScope.NONE:
        text = _either(name, cited, known, "如对本答复不服")
    else:
        lead = "如对本答复不服" if scope is FirstScope.WHOLE else "如对本答复中不予公开的内容不服"
        text = _first(name, cited, lead, final_ruling)
        if scope is FirstScope.WITHHELD_PART:
            text += _either(name, cited, known, "对本答复其他内容不服的")
    return Remedy(outcome(outcome_key).key, signed, name, scope, law.name_zh, reading.key, text)


def _either(body: str, cited: str, known: str, lead: str) -> str:
    return (
        f"{lead}，可以{known}六十日内向{body}申请行政复议（{cited}），"
        f"也可以自知道或者应当知道本答复之日起六个月内依法向人民法院提起行政诉讼（{LITIGATION_LAW_ZH}第四十六条第一款）。"
    )


def _first(body: str, cited: str, lead: str, final_ruling: bool) -> str:
    then = (
        f"对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
        f"（{LITIGATION_LAW_ZH}第四十五条）"
    )
    if final_ruling:
        then += f"，也可以向国务院申请裁决（{RECONSIDERATION_LAW_ZH}{REVISED_LAW.final_ruling_article_zh}）"
    return (
        f"{lead}，根据{RECONSIDERATION_LAW_ZH}{RECONSIDERATION_FIRST_ARTICLE_ZH}的规定，应当先申请行政复议："
        f"可以自知道或者应当知道本答复之日起六十日内向{body}申请行政复议（{cited}）；{then}。"
    )


def remedy_text_zh(
    outcome_key: str,
    signed: date,
    *,
    reconsideration_body: ReconsiderationBody | str = DEFAULT_BODY_ZH,
    reading: RemedyReading = DEFAULT_READING,
) -> str:
    """The remedies sentence of a decision letter signed on `signed` (see `remedy_for_body`)."""
    return remedy_for_body(reconsideration_body, outcome_key, signed, reading=reading).text_zh


def remedy_rule_zh(signed: date) -> str:
    """Which law of reconsideration applies to a letter signed on `signed`, for explanations."""
    law = law_on(signed)
    if law is REVISED_LAW:
        return f"{date_zh(signed)}签发的答复适用{law.name_zh}：不予公开须先申请行政复议。"
    return f"{date_zh(signed)}签发的答复适用{law.name_zh}：行政复议与行政诉讼由申请人选择。"
