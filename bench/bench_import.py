"""Importing published reports at scale: in-process, and through Celery with one and with two workers.

Renders a generated report set (tests/annual/reportsets.py: planted copies, cross-year breaks, late
dates) with gongkai's own writers as text, HTML, Word and PDF in turn (or one format), once, into
`--folder` (reused when it holds the set already), then for each way of running prints the wall time,
reports per second, and compares the results with the in-process run; finally `gongkai reports judged`
on the in-process data: plants found, and reports flagged for a rule that nothing planted.

    .venv/bin/python bench/bench_import.py [--reports 2000] [--formats txt,html,docx,pdf]
        [--broker redis://127.0.0.1:6379/3] [--folder /tmp/gongkai-bench-import] [--skip-inline]
        [--only pdf] [--kill] [--skip-one]

With `--skip-inline`, the in-process results kept by an earlier run on the same set are compared.

`--only pdf` imports only the set's files of that format (the reports rendered as PDF). `--kill` adds a
run with two workers whose pool processes are killed (SIGKILL) while files are being read, once a tenth of
the files are done: its results against the in-process ones, reports stored against files, and the most
attempts an item took (2: a task was handed out again).

Each run uses its own SQLite database in a temporary data folder; workers are `gongkai worker
--concurrency 1`, so "two workers" is two processes.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "apps"), str(ROOT / "tests" / "annual"), str(ROOT / "tests")]

import importsets  # noqa: E402  (test helpers: rendered report sets)

from gongkai.annual.writers.errors import RenderError  # noqa: E402

OFFICE = "宁夏回族自治区人民政府"


def _env(var: Path, broker: str = "", queue: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_BROKER_URL")}
    env.update(GONGKAI_VAR_DIR=str(var), GONGKAI_SECRET_KEY="bench-only-key-" + "x" * 40)
    if broker:
        env.update(GONGKAI_BROKER_URL=broker, GONGKAI_QUEUE=queue)
    return env


def _gongkai(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], env=env, capture_output=True, text=True
    )


def _corpus(folder: Path, reports: int, formats: tuple[str, ...]) -> list[importsets.Rendered]:
    """The rendered set, kept in `folder`; stops the benchmark if a file is not in the format asked for
    (a PDF written as text because the writer found no Chinese font)."""
    manifest = folder / "manifest.json"
    rendered: list[importsets.Rendered] = []
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data["reports"] == reports and data["formats"] == list(formats):
            print(f"reusing {reports} rendered reports in {folder}")
            rendered = [
                importsets.Rendered(Path(r["file"]), r["agency"], r["year"], frozenset(r["expected"]))
                for r in data["rendered"]
            ]
    if not rendered:
        started = time.perf_counter()
        try:
            rendered = importsets.render_set(
                folder / "reports", agencies=-(-reports // 2), seed=17, formats=formats, text_for_pdf=False
            )[:reports]
        except RenderError as exc:
            sys.exit(f"stopped: a report could not be rendered as PDF, and no text stands in for it: {exc}")
        manifest.write_text(
            json.dumps(
                {
                    "reports": reports,
                    "formats": list(formats),
                    "rendered": [
                        {
                            "file": str(r.file),
                            "agency": r.agency,
                            "year": r.year,
                            "expected": sorted(r.expected),
                        }
                        for r in rendered
                    ],
                },
                ensure_ascii=False,
            )
        )
        print(f"rendered {len(rendered)} reports in {time.perf_counter() - started:.0f} s")
    wrong = [r.file.name for i, r in enumerate(rendered) if r.file.suffix != f".{formats[i % len(formats)]}"]
    if wrong:
        sys.exit(
            f"stopped: {len(wrong)} of the {len(rendered)} files in {folder} are not in the format asked for"
            f" ({', '.join(wrong[:3])}…: a PDF written as text?); remove the folder and render again"
        )
    return rendered


def _db(var: Path, sql: str) -> Any:
    with sqlite3.connect(var / "gongkai.sqlite3", timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def _kill_mid_task(
    var: Path, procs: list[subprocess.Popen[bytes]], files: int, importing: subprocess.Popen[str]
) -> None:
    """SIGKILL every worker's pool process while a file is being read, once a tenth of the files are done."""
    while importing.poll() is None:
        try:
            busy = _db(
                var, "select count(*) from supervision_importitem where attempts >= 1 and status = 'pending'"
            )
            done = _db(var, "select count(*) from supervision_importitem where status != 'pending'")
        except sqlite3.OperationalError:  # the batch is not written yet
            busy, done = 0, 0
        children = [
            int(pid)
            for proc in procs
            for pid in subprocess.run(
                ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
            ).stdout.split()
        ]
        if busy and done >= files // 10 and len(children) == len(procs):
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            print(f"  killed {len(children)} pool processes with {done} files done, {busy} being read")
            return
        time.sleep(0.05)
    print("  the import ended before a kill")


def _run(
    label: str, folder: Path, broker: str = "", workers: int = 0, kill: bool = False
) -> tuple[list[dict[str, Any]], float]:
    var = Path(tempfile.mkdtemp(prefix="gongkai-bench-var-"))
    queue = f"supervision_bench_{uuid.uuid4().hex[:8]}"
    env = _env(var, broker, queue)
    _gongkai(env, "migrate", "-v0")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "worker", "--concurrency", "1", "--name", f"b{n}-{queue}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(workers)
    ]
    try:
        time.sleep(3 if workers else 0)  # the workers start (not counted)
        started = time.perf_counter()
        importing = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "reports", "import", str(folder), "--office", OFFICE]
            + (["--queue"] if broker else []),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        if kill:
            _kill_mid_task(var, procs, sum(1 for p in folder.rglob("*") if p.is_file()), importing)
        out, _err = importing.communicate()
        elapsed = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait()
    lines = [json.loads(line) for line in out.splitlines()]
    print(
        f"{label:32} {len(lines):6d} files  {elapsed:8.1f} s  {len(lines) / elapsed:6.2f} reports/s",
        flush=True,
    )
    if kill:
        stored = _db(var, "select count(*) from supervision_importedreport")
        distinct = _db(var, "select count(distinct sha256) from supervision_importedreport")
        attempts = _db(var, "select max(attempts) from supervision_importitem")
        print(
            f"  after the kill: {stored} reports stored, {distinct} distinct files, most attempts {attempts}"
        )
    judged = _gongkai(env, "reports", "judged")
    for line in lines:
        line["file"] = Path(line["file"]).name
    results = sorted(
        [*lines, *({"judged": j} for j in map(json.loads, judged.stdout.splitlines()))],
        key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True),
    )
    return results, elapsed


def _plants(rendered: list[importsets.Rendered], results: list[dict[str, Any]]) -> None:
    found = {
        (r["judged"]["agency"], r["judged"]["year"]): {x["rule"] for x in r["judged"]["reasons"]}
        for r in results
        if "judged" in r
    }
    missed = wrong = planted = 0
    for r in rendered:
        rules = found.get((r.agency, r.year), set()) & set(importsets.CHECKED_RULES)
        planted += len(r.expected)
        missed += len(r.expected - rules)
        wrong += len(rules - r.expected)
    print(
        f"plants: {planted} planted ({', '.join(importsets.CHECKED_RULES)}), {missed} missed, {wrong} flagged wrongly"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--formats", default="txt,html,docx,pdf")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "gongkai-bench-import"))
    parser.add_argument("--skip-inline", action="store_true", help="only the queue runs")
    parser.add_argument("--only", default="", help="import only the files of this format (e.g. pdf)")
    parser.add_argument("--kill", action="store_true", help="add a run whose workers are killed mid-task")
    parser.add_argument("--skip-one", action="store_true", help="no run with one worker (no speed-up)")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    folder = Path(args.folder) / "-".join(formats) / str(args.reports)
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; broker {args.broker}", flush=True
    )
    rendered = _corpus(folder, args.reports, formats)
    reports = folder / "reports"
    if args.only:
        rendered = [r for r in rendered if r.file.suffix == f".{args.only}"]
        reports = folder / f"only-{args.only}"
        reports.mkdir(exist_ok=True)
        for r in rendered:
            if not (reports / r.file.name).exists():
                (reports / r.file.name).symlink_to(r.file)
        print(f"only the {len(rendered)} .{args.only} files")
    saved = folder / f"in-process-{args.only or 'all'}.json"  # the in-process results, for --skip-inline
    if args.skip_inline:
        inline = json.loads(saved.read_text()) if saved.exists() else None
        print(f"in-process results {'from ' + str(saved) if inline else 'not kept: not compared'}")
    else:
        inline = _run("in-process", reports)[0]
        saved.write_text(json.dumps(inline, ensure_ascii=False))
    two, two_time = _run("celery, 2 worker processes", reports, args.broker, 2)
    print(f"2 workers same results as in-process: {'not compared' if inline is None else two == inline}")
    if not args.skip_one:
        one, one_time = _run("celery, 1 worker process", reports, args.broker, 1)
        print(f"speed-up from 1 to 2 worker processes: {one_time / two_time:.2f}x")
        print(f"1 worker same results as in-process: {'not compared' if inline is None else one == inline}")
        print(f"1 worker vs 2 workers same results: {one == two}")
    if args.kill:
        killed, _time = _run("celery, 2 workers, killed", reports, args.broker, 2, kill=True)
        print(f"killed run same results as in-process: {killed == (inline or two)}")
    _plants(rendered, inline or two)


if __name__ == "__main__":
    main()
