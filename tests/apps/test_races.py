"""Concurrency against a real `gongkai serve` (bench/bench_race.py, bench/bench_connections.py, small runs):
two people deciding at once, and idle connections that must not shut anyone out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _run(script: str, *args: str) -> dict[str, Any]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--json", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_two_heads_deciding_at_once_one_wins_the_other_is_told_why() -> None:
    backend = "postgres" if os.environ.get("DATABASE_URL") else "sqlite"
    summary = _run("bench_race.py", "--rounds", "6", "--backend", backend)
    assert summary["statuses"] == {"200 + 302": 6}  # never a 500 or a 503
    assert summary["one_decision_each"] and summary["at_most_one_number_each"]
    assert all(text.startswith("当前状态为") for text in summary["refusals"]), summary["refusals"]
    assert summary["ok"]


def test_idle_connections_do_not_shut_out_a_logged_in_clerk() -> None:
    summary = _run("bench_connections.py", "--idle", "100", "--partial", "30")
    # Status 0 would mean no answer within the browser's 10 seconds (waitress's old limit of 100).
    assert summary["list_status"] == 200 and summary["login_status"] == 200, summary
    # The server as a fresh install runs it: static files served, a Chinese 404 without the URL list.
    assert (summary["static_status"], summary["not_found_status"], summary["not_found_chinese"]) == (
        200,
        404,
        True,
    )
