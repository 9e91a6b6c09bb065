"""Benchmark: a million reply deadlines on the official calendar (target: under 2 seconds).

Wall and CPU time of the best of three runs are printed; on a busy machine CPU time is the fairer figure.

Run: .venv/bin/python bench/bench_deadlines.py [COUNT]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from gongkai.law.calendar import builtin_calendar
from gongkai.law.deadlines import reply_deadline

TARGET_SECONDS = 2.0
FIRST, LAST = date(2004, 1, 1), date(2026, 10, 31)  # receipts whose deadlines stay inside the covered years


def receipts(count: int, seed: int = 20240927) -> list[date]:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    return [FIRST + timedelta(days=rng.randrange(span + 1)) for _ in range(count)]


def timed(label: str, run: Callable[[], object], *, unit: int, repeat: int = 3) -> float:
    """Best of `repeat` runs (as timeit advises: the others measure the machine's other work)."""
    runs = []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
    seconds, cpu = min(runs)
    print(
        f"{label}: {seconds:.3f} s wall, {cpu:.3f} s CPU ({seconds / unit * 1e6:.2f} µs each, best of {repeat})"
    )
    return seconds


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    started = time.perf_counter()
    calendar = builtin_calendar()
    print(
        f"calendar indexed ({min(calendar.years)}–{max(calendar.years)}): {time.perf_counter() - started:.3f} s"
    )
    days = receipts(count)
    seconds = timed(f"{count:,} reply deadlines", lambda: [reply_deadline(day) for day in days], unit=count)
    timed(
        f"{count:,} extended reply deadlines",
        lambda: [reply_deadline(day, extended=True) for day in days],
        unit=count,
    )
    few = days[: count // 10]
    timed(
        f"{len(few):,} reply deadlines with a pause",
        lambda: [
            reply_deadline(day, pauses=[(day + timedelta(days=3), day + timedelta(days=10))]) for day in few
        ],
        unit=len(few),
    )
    sample = days[: count // 100]
    timed(
        f"{len(sample):,} explanations (day by day, computed when read)",
        lambda: [reply_deadline(day).explanation for day in sample],
        unit=len(sample),
    )
    verdict = "within" if seconds < TARGET_SECONDS else "OVER"
    print(f"{count:,} reply deadlines in {seconds:.3f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
