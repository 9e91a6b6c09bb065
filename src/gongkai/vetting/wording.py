"""Wording checks: outdated names of bodies, the superseded 条例, 文号 brackets, punctuation."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from gongkai.law.codes import find_doc_numbers
from gongkai.vetting.findings import ERROR, WARNING, Finding
from gongkai.vetting.text import Flow

# --- wording.outdated_name ------------------------------------------------------------------------


@dataclass(frozen=True)
class OutdatedName:
    """A body that no longer exists: how it is written, what replaced it, when, and on what decision."""

    label: str
    pattern: re.Pattern[str]
    now: str
    year: int
    source: str
    severity: str


# After a name ending in 部 these make it part of another word: 农业部门, 文化部署, 卫生部分.
_NOT_A_NAME_AFTER = "门署分位件落"
# 原国土资源部, 前国家工商总局, 原××市国土资源局
# (目前国土资源部 is not history: 前 counts only where it is not the end of another word)
_PAST_BEFORE = re.compile(
    r"原$|(?<![\u4e00-\u9fff])前$|原[\u4e00-\u9fffA-Za-z×＊*]{1,8}(?:省|市|县|区|州|旗|盟)$"
)
_REFORM_WORDS = re.compile(
    "更名|改名|改为|组建|撤销|不再保留|划入|划转|整合|合并|前身|机构改革|职责调整|挂牌|重新组建|调整为"
)
# A document of the old body cited: its order (令), its title (关于…, 印发的《…》), its 文号.
_CITATION_AFTER = re.compile(
    r"[ \u3000]*(?:令|第[0-9０-９]+号|关于|公告|〔|\[|【|(?:印发|发布|制定|出台|颁布)的?《)"
)
# 国土资源部（现自然资源部）: the writer knows.
_NOW_AFTER = re.compile(r"[ \u3000]*[（(](?:现|今|已更名|后更名)")
# A year speaks for a name when it is this close to it, or when it opens the sentence (2016年，…).
_YEAR_REACH = 12
_CLAUSE_BREAK = re.compile("[，,；;：:]")
_YEAR_LEADS = 12
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=[ \u3000]*[年〕\]】）)\-./])")


@lru_cache(maxsize=1)
def outdated_names() -> tuple[OutdatedName, ...]:
    """The table `gongkai/vetting/data/outdated_names.toml`, compiled."""
    text = (resources.files("gongkai.vetting") / "data" / "outdated_names.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    sources: dict[str, str] = data["sources"]
    names: list[OutdatedName] = []
    for body in data["body"]:
        spellings = [re.escape(name) for name in [body.get("name"), *body.get("also", [])] if name]
        spellings += [body["pattern"], *body.get("also_patterns", [])] if "pattern" in body else []
        not_before = "".join(f"(?<!{re.escape(word)})" for word in body.get("not_before", []))
        alternatives = "|".join(f"{not_before}{spelling}" for spelling in spellings)
        tail = f"(?![{_NOT_A_NAME_AFTER}])"
        names.append(
            OutdatedName(
                body.get("name") or body["pattern"],
                re.compile(f"(?:{alternatives}){tail}"),
                body["now"],
                int(body["year"]),
                sources.get(body["source"], body["source"]),
                body.get("severity", ERROR),
            )
        )
    return tuple(names)


def _is_history(flow: Flow, start: int, end: int, year: int) -> bool:
    """Whether the mention speaks of the past: 原…, a title 《…》, an old document cited, a sentence
    about the reform, or a year up to the change beside it."""
    paragraph_start, _ = flow.paragraph(start)
    before = flow.text[max(paragraph_start, start - 12) : start]
    if _PAST_BEFORE.search(before):
        return True
    opened = flow.text[paragraph_start:start]
    if opened.count("《") > opened.count("》"):
        return True
    if _CITATION_AFTER.match(flow.text, end) or _NOW_AFTER.match(flow.text, end):
        return True
    sentence_start, sentence_end = flow.sentence(start, end)
    sentence = flow.text[sentence_start:sentence_end]
    if _REFORM_WORDS.search(sentence):
        return True
    return year_beside(flow, start, end, year)


def year_beside(flow: Flow, start: int, end: int, year: int) -> bool:
    """Whether a year up to `year` stands beside text[start:end]: close to it in the same clause, or
    opening its sentence (2016年，…)."""
    sentence_start, sentence_end = flow.sentence(start, end)
    return any(
        int(found.group(1)) <= year
        and (
            found.start() - sentence_start <= _YEAR_LEADS
            or (
                min(abs(found.start() - end), abs(start - found.end())) <= _YEAR_REACH
                and not _CLAUSE_BREAK.search(flow.text, min(end, found.end()), max(start, found.start()))
            )
        )
        for found in _YEAR.finditer(flow.folded, sentence_start, sentence_end)
    )


def check_outdated_names(flow: Flow, written_on: date | None) -> Iterator[Finding]:
    """`wording.outdated_name`: a body that no longer exists named as if it did."""
    taken: list[tuple[int, int]] = []
    for body in outdated_names():
        if written_on is not None and written_on.year <= body.year:
            continue  # the text was written when the body still existed
        for match in body.pattern.finditer(flow.text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken) or _is_history(flow, start, end, body.year):
                continue
            taken.append((start, end))
            yield Finding(
                "wording.outdated_name",
                body.severity,
                f"“{match.group()}”已不存在（{body.year}年机构改革，依据：{body.source}），现为“{body.now}”；"
                f"如指改革前的机构，请写作“原{match.group()}”或注明年份。",
                flow.where(start),
                match.group(),
                body.now,
            )


# --- wording.old_regulation -------------------------------------------------------------------------

REVISED_REGULATION_IN_FORCE = date(2019, 5, 15)
_OLD_REGULATION = re.compile(
    r"国务院令[ \u3000]*(?:第[ \u3000]*)?492[ \u3000]*号|国务院[ \u3000]*第?[ \u3000]*492[ \u3000]*号令"
    r"|第[ \u3000]*492[ \u3000]*号国务院令|国令第492号"
)
_REGULATION_HISTORY = re.compile(r"711|原条例|旧条例|修订前|原《|废止")


def check_old_regulation(flow: Flow, dated: date) -> Iterator[Finding]:
    """`wording.old_regulation`: the 条例 cited as 国务院令第492号 in a text dated after 2019-05-15."""
    if dated < REVISED_REGULATION_IN_FORCE:
        return
    for match in _OLD_REGULATION.finditer(flow.folded):
        sentence_start, sentence_end = flow.sentence(match.start(), match.end())
        if _REGULATION_HISTORY.search(flow.folded, sentence_start, sentence_end) or year_beside(
            flow, match.start(), match.end(), REVISED_REGULATION_IN_FORCE.year
        ):
            continue  # the old 条例 named as history, or in a sentence about a year it was in force
        yield Finding(
            "wording.old_regulation",
            ERROR,
            "引用的是2007年公布的旧条例（国务院令第492号）；2019年5月15日起施行的是修订后的"
            "《中华人民共和国政府信息公开条例》（国务院令第711号）。",
            flow.where(match.start()),
            flow.text[match.start() : match.end()],
            "国务院令第711号",
        )


# --- wording.doc_number_brackets --------------------------------------------------------------------


def check_doc_number_brackets(flow: Flow) -> Iterator[Finding]:
    """`wording.doc_number_brackets`: a 文号 whose year is not in 六角括号 〔〕."""
    for found in find_doc_numbers(flow.text):
        if found.brackets_ok:
            continue
        yield Finding(
            "wording.doc_number_brackets",
            WARNING,
            f"文号“{found.written}”的年份应使用六角括号“〔〕”（GB/T 9704-2012），应为“{found.number}”。",
            flow.where(found.start),
            found.written,
            str(found.number),
        )


# --- wording.punctuation ----------------------------------------------------------------------------

_CJK = "\u3400-\u9fff"
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_PUNCTUATION = re.compile(
    # doubled or clashing sentence marks: 。。 ，。 、， ；；, half- and full-width mixed: ，,
    r"[，。、；：][，。、；：,;:！？]+|[,;:][，。、；：]+|[！？][，。、；：]+|！！+|？？+"
    # a full stop after a quotation that ends its own sentence: 。”。
    r"|[。！？]”。"
    # half-width marks between Chinese characters
    rf"|(?<=[{_CJK}）》”】])[,;:?!.]{{2,}}|(?<=[{_CJK}）》”】])[,;:?!](?=[{_CJK}“《（])|(?<=[{_CJK}])\.(?=[{_CJK}])"
    # half-width brackets around Chinese text next to Chinese text
    rf"|(?<=[{_CJK}》”）])\([^()\n]{{0,60}}[{_CJK}][^()\n]{{0,60}}\)|\([^()\n]{{0,60}}[{_CJK}][^()\n]{{0,60}}\)(?=[{_CJK}“《（])"
)


def _punctuation_fix(written: str) -> tuple[str, str]:
    """What is wrong with `written` and what to write instead."""
    if written.startswith("("):
        return "中文中应使用全角括号“（）”", "（" + written[1:-1] + "）"
    if len(written) == 1:
        return f"中文中应使用全角标点“{_FULL_WIDTH[written]}”", _FULL_WIDTH[written]
    if written.endswith("”。"):
        return "引号内已有句末点号，引号外不再加句号", written[:-1]
    if len(set(written)) == 1:
        fix = "……" if written[0] in "。." and len(written) >= 3 else _FULL_WIDTH.get(written[0], written[0])
        return "标点符号重复", fix
    return "标点符号连用冲突", _FULL_WIDTH.get(written[0], written[0])


def check_punctuation(flow: Flow) -> Iterator[Finding]:
    """`wording.punctuation`: doubled or clashing marks, half-width marks in Chinese text."""
    for match in _PUNCTUATION.finditer(flow.text):
        problem, fix = _punctuation_fix(match.group())
        yield Finding(
            "wording.punctuation",
            WARNING,
            f"“{match.group()}”：{problem}。",
            flow.where(match.start()),
            match.group(),
            fix,
        )
