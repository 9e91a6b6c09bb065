"""Aligning a table's value runs to its rows, in printed order, by a small dynamic programme.

A run may cover one row or several consecutive rows whose cell counts it matches exactly, must lie
between the labels of the neighbouring rows (so a value line printed just before its label is still
its row's), and a run on the same line right after a label belongs to that row.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from gongkai.annual.reading.digits import glued_digits
from gongkai.annual.reading.lines import Token
from gongkai.annual.reading.zones import Run, Zone, strip_blanks, tail_blanks

INF = float("inf")
SKIP_RUN = 3.0
SKIP_ANCHORED_RUN = 6.0
SKIP_ROW = 2.0
IRREGULAR = 1.0
GLUED = 0.1  # fewer values than cells whose digits may be the row's cells run together
EXTRA_RUN = 0.75  # one row's values in runs separated by text
WRAPPED_RUN = 0.25  # one row's values wrapped onto the next line
MAX_JOINED_RUNS = 4

# --- aligning runs to rows ------------------------------------------------------------------------


@dataclass(frozen=True, init=False)
class Assigned:
    row: int
    tokens: tuple[Token, ...]
    kind: str  # 'exact' | 'irregular'
    trimmed: bool = False  # empty cells printed at the row's ends were left out (layout or blanks?)
    # a row printed without its label, empty cells at both ends: every way of dropping end cells as
    # layout that leaves the row's size, when they read differently (else empty)
    shifts: tuple[tuple[Token, ...], ...] = ()

    def __init__(
        self,
        row: int,
        tokens: tuple[Token, ...],
        kind: str,
        trimmed: bool = False,
        shifts: tuple[tuple[Token, ...], ...] = (),
    ) -> None:
        # one per row of every table: filled straight into the instance's dict, as `Token` is
        fields = self.__dict__
        fields["row"] = row
        fields["tokens"] = tokens
        fields["kind"] = kind
        fields["trimmed"] = trimmed
        fields["shifts"] = shifts


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
            # only on a line that holds one row: a line with many (text flattened) anchors nothing,
            # unless the run's first number touches the label ('规章0810': glued to it)
            touching = end == run.offset and run.tokens[0].joined
            if end <= run.offset and (
                touching
                or (zone.line_at(end - 1) == run.line == zone.line_at(start) and per_line[run.line] == 1)
            ):
                anchor = row
        anchors.append(anchor)
    return anchors


def _layout_tail(runs: Sequence[Run], sizes: Sequence[int], anchors: Sequence[int | None]) -> int:
    """How many empty layout cells end this table's lines (a wider grid), which are not blanks: the
    fewest that rows right after their label leave after being complete (and starting with a
    value, so no empty layout cell at their start could be one of their cells); 0 if no row shows."""
    tails: list[int] = []
    for run, anchor in zip(runs, anchors, strict=True):
        if anchor is None or not run.trailing_blank:
            continue
        tokens = strip_blanks(tuple(run.tokens), end=True)
        if len(tokens) == sizes[anchor] and tokens[0].raw != "":
            tails.append(len(run.tokens) - len(tokens))
    return min(tails, default=0)


def _leading_blanks(tokens: Sequence[Token]) -> int:
    """How many empty cells `tokens` start with."""
    return next((k for k, token in enumerate(tokens) if token.raw != ""), len(tokens))


def _layout_leads(
    runs: Sequence[Run],
    sizes: Sequence[int],
    anchors: Sequence[int | None],
    layout_tail: int,
    levels: Sequence[int],
) -> dict[int, int]:
    """Per depth of row, how many empty layout cells follow a label on this table's lines (a merged
    label cell printed as the label and empty cells; one width per depth): the fewest that rows right
    after their label show before their values, counted on rows ending with a value (so that none of
    those cells could be one of theirs). A depth no row shows is absent."""
    leads: dict[int, int] = {}
    for run, anchor in zip(runs, anchors, strict=True):
        if anchor is None or not run.cells:
            continue
        tokens = run.tokens[: len(run.tokens) - tail_blanks(tuple(run.tokens), layout_tail)]
        if not tokens or tokens[-1].raw == "":
            continue
        lead = len(tokens) - sizes[anchor]
        if 0 <= lead <= _leading_blanks(tokens):
            level = levels[anchor]
            leads[level] = min(lead, leads.get(level, lead))
    return leads


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
        tokens = next((v for v in variants[j] if len(v) == size and _one_cell_each(v)), None)
        j += 1
        kind = "exact"
        if tokens is None and _may_be_glued(variants[j - 1][0], size) and not _continued(runs, j, anchors):
            tokens, kind = variants[j - 1][0], "irregular"  # the row's digits ran together
        if tokens is None:
            joined = list(variants[j - 1][0])
            while len(joined) < size and _continued(runs, j, anchors):
                joined += variants[j][0]
                j += 1
            if len(joined) != size:
                return None
            tokens = tuple(joined)
        assigned.append(Assigned(i, tokens, kind))
    return assigned if j == len(runs) else None


def _continued(runs: Sequence[Run], j: int, anchors: Sequence[int | None]) -> bool:
    """Whether run `j` continues the one before it (only a line break between, no label of its own)."""
    return j < len(runs) and runs[j].continues and anchors[j] is None


def _one_cell_each(tokens: Sequence[Token]) -> bool:
    """Whether every token can be one cell: '0240' cannot (no count is printed with a leading zero),
    it is cells run together."""
    for token in tokens:  # a plain loop: called for every variant of every run
        raw = token.raw
        if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
            return False
    return True


def _may_be_glued(tokens: Sequence[Token], size: int) -> bool:
    """Whether `tokens`, fewer than `size` and none blank, have digits enough for `size` cells."""
    if len(tokens) >= size or any(token.is_blank for token in tokens):
        return False
    return sum(len(glued_digits(token)) or 1 for token in tokens) >= size


def _joinable(run: Run, variants: Sequence[tuple[Token, ...]]) -> tuple[Token, ...]:
    """The tokens a run adds when joined with others into one row: as printed for a line with cell
    boundaries; for plain text without its unsure blanks (a '无' next to text may be a label's)."""
    return variants[0] if run.cells else variants[-1]


Move = tuple[int, int, str, tuple[Token, ...]]  # from (run, row), kind, the tokens placed


@dataclass
class Alignment:
    """Which run fills which row; the runs no row takes; whether the common case settled it."""

    assigned: list[Assigned]
    skipped: list[int]
    direct: bool


def align(
    zone: Zone, sizes: Sequence[int], labels: Sequence[tuple[int, int] | None], prefer_late: bool = False
) -> tuple[list[Assigned], list[int]]:
    """Assign runs to rows (see module doc). Returns the assignments and the skipped run indexes."""
    found = align_runs(zone, sizes, labels, prefer_late)
    return found.assigned, found.skipped


def align_runs(
    zone: Zone,
    sizes: Sequence[int],
    labels: Sequence[tuple[int, int] | None],
    prefer_late: bool,
    levels: Sequence[int] | None = None,
) -> Alignment:
    """`align`, and whether the common case (one run per row) settled it, which `prefer_late` does
    not change. `levels`: each row's depth in the table's hierarchy of labels (rows of one depth have
    label cells of one width)."""
    aligner = _Aligner(zone, sizes, labels, prefer_late)
    found = aligner.run()
    levels = levels or [0] * len(sizes)
    leads = _layout_leads(zone.runs, sizes, aligner.anchors, aligner.layout_tail, levels)
    both_ends: dict[int, tuple[Run, tuple[int, int]]] = {}
    for run, anchor in zip(zone.runs, aligner.anchors, strict=True):
        if not (run.cells and run.tokens[0].raw == "" and run.tokens[-1].raw == ""):
            continue
        if zone.line_at(run.offset - 1) != run.line:  # no label before it on its line
            layout = (0, 0)
        elif anchor is not None:
            layout = (leads.get(levels[anchor], 0), aligner.layout_tail)
        else:
            continue
        both_ends.update((id(token), (run, layout)) for token in run.tokens)
    if both_ends:
        found.assigned = [_with_shifts(both_ends, item) for item in found.assigned]
    return found


def _with_shifts(both_ends: dict[int, tuple[Run, tuple[int, int]]], item: Assigned) -> Assigned:
    """`item` with its `shifts`: on a cell line with empty cells at both ends, those at the start may
    be the label's place (a value row whose label the converter left out, or the second cell of a
    merged label) or blank values, and those at the end blank values or the grid's padding; for a row
    after its label, less the layout cells every complete row of the table shows at its start and end
    (`layout_lead`, `layout_tail`). Each split of them leaving the row's size is a reading."""
    found = both_ends.get(id(item.tokens[0])) if item.kind == "exact" and item.tokens else None
    if found is None:
        return item
    run, (lead_layout, tail_layout) = found
    tokens = run.tokens[: len(run.tokens) - tail_blanks(tuple(run.tokens), tail_layout)]
    tokens = tokens[min(lead_layout, _leading_blanks(tokens)) :]
    lead = _leading_blanks(tokens)
    trail = next((k for k, token in enumerate(reversed(tokens)) if token.raw != ""), len(tokens))
    size = len(item.tokens)
    readings = [
        tuple(tokens[k : len(tokens) - m])
        for k in range(lead + 1)
        if 0 <= (m := len(tokens) - k - size) <= trail
    ]
    if len({tuple(token.value for token in reading) for reading in readings}) < 2:
        return item
    return replace(item, shifts=tuple(readings))


class _Aligner:
    """The dynamic programme over (runs used, rows filled): each step skips a run, leaves a row
    empty, or places a run (or a few runs joined) on one or more rows."""

    def __init__(
        self, zone: Zone, sizes: Sequence[int], labels: Sequence[tuple[int, int] | None], prefer_late: bool
    ) -> None:
        self.runs = zone.runs
        self.sizes = sizes
        self.prefer_late = prefer_late
        self.lo, self.hi = _windows(labels)
        self.anchors = _anchors(zone, labels)
        self.layout_tail = _layout_tail(self.runs, sizes, self.anchors)
        self.variants = [run.variants(self.layout_tail) for run in self.runs]
        self.cost: list[list[float]] = []  # the programme's tables, made when the common case fails
        self.back: list[list[Move | None]] = []

    def run(self) -> Alignment:
        direct = _one_run_per_row(self.runs, self.variants, self.sizes, self.lo, self.hi, self.anchors)
        if direct is not None:
            return Alignment(direct, [], True)
        n_runs, n_rows = len(self.runs), len(self.sizes)
        self.cost = [[INF] * (n_rows + 1) for _ in range(n_runs + 1)]
        self.back = [[None] * (n_rows + 1) for _ in range(n_runs + 1)]
        self.cost[0][0] = 0.0
        for j in range(n_runs + 1):
            for i in range(n_rows + 1):
                if self.cost[j][i] < INF:
                    self._step(j, i, self.cost[j][i])
        return self._trace()

    def _relax(self, j: int, i: int, value: float, move: Move) -> None:
        if value < self.cost[j][i] - 1e-9 or (self.prefer_late and abs(value - self.cost[j][i]) < 1e-9):
            self.cost[j][i] = value
            self.back[j][i] = move

    def _fits(self, j: int, first: int, last: int) -> bool:
        return self.lo[first] < self.runs[j].offset <= self.hi[last] and self.anchors[j] in (None, first)

    def _step(self, j: int, i: int, here: float) -> None:
        n_runs, n_rows = len(self.runs), len(self.sizes)
        if j < n_runs:
            skip = SKIP_RUN if self.anchors[j] is None else SKIP_ANCHORED_RUN
            self._relax(j + 1, i, here + skip, (j, i, "skip", ()))
        if i < n_rows:
            self._relax(j, i + 1, here + SKIP_ROW, (j, i, "none", ()))
        if j < n_runs and i < n_rows:
            self._place(j, i, here)
            self._join(j, i, here)

    def _place(self, j: int, i: int, here: float) -> None:
        """Run `j` on row `i` (and, for plain text, the rows after it whose sizes it matches)."""
        sizes = self.sizes
        for tokens in self.variants[j]:
            total = 0
            # a line with cell boundaries is one printed row; plain text may run rows together
            for t in range(i, i + 1 if self.runs[j].cells else len(sizes)):
                total += sizes[t]
                if total > len(tokens):
                    break
                if total == len(tokens) and self._fits(j, i, t) and _one_cell_each(tokens):
                    self._relax(j + 1, t + 1, here, (j, i, "exact", tokens))
            if len(tokens) != sizes[i] and tokens and self._fits(j, i, i):
                cost = GLUED if _may_be_glued(tokens, sizes[i]) else IRREGULAR
                self._relax(j + 1, i + 1, here + cost, (j, i, "irregular", tokens))

    def _join(self, j: int, i: int, here: float) -> None:
        """Runs `j`, `j + 1`, … joined into row `i` (one row's values split by text or wrapped)."""
        runs, variants = self.runs, self.variants
        joined = list(_joinable(runs[j], variants[j]))
        extra = 0.0
        wrapped = True  # all joined runs are one row's cells wrapped over lines
        for u in range(2, MAX_JOINED_RUNS + 1):
            last = j + u - 1
            if last >= len(runs) or self.anchors[last] is not None or not self._fits(last, i, i):
                break
            joined += _joinable(runs[last], variants[last])
            wrapped = wrapped and runs[last].continues
            extra += WRAPPED_RUN if runs[last].continues else EXTRA_RUN
            if len(joined) == self.sizes[i] and self._fits(j, i, i):
                self._relax(j + u, i + 1, here + extra, (j, i, "exact", tuple(joined)))
            elif wrapped and self._fits(j, i, i):
                self._relax(j + u, i + 1, here + extra + IRREGULAR, (j, i, "irregular", tuple(joined)))
            if len(joined) >= self.sizes[i]:
                break

    def _trace(self) -> Alignment:
        assigned: list[Assigned] = []
        skipped: list[int] = []
        j, i = len(self.runs), len(self.sizes)
        while (j, i) != (0, 0):
            move = self.back[j][i]
            assert move is not None
            pj, pi, kind, tokens = move
            if kind == "skip":
                skipped.append(pj)
            elif kind == "exact":
                start, row = 0, pi
                while start < len(tokens):
                    assigned.append(Assigned(row, tokens[start : start + self.sizes[row]], kind))
                    start += self.sizes[row]
                    row += 1
            elif kind == "irregular":
                printed = sum(len(self.runs[k].tokens) for k in range(pj, j))
                assigned.append(Assigned(pi, tokens, kind, trimmed=len(tokens) < printed))
            j, i = pj, pi
        assigned.reverse()
        skipped.reverse()
        return Alignment(assigned, skipped, False)


# --- comparing two alignments ---------------------------------------------------------------------


def _printed(item: Assigned) -> tuple[object, ...]:
    """What a row is filled with, as far as its values go: two alignments that give a row other
    tokens of the same values (rows of zeros, one line with values between two labels) read it
    alike. Structural blanks (empty cells at a cell line's ends) do not make readings different."""
    return (item.kind, *((token.value, token.digits) for token in item.tokens if token.raw != ""))


def differences(first: Sequence[Assigned], second: Sequence[Assigned]) -> set[int]:
    """Rows that two equally good alignments fill with different values."""
    a = {item.row: _printed(item) for item in first}
    b = {item.row: _printed(item) for item in second}
    return {row for row in a.keys() | b.keys() if a.get(row) != b.get(row)}
