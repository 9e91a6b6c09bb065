"""Read one statutory table from its lines: find the row labels, align the value runs to the rows.

The lines of a table are cut into text pieces and value runs (consecutive numbers with no text between
them). Row labels are found in the concatenated text, so that a label broken over lines, printed one
character per line, or interrupted by the numbers of its own row is still one string. The runs are then
aligned to the rows in printed order by a small dynamic programme: a run may cover one row or several
consecutive rows whose cell counts it matches exactly, must lie between the labels of the neighbouring
rows (so a value line printed just before its label is still its row's), and a run on the same line
right after a label belongs to that row. What cannot be aligned or read with certainty stays None with
a finding that says why.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from gongkai.annual.formats import MergedRow, ReportFormat, Row, Table
from gongkai.annual.model import Tables, Value, set_cells
from gongkai.annual.reading.digits import (
    MAX_CANDIDATES,
    Candidate,
    Choice,
    SearchTooBig,
    blank_doubts,
    can_split,
    glued_candidates,
    readings_with_blanks,
    solve,
    summed_splits,
)
from gongkai.annual.reading.lines import LinePieces, Token, squash
from gongkai.annual.rules import ERROR, WARNING, Equation, Finding, equations

INF = float("inf")
SKIP_RUN = 3.0
SKIP_ANCHORED_RUN = 6.0
SKIP_ROW = 2.0
IRREGULAR = 1.0
EXTRA_RUN = 0.75  # one row's values in runs separated by text
WRAPPED_RUN = 0.25  # one row's values wrapped onto the next line
MAX_JOINED_RUNS = 4


# --- the table's text as pieces and runs ----------------------------------------------------------


@dataclass
class Run:
    """Consecutive value tokens with no text between them, at offset `offset` of the zone's text."""

    tokens: list[Token]
    offset: int
    line: int
    cells: bool  # from a line with known cell boundaries
    continues: bool = False  # follows the previous run with only a line break between

    def variants(self, trailing_is_layout: bool = False) -> list[tuple[Token, ...]]:
        """Readings of the run: as printed; for cell lines also without the empty cells at its ends.

        Empty cells after the last value are blanks of the last columns, unless the table's lines
        show that they are layout (`trailing_is_layout`: full rows that still end in empty cells)."""
        tokens = tuple(self.tokens)
        if not self.cells:
            unsure = tuple(token for token in tokens if not token.unsure)
            return [tokens, unsure] if unsure != tokens else [tokens]
        if trailing_is_layout:
            tokens = _strip(tokens, end=True)
        out = [tokens]
        stripped = _strip(tokens, end=False)
        if stripped != tokens:
            out.append(stripped)
        return out

    @property
    def trailing_blank(self) -> bool:
        return self.cells and bool(self.tokens) and self.tokens[-1].raw == ""


def _strip(tokens: tuple[Token, ...], end: bool) -> tuple[Token, ...]:
    """Without the structural blanks (empty cells) at the end (`end`) or the start."""
    if end:
        while tokens and tokens[-1].raw == "":
            tokens = tokens[:-1]
    else:
        while tokens and tokens[0].raw == "":
            tokens = tokens[1:]
    return tokens


@dataclass
class Zone:
    """A table's lines: concatenated squashed text, where each text piece starts, and the runs."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each text piece
    lines: list[int] = field(default_factory=list)  # line of each text piece
    runs: list[Run] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return self.lines[index] if index >= 0 else -1


def build_zone(lines: Sequence[tuple[int, LinePieces]]) -> Zone:
    zone = Zone()
    parts: list[str] = []
    offset = 0
    run: Run | None = None
    continues = False  # no text since the last token: a new line's run continues the last one
    for line_no, line in lines:
        for piece in line.pieces:
            if isinstance(piece, str):
                run = None
                continues = False
                zone.starts.append(offset)
                zone.lines.append(line_no)
                parts.append(piece)
                offset += len(piece)
            else:
                if run is None:
                    run = Run([], offset, line_no, line.cells, continues and not line.cells)
                    zone.runs.append(run)
                run.tokens.append(piece)
                continues = True
        run = None  # runs are cut at line ends; the alignment may join them again
    zone.text = "".join(parts)
    return zone


# --- rows of a table as the reader sees them ------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    """A printed row to fill: the cell paths it covers (in printed order) and how to recognise it."""

    name: str  # Chinese, for findings
    where: str  # row path for findings
    paths: tuple[str, ...]
    patterns: tuple[str, ...]
    merged: MergedRow | None = None


@cache
def _patterns(texts: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    squashed = [squash(text) for text in texts]
    # very short labels ('其他', '总计') only identify a row together with their number prefix
    return tuple(dict.fromkeys(squash(prefix) + p if len(p) <= 2 and prefix else p for p in squashed if p))


def _row_spec(table: Table, row: Row) -> RowSpec:
    columns = table.block_of(row.key).columns
    patterns = _patterns(row.patterns, row.prefix)
    return RowSpec(
        f"表{table.number}“{row.printed}”行",
        f"{table.key}.{row.key}",
        tuple(f"{table.key}.{row.key}.{column.key}" for column in columns),
        patterns,
    )


_SPECS: dict[int, tuple[Table, tuple[RowSpec, ...]]] = {}


def _table_specs(table: Table) -> tuple[RowSpec, ...]:
    """`_row_spec` of every row of `table`, computed once per table (tables are hashed by identity:
    a format's tables are long-lived constants, and hashing one by value costs more than the specs)."""
    entry = _SPECS.get(id(table))
    if entry is None or entry[0] is not table:
        if len(_SPECS) > 64:
            _SPECS.clear()
        entry = (table, tuple(_row_spec(table, row) for row in table.rows))
        _SPECS[id(table)] = entry
    return entry[1]


def _merged_spec(table: Table, merged: MergedRow) -> RowSpec:
    columns = table.block_of(merged.parts[0]).columns
    return RowSpec(
        f"表{table.number}“{merged.prefix}{merged.label}”行",
        f"{table.key}.{merged.parts[0].rsplit('.', 1)[0]}",
        tuple(f"{table.key}.merged.{column.key}" for column in columns),
        _patterns(merged.patterns, merged.prefix),
        merged,
    )


def _occurrences(text: str, patterns: Sequence[str]) -> list[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for pattern in patterns:
        start = text.find(pattern)
        while start >= 0:
            found.add((start, start + len(pattern)))
            start = text.find(pattern, start + 1)
    if len(found) <= 1:
        return list(found)
    # one occurrence per start: the longest pattern there
    best: dict[int, int] = {}
    for start, end in found:
        best[start] = max(end, best.get(start, end))
    return sorted(best.items())


def row_specs(table: Table, zone_text: str) -> list[RowSpec]:
    """The rows as printed: the format's rows, with a merged row in place of its parts when the
    report prints the merged row and none of the parts."""
    specs = list(_table_specs(table))
    for merged in table.merged_rows:
        part_specs = [spec for spec in specs if spec.where.split(".", 1)[1] in merged.parts]
        if any(_occurrences(zone_text, spec.patterns) for spec in part_specs):
            continue
        merged_spec = _merged_spec(table, merged)
        if not _occurrences(zone_text, merged_spec.patterns):
            continue
        first = specs.index(part_specs[0])
        specs = [*specs[:first], merged_spec, *[s for s in specs[first:] if s not in part_specs]]
    return specs


def _chains(options: Sequence[tuple[int, int, int]], n_rows: int) -> tuple[list[int], list[int]]:
    """For each option (start, end, row), sorted: the length of the longest chain of options ending
    in it, each of a later row and starting after the previous one ended; and the option before it
    in that chain (the first of the longest, -1 for none).

    Options that ended by the current start are entered, by row, into a prefix-maximum tree (a
    Fenwick tree) of (length, -option); an option only ends after it starts, so all of them come
    before the current one. O(n log n) instead of comparing every pair."""
    best: list[int] = []
    previous: list[int] = []
    tree = [(0, 1)] * (n_rows + 1)  # (0, 1): no chain; any real entry is larger
    by_end = sorted(range(len(options)), key=lambda j: options[j][1])
    entered = 0
    for start, _end, row in options:
        while entered < len(by_end) and options[by_end[entered]][1] <= start:
            j = by_end[entered]
            entry, node = (best[j], -j), options[j][2] + 1
            while node <= n_rows:
                if entry > tree[node]:
                    tree[node] = entry
                node += node & -node
            entered += 1
        found, node = (0, 1), row  # the best among rows before `row`
        while node > 0:
            if tree[node] > found:
                found = tree[node]
            node -= node & -node
        best.append(found[0] + 1)
        previous.append(-found[1] if found[0] else -1)
    return best, previous


def locate_labels(specs: Sequence[RowSpec], text: str) -> list[tuple[int, int] | None]:
    """For each row, the (start, end) of its label in `text`, chosen so that as many rows as possible
    are found in printed order (longest increasing chain over all occurrences)."""
    options = [
        (start, end, index)
        for index, spec in enumerate(specs)
        for start, end in _occurrences(text, spec.patterns)
    ]
    options.sort()
    best, previous = _chains(options, len(specs))
    found: list[tuple[int, int] | None] = [None] * len(specs)
    if not options:
        return found
    k = max(range(len(options)), key=lambda n: (best[n], -n))
    while k >= 0:
        start, end, index = options[k]
        found[index] = (start, end)
        k = previous[k]
    return found


# --- aligning runs to rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Assigned:
    row: int
    tokens: tuple[Token, ...]
    kind: str  # 'exact' | 'irregular'


def _windows(labels: Sequence[tuple[int, int] | None]) -> tuple[list[float], list[float]]:
    count = len(labels)
    lo: list[float] = [-INF] * count
    hi: list[float] = [INF] * count
    last = -INF
    for i in range(count):
        lo[i] = last
        label = labels[i]
        if label is not None:
            last = label[0]
    nxt = INF
    for i in range(count - 1, -1, -1):
        hi[i] = nxt
        label = labels[i]
        if label is not None:
            nxt = label[0]
    return lo, hi


def _anchors(zone: Zone, labels: Sequence[tuple[int, int] | None]) -> list[int | None]:
    """For each run, the row whose label it directly follows on the same line, if any: the label
    that starts last before the run, when it has ended by then, on the run's line, and is the only
    row label of that line."""
    found = sorted((label[0], label[1], i) for i, label in enumerate(labels) if label is not None)
    starts = [start for start, _end, _i in found]
    per_line: dict[int, int] = {}
    for start, _end, _row in found:
        line = zone.line_at(start)
        per_line[line] = per_line.get(line, 0) + 1
    anchors: list[int | None] = []
    for run in zone.runs:
        k = bisect_right(starts, run.offset - 1) - 1
        anchor = None
        if k >= 0:
            start, end, row = found[k]
            # only on a line that holds one row: a line with many (text flattened) anchors nothing
            if (
                end <= run.offset
                and zone.line_at(end - 1) == run.line == zone.line_at(start)
                and per_line[run.line] == 1
            ):
                anchor = row
        anchors.append(anchor)
    return anchors


def _trailing_is_layout(runs: Sequence[Run], sizes: Sequence[int], anchors: Sequence[int | None]) -> bool:
    """True when some row right after its label is complete without its trailing empty cells (and
    starts with a value, so no empty layout cell at its start could be one of its cells): then this
    table's lines end in empty layout cells (a wider grid), which are not blanks."""
    for run, anchor in zip(runs, anchors, strict=True):
        if anchor is None or not run.trailing_blank:
            continue
        tokens = _strip(tuple(run.tokens), end=True)
        if len(tokens) == sizes[anchor] and tokens[0].raw != "":
            return True
    return False


def _one_run_per_row(
    runs: Sequence[Run],
    variants: Sequence[list[tuple[Token, ...]]],
    sizes: Sequence[int],
    lo: Sequence[float],
    hi: Sequence[float],
    anchors: Sequence[int | None],
) -> list[Assigned] | None:
    """The common case, and then the best alignment: each row takes the next run, exactly its size
    (joined with the runs that merely wrap onto the next lines)."""
    assigned: list[Assigned] = []
    j = 0
    for i, size in enumerate(sizes):
        if j >= len(runs) or not (lo[i] < runs[j].offset <= hi[i]) or anchors[j] not in (None, i):
            return None
        tokens = next((v for v in variants[j] if len(v) == size), None)
        j += 1
        if tokens is None:
            joined = list(variants[j - 1][0])
            while len(joined) < size and j < len(runs) and runs[j].continues and anchors[j] is None:
                joined += variants[j][0]
                j += 1
            if len(joined) != size:
                return None
            tokens = tuple(joined)
        assigned.append(Assigned(i, tokens, "exact"))
    return assigned if j == len(runs) else None


def _joinable(run: Run, variants: Sequence[tuple[Token, ...]]) -> tuple[Token, ...]:
    """The tokens a run adds when joined with others into one row: as printed for a line with cell
    boundaries; for plain text without its unsure blanks (a '无' next to text may be a label's)."""
    return variants[0] if run.cells else variants[-1]


Move = tuple[int, int, str, tuple[Token, ...]]  # from (run, row), kind, the tokens placed


def align(
    zone: Zone, sizes: Sequence[int], labels: Sequence[tuple[int, int] | None], prefer_late: bool = False
) -> tuple[list[Assigned], list[int]]:
    """Assign runs to rows (see module doc). Returns the assignments and the skipped run indexes."""
    return _align(zone, sizes, labels, prefer_late)[:2]


def _align(
    zone: Zone, sizes: Sequence[int], labels: Sequence[tuple[int, int] | None], prefer_late: bool
) -> tuple[list[Assigned], list[int], bool]:
    """`align`, and whether the common case (one run per row) settled it, which `prefer_late` does
    not change."""
    runs = zone.runs
    lo, hi = _windows(labels)
    anchors = _anchors(zone, labels)
    layout = _trailing_is_layout(runs, sizes, anchors)
    variants = [run.variants(layout) for run in runs]
    direct = _one_run_per_row(runs, variants, sizes, lo, hi, anchors)
    if direct is not None:
        return direct, [], True
    n_runs, n_rows = len(runs), len(sizes)
    cost = [[INF] * (n_rows + 1) for _ in range(n_runs + 1)]
    back: list[list[Move | None]] = [[None] * (n_rows + 1) for _ in range(n_runs + 1)]
    cost[0][0] = 0.0

    def relax(j: int, i: int, value: float, move: Move) -> None:
        if value < cost[j][i] - 1e-9 or (prefer_late and abs(value - cost[j][i]) < 1e-9):
            cost[j][i] = value
            back[j][i] = move

    def fits(j: int, first: int, last: int) -> bool:
        return lo[first] < runs[j].offset <= hi[last] and anchors[j] in (None, first)

    for j in range(n_runs + 1):
        for i in range(n_rows + 1):
            here = cost[j][i]
            if here == INF:
                continue
            if j < n_runs:
                relax(
                    j + 1,
                    i,
                    here + (SKIP_RUN if anchors[j] is None else SKIP_ANCHORED_RUN),
                    (j, i, "skip", ()),
                )
            if i < n_rows:
                relax(j, i + 1, here + SKIP_ROW, (j, i, "none", ()))
            if j == n_runs or i == n_rows:
                continue
            for tokens in variants[j]:
                total = 0
                # a line with cell boundaries is one printed row; plain text may run rows together
                for t in range(i, i + 1 if runs[j].cells else n_rows):
                    total += sizes[t]
                    if total > len(tokens):
                        break
                    if total == len(tokens) and fits(j, i, t):
                        relax(j + 1, t + 1, here, (j, i, "exact", tokens))
                if len(tokens) != sizes[i] and tokens and fits(j, i, i):
                    relax(j + 1, i + 1, here + IRREGULAR, (j, i, "irregular", tokens))
            joined = list(_joinable(runs[j], variants[j]))
            extra = 0.0
            wrapped = True  # all joined runs are one row's cells wrapped over lines
            for u in range(2, MAX_JOINED_RUNS + 1):
                last = j + u - 1
                if last >= n_runs or anchors[last] is not None or not fits(last, i, i):
                    break
                joined += _joinable(runs[last], variants[last])
                wrapped = wrapped and runs[last].continues
                extra += WRAPPED_RUN if runs[last].continues else EXTRA_RUN
                if len(joined) == sizes[i] and fits(j, i, i):
                    relax(j + u, i + 1, here + extra, (j, i, "exact", tuple(joined)))
                elif wrapped and fits(j, i, i):
                    relax(j + u, i + 1, here + extra + IRREGULAR, (j, i, "irregular", tuple(joined)))
                if len(joined) >= sizes[i]:
                    break
    assigned: list[Assigned] = []
    skipped: list[int] = []
    j, i = n_runs, n_rows
    while (j, i) != (0, 0):
        move = back[j][i]
        assert move is not None
        pj, pi, kind, tokens = move
        if kind == "skip":
            skipped.append(pj)
        elif kind in ("exact", "irregular"):
            start = 0
            row = pi
            while start < len(tokens) and kind == "exact":
                assigned.append(Assigned(row, tokens[start : start + sizes[row]], kind))
                start += sizes[row]
                row += 1
            if kind == "irregular":
                assigned.append(Assigned(pi, tokens, kind))
        j, i = pj, pi
    assigned.reverse()
    skipped.reverse()
    return assigned, skipped, False


# --- from tokens to values ------------------------------------------------------------------------


@dataclass
class TableReading:
    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    explained: set[str] = field(default_factory=set)  # cells set None with a finding of our own
    choices: list[Choice] = field(default_factory=list)
    choice_rows: list[tuple[RowSpec, str]] = field(default_factory=list)  # with their digits
    hidden: list[tuple[RowSpec, str]] = field(default_factory=list)  # glued rows that must hide a blank
    partial: list[tuple[RowSpec, str]] = field(default_factory=list)  # undecided rows, some cells agreed
    tentative: list[tuple[RowSpec, str]] = field(default_factory=list)  # glued rows split by their own sums
    solutions: list[dict[str, Value]] = field(default_factory=list)  # readings of the undecided rows
    found_labels: int = 0


@cache
def _table_equations(fmt_key: str, table_key: str) -> tuple[Equation, ...]:
    """The equations about the cells of one table."""
    return tuple(eq for eq in equations(fmt_key) if eq.where.startswith(table_key + "."))


def _local_equations(paths: Sequence[str], fmt: ReportFormat) -> list[Equation]:
    inside = set(paths)
    return [eq for eq in equations(fmt) if all(p in inside for p in (*eq.left, *eq.right))]


def _all_zero(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and all(token.value == 0 for token in tokens)


def _sum_groups(paths: Sequence[str], local: Sequence[Equation]) -> list[int] | None:
    """The row as consecutive groups 'k parts then their sum' (sizes k), if its equations say so."""
    index = {path: i for i, path in enumerate(paths)}
    groups: list[tuple[int, int]] = []
    for equation in local:
        if len(equation.left) != 1:
            return None
        total = index[equation.left[0]]
        parts = sorted(index[path] for path in equation.right)
        if parts != list(range(total - len(parts), total)):
            return None
        groups.append((total - len(parts), len(parts)))
    groups.sort()
    position = 0
    for start, size in groups:
        if start != position:
            return None
        position = start + size + 1
    return [size for _start, size in groups] if groups and position == len(paths) else None


def _split_candidates(
    tokens: Sequence[Token], paths: Sequence[str], local: Sequence[Equation]
) -> list[Candidate] | None:
    """Readings of glued tokens as the row's cells; None when there are too many to consider."""
    groups = _sum_groups(paths, local)
    if len(tokens) == 1 and groups is not None:
        try:
            return [tuple(c) for c in islice(summed_splits(tokens[0].digits, groups), MAX_CANDIDATES + 1)]
        except SearchTooBig:
            return None
    return glued_candidates(tokens, len(paths))


def _count_message(spec: RowSpec, tokens: Sequence[Token]) -> str:
    printed = " ".join(token.raw or "（空）" for token in tokens)
    return f"{spec.name}应有{len(spec.paths)}个数，实际读到{len(tokens)}个（{printed}）"


def _read_row(spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat, reading: TableReading) -> None:
    """Put one row's values (or None with a finding) into `reading`."""
    paths = spec.paths
    if len(tokens) == len(paths):
        for path, token in zip(paths, tokens, strict=True):
            reading.values[path] = token.value
        return
    numbers = [token for token in tokens if not token.is_blank]
    if (
        len(numbers) == 1 == len(tokens)
        and len(numbers[0].digits) > 1
        and _read_glued(spec, numbers[0], fmt, reading)
    ):
        return
    # Too many zeros can only be zeros. Too few zeros: only where every cell is visible (cell
    # boundaries, none empty) is the missing cell provably 0 by the row's total; otherwise it may be
    # a blank cell whose place is unknown.
    local = _local_equations(paths, fmt)
    sums_cover_row = bool(local) and {p for eq in local for p in (*eq.left, *eq.right)} == set(paths)
    too_few_visible = (
        len(numbers) == len(tokens) and all(token.in_cell for token in tokens) and sums_cover_row
    )
    resolved = _all_zero(numbers) and (
        len(numbers) > len(paths) or (len(numbers) < len(paths) and too_few_visible)
    )
    for path in paths:
        reading.values[path] = 0 if resolved else None
        if not resolved:
            reading.explained.add(path)
    outcome = (
        "所列数字全为0，且本行合计等于各项之和、件数不能为负，各格只能为0，已按0读取，请核对原表。"
        if resolved
        else "无法确定各数所属的列，本行各格记为空（null）。"
    )
    reading.findings.append(
        Finding("irregular_row", ERROR, f"{_count_message(spec, tokens)}；{outcome}", spec.where)
    )


def _read_glued(spec: RowSpec, token: Token, fmt: ReportFormat, reading: TableReading) -> bool:
    """A whole row printed as one digit string: split it where the row's own sums allow only one
    reading (kept tentatively: the table's other sums may still reject it), or leave the choice to
    the table's sums; where no split satisfies the row's sums, the row hides a blank cell
    (`_recover_hidden`). False when the row cannot be read so (it is then irregular)."""
    paths = spec.paths
    local = _local_equations(paths, fmt)
    if not local:
        # nothing to check a split against: certain only if it is the only split and no blank cell
        # can hide in the digits ('000' is three zeros; '100' may be 10 and a blank)
        only = glued_candidates([token], len(paths))
        if only is None or len(only) != 1 or can_split(token.digits, len(paths) - 1):
            return False
        reading.values.update(zip(paths, only[0], strict=True))
        reading.tentative.append((spec, token.digits))
        return True
    candidates = _split_candidates([token], paths, local)
    if candidates is None:
        return False
    fitting = [c for c in candidates if all(eq.holds(dict(zip(paths, c, strict=True))) for eq in local)]
    if not fitting:
        if {p for eq in local for p in (*eq.left, *eq.right)} != set(paths):
            return False
        # every cell is in the row's sums and no split satisfies them: the row hides a blank cell
        reading.values.update(dict.fromkeys(paths))
        reading.explained.update(paths)
        reading.hidden.append((spec, token.digits))  # read after the table's other rows
        return True
    if len(fitting) > 1:
        reading.choices.append(Choice(tuple(paths), tuple(fitting)))
        reading.choice_rows.append((spec, token.digits))
        reading.values.update(dict.fromkeys(paths))
        return True
    reading.values.update(zip(paths, fitting[0], strict=True))
    reading.tentative.append((spec, token.digits))
    return True


def _confirmed_cells(spec: RowSpec, inside: Sequence[Equation], reading: TableReading) -> set[str]:
    """The row's cells that take part in another equation of the table that holds with all its
    cells known, in every remaining reading of the undecided rows: a different value would break it.
    A row no other equation checks (table 四) counts as confirmed by its own sums, they being all
    the cross-checks the format has (hidden blanks there remain a risk the format cannot rule out)."""
    own = set(spec.paths)
    others = [eq for eq in inside if own & {*eq.left, *eq.right} and not {*eq.left, *eq.right} <= own]
    if not others:
        return own
    scenarios = [{**reading.values, **solution} for solution in reading.solutions] or [reading.values]
    confirmed = set(own)
    for values in scenarios:
        confirmed &= {path for eq in others if eq.holds(values) is True for path in (*eq.left, *eq.right)}
    return confirmed


def _doubts(
    spec: RowSpec, digits: str, cells: Sequence[Value], confirmed: set[str], fmt: ReportFormat
) -> set[str]:
    """The cells of a glued row whose split `cells` (which satisfies the row's own sums) is not
    certain. A blank cell leaves no trace in glued digits: the same digits may be the row with a
    blank cell and its other cells split differently, as long as the row's groups without a blank
    still add up. Such a reading is refuted where it changes a `confirmed` cell (`blank_doubts`)."""
    if not all(isinstance(value, int) for value in cells):
        return set(spec.paths)
    if confirmed >= set(spec.paths):
        return set()  # a blank would shorten the digits of cells that cannot change
    groups = _sum_groups(spec.paths, _local_equations(spec.paths, fmt)) or []
    if len(groups) == 1:
        groups = []  # the only group holds the blank: its sum is never checked
    indexes = {k for k, path in enumerate(spec.paths) if path in confirmed}
    reading = [int(value or 0) for value in cells]
    return {spec.paths[k] for k in blank_doubts(digits, reading, indexes, groups)}


def _settle_tentative(reading: TableReading, table: Table, fmt: ReportFormat) -> None:
    """Keep the glued rows' cells that are certain (one warning for the table); null the others."""
    inside = _table_equations(fmt.key, table.key)
    kept: list[RowSpec] = []
    doubtful = [
        (
            spec,
            digits,
            _doubts(
                spec,
                digits,
                [reading.values[p] for p in spec.paths],
                _confirmed_cells(spec, inside, reading),
                fmt,
            ),
        )
        for spec, digits in reading.tentative
    ]
    for spec, digits in reading.partial:
        # the cells all remaining readings agree on: kept unless a hidden blank may change them
        confirmed = _confirmed_cells(spec, inside, reading)
        for solution in reading.solutions:
            cells = [solution[path] for path in spec.paths]
            for path in _doubts(spec, digits, cells, confirmed, fmt):
                reading.values[path] = None
                reading.explained.add(path)
    for spec, digits, doubts in doubtful:
        if not doubts:
            kept.append(spec)
            continue
        for path in doubts:
            reading.values[path] = None
            reading.explained.add(path)
        some = "部分格" if len(doubts) < len(spec.paths) else ""
        reading.findings.append(
            Finding(
                "ambiguous_digits",
                ERROR,
                f"{spec.name}的数字连在一起（{digits}），符合本行合计的拆分没有得到其他勾稽关系的完全印证，"
                f"也可能含有空白格，{some}无法确定的格记为空（null）。",
                spec.where,
            )
        )
    if not kept:
        return
    names = "、".join(spec.name.split("“", 1)[-1].removesuffix("行").removesuffix("”") for spec in kept[:5])
    more = f"等{len(kept)}行" if len(kept) > 5 else ""
    if len(kept) == 1:
        more = "（读为" + " ".join(str(reading.values[path]) for path in kept[0].paths) + "）"
    reading.findings.append(
        Finding(
            "glued_digits",
            WARNING,
            f"表{table.number}中“{names}”{more}的数字连在一起（没有分隔），已按勾稽关系唯一拆分，请核对。",
            table.key,
        )
    )


def _resolve_choices(reading: TableReading, fmt: ReportFormat) -> None:
    if not reading.choices:
        return
    fixed = {path: value for path, value in reading.values.items()}
    solutions = solve(fixed, reading.choices, equations(fmt))
    reading.solutions = solutions or []
    for choice, (spec, digits) in zip(reading.choices, reading.choice_rows, strict=True):
        agreed: list[Value] = []
        for path in choice.paths:
            seen = {solution[path] for solution in solutions or []}
            value = seen.pop() if len(seen) == 1 else None
            agreed.append(value)
            reading.values[path] = value
            if value is None:
                reading.explained.add(path)
        if all(value is not None for value in agreed):
            reading.tentative.append((spec, digits))  # one reading left: checked for hidden blanks
        else:
            reading.partial.append((spec, digits))
            reading.findings.append(
                Finding(
                    "ambiguous_digits",
                    ERROR,
                    f"{spec.name}的数字连在一起，可有{len(choice.candidates)}种拆分，勾稽关系也无法确定唯一读法；"
                    "无法确定的格记为空（null）。",
                    spec.where,
                )
            )


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


def _recover_hidden(reading: TableReading, table: Table, fmt: ReportFormat) -> None:
    """Glued rows whose digits fit no split satisfying the row's own sums: the row has a blank
    cell, which leaves no trace. A cell is read where every reading of the digits with 1 to
    MAX_HIDDEN_BLANKS blank cells, each other cell being what the table's other equations demand
    of it (where they can say), gives it the same number; the rest stay None."""
    inside = _table_equations(fmt.key, table.key)
    for spec, digits in reading.hidden:
        own = set(spec.paths)
        others = [eq for eq in inside if not {*eq.left, *eq.right} <= own]
        fixed = {
            index: value
            for index, path in enumerate(spec.paths)
            if (value := _required(path, others, reading.values)) is not None
        }
        possible = readings_with_blanks(digits, len(spec.paths), fixed) or [set() for _ in spec.paths]
        read = 0
        for path, values in zip(spec.paths, possible, strict=True):
            if len(values) == 1 and (value := next(iter(values))) is not None:
                reading.values[path] = value
                read += 1
        outcome = (
            f"按表内其他勾稽关系确定了其中{read}格，其余记为空（null）"
            if read
            else "无法确定各数所属的列，本行各格记为空（null）"
        )
        reading.findings.append(
            Finding(
                "irregular_row",
                ERROR,
                f"{spec.name}的数字连在一起（{digits}），没有符合本行合计的拆分，应含有空白格；{outcome}。",
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


def _printed(item: Assigned) -> tuple[object, ...]:
    """What a row is filled with, as far as its values go: two alignments that give a row other
    tokens of the same values (rows of zeros, one line with values between two labels) read it
    alike. Structural blanks (empty cells at a cell line's ends) do not make readings different."""
    return (item.kind, *((token.value, token.digits) for token in item.tokens if token.raw != ""))


def _differences(first: Sequence[Assigned], second: Sequence[Assigned]) -> set[int]:
    """Rows that two equally good alignments fill with different values."""
    a = {item.row: _printed(item) for item in first}
    b = {item.row: _printed(item) for item in second}
    return {row for row in a.keys() | b.keys() if a.get(row) != b.get(row)}


def read_table(table: Table, fmt: ReportFormat, zone: Zone) -> TableReading:
    """Read `table` from its zone into cell values and findings."""
    reading = TableReading()
    if table.single_row:
        paths = tuple(
            f"{table.key}.{row.key}.{column.key}"
            for block in table.blocks
            for row in block.rows
            for column in block.columns
        )
        specs = [RowSpec(f"表{table.number}", table.key, paths, ())]
        labels: list[tuple[int, int] | None] = [None]
    else:
        specs = row_specs(table, zone.text)
        labels = locate_labels(specs, zone.text)
    reading.found_labels = sum(label is not None for label in labels)
    for spec in specs:
        for path in spec.paths:
            reading.values[path] = None
    if not table.single_row and reading.found_labels == 0:
        return reading
    sizes = [len(spec.paths) for spec in specs]
    first, skipped, direct = _align(zone, sizes, labels, False)
    # the common case does not depend on `prefer_late`: the second alignment would be the same
    doubtful = set() if direct else _differences(first, align(zone, sizes, labels, prefer_late=True)[0])
    for assigned in first:
        spec = specs[assigned.row]
        if assigned.row in doubtful:
            reading.explained.update(spec.paths)
            reading.findings.append(
                Finding(
                    "ambiguous_layout",
                    ERROR,
                    f"{spec.name}的数字可归属于不止一行，无法确定，记为空（null）。",
                    spec.where,
                )
            )
            continue
        _read_row(spec, assigned.tokens, fmt, reading)
        if labels[assigned.row] is None and not table.single_row:
            reading.findings.append(
                Finding(
                    "label_not_found",
                    WARNING,
                    f"没有找到{spec.name}的标签，数值按行序读取，请核对。",
                    spec.where,
                )
            )
    for index in skipped:
        raw = " ".join(token.raw or "（空）" for token in zone.runs[index].tokens)
        reading.findings.append(
            Finding(
                "stray_values", WARNING, f"表{table.number}中有无法归属于任何一行的数字：{raw}。", table.key
            )
        )
    for spec in specs:
        if spec.merged is not None:
            _apply_merged(spec, table, reading)
    _resolve_choices(reading, fmt)
    _settle_tentative(reading, table, fmt)
    _recover_hidden(reading, table, fmt)
    return reading


def store(reading: TableReading, tables: Tables) -> None:
    set_cells(tables, reading.values)
