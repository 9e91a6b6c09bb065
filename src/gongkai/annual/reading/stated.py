"""Figures the report's narrative states about its tables, and last year's report, as evidence for glued rows that split several ways.

Section 一 often repeats table figures ("制发规章4件、行政规范性文件3件", "共收到政府信息公开申请52件",
"行政复议3件（结果维持2件、…）"). Each stated figure becomes an equation (the cells it is about sum
to the figure) that the table's glued rows may be held to: `glued.settle` uses them only to choose
among readings that the table's own equations leave open, and ignores them where no reading agrees
(the text may be wrong; `rules.check_report` then says so). A figure is kept only when the text
states it once, or every time alike.

Last year's report of the same agency (`previous_figures`, when a supervising office has it) adds
the law that links the two years' table 二 (2021 format): 现行有效 = last year's 现行有效 + 本年制发 −
本年废止, the law `gongkai judge --previous` checks (`judging.checks.in_force_reasons`). It is
evidence of the same kind: it chooses only where some reading agrees with it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.annual.model import Value, get_cell
from gongkai.annual.rules import IN_FORCE_ROWS, Equation, squashed_quotes

_N = r"(\d+(?:\.\d+)?)"

# (pattern, row keys, column key): two figures for regulations then normative documents, as
# gongkai's own drafting (annual/drafting.py) and many agencies write them
_PAIRS: tuple[tuple[re.Pattern[str], tuple[str, str], str], ...] = tuple(
    (re.compile(pattern), ("regulations", "normative_documents"), column)
    for pattern, column in (
        (r"制发规章" + _N + r"件[,、]?(?:行政)?规范性文件" + _N + "件", "issued"),
        (r"废止规章" + _N + r"件[,、]?(?:行政)?规范性文件" + _N + "件", "repealed"),
        (r"现行有效规章" + _N + r"件[,、]?(?:行政)?规范性文件" + _N + "件", "in_force"),
        (r"新制作规章" + _N + r"件[,、]?规范性文件" + _N + "件", "made"),
        (r"新公开规章" + _N + r"件[,、]?规范性文件" + _N + "件", "published"),
        (r"对外公开规章总数" + _N + r"件[,、]?规范性文件总数" + _N + "件", "total_published"),
    )
)
# one document kind with its own verb, as real reports also write it ('制发行政规范性文件0件',
# '本年度共废止规范性文件3件', '现行有效规章16件', '未制发规章'); each verb names its column
_ISSUED = r"(?:制发|制定|出台|印发)了?"
_KINDS = (("规章", "regulations"), ("(?:行政)?规范性文件", "normative_documents"))
_ONE_KIND: tuple[tuple[str, str], ...] = tuple(
    (pattern, f"proactive.{row}.{column}")
    for kind, row in _KINDS
    for pattern, column in (
        (_ISSUED + r"(?:的)?(?:共)?" + kind + r"(?:共)?" + _N + "件", "issued"),
        (r"废止了?(?:的)?(?:共)?" + kind + r"(?:共)?" + _N + "件", "repealed"),
        (r"现行有效(?:的)?(?:共)?" + kind + r"(?:共)?" + _N + "件", "in_force"),
        (r"(?:未|没有)" + _ISSUED + kind + "()", "issued"),
        (r"(?:未|没有)废止" + kind + "()", "repealed"),
    )
)
# (pattern, cell path): one figure each (an empty group: none, 0)
_SINGLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), path)
    for pattern, path in (
        *_ONE_KIND,
        (r"行政许可(?:处理)?决定" + _N + "件", "proactive.administrative_licensing.decisions"),
        (r"其他对外管理服务事项(?:处理)?决定" + _N + "件", "proactive.other_external_services.decisions"),
        (r"行政处罚(?:处理)?决定" + _N + "件", "proactive.administrative_penalty.decisions"),
        (r"行政强制(?:处理)?决定" + _N + "件", "proactive.administrative_coercion.decisions"),
        (r"行政事业性收费金额" + _N + "万元", "proactive.administrative_fees.amount_wan_yuan"),
    )
)
_OUTCOMES = (
    ("结果维持", "upheld"),
    ("结果纠正", "corrected"),
    ("其他结果", "other"),
    ("尚未审结", "pending"),
)
_LITIGATION = ("litigation_direct", "litigation_after_reconsideration")
# the outcomes stated after '行政复议N件' or '行政诉讼N件', up to the other of the two
_REVIEW_PART = re.compile(r"(行政复议|行政诉讼)(?:案件|申请)?(?:共)?\d+(?:件|起)(.*?)(?=行政复议|行政诉讼|$)")


Figures = tuple[tuple[Equation, ...], dict[str, Value]]


@dataclass(frozen=True)
class Stated:
    """The narrative `texts`, in the `textnorm.squash` form (the reader has its lines so already);
    the figures about a table are worked out when one of its glued rows first asks (most reports
    never do). `previous`: the equations last year's report gives (`previous_figures`)."""

    texts: tuple[str, ...] = ()
    previous: Figures = ((), {})
    _found: dict[str, Figures] = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        """Whether there is any evidence at all (a narrative, or last year's report)."""
        return any(self.texts) or bool(self.previous[0])

    def about(self, table_key: str) -> Figures:
        """The stated figures about the cells of table `table_key`, as equations over the cells, and
        the figures' values (under paths of their own, 'text:<n>' and 'previous:<n>', never a
        cell's)."""
        if table_key not in self._found:
            equations, values = stated_figures(self.texts, table_key)
            if table_key == "proactive" and self.previous[0]:
                equations, values = (*equations, *self.previous[0]), {**values, **self.previous[1]}
            self._found[table_key] = equations, values
        return self._found[table_key]


def _figures(squashed: str, table_key: str | None) -> list[tuple[tuple[str, ...], float]]:
    """(cell paths, the figure their sum is) for each figure the `squashed` text states about table
    `table_key` (None: every table): the totals the report checker compares with the tables
    (`rules.text_quotes`), table 二's, table 四's outcomes."""
    if table_key == "proactive":
        return _table_two(squashed)
    found: list[tuple[tuple[str, ...], float]] = [
        (paths, figure)
        for _rule, _what, figure, paths in squashed_quotes(squashed)
        if table_key is None or paths[0].startswith(table_key + ".")
    ]
    if table_key in (None, "reviews"):
        found += _reviews(squashed)
    return found + (_table_two(squashed) if table_key is None else [])


def _table_two(squashed: str) -> list[tuple[tuple[str, ...], float]]:
    found: list[tuple[tuple[str, ...], float]] = []
    if "规章" in squashed:
        for pattern, rows, column in _PAIRS:
            for quote in pattern.finditer(squashed):
                for row, figure in zip(rows, quote.groups(), strict=True):
                    found.append(((f"proactive.{row}.{column}",), float(figure)))
    for pattern, path in _SINGLE:
        for quote in pattern.finditer(squashed):
            found.append(((path,), float(quote.group(1) or 0)))
    return found


def _reviews(squashed: str) -> list[tuple[tuple[str, ...], float]]:
    found: list[tuple[tuple[str, ...], float]] = []
    # the outcomes may follow in parentheses after a ';' ('行政诉讼28件（其中…；结果维持12件）')
    for sentence in squashed.split("。"):
        for part in _REVIEW_PART.finditer(sentence):
            groups = ("reconsideration",) if part.group(1) == "行政复议" else _LITIGATION
            rest = part.group(2)
            for label, key in _OUTCOMES:
                quote = re.search(label + _N + "件", rest)
                if quote:
                    found.append((tuple(f"reviews.{g}.{key}" for g in groups), float(quote.group(1))))
            if part.group(1) == "行政诉讼":
                for label, group in (("未经复议直接起诉", _LITIGATION[0]), ("复议后起诉", _LITIGATION[1])):
                    quote = re.search(label + _N + "件", rest)
                    if quote:
                        found.append(((f"reviews.{group}.total",), float(quote.group(1))))
    return found


def stated_figures(texts: Sequence[str], table_key: str | None = None) -> Figures:
    """The figures `texts` (the narrative sections, `squash`ed) state about the cells of table
    `table_key` (None: every table), each once (a figure stated twice with different values is
    dropped)."""
    seen: dict[tuple[str, ...], set[float]] = {}
    for text in texts:
        for paths, figure in _figures(text, table_key):
            seen.setdefault(paths, set()).add(figure)
    equations: list[Equation] = []
    values: dict[str, Value] = {}
    for paths, figures in seen.items():
        if len(figures) != 1:
            continue
        figure = figures.pop()
        name = f"text:{len(values)}"
        values[name] = int(figure) if float(figure).is_integer() else figure
        equations.append(Equation("stated", paths, (name,), paths[0], "正文所述"))
    return tuple(equations), values


PREVIOUS_RULE = "previous"


def previous_figures(previous: Mapping[str, Any] | None, fmt_key: str, year: int | None) -> Figures:
    """The equations last year's report-data `previous` gives this year's (format `fmt_key`, `year`)
    table 二: per row, 现行有效 + 本年废止 = 本年制发 + last year's 现行有效 (under 'previous:<n>').
    Nothing unless both reports are of the 2021 format and `previous` is of the year before (both
    years known), and only for rows whose 现行有效 last year is a number."""
    if (
        previous is None
        or fmt_key != "2021"
        or previous.get("format") != "2021"
        or not isinstance(year, int)
        or previous.get("year") != year - 1
    ):
        return (), {}
    equations: list[Equation] = []
    values: dict[str, Value] = {}
    for row in IN_FORCE_ROWS:
        then = get_cell(previous.get("tables") or {}, f"proactive.{row}.in_force")
        if not isinstance(then, int) or isinstance(then, bool):
            continue
        name = f"previous:{len(values)}"
        values[name] = then
        prefix = f"proactive.{row}."
        equations.append(
            Equation(
                PREVIOUS_RULE,
                (prefix + "in_force", prefix + "repealed"),
                (prefix + "issued", name),
                prefix + "in_force",
                f"上年报告现行有效{then}件",
            )
        )
    return tuple(equations), values


NOTHING_STATED = Stated()
