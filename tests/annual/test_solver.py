"""The table solver (`reading.solver.supported`) against brute force on small random tables."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

from gongkai.annual.reading.solver import Candidate, Cell, least_broken, supported
from gongkai.annual.rules import Equation

Rows = list[tuple[tuple[str, ...], list[Candidate]]]


def _brute_force(fixed: Mapping[str, Cell], rows: Rows, equations: Sequence[Equation]) -> list[set[int]]:
    """Every assignment of one candidate per row; an equation says something when it takes in a
    row's cell and each of its other cells is known."""
    owned = {path for paths, _candidates in rows for path in paths}
    used = [
        eq
        for eq in equations
        if {*eq.left, *eq.right} & owned
        and all(path in owned or fixed.get(path) is not None for path in (*eq.left, *eq.right))
    ]
    support: list[set[int]] = [set() for _ in rows]
    for choice in itertools.product(*(range(len(candidates)) for _paths, candidates in rows)):
        values = dict(fixed)
        for (paths, candidates), c in zip(rows, choice, strict=True):
            values.update(zip(paths, candidates[c], strict=True))
        if all(
            abs(sum(values[p] or 0 for p in eq.left) - sum(values[p] or 0 for p in eq.right)) < 1e-6
            for eq in used
        ):
            for row, c in enumerate(choice):
                support[row].add(c)
    return support


def _random_table(rng: random.Random) -> tuple[dict[str, Cell], Rows, list[Equation]]:
    rows: Rows = []
    for r in range(rng.randint(1, 5)):
        paths = (f"t.r{r}.a", f"t.r{r}.b")
        count = rng.choice((1, 1, 1, 2, 3))
        rows.append((paths, [(rng.randint(0, 3), rng.randint(0, 3)) for _ in range(count)]))
    fixed: dict[str, Cell] = {f"t.f{k}.a": rng.choice((None, 0, 1, 2, 3)) for k in range(3)}
    pool = [path for paths, _c in rows for path in paths] + list(fixed)
    equations = [
        Equation("sum", (rng.choice(pool),), tuple(rng.sample(pool, 2)), "t", "")
        for _ in range(rng.randint(1, 4))
    ]
    return fixed, rows, equations


def test_supported_readings_are_those_of_some_whole_assignment() -> None:
    """Rows with one reading are taken as known cells and only the others searched; the answer is
    the same as trying every assignment."""
    rng = random.Random(8)
    for _ in range(2000):
        fixed, rows, equations = _random_table(rng)
        assert supported(fixed, rows, equations) == _brute_force(fixed, rows, equations), (
            fixed,
            rows,
            equations,
        )


def _brute_least_broken(
    fixed: Mapping[str, Cell], rows: Rows, equations: Sequence[Equation], most: int
) -> tuple[int, set[tuple[tuple[int, ...], frozenset[int]]]] | None:
    """The fewest equations (that say something) any assignment breaks, if at most `most`, and every
    assignment breaking that few with the indexes of the equations it breaks."""
    owned = {path for paths, _candidates in rows for path in paths}
    used = [
        k
        for k, eq in enumerate(equations)
        if {*eq.left, *eq.right} & owned
        and all(path in owned or fixed.get(path) is not None for path in (*eq.left, *eq.right))
    ]
    found: dict[tuple[int, ...], frozenset[int]] = {}
    for choice in itertools.product(*(range(len(candidates)) for _paths, candidates in rows)):
        values = dict(fixed)
        for (paths, candidates), c in zip(rows, choice, strict=True):
            values.update(zip(paths, candidates[c], strict=True))
        found[choice] = frozenset(
            k
            for k in used
            if abs(
                sum(values[p] or 0 for p in equations[k].left)
                - sum(values[p] or 0 for p in equations[k].right)
            )
            > 1e-6
        )
    fewest = min(len(broken) for broken in found.values())
    if fewest > most:
        return None
    return fewest, {(choice, broken) for choice, broken in found.items() if len(broken) == fewest}


def test_least_broken_readings_are_those_breaking_the_fewest_equations() -> None:
    """A table whose own numbers do not add up: the solver's least broken readings are exactly the
    assignments breaking the fewest equations, as trying every assignment finds them."""
    rng = random.Random(9)
    for _ in range(1500):
        fixed, rows, equations = _random_table(rng)
        most = rng.choice((1, 2, 3))
        expected = _brute_least_broken(fixed, rows, equations, most)
        found = least_broken(fixed, rows, equations, most, max_readings=10_000)
        if expected is None:
            assert found is None, (fixed, rows, equations)
            continue
        assert found is not None
        got = {(tuple(chosen[r] for r in range(len(rows))), broken) for chosen, broken in found.readings}
        assert (found.broken, got) == expected, (fixed, rows, equations)
