"""Read one statutory table from its zone: find the row labels, align the value runs, read the values.

The steps live beside this module: `zones` (the table's text pieces and value runs), `labels` (where
each row's label is printed), `align` (which run fills which row), `values` (a row's tokens as cells,
glued digits as candidate splits), `glued` and `solver` (the table's equations choosing among the
glued rows' splits). What cannot be aligned or read with certainty stays None with a finding that
says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter

from gongkai.annual.formats import ReportFormat, Table
from gongkai.annual.model import Tables, Value, set_cells
from gongkai.annual.reading.align import align_runs, differences
from gongkai.annual.reading.digits import glued_digits, token_splits
from gongkai.annual.reading.glued import (
    GluedRow,
    Settled,
    column_label,
    cross_checked,
    recover_hidden,
    recover_vanished,
    relax,
    settle,
)
from gongkai.annual.reading.labels import RowSpec, locate_labels, row_specs
from gongkai.annual.reading.lines import GAP_BLANK, Token
from gongkai.annual.reading.stated import NOTHING_STATED, Stated
from gongkai.annual.reading.values import is_glued, local_equations, row_candidates
from gongkai.annual.reading.zones import Zone, build_zone
from gongkai.annual.rules import ERROR, WARNING, Equation, Finding

__all__ = ["Context", "TableReading", "Zone", "build_zone", "read_table", "store"]

_raw, _value = attrgetter("raw"), attrgetter("value")  # of a Token


@dataclass(frozen=True)
class Context:
    """What the report's other tables show: a blank cell somewhere (so a glued row may hide one), and
    rows whose digits ran together and were split by their own sums (so the report's tables were
    flattened without separators, and a row without sums whose digits split one way is glued too);
    and the figures its narrative states (`reading.stated`)."""

    blanks_seen: bool = False
    glued_seen: bool = False
    stated: Stated = NOTHING_STATED


@dataclass
class TableReading:
    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    explained: set[str] = field(default_factory=set)  # cells set None with a finding of our own
    glued: list[GluedRow] = field(default_factory=list)  # rows of digits that ran together
    hidden: list[GluedRow] = field(default_factory=list)  # glued rows that must hide a blank (no candidates)
    # rows printed one cell per line, short of cells (`recover_vanished`)
    vanished: list[tuple[RowSpec, tuple[Value, ...]]] = field(default_factory=list)
    # rows of zeros too short once empty end cells were dropped as layout (`_settle_trimmed`)
    trimmed_zeros: list[tuple[RowSpec, tuple[Token, ...]]] = field(default_factory=list)
    # rows read with two or more blanks counted from one gap's width (`_settle_gaps`)
    gapped: list[tuple[RowSpec, tuple[Token, ...]]] = field(default_factory=list)
    blanks_shown: bool = False  # the table prints a blank somewhere (an explicit or a missing cell)
    glued_seen: bool = False  # a glued row split by its own sums
    found_labels: int = 0

    @property
    def blanks_seen(self) -> bool:
        """A blank shown, or a glued row fitting no split of its own sums: a hidden one is then possible."""
        return self.blanks_shown or bool(self.hidden)

    def take(self, settled: Settled) -> None:
        self.values.update(settled.values)
        self.findings += settled.findings
        self.explained |= settled.explained


def _all_zero(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and all(token.value == 0 for token in tokens)


def _count_message(spec: RowSpec, tokens: Sequence[Token]) -> str:
    printed = " ".join(token.raw or "（空）" for token in tokens)
    return f"{spec.name}应有{len(spec.paths)}个数，实际读到{len(tokens)}个（{printed}）"


def _read_row(
    spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat, reading: TableReading, trimmed: bool = False
) -> None:
    """Put one row's values (or None with a finding) into `reading`; a glued row is kept for the
    table (`settle`). `trimmed`: empty cells printed at the row's ends were left out as layout."""
    paths = spec.paths
    if len(tokens) == len(paths) and _gap_blanks_impossible(spec, tokens, fmt):
        # blanks counted from the width of gaps ('42   4073') that leave a row its sums cannot
        # satisfy, whatever counts the blanks stand for: the gaps were separators, the digits glued
        reading.blanks_shown = True
        tokens = [token for token in tokens if token.raw != GAP_BLANK]
    if len(tokens) == len(paths):  # the common row: one value per cell (looped in C: `map`)
        reading.values.update(zip(paths, map(_value, tokens), strict=True))
        if not reading.blanks_shown and None in map(_value, tokens):
            reading.blanks_shown = True
        if GAP_BLANK in map(_raw, tokens) and any(a.raw == b.raw == GAP_BLANK for a, b in pairwise(tokens)):
            reading.gapped.append((spec, tuple(tokens)))
        return
    if any(token.value is None and token.raw != "" for token in tokens):
        reading.blanks_shown = True
    if is_glued(spec, tokens) and _read_glued(spec, tokens, fmt, reading):
        return
    _irregular(spec, tokens, fmt, reading, trimmed)


def _gap_blanks_impossible(spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat) -> bool:
    """Whether `tokens` hold blanks read from the width of a gap between numbers (`GAP_BLANK`) and
    some sum of the row fails even with each blank any count (`_sums_can_hold`)."""
    if GAP_BLANK not in map(_raw, tokens):
        return False
    cells = dict(zip(spec.paths, (token.value for token in tokens), strict=True))
    return not _sums_can_hold(cells, local_equations(spec.paths, fmt.key))


def _sums_can_hold(cells: dict[str, Value], local: Sequence[Equation]) -> bool:
    """Whether each of the row's sums can hold with each blank (None) any count: no side without
    blanks is smaller than the other side's printed numbers, as a blank is never negative."""
    for equation in local:
        sides: list[tuple[float, bool]] = []
        for side in (equation.left, equation.right):
            known = [value for path in side if (value := cells[path]) is not None]
            sides.append((float(sum(known)), len(known) < len(side)))
        (left, left_open), (right, right_open) = sides
        if (not right_open and left > right + 1e-6) or (not left_open and right > left + 1e-6):
            return False
    return True


def _gap_options(tokens: Sequence[Token]) -> list[list[tuple[Value, ...]]]:
    """Per printed item of a gapped row (a run of gap blanks, a number, an explicit blank), the
    cells it may stand for. In a table whose rows ran together a crawler printed a blank cell as
    nothing or a space, and a space between some cells only: a gap read as n blanks is at least
    ⌈n/2⌉ of them (a blank space between two spaced boundaries widens it by two), and each fewer
    blank is a cell glued onto a printed number."""
    items: list[list[tuple[Value, ...]]] = []
    run = 0
    for token in [*tokens, None]:
        if token is not None and token.raw == GAP_BLANK:
            run += 1
            continue
        if run:
            items.append([(None,) * k for k in range((run + 1) // 2, run + 1)])
            run = 0
        if token is None:
            break
        most = len(glued_digits(token)) or 1
        items.append(
            [(token.value,)]
            if token.value is None
            else [s for n in range(1, most + 1) for s in token_splits(token, n)]
        )
    return items


def _gap_readings(spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat) -> list[tuple[Value, ...]]:
    """The readings of a gapped row (`_gap_options`) with the row's cell count whose sums can hold
    with each blank any count (`_sums_can_hold`); the printed reading among them."""
    items, size = _gap_options(tokens), len(spec.paths)
    local = local_equations(spec.paths, fmt.key)
    found: list[tuple[Value, ...]] = []

    def extend(index: int, cells: tuple[Value, ...]) -> None:
        if len(cells) > size or len(found) > 256:
            return
        if index == len(items):
            if len(cells) == size and _sums_can_hold(dict(zip(spec.paths, cells, strict=True)), local):
                found.append(cells)
            return
        for option in items[index]:
            extend(index + 1, cells + option)

    extend(0, ())
    return found


def _settle_gaps(reading: TableReading, table: Table, fmt: ReportFormat) -> None:
    """Rows read with blanks counted from a gap's width, in a table whose rows ran together: the
    count is uncertain (`_gap_options`). A cell is read where every reading of the row agrees on
    it; the others are None with a finding naming the competing values."""
    for spec, tokens in reading.gapped:
        readings = _gap_readings(spec, tokens, fmt)
        if len(readings) == 1:
            continue
        differing: list[str] = []
        for index, path in enumerate(spec.paths):
            seen = list(dict.fromkeys(cells[index] for cells in readings))
            if len(seen) != 1 or len(readings) > 256:  # none fits, or too many to name: all null
                reading.values[path] = None
                reading.explained.add(path)
                shown = "或".join("空白" if v is None else str(v) for v in seen[:4])
                differing.append(f"“{column_label(table, path)}”为{shown}" if len(seen) > 1 else "")
        printed = " ".join(token.raw.strip() or "（空）" for token in tokens)
        named = "，".join(part for part in differing if part) or "各格所属的列无法确定"
        reading.findings.append(
            Finding(
                "ambiguous_digits",
                ERROR,
                f"{spec.name}的数字之间有宽窄不一的空格（{printed}），空白格的个数不能确定，"
                f"数字可能属于不同的列：{named}；这些格记为空（null），请核对原表。",
                spec.where,
            )
        )


def _read_glued(spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat, reading: TableReading) -> bool:
    """A row whose digits ran together: its candidate splits, for the table to choose; a row whose
    digits fit no split satisfying its own sums hides a blank. False when it cannot be read so."""
    found = row_candidates(spec, tokens, fmt)
    if found is None:
        return False
    candidates, every = found
    digits = " ".join(token.raw for token in tokens)
    local = local_equations(spec.paths, fmt.key)
    if candidates:
        looser = tuple(every) if len(every) > len(candidates) else ()
        reading.glued.append(GluedRow(spec, digits, tuple(candidates), looser, tuple(tokens)))
        # evidence that the report's tables were flattened without separators: a row with sums
        # printed in at most half as many numbers as it has cells (not one number short of a blank)
        reading.glued_seen = reading.glued_seen or (bool(local) and 2 * len(tokens) <= len(spec.paths))
        return True
    if not local or {p for eq in local for p in (*eq.left, *eq.right)} != set(spec.paths):
        return False
    # every cell is in the row's sums and no split satisfies them: the row hides a blank cell
    reading.explained.update(spec.paths)
    reading.hidden.append(GluedRow(spec, digits, (), (), tuple(tokens)))
    return True


def _irregular(
    spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat, reading: TableReading, trimmed: bool = False
) -> None:
    """A row with the wrong number of values. Too many zeros can only be zeros. Too few zeros: only
    where every cell is visible (cell boundaries, none empty) is the missing cell provably 0 by the
    row's total; otherwise it may be a blank cell whose place is unknown. Where empty cells at the
    row's end were left out as the grid's layout (`trimmed`), one of them may be that blank: this is
    decided once the whole table is read (`_settle_trimmed`)."""
    paths = spec.paths
    numbers = [token for token in tokens if not token.is_blank]
    if len(numbers) == len(tokens) < len(paths) and all(token.alone for token in tokens):
        # one cell per line, short of cells: blank cells left no line (`recover_vanished`)
        reading.vanished.append((spec, tuple(token.value for token in tokens)))
        reading.blanks_shown = True
        return
    local = local_equations(paths, fmt.key)
    sums_cover_row = bool(local) and {p for eq in local for p in (*eq.left, *eq.right)} == set(paths)
    too_few_visible = (
        len(numbers) == len(tokens)
        and all(token.in_cell and not token.alone for token in tokens)
        and sums_cover_row
    )
    resolved = _all_zero(numbers) and (
        len(numbers) > len(paths) or (len(numbers) < len(paths) and too_few_visible)
    )
    if resolved and trimmed and len(numbers) < len(paths):
        reading.trimmed_zeros.append((spec, tuple(tokens)))
        return
    # too few and not provably zeros: blanks somewhere
    reading.blanks_shown = reading.blanks_shown or (len(numbers) < len(paths) and not resolved)
    _irregular_outcome(spec, tokens, reading, resolved, "" if resolved else _zeros_or_blanks(spec, tokens))


def _doubtful_message(table: Table, spec: RowSpec, tokens: Sequence[Token]) -> str:
    """Why a row whose numbers two alignments of the zone place differently is left null: in a
    one-row table (四) there is no other row: what differs is which of the printed gaps (double
    spaces, a blank cell's trace) are its cells."""
    if not table.single_row:
        return f"{spec.name}的数字可归属于不止一行，无法确定，记为空（null）。"
    zeros = _zeros_or_blanks(spec, tokens)
    return f"{spec.name}的数字之间的空隙可能是空白格，也可能只是排版；{zeros}无法确定各数所属的列，本行各格记为空（null）。"


def _zeros_or_blanks(spec: RowSpec, tokens: Sequence[Token]) -> str:
    """Where a row prints fewer digits than it has cells and every digit is 0 (a 0 starts no number
    of several digits, so each is a cell of its own): the competing values of each cell, 0 or blank
    (a whole group left empty prints nothing, `0000000000` for fifteen cells); else ''."""
    digits = "".join(token.raw for token in tokens).replace(" ", "")
    if not digits or set(digits) != {"0"} or len(digits) >= len(spec.paths):
        return ""
    blanks = len(spec.paths) - len(digits)
    return f"印出的{len(digits)}个数字全为0（每个0只能单独成一格），另有{blanks}格空白、位置不明：各格为0或空白，"


def _irregular_outcome(
    spec: RowSpec, tokens: Sequence[Token], reading: TableReading, resolved: bool, why: str = ""
) -> None:
    for path in spec.paths:
        reading.values[path] = 0 if resolved else None
        if not resolved:
            reading.explained.add(path)
    outcome = (
        "所列数字全为0，且本行合计等于各项之和、件数不能为负，各格只能为0，已按0读取，请核对原表。"
        if resolved
        else f"{why}无法确定各数所属的列，本行各格记为空（null）。"
    )
    reading.findings.append(
        Finding("irregular_row", ERROR, f"{_count_message(spec, tokens)}；{outcome}", spec.where)
    )


def _settle_trimmed(reading: TableReading, blanks: bool) -> None:
    """Rows of zeros one or more short once empty cells at their end were taken for the grid's
    layout: zeros where the table shows no blank cell (the row's total makes a missing cell 0),
    else None (one of those empty cells may be a blank)."""
    for spec, tokens in reading.trimmed_zeros:
        why = "本表有空白格，行末被当作版式的空格也可能是空白格，" if blanks else ""
        _irregular_outcome(spec, tokens, reading, not blanks, why)


def _read_shifted(
    spec: RowSpec, shifts: Sequence[Sequence[Token]], table: Table, reading: TableReading
) -> None:
    """A row with more empty cells at its ends than its size leaves room for (`Assigned.shifts`): a cell
    is read where every placement of the values gives it the same value (a blank is a blank); the
    others are None with an error naming the competing values (every placement holds a blank, so
    the report is incomplete whichever is right)."""
    reading.blanks_shown = True  # an empty cell is a blank in every placement
    differing: list[str] = []
    for index, path in enumerate(spec.paths):
        seen = list(dict.fromkeys(tokens[index].value for tokens in shifts))
        if len(seen) == 1:
            reading.values[path] = seen[0]
            continue
        reading.values[path] = None
        reading.explained.add(path)
        differing.append(
            f"“{column_label(table, path)}”为{'或'.join('空白' if v is None else str(v) for v in seen)}"
        )
    printed = " ".join(token.raw or "（空）" for token in shifts[0])
    reading.findings.append(
        Finding(
            "shifted_cells",
            ERROR,
            f"{spec.name}首尾都有空格（{printed}），开头的可能是标签所占的格，末尾的可能是表格的留白；"
            "无论数字属于哪几列本行都含有空白格（空白不等于0）；"
            f"数字可能属于不同的列：{'，'.join(differing)}，这些格记为空（null），请核对原表。",
            spec.where,
        )
    )


def _apply_merged(spec: RowSpec, table: Table, reading: TableReading) -> None:
    """Distribute a merged row's values to its parts: zeros only (counts cannot be negative)."""
    assert spec.merged is not None
    values = [reading.values.pop(path, None) for path in spec.paths]
    columns = [path.rsplit(".", 1)[1] for path in spec.paths]
    zero = all(value == 0 for value in values)
    for part in spec.merged.parts:
        for column in columns:
            path = f"{table.key}.{part}.{column}"
            reading.values[path] = 0 if zero else None
            if not zero:
                reading.explained.add(path)
    name = f"{spec.merged.prefix}{spec.merged.label}"
    if zero:
        reading.findings.append(
            Finding(
                "combined_row",
                WARNING,
                f"表{table.number}把“{name}”印为一行（旧格式），没有分列其3个子项；该行全为0，件数不能为负，子项均读为0。",
                spec.where,
            )
        )
    else:
        reading.findings.append(
            Finding(
                "combined_row",
                ERROR,
                f"表{table.number}把“{name}”印为一行（旧格式），没有分列其3个子项，子项数值无法确定，记为空（null）。",
                spec.where,
            )
        )


def _specs_and_labels(table: Table, zone: Zone) -> tuple[list[RowSpec], list[tuple[int, int] | None]]:
    if table.single_row:
        paths = tuple(
            f"{table.key}.{row.key}.{column.key}"
            for block in table.blocks
            for row in block.rows
            for column in block.columns
        )
        return [RowSpec(f"表{table.number}", table.key, paths, ())], [None]
    specs = row_specs(table, zone.text)
    return specs, locate_labels(specs, zone.text)


def _read_rows(
    table: Table,
    fmt: ReportFormat,
    zone: Zone,
    specs: Sequence[RowSpec],
    labels: Sequence[tuple[int, int] | None],
) -> TableReading:
    """Align the zone's runs to the rows and read each row's tokens."""
    reading = TableReading()
    reading.found_labels = sum(label is not None for label in labels)
    for spec in specs:
        reading.values.update(dict.fromkeys(spec.paths))
    if not table.single_row and reading.found_labels == 0:
        return reading
    sizes = [len(spec.paths) for spec in specs]
    levels = [spec.where.count(".") for spec in specs]
    first = align_runs(zone, sizes, labels, prefer_late=False, levels=levels)
    # the common case does not depend on `prefer_late`: the second alignment would be the same
    doubtful = (
        set() if first.direct else differences(first.assigned, align_runs(zone, sizes, labels, True).assigned)
    )
    for assigned in first.assigned:
        spec = specs[assigned.row]
        if assigned.row in doubtful:
            reading.explained.update(spec.paths)
            reading.findings.append(
                Finding(
                    "ambiguous_layout", ERROR, _doubtful_message(table, spec, assigned.tokens), spec.where
                )
            )
            continue
        if assigned.shifts:
            _read_shifted(spec, assigned.shifts, table, reading)
        else:
            _read_row(spec, assigned.tokens, fmt, reading, assigned.trimmed)
        if labels[assigned.row] is None and not table.single_row:
            reading.findings.append(
                Finding(
                    "label_not_found",
                    WARNING,
                    f"没有找到{spec.name}的标签，数值按行序读取，请核对。",
                    spec.where,
                )
            )
    for index in first.skipped:
        raw = " ".join(token.raw or "（空）" for token in zone.runs[index].tokens)
        reading.findings.append(
            Finding(
                "stray_values", WARNING, f"表{table.number}中有无法归属于任何一行的数字：{raw}。", table.key
            )
        )
    return reading


def read_table(table: Table, fmt: ReportFormat, zone: Zone, context: Context = Context()) -> TableReading:
    """Read `table` from its zone into cell values and findings, knowing what the report's other
    tables show (`context`)."""
    specs, labels = _specs_and_labels(table, zone)
    reading = _read_rows(table, fmt, zone, specs, labels)
    if reading.glued_seen or context.glued_seen:  # rows printed in at most half their cells
        _settle_gaps(reading, table, fmt)
    glued_paths = {path for row in reading.glued for path in row.spec.paths}
    merged = [spec for spec in specs if spec.merged is not None]
    for spec in merged:
        if spec.paths[0] not in glued_paths:
            _apply_merged(spec, table, reading)
    # a blank in another table does not make this one suspect where its rows check each other: a
    # glued row hiding a blank would have to fit its own sums and every column's by coincidence
    _settle_trimmed(reading, reading.blanks_seen)
    elsewhere = context.blanks_seen and not cross_checked(fmt.key, table.key)
    settled = settle(
        reading.glued,
        reading.values,
        table,
        fmt,
        reading.blanks_seen or elsewhere,
        reading.glued_seen or context.glued_seen,
        context.stated,
    )
    # no reading fits and no blank shows: the source's own numbers may not add up (a wrong total)
    relaxed = (
        relax([*reading.glued, *reading.hidden], reading.values, table, fmt)
        if (settled.unsettled or reading.hidden) and not reading.blanks_shown and not elsewhere
        else None
    )
    reading.take(relaxed or settled)
    for spec in merged:
        if spec.paths[0] in glued_paths:
            _apply_merged(spec, table, reading)
    if relaxed is None:
        reading.take(recover_hidden(reading.hidden, reading.values, table, fmt))
    else:
        reading.hidden.clear()  # read as a wrong total: no evidence of a blank for the other tables
    reading.take(recover_vanished(reading.vanished, reading.values, table, fmt))
    return reading


def store(reading: TableReading, tables: Tables) -> None:
    set_cells(tables, reading.values)
