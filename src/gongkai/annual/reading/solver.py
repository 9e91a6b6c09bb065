"""A table's glued rows as one constraint problem: which candidate splits of each row can be true at once.

Every glued row has a few candidate readings (splits of its digits satisfying the row's own sums).
The table's equations (results rows sum to （七）总计 per column, 新收 + 结转 = 总计 + 结转下年 per
column, sub-rows sum where the format says so) tie the rows together. `supported` answers, for each
row, which of its candidates occur in at least one assignment of all rows that satisfies every
equation: a cell is certain when all supported candidates of its row agree on it.

The search is a depth-first branch and bound: each equation keeps the sum of its assigned terms and
the least and greatest sum the unassigned rows can still add, and a branch is cut as soon as zero
lies outside that interval. A candidate's support is established by one search with the candidate
forced (which also marks every candidate of the solution found), so the work is bounded by the
number of candidates, not the number of solutions. Rows with one reading (most glued rows) are
not searched: their cells are known to the others, and the equations they decide are checked once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gongkai.annual.rules import Equation

Cell = int | float | None
Candidate = tuple[Cell, ...]

MAX_NODES = 200_000  # search steps for one table; beyond this nothing is claimed
_TOLERANCE = 1e-6


class TooBig(Exception):
    """The search went beyond MAX_NODES steps: no claim about any row."""


@dataclass
class _Problem:
    """The rows' contributions to each equation, and each equation's constant part."""

    constants: list[float]
    touching: list[list[int]]  # per row: the equations it takes part in
    contributions: list[list[tuple[float, ...]]]  # per row, per candidate: one term per touching equation
    lowest: list[tuple[float, ...]]  # per row: the least contribution to each touching equation
    highest: list[tuple[float, ...]]


def _linear(equation: Equation) -> dict[str, int]:
    terms: dict[str, int] = {}
    for path in equation.left:
        terms[path] = terms.get(path, 0) + 1
    for path in equation.right:
        terms[path] = terms.get(path, 0) - 1
    return terms


def _problem(
    fixed: Mapping[str, Cell],
    rows: Sequence[tuple[Sequence[str], Sequence[Candidate]]],
    equations: Sequence[Equation],
) -> _Problem:
    owner = {path: (r, k) for r, (paths, _c) in enumerate(rows) for k, path in enumerate(paths)}
    constants: list[float] = []
    touching: list[list[int]] = [[] for _ in rows]
    columns: list[list[list[tuple[int, int]]]] = [[] for _ in rows]  # per row, per touching eq: (cell, coef)
    for equation in equations:
        terms = _linear(equation)
        if not any(path in owner for path in terms):
            continue
        if any(path not in owner and fixed.get(path) is None for path in terms):
            continue  # a cell nobody knows: the equation says nothing
        index = len(constants)
        constants.append(sum(coef * (fixed[path] or 0) for path, coef in terms.items() if path not in owner))
        per_row: dict[int, list[tuple[int, int]]] = {}
        for path, coef in terms.items():
            if path in owner:
                r, k = owner[path]
                per_row.setdefault(r, []).append((k, coef))
        for r, cells in per_row.items():
            touching[r].append(index)
            columns[r].append(cells)
    contributions = [
        [
            tuple(sum(coef * (candidate[k] or 0) for k, coef in cells) for cells in columns[r])
            for candidate in candidates
        ]
        for r, (_paths, candidates) in enumerate(rows)
    ]
    lowest = [tuple(map(min, zip(*rows_c, strict=True))) if rows_c else () for rows_c in contributions]
    highest = [tuple(map(max, zip(*rows_c, strict=True))) if rows_c else () for rows_c in contributions]
    return _Problem(constants, touching, contributions, lowest, highest)


class _Walk:
    """What `_Search` and `_LeastBroken` share: the rows assigned depth first in a fixed order, and
    per equation `acc` the sum of its constant and its assigned rows' terms, `low`/`high` the least
    and greatest sum its unassigned rows can still add."""

    def __init__(self, problem: _Problem, order: Sequence[int], budget: list[int]) -> None:
        self.problem = problem
        self.order = order
        self.budget = budget
        self.acc: list[float] = []
        self.low: list[float] = []
        self.high: list[float] = []

    def _start(self) -> None:
        """No row assigned: every row's terms lie ahead."""
        self.acc = list(self.problem.constants)
        self.low = [0.0] * len(self.acc)
        self.high = [0.0] * len(self.acc)
        for r in range(len(self.problem.touching)):
            self._shift(r, 1)

    def _step(self) -> None:
        """Spend one search step of the budget."""
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise TooBig

    def _shift(self, r: int, sign: int) -> None:
        """Count row `r` among the unassigned rows (`sign` 1) or no longer (-1)."""
        problem, low, high = self.problem, self.low, self.high
        for e, lo, hi in zip(problem.touching[r], problem.lowest[r], problem.highest[r], strict=True):
            low[e] += sign * lo
            high[e] += sign * hi

    def _add(self, r: int, c: int, sign: int) -> None:
        """Assign candidate `c` to row `r` (`sign` 1) or take it back (-1)."""
        acc = self.acc
        for e, term in zip(self.problem.touching[r], self.problem.contributions[r][c], strict=True):
            acc[e] += sign * term

    def _doomed(self, e: int) -> bool:
        """Whether equation `e` can no longer hold: zero lies outside what its rows can still add."""
        return not (self.acc[e] + self.low[e] <= _TOLERANCE and self.acc[e] + self.high[e] >= -_TOLERANCE)


class _Search(_Walk):
    """Depth-first search for one assignment satisfying every equation, rows in a fixed order."""

    def __init__(self, problem: _Problem, order: Sequence[int], budget: list[int]) -> None:
        super().__init__(problem, order, budget)
        self.forced: Mapping[int, int] = {}
        self.chosen: dict[int, int] = {}

    def first(self, forced: Mapping[int, int]) -> dict[int, int] | None:
        """An assignment (row -> candidate) with the rows in `forced` taking the given candidate."""
        self._start()
        self.forced, self.chosen = forced, {}
        return dict(self.chosen) if self._place(0) else None

    def _place(self, depth: int) -> bool:
        if depth == len(self.order):
            return True
        r = self.order[depth]
        self._shift(r, -1)
        options = [self.forced[r]] if r in self.forced else range(len(self.problem.contributions[r]))
        budget = self.budget
        for c in options:
            budget[0] -= 1  # `_step`, inline: the hottest loop of the reader's glued rows
            if budget[0] < 0:
                raise TooBig
            if self._fits(r, c):
                self.chosen[r] = c
                if self._place(depth + 1):
                    return True
            self._add(r, c, -1)
        self._shift(r, 1)
        return False

    def _fits(self, r: int, c: int) -> bool:
        """`_add` candidate `c` to row `r`, and whether every equation it touches can still hold
        (one pass: the check rides on the update)."""
        acc, low, high = self.acc, self.low, self.high
        ok = True
        for e, term in zip(self.problem.touching[r], self.problem.contributions[r][c], strict=True):
            acc[e] += term
            if not (acc[e] + low[e] <= _TOLERANCE and acc[e] + high[e] >= -_TOLERANCE):
                ok = False
        return ok


def supported(
    fixed: Mapping[str, Cell],
    rows: Sequence[tuple[Sequence[str], Sequence[Candidate]]],
    equations: Sequence[Equation],
    max_nodes: int = MAX_NODES,
) -> list[set[int]] | None:
    """Per row (paths, candidates), the indexes of its candidates that occur in some assignment of all
    rows satisfying every equation whose other cells are `fixed` and known; empty sets when no
    assignment does; None when the search grows beyond `max_nodes` steps."""
    settled = [r for r, (_paths, candidates) in enumerate(rows) if _one_known(candidates)]
    if settled:
        return _with_settled(fixed, rows, equations, max_nodes, settled)
    support: list[set[int]] = [set() for _ in rows]
    problem = _problem(fixed, rows, equations)
    order = sorted(range(len(rows)), key=lambda r: (len(rows[r][1]), r))
    search = _Search(problem, order, [max_nodes])
    try:
        found = search.first({})
        if found is None:
            return support  # nothing fits
        _mark(support, found)
        for r in order:
            for c in range(len(rows[r][1])):
                if c not in support[r] and (found := search.first({r: c})) is not None:
                    _mark(support, found)
    except TooBig:
        return None
    return support


def _with_settled(
    fixed: Mapping[str, Cell],
    rows: Sequence[tuple[Sequence[str], Sequence[Candidate]]],
    equations: Sequence[Equation],
    max_nodes: int,
    settled: Sequence[int],
) -> list[set[int]] | None:
    """`supported` where the rows `settled` have one reading each (most glued rows): their cells are
    known to the others, the equations they decide are checked once, and only the rows with a choice
    are searched."""
    support: list[set[int]] = [set() for _ in rows]
    known = dict(fixed)
    for r in settled:
        known.update(zip(rows[r][0], rows[r][1][0], strict=True))
    decided = {path for r in settled for path in rows[r][0]}
    if any(_broken(equation, known, decided) for equation in equations):
        return support
    open_rows = [r for r in range(len(rows)) if r not in set(settled)]
    inner = supported(known, [rows[r] for r in open_rows], equations, max_nodes)
    if inner is None:
        return None
    if open_rows and not any(inner):
        return support
    for r in settled:
        support[r].add(0)
    for r, kept in zip(open_rows, inner, strict=True):
        support[r] = kept
    return support


def _one_known(candidates: Sequence[Candidate]) -> bool:
    return len(candidates) == 1 and all(cell is not None for cell in candidates[0])


def _broken(equation: Equation, known: Mapping[str, Cell], decided: set[str]) -> bool:
    """Whether `equation`, which takes in a cell of the settled rows (`decided`), fails with every
    cell `known` (nothing is said while one of its cells is unknown)."""
    terms = _linear(equation)
    if not any(path in decided for path in terms) or any(known.get(path) is None for path in terms):
        return False
    return abs(sum(coef * (known[path] or 0) for path, coef in terms.items())) > _TOLERANCE


def _mark(support: list[set[int]], found: Mapping[int, int]) -> None:
    for row, candidate in found.items():
        support[row].add(candidate)


@dataclass(frozen=True)
class Relaxed:
    """The readings of a table that no reading satisfies whole: the least number of its equations
    some assignment breaks (`broken`), and every assignment breaking that few, as (row -> candidate,
    the indexes of the equations it breaks in the `equations` given)."""

    broken: int
    readings: tuple[tuple[dict[int, int], frozenset[int]], ...]


def least_broken(
    fixed: Mapping[str, Cell],
    rows: Sequence[tuple[Sequence[str], Sequence[Candidate]]],
    equations: Sequence[Equation],
    most: int,
    max_readings: int = 64,
    max_nodes: int = MAX_NODES,
) -> Relaxed | None:
    """The assignments of one candidate per row that break the fewest `equations` (those whose other
    cells are `fixed` and known), if that is at most `most`; None when every assignment breaks more,
    when more than `max_readings` assignments tie, or when the search grows beyond `max_nodes` steps.
    A table whose own numbers do not add up (a wrong total) is read by its least broken readings."""
    problem, index = _problem_indexed(fixed, rows, equations)
    order = sorted(range(len(rows)), key=lambda r: (len(rows[r][1]), r))
    search = _LeastBroken(problem, order, most, max_readings, [max_nodes])
    try:
        search.run()
    except TooBig:
        return None
    if not search.found:
        return None
    readings = tuple((chosen, frozenset(index[e] for e in broken)) for chosen, broken in search.found)
    return Relaxed(search.best, readings)


def _problem_indexed(
    fixed: Mapping[str, Cell],
    rows: Sequence[tuple[Sequence[str], Sequence[Candidate]]],
    equations: Sequence[Equation],
) -> tuple[_Problem, list[int]]:
    """`_problem`, and for each of its equations the index of the equation it came from."""
    problem = _problem(fixed, rows, equations)
    owner = {path for paths, _c in rows for path in paths}
    index = [
        k
        for k, equation in enumerate(equations)
        if (terms := _linear(equation)).keys() & owner
        and all(path in owner or fixed.get(path) is not None for path in terms)
    ]
    return problem, index


class _LeastBroken(_Walk):
    """Depth-first branch and bound over the rows (`_Walk`) counting the equations that can no
    longer hold: a branch is cut once it breaks more than the best complete assignment found so far."""

    def __init__(
        self, problem: _Problem, order: Sequence[int], most: int, max_readings: int, budget: list[int]
    ) -> None:
        super().__init__(problem, order, budget)
        self.best, self.max_readings = most, max_readings
        self._start()
        self.count = sum(self._doomed(e) for e in range(len(self.acc)))
        self.chosen: dict[int, int] = {}
        self.found: list[tuple[dict[int, int], frozenset[int]]] = []

    def run(self) -> None:
        if self.count <= self.best:
            self._visit(0)

    def _visit(self, depth: int) -> None:
        if depth == len(self.order):
            if self.count < self.best:
                self.best, self.found = self.count, []
            if len(self.found) >= self.max_readings:
                raise TooBig
            broken = frozenset(e for e in range(len(self.acc)) if self._doomed(e))
            self.found.append((dict(self.chosen), broken))
            return
        problem, r = self.problem, self.order[depth]
        touching = problem.touching[r]
        before = sum(self._doomed(e) for e in touching)
        self._shift(r, -1)
        for c in range(len(problem.contributions[r])):
            self._step()
            self._add(r, c, 1)
            count = self.count - before + sum(self._doomed(e) for e in touching)
            if count <= self.best:
                saved, self.count = self.count, count
                self.chosen[r] = c
                self._visit(depth + 1)
                self.count = saved
                del self.chosen[r]
            self._add(r, c, -1)
        self._shift(r, 1)
