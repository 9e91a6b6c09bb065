"""Instructions of registration cycles (bench/profile_registration.py's form, submission, page and list),
counted by callgrind around the measured cycles only, so that start-up and migrations do not count:

    valgrind --tool=callgrind --instr-atstart=no .venv/bin/python bench/callgrind_cycles.py \\
        [--backend postgres] [--start 50] [--cycles 20]

Cycles before `--start` are the warm-up (the list shows one more application each cycle: from 50 on it
shows a full page). Instruction counts are repeatable on a machine shared with other work, where times
are not (docs/decisions/load-model.md). Without valgrind, `callgrind_control` is missing and it stops.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_registration


def main() -> int:
    parser = argparse.ArgumentParser(description="登记申请循环的指令数（callgrind）")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--start", type=int, default=50, help="first measured cycle (at least 10)")
    parser.add_argument("--cycles", type=int, default=20)
    args = parser.parse_args()
    start, end = max(args.start, 10), max(args.start, 10) + args.cycles - 1
    measured = profile_registration.cycle

    def toggle(on: bool) -> None:
        command = ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())]
        subprocess.run(command, check=True, capture_output=True)

    def cycle(client: Any, agency_id: int, day: str, n: int, out: Any) -> None:
        if n == start:
            toggle(True)
        measured(client, agency_id, day, n, out)
        if n == end:
            toggle(False)

    profile_registration.cycle = cycle  # type: ignore[assignment]
    sys.argv = [sys.argv[0], "--backend", args.backend, "--cycles", str(end - 9)]
    return profile_registration.main()


if __name__ == "__main__":
    raise SystemExit(main())
