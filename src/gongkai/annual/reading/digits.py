"""Digits that ran together: every way to split them into cells, and choosing by the cross-checks.

A table flattened without separators prints `21710000218` for the seven cells 217 1 0 0 0 0 218. The
reader enumerates every split into the row's cells (no leading zeros), keeps those that satisfy the
row's own equations (total = sum of the parts), and, if several remain, lets the table's other
equations (balance, results total) choose. What is still ambiguous stays None.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from itertools import islice

from gongkai.annual.reading.lines import Token

Cell = int | float | None
Candidate = tuple[Cell, ...]

MAX_CANDIDATES = 20_000  # beyond this a row is unreadable rather than slow
MAX_NODES = 100_000
# Blank cells one glued row may hide that the reader still considers (each one more is another
# coincidence: the digits of the other cells must re-split so that the row's own sums hold).
MAX_HIDDEN_BLANKS = 2


def _splits(digits: str, parts: int) -> Iterator[tuple[int, ...]]:
    """Every split of `digits` into `parts` numbers without leading zeros."""
    if parts == 1:
        if len(digits) == 1 or digits[0] != "0":
            yield (int(digits),)
        return
    if digits[0] == "0":
        first_lengths: Sequence[int] = (1,)
    else:
        first_lengths = range(1, len(digits) - parts + 2)
    for length in first_lengths:
        for rest in _splits(digits[length:], parts - 1):
            yield (int(digits[:length]), *rest)


# A number that may be several cells glued: digits, a sign before the first (2019's 本年增/减,
# '1207-3961' is 1207 then -3961 glued), a decimal part after the last ('4820316.75').
_GLUED = re.compile(r"([-−]?)(\d+)(\.\d+)?")


def glued_digits(token: Token) -> str:
    """The digits a token outside a known cell may split into several cells ('' if it cannot)."""
    if token.in_cell or token.value is None:
        return ""
    match = _GLUED.fullmatch(token.raw)
    return match.group(2) if match else ""


def token_splits(token: Token, count: int) -> Iterator[tuple[int | float, ...]]:
    """Readings of one token as `count` cells: its digits split without leading zeros, a sign kept on
    the first cell, a decimal part on the last."""
    if count == 1:
        # glued digits with a leading zero ('0333') are never one cell: the zero is a cell of its own
        raw = token.raw.lstrip("-−")
        if token.value is not None and (token.in_cell or raw[:1] != "0" or not raw[1:2].isdigit()):
            yield (token.value,)
        return
    match = None if token.in_cell else _GLUED.fullmatch(token.raw)
    if match is None:
        return
    sign, digits, fraction = match.groups()
    for split in _splits(digits, count):
        if sign and split[0] == 0:
            continue  # '-0' is not printed
        head: tuple[int | float, ...] = (-split[0], *split[1:]) if sign else split
        yield (*head[:-1], float(f"{head[-1]}{fraction}")) if fraction else head


def _part_counts(tokens: Sequence[Token], cells: int) -> Iterator[tuple[int, ...]]:
    """How many cells each token may stand for (a glued token at most its number of digits)."""
    if not tokens:
        if cells == 0:
            yield ()
        return
    first, rest = tokens[0], tokens[1:]
    most = len(glued_digits(first)) or 1
    for count in range(1, min(most, cells - len(rest)) + 1):
        for tail in _part_counts(rest, cells - count):
            yield (count, *tail)


class SearchTooBig(Exception):
    """More ways to split than the reader will look at: the row is unreadable, not slow."""


def summed_splits(digits: str, groups: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Splits of `digits` into groups of `k` parts each followed by their sum (a row of table 三 is
    one group of 6; table 四 three groups of 4). The sum being printed is what makes long glued rows
    tractable: it has the most digits, so no part may be longer, and it is forced once the parts are."""
    budget = [MAX_NODES]
    if len(groups) == 1:
        yield from _one_group(digits, groups[0], budget)
    elif groups:
        yield from _GroupedSplits(digits, groups, budget).search(0, 0, (), groups[0])


class _GroupedSplits:
    """The search of `summed_splits` for several groups: parts left to right, each group's sum forced."""

    def __init__(self, digits: str, groups: Sequence[int], budget: list[int]) -> None:
        self.digits, self.groups, self.budget = digits, groups, budget

    def search(self, pos: int, group: int, parts: tuple[int, ...], free: int) -> Iterator[tuple[int, ...]]:
        """The splits of the digits from `pos`, in group `group` with `parts` read and `free` to go."""
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise SearchTooBig
        if group == len(self.groups):
            if pos == len(self.digits):
                yield ()
        elif free == 0:
            yield from self._group_sum(pos, group, parts)
        else:
            yield from self._next_part(pos, group, parts, free)

    def _group_sum(self, pos: int, group: int, parts: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        total = str(sum(parts))
        if self.digits.startswith(total, pos):
            following = self.groups[group + 1] if group + 1 < len(self.groups) else 0
            for rest in self.search(pos + len(total), group + 1, (), following):
                yield (int(total), *rest)

    def _next_part(
        self, pos: int, group: int, parts: tuple[int, ...], free: int
    ) -> Iterator[tuple[int, ...]]:
        digits = self.digits
        remaining = len(digits) - pos
        later_cells = free + sum(self.groups[group + 1 :]) + len(self.groups) - group  # incl. this sum
        longest = remaining - (later_cells - 1)
        if pos < len(digits) and digits[pos] == "0":
            longest = min(longest, 1)
        done = sum(parts)
        for length in range(1, longest + 1):
            value = int(digits[pos : pos + length])
            # the sum has at least as many digits as any part and as the running sum
            if len(str(done + value)) > remaining - length - (free - 1):
                break
            for rest in self.search(pos + length, group, (*parts, value), free - 1):
                yield (value, *rest)


def _one_group(digits: str, parts: int, budget: list[int]) -> Iterator[tuple[int, ...]]:
    """`parts` numbers then their sum: the sum is a suffix, so try each suffix and split the rest
    into numbers adding up to it (the target prunes the search hard)."""
    size = len(digits)
    prefix_nines = [0]
    for digit in digits:
        prefix_nines.append(prefix_nines[-1] + int(digit))
    # the sum is at least as wide as the widest part, so it has at least size / (parts + 1) digits
    for length in range(max(1, -(-size // (parts + 1))), size - parts + 1):
        suffix = digits[size - length :]
        if len(suffix) > 1 and suffix[0] == "0":
            continue
        rest = size - length  # the parts' digits: their largest sum is one wide part, the rest single
        if length > rest - parts + 2:
            break
        # a number is its digit sum modulo 9, so the parts add up to the prefix's digit sum modulo 9
        # however the prefix is split: a suffix that differs cannot be their sum
        if (prefix_nines[rest] - int(suffix)) % 9:
            continue
        for split in _halves(digits[: len(digits) - length], parts, int(suffix), budget):
            yield (*split, int(suffix))


def _narrow_splits(
    digits: str, parts: int, widest: int, cap: int, budget: list[int]
) -> list[tuple[int, ...]]:
    """Every split of `digits` into `parts` numbers of at most `widest` digits, no leading zeros,
    adding up to at most `cap`."""
    size = len(digits)
    if not parts <= size <= parts * widest:
        return []
    budget[0] -= 1
    if budget[0] < 0:
        raise SearchTooBig
    if parts == 1:
        fits = (size == 1 or digits[0] != "0") and int(digits) <= cap
        return [(int(digits),)] if fits else []
    longest = 1 if digits[0] == "0" else min(widest, size - parts + 1)
    if parts == 2:
        return _narrow_pairs(digits, widest, cap, budget, longest)
    found: list[tuple[int, ...]] = []
    for length in range(1, longest + 1):
        value = int(digits[:length])
        if value > cap:
            break
        found += [
            (value, *rest) for rest in _narrow_splits(digits[length:], parts - 1, widest, cap - value, budget)
        ]
    return found


def _narrow_pairs(
    digits: str, widest: int, cap: int, budget: list[int], longest: int
) -> list[tuple[int, ...]]:
    """`_narrow_splits` into two numbers, the last one inline (most calls of the search are for it;
    the budget is spent exactly as the recursive call would)."""
    size = len(digits)
    found: list[tuple[int, ...]] = []
    for length in range(1, longest + 1):
        value = int(digits[:length])
        if value > cap:
            break
        if size - length > widest:
            continue  # too wide a last number: no split, no node spent
        budget[0] -= 1
        if budget[0] < 0:
            raise SearchTooBig
        if (length == size - 1 or digits[length] != "0") and int(digits[length:]) <= cap - value:
            found.append((value, int(digits[length:])))
    return found


def _halves(digits: str, parts: int, target: int, budget: list[int]) -> Iterator[tuple[int, ...]]:
    """`_summing` by meeting in the middle: for each place where the first half of the parts ends,
    the splits of each half (no part wider than the target) are joined on their sums. A row of
    four-digit counts has only a few splits per half, where a search from the left meets a new
    remainder on almost every path."""
    if parts < 4:
        yield from _summing(digits, parts, target, budget)
        return
    widest, size, half = len(str(target)), len(digits), parts // 2
    for middle in range(
        max(half, size - (parts - half) * widest), min(half * widest, size - (parts - half)) + 1
    ):
        first = _narrow_splits(digits[:middle], half, widest, target, budget)
        if not first:
            continue
        second: dict[int, list[tuple[int, ...]]] = {}
        for split in _narrow_splits(digits[middle:], parts - half, widest, target, budget):
            second.setdefault(sum(split), []).append(split)
        for split in first:
            for rest in second.get(target - sum(split), ()):
                yield (*split, *rest)


def _summing(digits: str, parts: int, target: int, budget: list[int]) -> Iterator[tuple[int, ...]]:
    """Every split of `digits` into `parts` numbers (no leading zeros) that add up to `target`.

    Memoised on (position, parts left, target left): glued rows revisit the same tails many times."""
    memo: dict[tuple[int, int, int], tuple[tuple[int, ...], ...]] = {}
    size = len(digits)

    def tails(pos: int, left: int, rest: int) -> tuple[tuple[int, ...], ...]:
        key = (pos, left, rest)
        if key in memo:
            return memo[key]
        budget[0] -= 1
        if budget[0] < 0:
            raise SearchTooBig
        length_left = size - pos
        found: list[tuple[int, ...]] = []
        if length_left < left:
            pass
        elif left == 1:
            if (length_left == 1 or digits[pos] != "0") and int(digits[pos:]) == rest:
                found.append((rest,))
        # Some part has at least ceil(length_left / left) digits: it alone must not exceed the target;
        # and the largest sum of `left` parts (one long part, the others single digits) must reach it.
        elif 10 ** (-(-length_left // left) - 1) <= max(rest, 1) and rest <= (
            10 ** (length_left - left + 1) - 1 + 9 * (left - 1)
        ):
            longest = 1 if digits[pos] == "0" else min(length_left - left + 1, len(str(rest)))
            for length in range(1, longest + 1):
                value = int(digits[pos : pos + length])
                if value > rest:
                    break
                found.extend((value, *tail) for tail in tails(pos + length, left - 1, rest - value))
        memo[key] = result = tuple(found)
        return result

    yield from tails(0, parts, target)


def can_split(digits: str, parts: int) -> bool:
    """Whether `digits` can be read as exactly `parts` numbers (no leading zeros)."""
    if parts <= 0:
        return not digits
    reachable: list[set[int]] = [set() for _ in range(len(digits) + 1)]  # position -> numbers read so far
    reachable[0].add(0)
    for start in range(len(digits)):
        if not reachable[start]:
            continue
        ends = [start + 1] if digits[start] == "0" else range(start + 1, len(digits) + 1)
        for end in ends:
            reachable[end].update(count + 1 for count in reachable[start] if count < parts)
    return parts in reachable[len(digits)]


def glued_candidates(tokens: Sequence[Token], cells: int) -> list[Candidate] | None:
    """All readings of `tokens` as `cells` values, splitting glued digit strings; None if too many."""
    found: list[Candidate] = []
    for counts in _part_counts(tokens, cells):
        partial: list[Candidate] = [()]
        for token, count in zip(tokens, counts, strict=True):
            options = list(islice(token_splits(token, count), MAX_CANDIDATES + 1))
            if len(options) > MAX_CANDIDATES:
                return None
            partial = [done + option for done in partial for option in options]
            if len(partial) > MAX_CANDIDATES:
                return None
        found += partial
        if len(found) > MAX_CANDIDATES:
            return None
    return list(dict.fromkeys(found))


# a state after a cell: (offset, blanks so far, running sum of the group's parts or -1 when the
# group holds a blank)
_State = tuple[int, int, int]


class _BlankReadings:
    """The search of `readings_with_blanks`: cells left to right, each a number or a blank."""

    def __init__(self, digits: str, cells: int, fixed: Mapping[int, int], groups: Sequence[int]) -> None:
        self.digits, self.cells, self.fixed = digits, cells, fixed
        self.ends_at: dict[int, int] = {}  # index of a group's sum -> number of its parts
        position = 0
        for size in groups:
            self.ends_at[position + size] = size
            position += size + 1
        self.grouped = position  # cells after the last group's sum are in no group
        self.memo: dict[tuple[int, _State], bool] = {}  # whether the rest can be read from a state

    def moves(self, index: int, offset: int) -> Iterator[tuple[int | None, int]]:
        """(value or None for a blank, next offset) for cell `index` starting at `offset`."""
        yield None, offset
        digits = self.digits
        if offset >= len(digits):
            return
        if index in self.fixed:
            text = str(self.fixed[index])
            if digits.startswith(text, offset):
                yield self.fixed[index], offset + len(text)
            return
        stop = offset  # only a run of ASCII digits makes a number (a mangled run may hold a sign)
        while stop < len(digits) and "0" <= digits[stop] <= "9":
            stop += 1
        ends = [offset + 1] if digits[offset] == "0" else range(offset + 1, stop + 1)
        for end in ends:
            yield int(digits[offset:end]), end

    def advance(self, index: int, state: _State, value: int | None, end: int) -> _State | None:
        _offset, blanks, running = state
        blanks += value is None
        if blanks > MAX_HIDDEN_BLANKS:
            return None
        if index in self.ends_at:  # the group's sum: checked unless the group holds a blank
            if running >= 0 and value is not None and value != running:
                return None
            return end, blanks, 0
        if running < 0 or value is None:
            return end, blanks, -1
        return end, blanks, running + value if index < self.grouped else 0

    def finishing(self, index: int, state: _State) -> bool:
        if index == self.cells:
            return state[0] == len(self.digits) and state[1] >= 1
        key = (index, state)
        if key not in self.memo:
            if len(self.memo) > MAX_NODES:
                raise SearchTooBig
            self.memo[key] = any(
                (after := self.advance(index, state, value, end)) is not None
                and self.finishing(index + 1, after)
                for value, end in self.moves(index, state[0])
            )
        return self.memo[key]

    def possible(self) -> list[set[int | None]]:
        found: list[set[int | None]] = [set() for _ in range(self.cells)]
        reachable: set[_State] = {(0, 0, 0)}
        for index in range(self.cells):
            following: set[_State] = set()
            for state in reachable:
                for value, end in self.moves(index, state[0]):
                    after = self.advance(index, state, value, end)
                    if after is not None and self.finishing(index + 1, after):
                        following.add(after)
                        found[index].add(value)
            reachable = following
        return found


def readings_with_blanks(
    digits: str, cells: int, fixed: Mapping[int, int], groups: Sequence[int] = ()
) -> list[set[int | None]] | None:
    """Per cell, every value it takes (None: blank) in the readings of `digits` as `cells` cells of
    which 1 to MAX_HIDDEN_BLANKS are blank (a blank leaves no trace in glued digits) and each cell in
    `fixed` is blank or has its fixed value. `groups`: the row as consecutive groups of k parts
    followed by their sum (`summed_splits`); a group without a blank must add up. None when the
    search grows beyond MAX_NODES states (nothing can be said)."""
    try:
        return _BlankReadings(digits, cells, fixed, groups).possible()
    except SearchTooBig:
        return None


def blank_doubts(
    digits: str, reading: Sequence[int], confirmed: Collection[int], groups: Sequence[int] = ()
) -> set[int]:
    """The cells of a glued row that hidden blank cells could make wrong.

    `reading` splits `digits` into the row's cells with its own sums holding. A blank cell leaves no
    trace in glued digits, so the same digits may be the row with blank cells and the other cells
    read differently. Such an alternative is refuted when it changes a `confirmed` cell (one taking
    part in another equation of the table that holds: a different value would break it). Returns
    the indexes of the cells that some unrefuted alternative leaves blank or reads otherwise (empty:
    the reading is certain); all of them when the search is too big. `groups` as in
    `readings_with_blanks`.
    """
    fixed = {index: reading[index] for index in confirmed}
    possible = readings_with_blanks(digits, len(reading), fixed, groups)
    if possible is None:
        return set(range(len(reading)))
    return {index for index, values in enumerate(possible) if values - {reading[index]}}
