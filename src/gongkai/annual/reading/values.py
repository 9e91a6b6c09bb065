"""One row's tokens as cell values: a row printed cell by cell, or glued digits read as candidate splits.

A row whose tokens match its cells is read as printed. A row with fewer tokens than cells, none of
them an explicit blank, is glued: its digits ran together (a crawler joined the cells, spaces kept at
some boundaries only). Its candidates are the splits into the row's cells without leading zeros that
respect the kinds of its columns (counts are never negative; only 2019's 本年增/减 is signed, only
amounts have decimals) and satisfy the row's own sums and, in table 二, the laws of counting
(`rules.Bound`: a document issued this year is in force or repealed, ...) where some split does; the
table then chooses among them (`reading.solver`). A space is a hint: splits that keep every space as a cell boundary are preferred,
the others are considered only when none does.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import islice

from gongkai.annual.formats import DECIMAL, INT, ReportFormat
from gongkai.annual.reading.digits import (
    MAX_CANDIDATES,
    Candidate,
    SearchTooBig,
    glued_candidates,
    glued_digits,
    summed_splits,
)
from gongkai.annual.reading.labels import RowSpec
from gongkai.annual.reading.lines import Token
from gongkai.annual.rules import Bound, Equation, bounds, equations


@lru_cache(maxsize=256)
def local_equations(paths: tuple[str, ...], fmt_key: str) -> tuple[Equation, ...]:
    """The format's equations whose cells all lie in one row."""
    inside = set(paths)
    return tuple(eq for eq in equations(fmt_key) if all(p in inside for p in (*eq.left, *eq.right)))


@lru_cache(maxsize=256)
def local_bounds(paths: tuple[str, ...], fmt_key: str) -> tuple[Bound, ...]:
    """The format's laws of counting (`rules.Bound`, table 二) whose cells all lie in one row."""
    inside = set(paths)
    return tuple(b for b in bounds(fmt_key) if all(p in inside for p in (*b.low, *b.high)))


@lru_cache(maxsize=256)
def row_sum_groups(paths: tuple[str, ...], fmt_key: str) -> tuple[int, ...] | None:
    """`sum_groups` of a row under its format's own equations (worked out once per row)."""
    groups = sum_groups(paths, local_equations(paths, fmt_key))
    return None if groups is None else tuple(groups)


def sum_groups(paths: Sequence[str], local: Sequence[Equation]) -> list[int] | None:
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


def is_glued(spec: RowSpec, tokens: Sequence[Token]) -> bool:
    """Whether `tokens` (fewer than the row's cells, no explicit blank) may be the row's cells glued."""
    if not tokens or len(tokens) >= len(spec.paths) or any(token.is_blank for token in tokens):
        return False
    capacity = sum(len(glued_digits(token)) or 1 for token in tokens)
    return capacity >= len(spec.paths)


def _fits_kinds(candidate: Candidate, kinds: Sequence[str]) -> bool:
    for value, kind in zip(candidate, kinds, strict=False):
        if value is None:
            continue
        if kind != DECIMAL and not isinstance(value, int):
            return False
        if value < 0 and kind in (INT, DECIMAL):
            return False
    return True


def _respects(candidate: Candidate, boundaries: frozenset[int]) -> bool:
    """Whether every space of the printed row falls between two cells of `candidate`."""
    position = 0
    ends = set()
    for value in candidate:
        position += len(str(value))
        ends.add(position)
    return boundaries <= ends


@lru_cache(maxsize=4096)
def _summed(
    digits: str, boundaries: frozenset[int], groups: tuple[int, ...]
) -> tuple[tuple[Candidate, ...], tuple[Candidate, ...]] | None:
    """Splits of the row's digits (spaces dropped) into its sum groups: those that keep every space
    as a cell boundary (or, when none does, all of them), and all of them. None when there are too
    many."""
    try:
        every = list(islice(summed_splits(digits, groups), MAX_CANDIDATES + 1))
    except SearchTooBig:
        return None
    if len(every) > MAX_CANDIDATES:
        return None
    spaced = [c for c in every if _respects(c, boundaries)]
    return tuple(spaced or every), tuple(every)


def clear_memos() -> None:
    """Forget the memoised splits (a benchmark reading the same reports again calls this, so that
    each read pays for its own searches)."""
    _summed.cache_clear()


def row_candidates(
    spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat
) -> tuple[list[Candidate], list[Candidate]] | None:
    """The glued row's readings that fit its column kinds and its own sums (see module doc): those
    that keep its spaces as cell boundaries, and all of them (the same list where the row has no
    space or no reading keeps them); None when there are too many to consider."""
    local = local_equations(spec.paths, fmt.key)
    groups = row_sum_groups(spec.paths, fmt.key)
    if groups is not None and all(token.raw.isdigit() and not token.in_cell for token in tokens):
        boundaries: list[int] = []
        for token in tokens[:-1]:
            boundaries.append((boundaries[-1] if boundaries else 0) + len(token.raw))
        found = _summed("".join(token.raw for token in tokens), frozenset(boundaries), groups)
        return None if found is None else (list(found[0]), list(found[1]))
    every = glued_candidates(tokens, len(spec.paths))
    if every is None:
        return None
    kinds = spec.kinds or (INT,) * len(spec.paths)
    fitting = [
        candidate
        for candidate in every
        if _fits_kinds(candidate, kinds)
        and all(eq.holds(dict(zip(spec.paths, candidate, strict=True))) is not False for eq in local)
    ]
    laws = local_bounds(spec.paths, fmt.key)
    if laws and len(fitting) > 1:
        # a split that breaks a law of counting is not the reading, unless every split does (then
        # the report's own numbers are implausible and nothing is preferred)
        plausible = [
            candidate
            for candidate in fitting
            if all(law.holds(dict(zip(spec.paths, candidate, strict=True))) is not False for law in laws)
        ]
        fitting = plausible or fitting
    return fitting, fitting


MAX_RELAXED_SPLITS = 5_000  # a row with more splits than this is not read by its least broken readings


def row_splits(spec: RowSpec, tokens: Sequence[Token], fmt: ReportFormat) -> list[Candidate] | None:
    """Every split of the glued row's tokens into its cells that fits the column kinds, keeps each
    printed space as a cell boundary and has no leading zero, whether or not its own sums hold
    (a table whose numbers do not add up, `glued.relax`); None when there are too many."""
    every = glued_candidates(tokens, len(spec.paths))
    if every is None:
        return None
    kinds = spec.kinds or (INT,) * len(spec.paths)
    fitting = [candidate for candidate in every if _fits_kinds(candidate, kinds)]
    return fitting if len(fitting) <= MAX_RELAXED_SPLITS else None
