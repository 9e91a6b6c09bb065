"""Settle a table's glued rows together: the table's equations choose among every row's candidate splits.

Every cell that is the same in all readings of the table that satisfy its equations is read; the
others stay None with a finding naming the cells and their competing values. A blank cell leaves no
trace in glued digits, so a reading may hide one; that is only considered where the table shows
blanks elsewhere (an explicit blank, a row that can only be read with one; for tables without
equations between rows, a blank in another table of several rows too) — then a cell that a
hidden blank could change without breaking a confirmed equation is left None — or where nothing else
fits: no reading of the glued rows satisfies the table, and the rows are left None with an error.
Where the table's equations leave several readings, the figures section 一 states about the
table's cells, and last year's report where it is given (`reading.stated`), choose among them, if
some reading agrees with them all.
Rows whose digits fit no split satisfying their own sums must hide a blank, and rows printed one cell
per line short of cells lost their blank cells' lines; their cells are read where the table's other
equations fix them (`recover_hidden`, `recover_vanished`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cache
from itertools import combinations

from gongkai.annual.formats import ReportFormat, Table
from gongkai.annual.model import Value
from gongkai.annual.reading.digits import MAX_HIDDEN_BLANKS, Candidate, blank_doubts, readings_with_blanks
from gongkai.annual.reading.labels import RowSpec
from gongkai.annual.reading.lines import Token
from gongkai.annual.reading.solver import Relaxed, least_broken, supported
from gongkai.annual.reading.stated import NOTHING_STATED, PREVIOUS_RULE, Stated
from gongkai.annual.reading.values import local_equations, row_splits, row_sum_groups
from gongkai.annual.rules import ERROR, UNCERTAIN, WARNING, Equation, Finding, bounds, equations


@dataclass(frozen=True)
class GluedRow:
    """A row printed as digits that ran together, with the readings that fit its own sums."""

    spec: RowSpec
    digits: str  # as printed (tokens joined by spaces), for findings
    candidates: tuple[Candidate, ...]
    looser: tuple[Candidate, ...] = ()  # also readings that put a printed space inside a cell
    tokens: tuple[Token, ...] = ()  # as printed (`relax` splits them again, its own sums aside)


@cache
def table_equations(fmt_key: str, table_key: str) -> tuple[Equation, ...]:
    """The equations about the cells of one table."""
    return tuple(eq for eq in equations(fmt_key) if eq.where.startswith(table_key + "."))


@cache
def cross_checked(fmt_key: str, table_key: str) -> bool:
    """Whether some equation of the table ties cells of different rows (table 三's columns)."""
    return any(
        len({path.rsplit(".", 1)[0] for path in (*eq.left, *eq.right)}) > 1
        for eq in table_equations(fmt_key, table_key)
    )


@cache
def _column_labels(table: Table) -> dict[str, str]:
    return {
        f"{table.key}.{row.key}.{c.key}": c.label for b in table.blocks for row in b.rows for c in b.columns
    }


def column_label(table: Table, path: str) -> str:
    """A cell's column label; in a one-row table (四) with its group's (行政复议结果维持)."""
    label = _column_labels(table).get(path) or path.rsplit(".", 1)[-1]
    return f"{_group_labels(table).get(path.rsplit('.', 1)[0], '')}{label}" if table.single_row else label


@cache
def _group_labels(table: Table) -> dict[str, str]:
    return {f"{table.key}.{row.key}": row.label for block in table.blocks for row in block.rows}


def _short(spec: RowSpec) -> str:
    return spec.name.split("“", 1)[-1].removesuffix("行").removesuffix("”")


@dataclass
class Settled:
    """What settling a table's glued rows gives: cell values, findings, the cells they explain."""

    values: dict[str, Value]
    findings: list[Finding]
    explained: set[str]
    unsettled: bool = False  # no reading of the glued rows satisfies the table's equations


def settle(
    rows: Sequence[GluedRow],
    values: dict[str, Value],
    table: Table,
    fmt: ReportFormat,
    blanks_seen: bool,
    glued_seen: bool = True,
    stated: Stated = NOTHING_STATED,
) -> Settled:
    """Read the glued `rows` of `table` given the other cells' `values` (see module doc).

    `blanks_seen`: the report shows blank cells, so any glued row may hide one. `glued_seen`: the
    report has rows split by their own sums; where it has none, a row without sums (table 二) whose
    value may be one cell printed apart from its blank neighbour ('12' for two cells, one blank)
    is only read where no blank could hide in it. `stated`: the narrative's figures, which choose
    among the readings the table leaves open where some reading agrees with them."""
    out = Settled({}, [], set())
    if not rows:
        return out
    rows, support = _supported(rows, values, table_equations(fmt.key, table.key))
    if support is None or not any(support):
        _unsettled(rows, values, table, fmt, out, too_many=support is None)
        out.unsettled = support is not None
        return out
    by_text: set[str] = set()
    if any(len(kept) > 1 for kept in support) and stated:
        support, by_text = _by_text(rows, support, values, table, stated)
    decided: list[GluedRow] = []
    for row, kept in zip(rows, support, strict=True):
        readings = [row.candidates[index] for index in sorted(kept)]
        for path, cells in zip(row.spec.paths, zip(*readings, strict=True), strict=True):
            out.values[path] = cells[0] if len(set(cells)) == 1 else None
        if len(readings) > 1:
            _ambiguous(row, readings, table, out)
        may_hide = blanks_seen or (not glued_seen and not local_equations(row.spec.paths, fmt.key))
        known = {**values, **out.values}
        if may_hide and _blank_doubts(row, readings, known, table, fmt, out):
            continue
        if len(readings) == 1:
            decided.append(row)
    if decided:
        out.findings.append(_glued_warning(decided, out.values, table, fmt, by_text))
    return out


def _by_text(
    rows: Sequence[GluedRow],
    support: list[set[int]],
    values: dict[str, Value],
    table: Table,
    stated: Stated,
) -> tuple[list[set[int]], set[str]]:
    """Each row's supported readings narrowed to those that agree with the figures the narrative
    states about the row's cells, and with last year's report (every other cell of such a figure
    known), where some reading does; else the row's readings as they are. Narrowing one row of
    table 三 does not narrow the rows tied to it by the columns' sums: those stay as open as they
    were (null, never wrong). Also the rules (`Equation.rule`) of the evidence that narrowed."""
    about, figures = stated.about(table.key)
    narrowed: list[set[int]] = list(support)
    used: set[str] = set()
    for r, (row, kept) in enumerate(zip(rows, support, strict=True)):
        own = set(row.spec.paths)
        checks = [eq for eq in about if own & {*eq.left}]
        if len(kept) < 2 or not checks:
            continue
        known = {**values, **figures}
        agreeing = set()
        for index in kept:
            known.update(zip(row.spec.paths, row.candidates[index], strict=True))
            if all(eq.holds(known) is not False for eq in checks):
                agreeing.add(index)
        if agreeing and agreeing != kept:
            narrowed[r] = agreeing
            used |= {eq.rule for eq in checks}
    return narrowed, used


def _supported(
    rows: Sequence[GluedRow], values: dict[str, Value], inside: Sequence[Equation]
) -> tuple[Sequence[GluedRow], list[set[int]] | None]:
    """The rows and, per row, its candidates that some reading of the whole table satisfying its
    equations uses (`solver.supported`). A space is a hint, not a rule: where no reading keeping
    the spaces fits, readings with a split across a space (`GluedRow.looser`) are tried."""
    support = supported(values, [(row.spec.paths, row.candidates) for row in rows], inside)
    if support is not None and not any(support) and any(row.looser for row in rows):
        loose = [replace(row, candidates=row.looser) if row.looser else row for row in rows]
        looser_support = supported(values, [(row.spec.paths, row.candidates) for row in loose], inside)
        if looser_support is None or any(looser_support):
            return loose, looser_support
    return rows, support


def _unsettled(
    rows: Sequence[GluedRow],
    values: dict[str, Value],
    table: Table,
    fmt: ReportFormat,
    out: Settled,
    too_many: bool,
) -> None:
    """No reading of the glued rows satisfies the table (or there are too many to search): the
    table hides blanks or its numbers are wrong. Only what the printed digits alone fix is kept:
    a cell all of its row's splits agree on that no hidden blank could change ('0000000' is seven
    zeros, whatever else the table says); the rest is None."""
    for row in rows:
        readings = list(row.candidates)
        agreed = {
            path: cells[0]
            for path, cells in zip(row.spec.paths, zip(*readings, strict=True), strict=True)
            if len(set(cells)) == 1
        }
        out.values.update(dict.fromkeys(row.spec.paths))
        out.values.update(agreed)
        quiet = Settled({}, [], set())
        _blank_doubts(row, readings, {**values, **out.values}, table, fmt, quiet, confirm=False)
        out.values.update(quiet.values)
        out.explained.update(path for path in row.spec.paths if out.values[path] is None)
    names = "、".join(f"“{_short(row.spec)}”（{row.digits}）" for row in rows[:6])
    more = f"等{len(rows)}行" if len(rows) > 6 else ""
    why = (
        "可能的拆分过多，无法逐一核对"
        if too_many
        else "找不到同时符合表内各项勾稽关系的拆分：原表可能含有空白格，或原表数字本身有误"
    )
    out.findings.append(
        Finding(
            "ambiguous_digits",
            UNCERTAIN if too_many else ERROR,
            f"表{table.number}中{names}{more}的数字连在一起，{why}；这些行中不能确定的格记为空（null），请核对原表。",
            table.key,
        )
    )


def _ambiguous(row: GluedRow, readings: Sequence[Candidate], table: Table, out: Settled) -> None:
    """A row the table's equations leave with several readings: the differing cells stay None."""
    differing: list[str] = []
    fits = "件数常理（表二没有合计可核对）" if table.key == "proactive" else "表内各项勾稽关系"
    for k, path in enumerate(row.spec.paths):
        seen = list(dict.fromkeys(reading[k] for reading in readings))
        if len(seen) > 1:
            out.explained.add(path)
            differing.append(f"“{column_label(table, path)}”为{'或'.join(str(v) for v in seen[:4])}")
    out.findings.append(
        Finding(
            "ambiguous_digits",
            UNCERTAIN,
            f"{row.spec.name}的数字连在一起（{row.digits}），有{len(readings)}种拆分都符合{fits}："
            f"{'，'.join(differing)}；这些格记为空（null）。",
            row.spec.where,
        )
    )


def _confirmed(spec: RowSpec, values: dict[str, Value], table: Table, fmt: ReportFormat) -> set[str]:
    """The row's cells that take part in another equation of the table that holds with all its cells
    known: a different value would break it. A row no other equation checks (table 二, 四) has
    nothing confirmed: a hidden blank there breaks no equation outside the row."""
    own = set(spec.paths)
    others = [
        eq
        for eq in table_equations(fmt.key, table.key)
        if own & {*eq.left, *eq.right} and not {*eq.left, *eq.right} <= own
    ]
    return {path for eq in others if eq.holds(values) is True for path in (*eq.left, *eq.right)} & own


def _blank_doubts(
    row: GluedRow,
    readings: Sequence[Candidate],
    values: dict[str, Value],
    table: Table,
    fmt: ReportFormat,
    out: Settled,
    confirm: bool = True,
) -> bool:
    """Where a blank may hide: the cells of a row, read alike in all its `readings`, that a hidden
    blank could change without breaking a confirmed equation (none when not `confirm`) are set None
    with an error. True if there were any."""
    spec = row.spec
    confirmed = _confirmed(spec, values, table, fmt) if confirm else set()
    agreed = {path for path in spec.paths if values.get(path) is not None}
    if confirmed >= agreed:
        return False
    groups: Sequence[int] = row_sum_groups(spec.paths, fmt.key) or ()
    if len(groups) == 1:
        groups = ()  # the only group holds the blank: its sum is never checked
    indexes = {k for k, path in enumerate(spec.paths) if path in confirmed}
    digits = row.digits.replace(" ", "")
    doubts: set[str] = set()
    for cells in readings:
        if digits.isdigit() and all(isinstance(value, int) for value in cells):
            found = blank_doubts(digits, [int(value or 0) for value in cells], indexes, groups)
            doubts |= {spec.paths[k] for k in found}
        else:  # a signed or decimal cell: the blank search reads digits only, so nothing is certain
            doubts = set(spec.paths)
    doubts &= agreed
    if not doubts:
        return False
    for path in doubts:
        out.values[path] = None
        out.explained.add(path)
    some = "部分格" if len(doubts) < len(spec.paths) else ""
    out.findings.append(
        Finding(
            "ambiguous_digits",
            UNCERTAIN,
            f"{spec.name}的数字连在一起（{row.digits}），本表其他地方有空白格，这一行也可能含有空白格，"
            f"{some}无法确定的格记为空（null）。",
            spec.where,
        )
    )
    return True


def _glued_warning(
    rows: Sequence[GluedRow],
    values: dict[str, Value],
    table: Table,
    fmt: ReportFormat,
    by_text: Collection[str] = (),
) -> Finding:
    names = "、".join(_short(row.spec) for row in rows[:5])
    more = f"等{len(rows)}行" if len(rows) > 5 else ""
    if len(rows) == 1:
        more = "（读为" + " ".join(str(values[path]) for path in rows[0].spec.paths) + "）"
    # table 二 has no sums: its rows split one way by their digits and the laws of counting
    paths = {path for row in rows for path in row.spec.paths}
    laws = "、".join(dict.fromkeys(law.describe for law in bounds(fmt.key) if paths & {*law.low, *law.high}))
    how = (
        "勾稽关系"
        if cross_checked(fmt.key, table.key) or table_equations(fmt.key, table.key)
        else "各格不以0开头"
    )
    if laws:
        how += f"及件数常理（{laws}）"
    if by_text:
        how += "及" + "、".join(
            "上年报告的现行有效件数" if rule == PREVIOUS_RULE else "正文所述数字" for rule in sorted(by_text)
        )
    return Finding(
        "glued_digits",
        WARNING,
        f"表{table.number}中“{names}”{more}的数字连在一起（没有分隔），已按{how}唯一拆分，请核对。",
        table.key,
    )


# --- rows that must hide a blank -------------------------------------------------------------------


def _required(path: str, others: Sequence[Equation], values: dict[str, Value]) -> int | None:
    """The value the table's other equations demand of the cell `path` (all their other cells
    known); -1 when they demand different values or no count; None when none of them can say."""
    demanded: set[float] = set()
    for equation in others:
        if path not in equation.left and path not in equation.right:
            continue
        rest = [p for p in (*equation.left, *equation.right) if p != path]
        if any(values.get(p) is None for p in rest):
            continue
        own, opposite = (
            (equation.left, equation.right) if path in equation.left else (equation.right, equation.left)
        )
        demanded.add(sum(values[p] or 0 for p in opposite) - sum(values[p] or 0 for p in own if p != path))
    if not demanded:
        return None
    value = demanded.pop()
    return int(value) if not demanded and float(value).is_integer() and value >= 0 else -1


def recover_hidden(
    hidden: Sequence[GluedRow], values: dict[str, Value], table: Table, fmt: ReportFormat
) -> Settled:
    """Glued rows whose digits fit no split satisfying the row's own sums: the row has a blank
    cell, which leaves no trace. A cell is read where every reading of the digits with 1 to
    MAX_HIDDEN_BLANKS blank cells, each other cell being what the table's other equations demand
    of it (where they can say), gives it the same number; the rest stay None."""
    out = Settled({}, [], set())
    for row in hidden:
        spec, digits = row.spec, row.digits
        fixed = _demanded(spec, values, table, fmt)
        possible = readings_with_blanks(digits.replace(" ", ""), len(spec.paths), fixed) or [
            set() for _ in spec.paths
        ]
        why = f"的数字连在一起（{digits}），没有符合本行合计的拆分：或有空白格，或所印合计有误"
        # the values the blank readings give are not all the row may hold (a wrong total is the
        # other explanation): they are not named
        _take_certain(out, spec, possible, why, table, name_values=False)
    return out


def recover_vanished(
    short: Sequence[tuple[RowSpec, tuple[Value, ...]]],
    values: dict[str, Value],
    table: Table,
    fmt: ReportFormat,
) -> Settled:
    """Rows printed one cell per line that are short of cells: a blank cell left no line (a web
    page's empty cell), and may have been any of the row's cells. A cell is read where every
    placement of the row's 1 to MAX_HIDDEN_BLANKS blank cells that agrees with what the table's
    other equations demand of the others (where they can say) and with the row's own sums (where
    they hold no blank) gives it the same number; the rest stay None."""
    out = Settled({}, [], set())
    for spec, printed in short:
        missing = len(spec.paths) - len(printed)
        possible: list[set[Value]] = [set() for _ in spec.paths]
        if 0 < missing <= MAX_HIDDEN_BLANKS:
            fixed = _demanded(spec, values, table, fmt)
            local = local_equations(spec.paths, fmt.key)
            for blanks in combinations(range(len(spec.paths)), missing):
                cells = list(printed)
                for index in blanks:
                    cells.insert(index, None)
                if _placement_fits(spec.paths, cells, fixed, local):
                    for found, value in zip(possible, cells, strict=True):
                        found.add(value)
        shown = " ".join(str(value) for value in printed)
        why = f"应有{len(spec.paths)}个数，只印出{len(printed)}个（{shown}），空白格未印出、位置不明"
        _take_certain(out, spec, possible, why, table)
    return out


def _demanded(spec: RowSpec, values: dict[str, Value], table: Table, fmt: ReportFormat) -> dict[int, int]:
    """What the table's equations outside the row demand of the row's cells, by index."""
    own = set(spec.paths)
    others = [eq for eq in table_equations(fmt.key, table.key) if not {*eq.left, *eq.right} <= own]
    return {
        index: value
        for index, path in enumerate(spec.paths)
        if (value := _required(path, others, values)) is not None
    }


def _placement_fits(
    paths: Sequence[str], cells: Sequence[Value], fixed: dict[int, int], local: Sequence[Equation]
) -> bool:
    """Whether a placement of a row's blank cells gives every fixed cell its value (or a blank) and
    satisfies the row's own sums that hold no blank."""
    if any(cells[index] is not None and cells[index] != value for index, value in fixed.items()):
        return False
    known = dict(zip(paths, cells, strict=True))
    for equation in local:
        sides = [[known[p] for p in side] for side in (equation.left, equation.right)]
        if all(v is not None for side in sides for v in side) and sum(sides[0]) != sum(sides[1]):  # type: ignore[arg-type]
            return False
    return True


def _take_certain(
    out: Settled,
    spec: RowSpec,
    possible: Sequence[AbstractSet[Value]],
    why: str,
    table: Table,
    name_values: bool = True,
) -> None:
    """Read the cells of a row with blank cells whose value is the same in every possible reading
    (`possible`: per cell, its values); the rest None; an error finding saying `why`, how many were
    read and (`name_values`: `possible` holds every reading) the competing values of the cells left
    None where there are a few."""
    read = 0
    competing: list[str] = []
    for path, found in zip(spec.paths, possible, strict=True):
        if len(found) == 1 and (value := next(iter(found))) is not None:
            out.values[path] = value
            read += 1
            continue
        out.explained.add(path)
        if name_values and 1 < len(found) <= 4:
            shown = sorted(found, key=lambda v: (v is None, v or 0))
            named = "或".join("空白" if v is None else str(v) for v in shown)
            competing.append(f"“{column_label(table, path)}”为{named}")
    outcome = (
        f"按表内其他勾稽关系确定了其中{read}格，其余记为空（null）"
        if read
        else "无法确定各数所属的列，本行各格记为空（null）"
    )
    if competing:
        more = "等" if len(competing) > 6 else ""
        outcome += f"（{'，'.join(competing[:6])}{more}）"
    out.findings.append(Finding("irregular_row", ERROR, f"{spec.name}{why}；{outcome}。", spec.where))


# --- tables whose own numbers do not add up ----------------------------------------------------------

# The most equations a table's least broken reading may break: one wrong number printed in table 三's
# 总计 column breaks its row's total, its column's sum and its column's balance.
MOST_BROKEN = 3


def relax(
    rows: Sequence[GluedRow], values: dict[str, Value], table: Table, fmt: ReportFormat
) -> Settled | None:
    """Glued `rows` of a table that shows no blank, when no reading satisfies the table's equations
    (or a row fits no split of its own sums): the source's own numbers do not add up (a wrong total).

    A row some split of which fits its own sums keeps those readings; a row none fits takes every
    split into its cells (no leading zeros, each printed space a cell boundary). The readings of the
    whole table breaking the fewest equations (`solver.least_broken`, at most MOST_BROKEN) are kept
    where in each of them the broken equations share one cell (one wrong number explains them). A
    cell the same in all of them is read; the others are None. The findings name the broken
    equations: the report's numbers are wrong whatever the reading. None (nothing claimed) where
    no such readings exist."""
    found = _least_broken(rows, values, table, fmt)
    if found is None:
        return None
    domains, relaxed, broken = found
    out = Settled({}, [], set())
    differing: list[str] = []
    for path, seen in _cell_values(domains, relaxed).items():
        out.values[path] = seen[0] if len(seen) == 1 else None
        if len(seen) > 1:
            out.explained.add(path)
            differing.append(f"“{column_label(table, path)}”为{'或'.join(str(v) for v in seen[:4])}")
    names = "、".join(_short(row.spec) for row in rows[:5]) + (f"等{len(rows)}行" if len(rows) > 5 else "")
    wrong = "、".join(dict.fromkeys(eq.describe for eqs in broken for eq in eqs))
    how = (
        f"原表数字本身有误：没有同时符合表内各项勾稽关系的拆分，只违反{relaxed.broken}项关系（{wrong}）的拆分"
    )
    if differing:
        message = f"{how}有{len(relaxed.readings)}种：{'，'.join(differing[:6])}；这些格记为空（null），请核对原表。"
        out.findings.append(
            Finding(
                "ambiguous_digits", ERROR, f"表{table.number}中“{names}”的数字连在一起，{message}", table.key
            )
        )
    else:
        message = f"{how}只有一种，已按其读取，请核对原表。"
        out.findings.append(
            Finding(
                "glued_digits", WARNING, f"表{table.number}中“{names}”的数字连在一起，{message}", table.key
            )
        )
    return out


def _least_broken(
    rows: Sequence[GluedRow], values: dict[str, Value], table: Table, fmt: ReportFormat
) -> tuple[list[tuple[tuple[str, ...], list[Candidate]]], Relaxed, list[list[Equation]]] | None:
    """`relax`'s rows' readings (per row: its paths and splits), the least broken readings of the
    table, and the equations each of them breaks; None where `relax` claims nothing."""
    domains: list[tuple[tuple[str, ...], list[Candidate]]] = []
    for row in rows:
        # a row some split of which fits its own sums is read by those: the wrong number lies elsewhere
        splits = list(row.candidates) or (row_splits(row.spec, row.tokens, fmt) if row.tokens else None)
        if not splits:
            return None
        domains.append((row.spec.paths, splits))
    inside = table_equations(fmt.key, table.key)
    found = None
    for most in range(1, MOST_BROKEN + 1):  # the fewest first: each bound cuts the search harder
        found = least_broken(values, domains, inside, most)
        if found is not None:
            break
    if found is None or not found.broken:
        return None
    broken = [[inside[e] for e in sorted(indexes)] for _chosen, indexes in found.readings]
    if not all(set.intersection(*({*eq.left, *eq.right} for eq in eqs)) for eqs in broken):
        return None
    known: dict[str, Value] = dict(values)
    for path, seen in _cell_values(domains, found).items():
        known[path] = seen[0] if len(seen) == 1 else None
    if any(_blank_fits(row, known, table, fmt) for row in rows if not row.candidates):
        return None  # a hidden blank explains a row fitting no split as well as a wrong number
    return domains, found, broken


def _cell_values(
    domains: Sequence[tuple[tuple[str, ...], Sequence[Candidate]]], relaxed: Relaxed
) -> dict[str, list[Value]]:
    """Per cell of the relaxed rows, its distinct values across the kept readings, in reading order."""
    return {
        path: list(dict.fromkeys(splits[chosen[r]][k] for chosen, _broken in relaxed.readings))
        for r, (paths, splits) in enumerate(domains)
        for k, path in enumerate(paths)
    }


def _blank_fits(row: GluedRow, known: dict[str, Value], table: Table, fmt: ReportFormat) -> bool:
    """Whether some reading of the row's digits with 1 to MAX_HIDDEN_BLANKS blank cells fits its own
    sums (where no blank is in their group) and the values the table's other equations demand of its
    cells given the `known` cells of the other rows (`recover_hidden`'s test)."""
    digits = row.digits.replace(" ", "")
    if not digits.isdigit():
        return True
    own = set(row.spec.paths)
    fixed = _demanded(row.spec, {path: value for path, value in known.items() if path not in own}, table, fmt)
    groups = row_sum_groups(row.spec.paths, fmt.key) or ()
    possible = readings_with_blanks(digits, len(row.spec.paths), fixed, groups)
    return possible is None or any(possible)
