"""The judging rules: each takes plain values and gives reasons ({rule, severity, message}, in Chinese).

The arithmetic, completeness, format and text-against-tables checks are the report checker's own
findings (`annual.rules.check_report`), renamed to the judging rules by `FINDING_RULES`; this module
adds what needs more than one report or a date: lateness, continuity with last year, copying, and the
problems section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.annual.formats import FORMATS
from gongkai.annual.judging.problems import concreteness, follow_up
from gongkai.annual.judging.similarity import MIN_SHINGLES, PARTS, Match
from gongkai.annual.judging.text import Hashes, jaccard
from gongkai.annual.model import get_cell
from gongkai.annual.rules import IN_FORCE_ROWS
from gongkai.law.report_due import due_date

ERROR, WARNING, INFO = "error", "warning", "info"

# Every rule a judgement can give, with what it means.
RULES: dict[str, str] = {
    "late": "未在期限内公布（《条例》第四十九条，或本地规定的更早期限）",
    "format.wrong_year": "使用的格式与报告年度不符",
    "section.missing": "缺少《条例》第五十条规定的部分",
    "tables.inconsistent": "统计表的勾稽关系不成立",
    "tables.incomplete": "统计表有空白单元格（空白不等于0）",
    "text_vs_tables": "正文所述数字与统计表不一致",
    "continuity.carried_over": "表三“上年结转”与上年报告的“结转下年度继续办理”不一致",
    "continuity.in_force": "表二现行有效件数与上年现行有效件数加本年制发、减本年废止不符",
    "copy.previous_year": "文字部分与本机关上年报告雷同",
    "copy.other_agency": "文字部分与其他机关同年报告雷同",
    "problems.boilerplate": "“存在的主要问题及改进情况”空泛，没有具体内容",
    "problems.not_followed_up": "上年报告提出的改进措施，本年没有说明落实情况",
    "fees.not_stated": "没有说明信息处理费收取情况",
    "date.implausible": "落款日期有误",
    "reading.uncertain": "报告读取有不确定之处，相关判断以读出的数据为准",
}

# The report checker's findings (annual/rules.py RULES) under the judging rules. None: judged here
# with more information (the due date may be a local one).
FINDING_RULES: dict[str, str | None] = {
    "balance": "tables.inconsistent",
    "results_total": "tables.inconsistent",
    "row_total": "tables.inconsistent",
    "reviews_total": "tables.inconsistent",
    "invalid_count": "tables.inconsistent",
    "blank_cell": "tables.incomplete",
    "missing_table": "section.missing",
    "missing_section": "section.missing",
    "irregular_row": "reading.uncertain",
    "glued_digits": "reading.uncertain",
    "ambiguous_digits": "reading.uncertain",
    "ambiguous_layout": "reading.uncertain",
    "shifted_cells": "tables.incomplete",
    "label_not_found": "reading.uncertain",
    "stray_values": "reading.uncertain",
    "combined_row": "reading.uncertain",
    "source_note": "reading.uncertain",
    "text_received": "text_vs_tables",
    "text_handled": "text_vs_tables",
    "text_carried_over": "text_vs_tables",
    "text_carried_forward": "text_vs_tables",
    "text_reconsideration": "text_vs_tables",
    "text_litigation": "text_vs_tables",
    "text_fees": "text_vs_tables",
    "wrong_format": "format.wrong_year",
    "no_fee_statement": "fees.not_stated",
    "signed_before_year_end": "date.implausible",
    "signed_after_deadline": None,
}


@dataclass(frozen=True)
class Thresholds:
    """The measured limits of the judging rules (docs/decisions/report-judging.md has the figures).

    `copy_previous` / `copy_other`: Jaccard similarity of the own shingles (5 characters, names and
    figures masked, the format's and stock wording removed) from which two prose texts are the same
    text — for the whole prose (error) or section 一 or 五 alone (warning). Measured: different
    agencies' real reports ≤ 0.026, one agency's consecutive real reports 0.28; generated honest
    reports (far more formulaic than real ones) ≤ 0.42 across agencies and ≤ 0.54 within one agency;
    planted copies with names and figures changed ≥ 0.78 for the copied section.
    `in_force_jump`: a gap in table 二's 现行有效 at least this share of last year's figure (and at
    least `in_force_jump_min` documents) is called a big jump in the message.
    """

    copy_previous: float = 0.6
    copy_other: float = 0.6
    in_force_jump: float = 0.5
    in_force_jump_min: int = 5


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Reason:
    """One reason a report loses points (or, with severity 'info', a caveat): for people, in Chinese."""

    rule: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message}


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _short(text: str, size: int = 24) -> str:
    text = "".join(text.split())
    return text if len(text) <= size else text[:size] + "……"


# --- the checker's findings ------------------------------------------------------------------------


def finding_reasons(findings: Iterable[Mapping[str, Any]]) -> list[Reason]:
    """The report checker's findings as judging reasons; the reader's doubts folded into one caveat."""
    reasons: list[Reason] = []
    doubts: list[str] = []
    for finding in findings:
        rule = FINDING_RULES.get(str(finding.get("rule")), "reading.uncertain")
        if rule is None:
            continue
        message = str(finding.get("message") or "")
        if rule == "reading.uncertain":
            doubts.append(message)
            continue
        severity = str(finding.get("severity") or ERROR)
        reasons.append(Reason(rule, severity, message))
    if doubts:
        shown = "；".join(_short(d.rstrip("。"), 40) for d in doubts[:3])
        more = f"等{len(doubts)}处" if len(doubts) > 3 else ""
        reasons.append(
            Reason(
                "reading.uncertain",
                INFO,
                f"读取报告时有不确定之处：{shown}{more}。相关判断以读出的数据为准。",
            )
        )
    return reasons


# --- on time ---------------------------------------------------------------------------------------


def late_reason(
    year: int,
    kind: str,
    *,
    published_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    local_due: dt.date | None = None,
    today: dt.date | None = None,
) -> Reason | None:
    """Published after the due date: the statutory one (31 January for a department, 31 March for a
    government, 条例第四十九条) or a locally set earlier one. Without a publication date, a report not
    published by `today`, or (a warning) signed after the due date."""
    statutory = due_date(kind, year)
    if local_due is not None and local_due < statutory:
        due, basis = local_due, "本地规定"
    else:
        due, basis = statutory, "《条例》第四十九条规定"
    if published_on is not None:
        if published_on <= due:
            return None
        days = (published_on - due).days
        return Reason(
            "late",
            ERROR,
            f"{year}年度报告于{_day(published_on)}公布，晚于{basis}的{_day(due)}，逾期{days}天。",
        )
    if today is not None and today > due:
        return Reason(
            "late",
            ERROR,
            f"{year}年度报告截至{_day(today)}尚未公布，{basis}应于{_day(due)}前公布，已逾期{(today - due).days}天。",
        )
    if signed_on is not None and signed_on > due:
        return Reason(
            "late",
            WARNING,
            f"报告落款日期{_day(signed_on)}晚于{basis}的公布期限{_day(due)}（没有公布日期，按落款日期判断）。",
        )
    return None


# --- continuity with last year -----------------------------------------------------------------------


def carried_over_reason(report: Mapping[str, Any], previous: Mapping[str, Any]) -> Reason | None:
    """This year's 上年结转 against last year's 结转下年度继续办理, column by column."""
    fmt = FORMATS.get(str(report.get("format")), FORMATS["2021"])
    tables, before = report.get("tables") or {}, previous.get("tables") or {}
    gaps: list[str] = []
    for column in fmt.table("requests").blocks[0].columns:
        now = get_cell(tables, f"requests.carried_over.{column.key}")
        then = get_cell(before, f"requests.carried_forward.{column.key}")
        if now is not None and then is not None and now != then:
            gaps.append(f"{column.label}本年为{now:g}件、上年为{then:g}件")
    if not gaps:
        return None
    return Reason(
        "continuity.carried_over",
        ERROR,
        f"表三“上年结转政府信息公开申请数量”与{previous.get('year')}年度报告的“结转下年度继续办理”不一致："
        f"{'；'.join(gaps)}。如因机构调整等原因确有不同，报告应予说明。",
    )


def in_force_reasons(
    report: Mapping[str, Any], previous: Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> list[Reason]:
    """Table 二 (2021 format, both years): 现行有效 = last year's 现行有效 + 本年制发 − 本年废止."""
    if report.get("format") != "2021" or previous.get("format") != "2021":
        return []
    table = FORMATS["2021"].table("proactive")
    tables, before = report.get("tables") or {}, previous.get("tables") or {}
    reasons: list[Reason] = []
    for row in table.rows:
        if row.key not in IN_FORCE_ROWS:
            continue
        values = [
            get_cell(before, f"proactive.{row.key}.in_force"),
            *(get_cell(tables, f"proactive.{row.key}.{c}") for c in ("issued", "repealed", "in_force")),
        ]
        if any(v is None for v in values):
            continue
        then, issued, repealed, now = (int(v or 0) for v in values)
        expected = then + issued - repealed
        gap = now - expected
        if gap == 0:
            continue
        big = abs(gap) >= max(thresholds.in_force_jump_min, thresholds.in_force_jump * then)
        jump = "，变动幅度较大" if big else ""
        head = (
            f"表二“{row.label}”现行有效{now}件，但上年现行有效{then}件加本年制发{issued}件、减本年废止"
            f"{repealed}件应为{expected}件，"
        )
        if gap > 0:
            reasons.append(
                Reason(
                    "continuity.in_force",
                    ERROR,
                    head + f"多出{gap}件{jump}（新增的现行有效文件应计入本年制发）。",
                )
            )
        else:
            reasons.append(
                Reason(
                    "continuity.in_force",
                    WARNING,
                    head + f"少了{-gap}件{jump}（到期失效的文件是否未计入本年废止？请核实）。",
                )
            )
    return reasons


# --- copying ---------------------------------------------------------------------------------------

_PART_NAMES = {"all": "文字部分（第一、五、六部分）", "一": "第一部分", "五": "第五部分"}


def previous_copy_reason(
    now: Mapping[str, Hashes], before: Mapping[str, Hashes], previous_year: Any, thresholds: Thresholds
) -> Reason | None:
    """The prose against the agency's previous report: exact Jaccard of the own shingles per part."""
    similar = {
        part: jaccard(now[part], before[part])
        for part in PARTS
        if len(now[part]) >= MIN_SHINGLES and len(before[part]) >= MIN_SHINGLES
    }
    whole = similar.get("all", 0.0)
    if whole >= thresholds.copy_previous:
        return Reason(
            "copy.previous_year",
            ERROR,
            f"文字部分与本机关{previous_year}年度报告雷同：去掉格式规定的文字、机关名称和数字后，相似度为{_percent(whole)}。",
        )
    sections = [
        (part, value)
        for part, value in similar.items()
        if part != "all" and value >= thresholds.copy_previous
    ]
    if not sections:
        return None
    listed = "、".join(f"{_PART_NAMES[part]}（相似度{_percent(value)}）" for part, value in sections)
    return Reason(
        "copy.previous_year",
        WARNING,
        f"{listed}与本机关{previous_year}年度报告基本相同，没有反映本年度的情况。",
    )


def _later(match: Match, published_on: dt.date | None) -> bool:
    """The other report was published after this one: it copied this one, not the other way."""
    return published_on is not None and match.published_on is not None and match.published_on > published_on


def other_copy_reasons(matches: Sequence[Match], published_on: dt.date | None) -> list[Reason]:
    """Other agencies' reports of the year sharing the prose (the index's matches above the threshold).

    A report published later than this one is the copy, not the original: it is left out here (and this
    one is named in its judgement). Where either date is unknown, both reports are named.
    """
    best: dict[str, Match] = {}
    whole: dict[str, Match] = {}
    for match in matches:
        if _later(match, published_on):
            continue
        if match.part == "all":
            whole.setdefault(match.key, match)
        elif match.key not in best or match.similarity > best[match.key].similarity:
            best[match.key] = match
    reasons: list[Reason] = []
    if whole:
        ranked = sorted(whole.values(), key=lambda m: -m.similarity)
        listed = "、".join(f"{m.name}（相似度{_percent(m.similarity)}）" for m in ranked[:3])
        more = f"等{len(ranked)}份报告" if len(ranked) > 3 else "的报告"
        reasons.append(
            Reason(
                "copy.other_agency",
                ERROR,
                f"文字部分与同年其他机关的报告雷同：{listed}{more}。去掉格式规定的文字、机关名称和数字后比较。",
            )
        )
    partial = sorted((m for key, m in best.items() if key not in whole), key=lambda m: -m.similarity)
    if partial:
        listed = "、".join(
            f"{_PART_NAMES[m.part]}与{m.name}（相似度{_percent(m.similarity)}）" for m in partial[:3]
        )
        more = f"等{len(partial)}份报告" if len(partial) > 3 else ""
        reasons.append(
            Reason("copy.other_agency", WARNING, f"部分内容与同年其他机关的报告相同：{listed}{more}。")
        )
    return reasons


# --- the problems section ----------------------------------------------------------------------------


def problems_reasons(
    sections: Mapping[str, str],
    agency: str | None,
    previous: Mapping[str, Any] | None,
) -> list[Reason]:
    """Section 五 concrete or boilerplate; last year's announced improvements followed up."""
    reasons: list[Reason] = []
    text = str(sections.get("五") or "")
    if not text.strip():
        return reasons  # a missing section is section.missing
    signals = concreteness(text, agency)
    if signals.boilerplate:
        reasons.append(
            Reason(
                "problems.boilerplate",
                WARNING,
                "“存在的主要问题及改进情况”空泛：没有一个数字，也没有点出任何具体的栏目、平台、事项或案例"
                f"（{_percent(signals.stock_share)}的文字是各报告通用的说法）。",
            )
        )
    before = (previous or {}).get("sections") or {}
    if previous is None or not str(before.get("五") or "").strip():
        return reasons
    result = follow_up(str(before["五"]), sections, agency, previous.get("agency"))
    if result is None or result.followed_up:
        return reasons
    year = previous.get("year")
    repeated = [item for item, flag in zip(result.items, result.repeated, strict=True) if flag]
    missing = [
        item
        for item, found, flag in zip(result.items, result.followed, result.repeated, strict=True)
        if not found and not flag
    ]
    parts = []
    if repeated:
        parts.append("原样重复了上年的改进措施" + "、".join(f"“{_short(i)}”" for i in repeated[:2]))
    if missing:
        parts.append(
            "没有说明上年提出的改进措施" + "、".join(f"“{_short(i)}”" for i in missing[:2]) + "的落实情况"
        )
    reasons.append(
        Reason(
            "problems.not_followed_up",
            WARNING,
            f"{year}年度报告提出{len(result.items)}项改进措施，本年报告" + "，".join(parts) + "。",
        )
    )
    return reasons
