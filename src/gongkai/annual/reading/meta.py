"""A report's sections and meta: where the six sections begin, agency, year, signing date, fees."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from datetime import date

from gongkai.annual.formats import FORMAT_2021, Section
from gongkai.annual.reading.lines import is_page_number, normalize, squash

NUMERALS = "一二三四五六"
_HEADING = re.compile(r"^([一二三四五六七八])([、.,，:：]?)(.{2,40})$")
# a page number joined onto a heading line (squashed): '-3-三.收到…', '二.主动…—3—'
_JOINED_PAGE = re.compile(
    r"^(?:[-—–―－]\d{1,3}[-—–―－]|第\d{1,3}页)|(?:[-—–―－]\d{1,3}[-—–―－]|第\d{1,3}页)$"
)
_HEADING_FIRST = ("一", "二", "三", "四", "五", "六", "七", "八", "-", "—", "–", "―", "－", "第")
_TITLE = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:工作)?报告|政务公开(?:工作)?年度报告")
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年(?:度)?")
_DATE = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")
_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)

_NO_FEE = re.compile(
    r"(?:未|没有|不|无|免)(?:向申请人)?(?:收取|产生|发生|收缴)[^。;]{0,12}?(?:信息处理费|费用)|信息处理费[^。;\d]{0,6}?(?:为零|为0|无)"
)
_FEE_AMOUNT = re.compile(r"信息处理费[^。;\d]{0,16}?(\d+(?:\.\d+)?)\s*(万)?元")
_FEE_AMOUNT_BEFORE = re.compile(r"收取[^。;\d]{0,10}?(\d+(?:\.\d+)?)\s*(万)?元[^。;\d]{0,6}?信息处理费")


def _heading_match(squashed: str, section: Section) -> bool:
    """Whether a squashed line is `section`'s heading: its numeral at the line's start, then '、'
    (or a similar mark) and a title with the section's keywords, or the title itself right after
    the numeral ('二主动公开…'). Not an enumeration in the text ('二是……主动公开……')."""
    return _is_heading(_heading_parts(squashed), section)


def _heading_parts(squashed: str) -> re.Match[str] | None:
    """A squashed line as numeral, mark and title, if it has the form of a section heading."""
    if not squashed.startswith(_HEADING_FIRST):
        return None  # neither a numeral nor a joined page number at the start
    return _HEADING.match(_JOINED_PAGE.sub("", squashed))


def _is_heading(match: re.Match[str] | None, section: Section) -> bool:
    """`_heading_match` on a line's `_heading_parts`. A heading numbered otherwise (the narrative
    numbered 一…六 and then the tables 一、二、三, or a section left out) is still the section's
    when its whole title follows the numeral and a mark."""
    if not match:
        return False
    title = match.group(3)
    if match.group(1) != section.number:
        return bool(match.group(2)) and any(
            title.startswith(squash(t)) for t in (section.title, *section.variants)
        )
    if title.startswith(("本年", "上年", "结转", "予以", "部分")):  # table 三's rows 一、…四、
        return False
    if not match.group(2):
        return title.startswith(tuple(squash(t)[:4] for t in (section.title, *section.variants)))
    return any(keyword in title for keyword in section.keywords)


def find_sections(
    squashed: Sequence[str], sections: Sequence[Section] = FORMAT_2021.sections
) -> dict[str, int]:
    """Line index of each section heading among the squashed lines, in order (a later heading is
    searched after an earlier one)."""
    headings = _Headings(squashed)
    found: dict[str, int] = {}
    start = 0
    for section in sections:
        index = headings.first(section, start)
        if index is not None:
            found[section.number] = index
            start = index + 1
    for section in sections:  # a section printed out of order (table 二 after the others)
        if section.number not in found:
            used = set(found.values())
            index = headings.first(section, used=used)
            if index is not None:
                found[section.number] = index
    return found


class _Headings:
    """The lines searched for section headings, each line's heading form worked out once: only the
    short lines of that form (a few per report) are ever compared with a section."""

    def __init__(self, squashed: Sequence[str]) -> None:
        self.parts: list[tuple[int, re.Match[str]]] = []
        for index, line in enumerate(squashed):
            if len(line) <= 42 and (parts := _heading_parts(line)) is not None:
                self.parts.append((index, parts))

    def first(self, section: Section, start: int = 0, used: Container[int] = ()) -> int | None:
        """The first line from `start`, not among `used`, that is `section`'s heading."""
        for index, parts in self.parts:
            if index >= start and index not in used and _is_heading(parts, section):
                return index
        return None


_AGENCY_END = re.compile(
    r"(?:局|政府|委员会|委|办公室|办|厅|院|中心|部|处|署|所|馆|会|队|站|街道|镇|乡|公司)$"
)
_NOTE = re.compile(r"^[(（][^()（）]{1,20}[)）]$")  # '（此件公开发布）'
_SIGNATURE_LINE = 30  # an agency's name on a line of its own is shorter than this


def _is_date_line(squashed: str) -> bool:
    return len(squashed) <= 16 and bool(_DATE.search(squashed) or _CN_DATE.search(squashed))


def signature_start(squashed: Sequence[str], start: int, end: int, agency: str | None = None) -> int:
    """Where the signing block (落款: the agency's name, the date, notes such as （此件公开发布）)
    begins among lines `start`…`end`; `end` when the text does not end with one. The block is
    recognised by its date on a short line of its own after the last text (the agency's name on
    the line or so above it), or by the report's agency name alone on the last line."""
    index = end - 1
    while index >= start and (
        not squashed[index] or is_page_number(squashed[index]) or _NOTE.match(squashed[index])
    ):
        index -= 1
    if index >= start and agency and squashed[index] == agency:
        return index  # the agency's name alone, without a date
    if index < start or not _is_date_line(squashed[index]):
        return end
    first = index
    for above in range(index - 1, max(start, index - 3) - 1, -1):
        line = squashed[above]
        if not line:
            continue
        if len(line) < _SIGNATURE_LINE and (line == agency or _AGENCY_END.search(line)):
            first = above
        break
    return first


def section_texts(
    lines: Sequence[str], squashed: Sequence[str], headings: dict[str, int], agency: str | None = None
) -> dict[str, str]:
    """The text of each found section (without its heading and page numbers), keyed '一'…'六'; the
    last one ends before the signing block."""
    ordered = sorted(headings.items(), key=lambda item: item[1])
    texts: dict[str, str] = {}
    for k, (number, index) in enumerate(ordered):
        end = (
            ordered[k + 1][1]
            if k + 1 < len(ordered)
            else signature_start(squashed, index + 1, len(lines), agency)
        )
        body = [
            text
            for k in range(index + 1, end)
            if (text := lines[k].strip()) and not is_page_number(squashed[k])
        ]
        texts[number] = "\n".join(body)
    return texts


# What a crawler or a markdown converter puts around a page's text: a header block (标题：…,
# 发布时间：…, 原文链接：…, breadcrumbs, font-size and share bars) and markdown markup (# headings,
# **bold**, > quotes). The title after '标题：' is the report's title; the rest is not report text.
_CHROME = re.compile(
    r"^(?:发布时间|发布日期|发文日期|成文日期|来源|信息来源|原文链接|链接|网址|浏览次数|访问量|点击数|阅读|作者|"
    r"责任编辑|编辑|索引号|分类|主题分类|发布机构|文号|字号|【?字体|打印|关闭|分享到?|扫一扫|"
    r"当前位置|您当前的位置|您现在的位置|首页\s*[>＞»/])"
)
_TITLE_LABEL = re.compile(r"^\s*(?:标题|题名|名称)\s*[:：]\s*")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)|\*\*|__")


def without_markup(lines: Sequence[str]) -> list[str]:
    """The lines without markdown markup (# headings, **bold**, > quotes)."""
    return [
        _MARKUP.sub("", line) if ("#" in line or "*" in line or ">" in line or "__" in line) else line
        for line in lines
    ]


def without_chrome(lines: Sequence[str], end: int) -> list[str]:
    """Lines `0…end` (the head before section 一) without a crawler's header block; the title after
    '标题：' is kept."""
    out: list[str] = []
    for line in lines[:end]:
        stripped = line.strip()
        if _CHROME.match(stripped):
            line = ""
        elif _TITLE_LABEL.match(stripped):
            line = _TITLE_LABEL.sub("", stripped)
        out.append(line)
    return out


def title_line(lines: Sequence[str], end: int) -> int | None:
    """The index of the last line of the title among lines `0…end`, if there is one."""
    for index in range(min(end, len(lines))):
        squashed = squash(lines[index])
        if _TITLE.search(squashed) or (
            index + 1 < len(lines) and _TITLE.search(squashed + squash(lines[index + 1])) and squashed
        ):
            return index if _TITLE.search(squashed) else index + 1
    return None


def agency_and_year(lines: Sequence[str], first_heading: int) -> tuple[str | None, int | None]:
    """Agency and report year from the title block (the lines before section 一).

    The title is '<agency><year>年(度)政府信息公开工作年度报告' on one line or broken over two, or
    the agency on the line above '<year>年政府信息公开工作年度报告'.
    """
    end = first_heading if first_heading > 0 else 15
    head = [text for text in (squash(line) for line in lines[: min(end, 200)]) if text]
    for index, line in enumerate(head):
        title = _TITLE.search(line)
        if title:
            above = head[index - 1] if index else ""
            return _from_title(line, title.start(), above), _title_year(line, lines)
    for index in range(len(head) - 1):  # a title broken over two lines
        pair = head[index] + head[index + 1]
        title = _TITLE.search(pair)
        if title and title.start() < len(head[index]) < title.end():
            above = head[index - 1] if index else ""
            return _from_title(pair, title.start(), above), _title_year(pair, lines)
    return None, _year_from(lines)


def _from_title(line: str, title_start: int, above: str) -> str | None:
    year = _YEAR.search(line[:title_start])
    before = line[: year.start()] if year else line[:title_start]
    after = line[year.end() : title_start] if year else ""
    agency = _clean_agency(before) or _clean_agency(after)
    above = _YEAR.sub("", above, count=1)  # '2024 年某某局' over '政府信息公开工作年度报告'
    if not agency and above and not re.search(r"\d", above):
        agency = _clean_agency(above)
    return agency or None


def _clean_agency(text: str) -> str:
    return text.strip("《》<>\"“”'（）() :：").removesuffix("关于").removesuffix("的")


def _title_year(line: str, lines: Sequence[str]) -> int | None:
    year = _YEAR.search(line)
    return int(year.group(1)) if year else _year_from(lines)


def _year_from(lines: Sequence[str]) -> int | None:
    for line in lines[:40]:
        match = re.search(r"自\s*(20\d\d)\s*年\s*1\s*月\s*1\s*日", normalize(line))
        if match:
            return int(match.group(1))
    return None


def _cn_number(text: str) -> int:
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def signed_on(lines: Sequence[str], start: int) -> str | None:
    """The signing date (落款): the last date printed on a short line of its own after `start`."""
    result: str | None = None
    for line in lines[start:]:
        squashed = squash(line)
        if not squashed or len(squashed) > 16:
            continue
        match = _DATE.search(squashed)
        parts: tuple[int, int, int] | None = None
        if match:
            parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
        else:
            cn = _CN_DATE.search(squashed)
            if cn:
                parts = (_cn_number(cn.group(1)), _cn_number(cn.group(2)), _cn_number(cn.group(3)))
        if parts is None:
            continue
        try:
            result = date(*parts).isoformat()
        except ValueError:
            continue
    return result


def fees_yuan(texts: Sequence[str]) -> int | float | None:
    """信息处理费 collected as the text states it, in 元 (searched in the given texts in order)."""
    for text in texts:
        flat = squash(text)
        if "信息处理费" not in flat and "费用" not in flat:
            continue
        amount = _FEE_AMOUNT.search(flat) or _FEE_AMOUNT_BEFORE.search(flat)
        none = _NO_FEE.search(flat)
        if amount and (not none or amount.start() < none.start()):
            value = float(amount.group(1)) * (10_000 if amount.group(2) else 1)
            return int(value) if value.is_integer() else value
        if none:
            return 0
    return None
