"""`secret.marking`: a 密级 marking or an "internal only" note, which no published text may carry.

A 密级 marking is the level and the star with the period (`机密★1年`, `秘密★6个月`, `绝密★启用前`),
`密级：秘密`, or the level alone on its line. 内部资料, 注意保密, 不得外传 and their kin are markings
when they stand as one (a short line of their own, in brackets, beside another marking, `本材料为内部资料`);
in a sentence (`工作人员应注意保密`) they are only worth a look, and the finding is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.vetting.findings import ERROR, WARNING, Finding
from gongkai.vetting.text import Flow

_PERIOD = r"(?:[0-9０-９一二三四五六七八九十]{1,3}\s*(?:年|个月|月)|长期|启用前)"
_STAR_MARKING = re.compile(rf"(?:绝密|机密|秘密)[ \u3000]*[★☆＊*][ \u3000]*{_PERIOD}?")
_LEVEL_FIELD = re.compile(
    r"密[ \u3000]*级[ \u3000]*(?:[:：]|为|是|属)?[ \u3000]*(?:绝密|机密|秘密)(?:[ \u3000]*" + _PERIOD + ")?"
)
_LEVEL_ALONE = re.compile(
    rf"^[\s【\[（(]*(?:绝密|机密|秘密)(?:[ \u3000]*{_PERIOD})?[\s】\]）)]*$", re.MULTILINE
)
# Notes that a text is internal: always a marking when they stand as one; a warning in prose.
_INTERNAL_NOTES = (
    "内部资料",
    "注意保密",
    "不得外传",
    "严禁外传",
    "禁止外传",
    "请勿外传",
    "内部传阅",
    "仅供内部参考",
    "内部参考",
    "仅限内部使用",
    "内部使用",
    "不得翻印",
)
# Only a marking when they stand as one: in prose they are ordinary words.
_WEAK_NOTES = ("内部文件", "内部材料", "内部刊物")
_NOTE = re.compile("|".join(map(re.escape, sorted(_INTERNAL_NOTES + _WEAK_NOTES, key=len, reverse=True))))
# 内部资料性出版物 is a kind of publication with its own regulations, not a note on this text.
_NOT_A_NOTE_AFTER = re.compile(r"性|出版物|管理")
_SAYS_INTERNAL = re.compile(r"(?:本|此|该)[\u4e00-\u9fff]{0,6}(?:系|为|属于?|是)[\u4e00-\u9fff]{0,4}$")
_BRACKETS = "【[（(〔<《"
_SHORT_LINE = 24
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[0-9]+[.．、)）])")


def check_markings(flow: Flow) -> Iterator[Finding]:
    """`secret.marking` findings: 密级 markings and internal-only notes."""
    marked: list[tuple[int, int]] = []
    for pattern in (_STAR_MARKING, _LEVEL_FIELD, _LEVEL_ALONE):
        for match in pattern.finditer(flow.text):
            start, end = _strip(flow.text, *match.span())
            if any(a <= start < b for a, b in marked):
                continue
            marked.append((start, end))
            yield Finding(
                "secret.marking",
                ERROR,
                f"密级标志“{flow.text[start:end]}”：涉密信息不得公开，须退回定密责任人处理，不能删除标志后发布。",
                flow.where(start),
                flow.text[start:end],
                None,
            )
    for match in _NOTE.finditer(flow.text):
        start, end = match.span()
        if any(a <= start < b for a, b in marked) or _NOT_A_NOTE_AFTER.match(flow.text, end):
            continue
        standing = _stands_as_marking(flow, start, end, marked)
        if not standing and match.group() in _WEAK_NOTES:
            continue
        if standing:
            severity = ERROR
            message = f"“{match.group()}”标注：标有此类字样的材料不宜公开，须核实并经保密审查后处理。"
        else:
            severity = WARNING
            message = f"正文中出现“{match.group()}”：请确认本文不是不宜公开的内部材料。"
        yield Finding("secret.marking", severity, message, flow.where(start), match.group(), None)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \u3000\t\n【[（(":
        start += 1
    while end > start and text[end - 1] in " \u3000\t\n】]）)":
        end -= 1
    return start, end


def _stands_as_marking(flow: Flow, start: int, end: int, marked: list[tuple[int, int]]) -> bool:
    """A note stands as a marking on a short line of its own, in brackets, at the start of a line,
    right beside another marking, or when the text says of itself that it is internal."""
    line_start, line_end = flow.paragraph(start)
    line = flow.text[line_start:line_end].strip()
    before = flow.text[line_start:start].rstrip(" \u3000")
    if _HEADING.match(line):
        return False  # 四、注意保密: a heading of the text's own content
    if len(line) <= _SHORT_LINE or not before.strip() or before[-1:] in _BRACKETS:
        return True
    if any(abs(a - end) <= 4 or abs(start - b) <= 4 for a, b in marked):
        return True
    if any(
        other.start() != start and (0 <= other.start() - end <= 3 or 0 <= start - other.end() <= 3)
        for other in _NOTE.finditer(flow.text, line_start, line_end)
    ):
        return True
    return bool(_SAYS_INTERNAL.search(before))
