"""Cross-check rules (勾稽关系) for a report's tables, and checks of the text and meta against them.

The arithmetic is derived from the format data (`formats.py`): a column marked `is_total` is the sum
of the other columns of its block, a row with `sum_of` is the sum of the rows under it, and a table's
`balance` says which rows' sums agree in every column. The same equations serve the reader, which
uses them to choose between the possible splits of digits that ran together.

Severity: 'error' when the numbers cannot all be right or a cell is blank or missing; 'warning' for
deviations that may be legitimate (the text quoting a different scope, a late signing date, a missing
fee statement); 'uncertain' when the reader could not settle a cell of a report that may well be
correct (digits that ran together and split several ways): the cell is null, the report is not
wrong for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from gongkai.annual.formats import FORMATS, ReportFormat, Table, format_for_year, get_format
from gongkai.annual.model import Tables, Value, flat_cells, row_cells
from gongkai.annual.textnorm import squash
from gongkai.annual.totals import row_total_rules, sum_row_rules

ERROR = "error"
WARNING = "warning"
UNCERTAIN = "uncertain"

# Every finding's rule id, with what it means (for people and for programs that group findings).
RULES: dict[str, str] = {
    # arithmetic of the tables (report-format.md, 勾稽关系)
    "balance": "表三每列：第一项加第二项之和等于第三项加第四项之和",
    "results_total": "表三（七）总计等于各项办理结果之和",
    "row_total": "表三每行：总计等于各类申请人之和",
    "reviews_total": "表四每组：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    "invalid_count": "件数应为非负整数",
    # completeness and what the reader could not read
    "blank_cell": "空白单元格（空白不等于0）",
    "missing_table": "缺少统计表",
    "irregular_row": "一行的单元格数目与格式不符",
    "glued_digits": "数字连在一起，已按勾稽关系唯一拆分",
    "ambiguous_digits": "数字连在一起，无法确定唯一拆分",
    "ambiguous_layout": "数字可归属于不止一行",
    "shifted_cells": "没有标签的一行首尾都有空格，数字可归属于不同的列",
    "label_not_found": "没有找到行标签，按行序读取",
    "stray_values": "有无法归属于任何一行的数字",
    "combined_row": "（六）其他处理印为一行（旧格式）",
    "source_note": "读取文件时的提示（如某页没有文字层）",
    # the text against the tables
    "text_received": "正文所述收到申请数与表三不一致",
    "text_handled": "正文所述办结申请数与表三不一致",
    "text_carried_over": "正文所述上年结转数与表三不一致",
    "text_carried_forward": "正文所述结转下年度数与表三不一致",
    "text_reconsideration": "正文所述行政复议数与表四不一致",
    "text_litigation": "正文所述行政诉讼数与表四不一致",
    "text_fees": "收取信息处理费但没有申请",
    # meta
    "wrong_format": "报告年度应使用的格式与表格格式不符",
    "missing_section": "缺少《条例》第五十条规定的部分",
    "no_fee_statement": "没有说明信息处理费收取情况",
    "signed_before_year_end": "落款日期早于报告年度结束",
    "signed_after_deadline": "落款日期晚于法定公布期限",
}


@dataclass(frozen=True)
class Finding:
    """One thing that is wrong or doubtful about a report; `message` is for people, in Chinese."""

    rule: str
    severity: str
    message: str
    where: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "where": self.where}


@dataclass(frozen=True)
class Equation:
    """sum(left) must equal sum(right); `where` is the cell (path) the equation is about."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    where: str
    describe: str  # Chinese, e.g. '“行政复议”的总计'

    def holds(self, values: Mapping[str, Value]) -> bool | None:
        """True/False, or None when a cell is missing (nothing can be said)."""
        left = _sum_present(values, self.left)
        right = _sum_present(values, self.right)
        if left is None or right is None:
            return None
        return _close(left, right)


def _sum_present(values: Mapping[str, Value], paths: Iterable[str]) -> float | None:
    """The sum of the cells at `paths` (as `_sum`), or None when one of them is missing."""
    total: float = 0
    for path in paths:
        value = values.get(path)
        if value is None:
            return None
        total += value
    return total


def _sum(values: Mapping[str, Value], paths: Iterable[str]) -> float:
    return sum(values[path] or 0 for path in paths)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --- equations from the format data --------------------------------------------------------------


def _total_equations(table: Table) -> Iterator[Equation]:
    """The totals of `table` (`totals.py`: each row's total column, then the sum rows) as equations."""
    for rules in (row_total_rules(table), sum_row_rules(table)):
        for rule in rules:
            yield Equation(rule.rule, (rule.total,), rule.parts, rule.total, rule.describe)


def _balance_equations(table: Table) -> Iterator[Equation]:
    left, right = table.balance
    if not left:
        return
    for block in table.blocks:
        for column in block.columns:
            yield Equation(
                "balance",
                tuple(f"{table.key}.{key}.{column.key}" for key in left),
                tuple(f"{table.key}.{key}.{column.key}" for key in right),
                f"{table.key}.{column.key}",
                f"“{column.label}”列",
            )


@cache
def _equations(fmt_key: str) -> tuple[Equation, ...]:
    fmt = FORMATS[fmt_key]
    found: list[Equation] = []
    for table in fmt.tables.values():
        found += _total_equations(table)
        found += _balance_equations(table)
    return tuple(found)


@dataclass(frozen=True)
class Bound:
    """sum(low) <= sum(high): a law of counting that a row of table 二 obeys although the format
    prints no equation for it (the quantity that would close it, last year's count, is not printed)."""

    low: tuple[str, ...]
    high: tuple[str, ...]
    describe: str  # Chinese, e.g. '本年制发件数不超过现行有效件数与本年废止件数之和'

    def holds(self, values: Mapping[str, Value]) -> bool | None:
        """True/False, or None when a cell is missing."""
        low = _sum_present(values, self.low)
        high = _sum_present(values, self.high)
        if low is None or high is None:
            return None
        return low <= high + 1e-6


# 2021 table 二 rows whose 现行有效 carries over from one year to the next: 现行有效 = last year's
# 现行有效 + 本年制发 − 本年废止 (the law `judging.checks.in_force_reasons` checks between two
# reports, and `reading.stated.previous_figures` uses to read this year's glued rows)
IN_FORCE_ROWS = ("regulations", "normative_documents")

# Per column set of a table 二 block: (low columns, high columns, what it says). 2021: a document
# issued this year is in force at the year's end or was repealed (last year's count in force,
# 现行有效 − 制发 + 废止, is not negative). 2019: this year's newly published documents are among
# all those published; last year's items plus this year's change (本年增/减) is this year's count.
_BOUND_COLUMNS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("issued",), ("repealed", "in_force"), "本年制发件数不超过现行有效件数与本年废止件数之和"),
    (("published",), ("total_published",), "本年新公开数量不超过对外公开总数量"),
    ((), ("previous_year_items", "change"), "上一年项目数量加本年增/减不为负数"),
)


@cache
def bounds(fmt_key: str) -> tuple[Bound, ...]:
    """The laws of counting (`Bound`) for the rows of the format's table 二."""
    table = FORMATS[fmt_key].tables.get("proactive")
    if table is None:
        return ()
    found: list[Bound] = []
    for block in table.blocks:
        keys = {column.key for column in block.columns}
        for low, high, describe in _BOUND_COLUMNS:
            if {*low, *high} <= keys:
                for row in block.rows:
                    prefix = f"{table.key}.{row.key}."
                    found.append(
                        Bound(tuple(prefix + k for k in low), tuple(prefix + k for k in high), describe)
                    )
    return tuple(found)


def equations(fmt: str | ReportFormat) -> tuple[Equation, ...]:
    """Every arithmetic rule the format's tables must satisfy."""
    return _equations(get_format(fmt).key)


def _equation_message(equation: Equation, values: Mapping[str, Value]) -> str:
    left = _fmt_number(_sum(values, equation.left))
    right = _fmt_number(_sum(values, equation.right))
    if equation.rule == "balance":
        return f"表三{equation.describe}：第一项加第二项之和为{left}，第三项加第四项之和为{right}，两者不等。"
    if equation.rule == "results_total":
        return f"表三{equation.describe}为{left}，但各项办理结果之和为{right}。"
    if equation.rule == "reviews_total":
        return f"表四{equation.describe}为{left}，但结果维持、结果纠正、其他结果、尚未审结之和为{right}。"
    return f"表三{equation.describe}为{left}，但各类申请人之和为{right}。"


# --- table checks ----------------------------------------------------------------------------------


@cache
def _table_layout(fmt_key: str) -> tuple[tuple[Table, tuple[str, ...]], ...]:
    """Each table of the format with its cell paths in printed order."""
    return tuple(
        (table, tuple(f"{table.key}.{r}.{c}" for r, c in row_cells(table)))
        for table in FORMATS[fmt_key].tables.values()
    )


@cache
def _count_cells(fmt_key: str) -> tuple[tuple[str, Table, str, str], ...]:
    """(path, table, row printed, column label) of every cell holding a count (kind 'int')."""
    return tuple(
        (f"{table.key}.{row.key}.{column.key}", table, row.printed, column.label)
        for table in FORMATS[fmt_key].tables.values()
        for block in table.blocks
        for column in block.columns
        if column.kind == "int"
        for row in block.rows
    )


@cache
def _row_layout(fmt_key: str, table_key: str) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """(row path, row printed, ((cell path, column label), …)) of every row of a table."""
    table = FORMATS[fmt_key].tables[table_key]
    return tuple(
        (
            f"{table.key}.{row.key}",
            row.printed,
            tuple((f"{table.key}.{row.key}.{column.key}", column.label) for column in block.columns),
        )
        for block in table.blocks
        for row in block.rows
    )


def _blank_findings(
    values: Mapping[str, Value], fmt: ReportFormat, explained: frozenset[str]
) -> list[Finding]:
    findings: list[Finding] = []
    for table, paths in _table_layout(fmt.key):
        if all(values[path] is None for path in paths):
            if not any(path in explained for path in paths):
                findings.append(
                    Finding(
                        "missing_table",
                        ERROR,
                        f"表{table.number}（{table.title}）没有读到任何数据。",
                        table.key,
                    )
                )
            continue
        for row_path, printed, cells in _row_layout(fmt.key, table.key):
            blank = [label for path, label in cells if values[path] is None and path not in explained]
            if not blank:
                continue
            labels = "、".join(f"“{label}”" for label in blank)
            findings.append(
                Finding(
                    "blank_cell",
                    ERROR,
                    f"表{table.number}“{printed}”行的{labels}为空白（空白不等于0，视为缺失数据）。",
                    row_path,
                )
            )
    return findings


def _sign_findings(values: Mapping[str, Value], fmt: ReportFormat) -> list[Finding]:
    findings: list[Finding] = []
    for path, table, printed, label in _count_cells(fmt.key):
        value = values[path]
        if value is None or (type(value) is int and value >= 0):
            continue
        if value < 0 or not float(value).is_integer():
            findings.append(
                Finding(
                    "invalid_count",
                    ERROR,
                    f"表{table.number}“{printed}”行“{label}”为{_fmt_number(value)}，件数应为非负整数。",
                    path,
                )
            )
    return findings


def check_tables(tables: Tables, fmt: str | ReportFormat, *, explained: Iterable[str] = ()) -> list[Finding]:
    """All arithmetic and completeness findings for `tables` in format `fmt`.

    `explained`: cell paths whose emptiness another finding already explains (the reader's own
    'unreadable' findings), so that they are not reported twice as blank.
    """
    fmt = get_format(fmt)
    return _check_values(flat_cells(tables, fmt), fmt, frozenset(explained))


def _check_values(values: Mapping[str, Value], fmt: ReportFormat, explained: frozenset[str]) -> list[Finding]:
    findings = _blank_findings(values, fmt, explained)
    findings += _sign_findings(values, fmt)
    for equation in equations(fmt):
        if equation.holds(values) is False:
            findings.append(
                Finding(equation.rule, ERROR, _equation_message(equation, values), equation.where)
            )
    return findings


# --- text and meta ---------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。;!?]+")
_N = r"(\d+)\s*"
# (rule, pattern, cell paths whose sum the quoted figure should equal). Only sentences about
# applications / reviews are searched, so that unrelated counts (信访, 热线) are not compared.
_QUOTES: tuple[tuple[str, str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "text_received",
        "收到的申请数",
        re.compile(r"(?:收到|受理|新收|接收)[^。;\d]{0,20}?申请[^。;\d]{0,8}?" + _N + r"(?:件|条|个)"),
        ("requests.new.total",),
    ),
    (
        "text_received",
        "收到的申请数",
        re.compile(r"未(?:收到|受理|接到)[^。;\d]{0,15}?申请()"),
        ("requests.new.total",),
    ),
    (
        "text_handled",
        "办结（答复）的申请数",
        re.compile(r"(?:答复|办结|办理完成|处理完毕)(?:申请)?\s*" + _N + r"件"),
        ("requests.results.total.total",),
    ),
    (
        "text_carried_over",
        "上年结转的申请数",
        re.compile(r"上(?:一)?年(?:度)?结转(?:的)?(?:申请)?\s*" + _N + r"件"),
        ("requests.carried_over.total",),
    ),
    (
        "text_carried_forward",
        "结转下年度的申请数",
        re.compile(_N + r"件(?:申请)?(?:结转|顺延)(?:到|至)?下(?:一)?年度"),
        ("requests.carried_forward.total",),
    ),
    (
        "text_reconsideration",
        "行政复议案件数",
        re.compile(r"行政复议(?:案件|申请)?(?:共)?\s*" + _N + r"(?:件|起|宗|个)"),
        ("reviews.reconsideration.total",),
    ),
    (
        "text_litigation",
        "行政诉讼案件数",
        re.compile(r"行政诉讼(?:案件)?(?:共)?\s*" + _N + r"(?:件|起|宗|个)"),
        ("reviews.litigation_direct.total", "reviews.litigation_after_reconsideration.total"),
    ),
    (
        "text_reconsideration",
        "行政复议案件数",
        re.compile(r"(?:未发生|没有发生|未出现|无)[^。;\d]{0,25}?行政复议()"),
        ("reviews.reconsideration.total",),
    ),
    (
        "text_litigation",
        "行政诉讼案件数",
        re.compile(r"(?:未发生|没有发生|未出现|无)[^。;\d]{0,25}?(?:行政)?诉讼()"),
        ("reviews.litigation_direct.total", "reviews.litigation_after_reconsideration.total"),
    ),
)


def text_quotes(text: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(rule, what, figure, cell paths) for each figure the text quotes about applications/reviews."""
    return squashed_quotes(squash(text))


def squashed_quotes(squashed: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """`text_quotes` of a text already in the `squash` form."""
    found: list[tuple[str, str, int, tuple[str, ...]]] = []
    seen: set[str] = set()
    for match in _SENTENCE.finditer(squashed):
        sentence = match.group(0)
        if "申请" not in sentence and "复议" not in sentence and "诉讼" not in sentence:
            continue
        if "信息公开" not in sentence and "申请" not in sentence:
            continue
        for rule, what, pattern, paths in _QUOTES:
            if rule in seen:
                continue
            quote = pattern.search(sentence)
            if quote:
                seen.add(rule)
                found.append((rule, what, int(quote.group(1) or 0), paths))
    return found


def _text_findings(report: Mapping[str, Any], values: Mapping[str, Value]) -> list[Finding]:
    sections = report.get("sections") or {}
    text = "\n".join(str(sections.get(key) or "") for key in ("一", "六"))
    findings: list[Finding] = []
    for rule, what, figure, paths in text_quotes(text):
        cells = [values.get(path) for path in paths]
        if any(cell is None for cell in cells):
            continue
        table_value = sum(cell or 0 for cell in cells)
        if not _close(figure, table_value):
            findings.append(
                Finding(
                    rule,
                    WARNING,
                    f"正文所述{what}为{figure}，表格为{_fmt_number(table_value)}，两者不一致（请核实统计口径）。",
                    paths[0],
                )
            )
    fees = report.get("fees_yuan")
    received = [values.get("requests.new.total"), values.get("requests.carried_over.total")]
    if fees and all(v == 0 for v in received):
        findings.append(
            Finding(
                "text_fees",
                WARNING,
                f"正文称收取信息处理费{_fmt_number(fees)}元，但表三本年新收和上年结转的申请均为0。",
                "sections.六",
            )
        )
    return findings


def _fee_statement_findings(report: Mapping[str, Any]) -> list[Finding]:
    year = report.get("year")
    sections = report.get("sections") or {}
    if report.get("fees_yuan") is not None or (isinstance(year, int) and year < 2021):
        return []
    if any("信息处理费" in str(text or "") for text in sections.values()):
        return []
    return [
        Finding(
            "no_fee_statement",
            WARNING,
            "报告没有说明本年度信息处理费的收取情况（《政府信息公开信息处理费管理办法》要求在年度报告中公布）。",
            "sections.六",
        )
    ]


def _section_findings(report: Mapping[str, Any], fmt: ReportFormat) -> list[Finding]:
    sections = report.get("sections") or {}
    findings: list[Finding] = []
    for section in fmt.sections:
        if section.table or (sections.get(section.number) or "").strip():
            continue
        findings.append(
            Finding(
                "missing_section",
                ERROR,
                f"报告缺少第{section.number}部分“{section.title}”（《条例》第五十条规定的内容）。",
                f"sections.{section.number}",
            )
        )
    return findings


def _format_findings(report: Mapping[str, Any]) -> list[Finding]:
    year, fmt = report.get("year"), report.get("format")
    if not isinstance(year, int) or fmt not in FORMATS:
        return []
    expected = format_for_year(year)
    if fmt == expected:
        return []
    return [
        Finding(
            "wrong_format",
            ERROR,
            f"{year}年度报告应使用{expected}年格式（{FORMATS[expected].document}），但表格是{fmt}年格式"
            f"（{FORMATS[fmt].document}）。",
            "format",
        )
    ]


def _signing_findings(report: Mapping[str, Any]) -> list[Finding]:
    year, signed = report.get("year"), report.get("signed_on")
    if not isinstance(year, int) or not signed:
        return []
    try:
        signed_on = date.fromisoformat(str(signed))
    except ValueError:
        return []
    if signed_on <= date(year, 12, 31):
        return [
            Finding(
                "signed_before_year_end",
                ERROR,
                f"落款日期{signed_on:%Y年%m月%d日}早于{year}年度结束，日期有误。",
                "signed_on",
            )
        ]
    government = str(report.get("agency") or "").endswith("人民政府")
    deadline = date(year + 1, 3, 31) if government else date(year + 1, 1, 31)
    if signed_on > deadline:
        who = "人民政府的年度报告" if government else "政府部门的年度报告"
        return [
            Finding(
                "signed_after_deadline",
                WARNING,
                f"落款日期{signed_on:%Y年%m月%d日}晚于法定期限：{who}应于{deadline:%Y年%m月%d日}前公布（《条例》第四十九条）。",
                "signed_on",
            )
        ]
    return []


def check_report(report: Mapping[str, Any], *, explained: Iterable[str] = ()) -> list[Finding]:
    """All findings for a whole report (contract keys plus 'sections', 'signed_on', 'fees_yuan')."""
    fmt_key = report.get("format")
    tables = report.get("tables") or {}
    findings: list[Finding] = []
    if fmt_key in FORMATS:
        fmt = FORMATS[fmt_key]
        values = flat_cells(tables, fmt)
        findings += _check_values(values, fmt, frozenset(explained))
        if report.get("sections") is not None:
            findings += _section_findings(report, fmt)
            findings += _text_findings(report, values)
    findings += _format_findings(report)
    if report.get("sections") is not None:
        findings += _fee_statement_findings(report)
    findings += _signing_findings(report)
    return findings
