"""Dates in a text: `date.invalid` (days that do not exist) and `date.future` (a 成文日期 after today).

Dates are read as written in government texts: `2026年2月3日`, `2026年2月`, `2月3日` (the year carried
from the date before it in the same sentence, as in `2026年1月1日至2月28日`), `2026-02-03`, `2026.2.3`,
`2026/2/3` and in Chinese numerals (`二〇二六年二月三日`). A lunar date (`农历正月三十`) has its own
calendar and is left alone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from gongkai.law.zh import date_zh
from gongkai.vetting.findings import ERROR, Finding
from gongkai.vetting.text import Flow

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零一二三四五六七八九十"
_SP = "[ \u3000]*"
_DATE = re.compile(
    # 2026年2月3日, 2026年2月, 2月3日 (Arabic digits, full-width folded before matching)
    rf"(?<![0-9])(?:(?P<y>(?:1[89]|20)[0-9]{{2}}){_SP}年{_SP})?(?P<m>[0-9]{{1,2}}){_SP}月(?:{_SP}(?P<d>[0-9]{{1,2}}){_SP}[日号])?"
    # 二〇二六年二月三日
    rf"|(?P<cy>[〇○零O０一二三四五六七八九]{{4}}){_SP}年{_SP}(?P<cm>[{_CN}]{{1,3}}){_SP}月(?:{_SP}(?P<cd>[{_CN}]{{1,3}}){_SP}日)?"
    # 2026-02-03, 2026.2.3, 2026/2/3
    r"|(?<![0-9A-Za-z.\-/])(?P<iy>(?:19|20)[0-9]{2})(?P<sep>[-./])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})(?![0-9]|[.\-/][0-9])"
)
_LUNAR_BEFORE = re.compile(r"(?:农历|阴历|夏历|旧历)[\u4e00-\u9fff0-9]{0,6}$")
# Words that make a bare `13月`-like count not a month (`13月龄`) are irrelevant: a month without a
# year or a day is not checked at all.


@dataclass(frozen=True)
class DateMention:
    """A date as written: year (None when the text gives none), month, day (None for `2026年3月`)."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None

    def exists(self) -> bool:
        if not 1 <= self.month <= 12:
            return False
        if self.day is None:
            return True
        last = (
            calendar.monthrange(self.year, self.month)[1]
            if self.year is not None
            else (29 if self.month == 2 else calendar.monthrange(2001, self.month)[1])
        )
        return 1 <= self.day <= last

    def as_date(self) -> date | None:
        if self.year is None or self.day is None or not self.exists():
            return None
        return date(self.year, self.month, self.day)


def chinese_number(text: str) -> int | None:
    """`十二` → 12, `三十一` → 31, `二〇二六` → 2026 (digit by digit); None if it is not a number."""
    if not text:
        return None
    if "十" not in text:
        digits = [_CN_DIGITS.get(char) for char in text]
        if any(d is None for d in digits):
            return None
        value = 0
        for digit in digits:
            value = value * 10 + (digit or 0)
        return value
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    tens_value = 1 if not tens else _CN_DIGITS.get(tens)
    ones_value = 0 if not ones else _CN_DIGITS.get(ones)
    if tens_value is None or ones_value is None:
        return None
    return tens_value * 10 + ones_value


def find_dates(flow: Flow) -> Iterator[DateMention]:
    """Every date written in the text, with the year carried within a sentence (`…至2月28日`)."""
    carried: tuple[int, int] | None = None  # (sentence start, year)
    text = flow.folded
    for match in _DATE.finditer(text):
        start, end = match.span()
        if match["m"] is not None:
            year = int(match["y"]) if match["y"] else None
            month, day = int(match["m"]), int(match["d"]) if match["d"] else None
            if year is None and day is None:
                continue  # `3月` alone: a month in prose, or a count
        elif match["cy"] is not None:
            year, spelled_month = chinese_number(match["cy"]), chinese_number(match["cm"])
            day = chinese_number(match["cd"]) if match["cd"] else None
            if year is None or spelled_month is None or (match["cd"] and day is None):
                continue
            month = spelled_month
        else:
            year, month, day = int(match["iy"]), int(match["im"]), int(match["id"])
        if _LUNAR_BEFORE.search(text, max(0, start - 10), start):
            continue
        sentence_start = flow.sentence(start)[0]
        if year is not None:
            carried = (sentence_start, year)
        elif carried is not None and carried[0] == sentence_start:
            year = carried[1]
        yield DateMention(start, end, year, month, day)


def check_invalid_dates(flow: Flow) -> Iterator[Finding]:
    """`date.invalid`: 2月30日, 2025年2月29日, 13月, 4月31日 …"""
    for mention in find_dates(flow):
        if mention.exists():
            continue
        written = flow.text[mention.start : mention.end]
        if not 1 <= mention.month <= 12:
            reason = f"没有{mention.month}月"
        elif mention.year is not None and mention.month == 2 and mention.day == 29:
            reason = f"{mention.year}年不是闰年，2月只有28天"
        else:
            days = calendar.monthrange(mention.year or 2000, mention.month)[1]
            reason = f"{mention.month}月只有{days}天"
        yield Finding(
            "date.invalid",
            ERROR,
            f"日期“{written}”不存在（{reason}），请核对。",
            flow.where(mention.start),
            written,
        )


# --- 成文日期 -----------------------------------------------------------------------------------------

_WRITTEN_ON_LABEL = re.compile(r"成文日期[ \u3000]*[:：][ \u3000]*")
_ISSUER_END = re.compile(
    r"(?:局|委员会|委|政府|办公室|办公厅|办|中心|院|厅|部|所|站|处|科|公司|会|街道|办事处|管委会|队|组|室|馆|社|署|校)[）)]?$"
)


# The issuing body and the date on one line.
_SIGNING_LINE = re.compile(
    r"[\u4e00-\u9fff（）()、 \u3000]{2,60}?(?:局|委员会|委|政府|办公室|办公厅|办|中心|院|厅|部|所|站|处|科|公司|会|街道|办事处|管委会|队|组|室|馆|社|署|校)"
)
# Without a 落款, only a date alone on one of the last lines is taken for the 成文日期.
_LAST_LINES = 12


@dataclass(frozen=True)
class WrittenOn:
    """A text's 成文日期 and where it is written."""

    day: date
    start: int
    end: int


def _previous_line(text: str, start: int) -> str:
    """The last non-blank line before the one starting at `start`."""
    for line in reversed(text[:start].split("\n")[-4:]):
        if line.strip(" \u3000\t"):
            return line.strip(" \u3000\t")
    return ""


def written_on(flow: Flow) -> WrittenOn | None:
    """The text's 成文日期: after a `成文日期：` label, else the 落款 date (a date alone on its line right
    after the issuing body's name), else the last date standing alone on a line; None if there is none
    or it does not exist."""
    alone: list[tuple[DateMention, str]] = []
    for mention in find_dates(flow):
        if mention.year is None or mention.day is None:
            continue
        label = _WRITTEN_ON_LABEL.search(flow.text, max(0, mention.start - 12), mention.start)
        if label is not None and label.end() == mention.start:
            day = mention.as_date()
            if day is not None:
                return WrittenOn(day, mention.start, mention.end)
        line_start, line_end = flow.paragraph(mention.start)
        before = flow.text[line_start : mention.start].strip(" \u3000\t")
        rest = before + flow.text[mention.end : line_end]
        if not rest.strip(" \u3000\t（）()印发章"):
            alone.append((mention, _previous_line(flow.text, line_start)))
        elif _SIGNING_LINE.fullmatch(before) and not flow.text[mention.end : line_end].strip(
            " \u3000\t（）()印发章"
        ):
            alone.append((mention, before))  # 示例市教育局　2026年3月5日 on one line
    signed = next((mention for mention, before in alone if _ISSUER_END.search(before)), None)
    if signed is None and alone and flow.text.count("\n", alone[-1][0].end) <= _LAST_LINES:
        signed = alone[-1][0]  # no 落款 after a body's name: a date alone near the end
    chosen = signed
    if chosen is None:
        return None
    day = chosen.as_date()
    return WrittenOn(day, chosen.start, chosen.end) if day is not None else None


def check_future(flow: Flow, today: date, signed: WrittenOn | None) -> Iterator[Finding]:
    """`date.future`: the 成文日期 is after today."""
    if signed is not None and signed.day > today:
        written = flow.text[signed.start : signed.end]
        yield Finding(
            "date.future",
            ERROR,
            f"成文日期“{written}”晚于今天（{date_zh(today)}）：成文日期不能是将来的日期，请核对。",
            flow.where(signed.start),
            written,
            None,
        )
