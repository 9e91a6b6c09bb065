"""Importing published reports at scale: in-process, and through Celery with one and with two workers.

Renders a generated report set (tests/annual/reportsets.py: planted copies, cross-year breaks, late
dates) with gongkai's own writers as text, HTML, Word and PDF in turn (or one format), once, into
`--folder` (reused when it holds the set already), then for each way of running prints the wall time,
reports per second, and compares the results with the in-process run; finally `gongkai reports judged`
on the in-process data: plants found, and reports flagged for a rule that nothing planted.

    .venv/bin/python bench/bench_import.py [--reports 2000] [--formats txt,html,docx,pdf]
        [--broker redis://127.0.0.1:6379/3] [--folder /tmp/gongkai-bench-import] [--skip-inline]
        [--only pdf] [--kill] [--skip-one] [--postgres postgres://postgres@127.0.0.1:5432/import_t]

With `--skip-inline`, the in-process results kept by an earlier run on the same set are compared.

`--only pdf` imports only the set's files of that format (the reports rendered as PDF). `--kill` adds a
run with two workers whose pool processes are killed (SIGKILL) while files are being read, once a tenth of
the files are done: its results against the in-process ones, reports stored against files, and the most
attempts an item took (2: a task was handed out again).

Each run uses its own SQLite database in a temporary data folder (or, with `--postgres`, that PostgreSQL
database dropped and made anew); workers are `gongkai worker --concurrency 1`, so "two workers" is two
processes, and the clock starts once they have started up. Under each run: where the time went per kind
of process (on a core, runnable but waiting for one, off the cores: /proc/PID/task/*/schedstat), and from
the workers' logs the time inside tasks and between them. The benchmark stops, rather than writing text,
when a report cannot be rendered as PDF (no Chinese font), and when a kept set holds a file in another
format than the one asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "apps"), str(ROOT / "tests" / "annual"), str(ROOT / "tests")]

import importsets  # noqa: E402  (test helpers: rendered report sets)

from gongkai.annual.writers.errors import RenderError  # noqa: E402

OFFICE = "宁夏回族自治区人民政府"


def _env(var: Path, broker: str = "", queue: str = "", database: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_BROKER_URL")}
    env.update(GONGKAI_VAR_DIR=str(var), GONGKAI_SECRET_KEY="bench-only-key-" + "x" * 40)
    if database:
        env.update(DATABASE_URL=database)
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


class Database:
    """The run's database: SQLite in the run's data folder, or a PostgreSQL database made anew."""

    def __init__(self, var: Path, postgres: str = "") -> None:
        self.var, self.url = var, postgres
        if postgres:
            name = postgres.rsplit("/", 1)[1]
            with psycopg.connect(postgres.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
                connection.execute(f'drop database if exists "{name}" with (force)')
                connection.execute(f'create database "{name}"')

    def one(self, sql: str) -> Any:
        if self.url:
            with psycopg.connect(self.url) as connection:
                row = connection.execute(sql).fetchone()
                return row[0] if row else None
        with sqlite3.connect(self.var / "gongkai.sqlite3", timeout=30) as connection:
            return connection.execute(sql).fetchone()[0]


def _sched(pid: int) -> tuple[float, float]:
    """Seconds a process (all its threads) has run on a core and waited, runnable, for one."""
    cpu = wait = 0.0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError, ValueError):
            ran, waited, _slices = (task / "schedstat").read_text().split()
            cpu, wait = cpu + int(ran) / 1e9, wait + int(waited) / 1e9
    return cpu, wait


def _children(pid: int) -> list[int]:
    return [
        int(p)
        for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    ]


_STAMP = r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/[^]]*\] Task [^ ]+ "


def _tasks(logs: list[Path], workers: int, elapsed: float) -> float:
    """From the workers' logs: the time inside tasks (Celery logs each task's wall time in the pool
    process), the window from the first task received to the last one done, and the pool processes'
    time inside that window between tasks (handing the next task over)."""
    text = "".join(log.read_text() for log in logs)
    inside = [float(t) for _stamp, t in re.findall(_STAMP + r"succeeded in ([0-9.]+)s", text)]
    stamps = sorted(
        dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f")
        for stamp in re.findall(_STAMP + r"(?:received|succeeded)", text)
    )
    if not inside or not stamps:
        return 0.0
    window = (stamps[-1] - stamps[0]).total_seconds()
    print(
        f"  {len(inside)} tasks, {sum(inside):.1f} s inside tasks ({1000 * sum(inside) / len(inside):.1f} ms each);"
        f" first task received to last done {window:.1f} s of the {elapsed:.1f} s; between tasks in that window"
        f" {workers * window - sum(inside):.1f} s of the pool processes' {workers * window:.1f} s"
    )
    return window


def _wait_ready(procs: list[subprocess.Popen[bytes]], limit: float = 120.0) -> None:
    """Until every worker has its pool process and the workers' CPU time stands still (started up)."""
    deadline = time.monotonic() + limit
    before = -1.0
    while procs and time.monotonic() < deadline:
        family = [p.pid for p in procs] + [c for p in procs for c in _children(p.pid)]
        used = sum(_sched(pid)[0] for pid in family)
        if len(family) == 2 * len(procs) and used - before < 0.02:
            return
        before = used
        time.sleep(0.5)
    if procs:
        print(f"  the workers had not settled after {limit:.0f} s")


class Accounting:
    """Where the wall time of a run went, per kind of process: on a core (CPU), runnable but waiting for
    a core (the machine's other work), and off the cores (waiting for the broker, a database lock, the
    disk, or the next task). The workers' pool processes read and store the files; the worker main
    processes talk to the broker; the importing process enqueues, polls and prints."""

    def __init__(self) -> None:
        self.start: dict[int, tuple[float, float]] = {}
        self.last: dict[int, tuple[float, float]] = {}
        self.role: dict[int, str] = {}

    def watch(self, pid: int, role: str, since_start: bool = True) -> None:
        self.role[pid] = role
        self.last[pid] = _sched(pid)
        self.start[pid] = self.last[pid] if since_start else (0.0, 0.0)

    def sample(self, workers: tuple[int, ...] = ()) -> None:
        """Read every watched process; a worker's pool process started since is watched from its start."""
        for worker in workers:
            for child in _children(worker):
                if child not in self.role:
                    self.watch(child, "worker pool process", since_start=False)
        for pid in self.role:
            if Path(f"/proc/{pid}").exists():
                self.last[pid] = _sched(pid)

    def report(self, elapsed: float, files: int) -> None:
        for role in dict.fromkeys(self.role.values()):
            pids = [pid for pid, r in self.role.items() if r == role]
            cpu = sum(self.last[p][0] - self.start[p][0] for p in pids)
            wait = sum(self.last[p][1] - self.start[p][1] for p in pids)
            off = len(pids) * elapsed - cpu - wait
            print(
                f"  {role:24} x{len(pids)}: CPU {cpu:7.1f} s ({1000 * cpu / max(files, 1):6.1f} ms a file),"
                f" waiting for a core {wait:7.1f} s, off the cores {off:7.1f} s"
            )


def _kill_mid_task(
    db: Database, procs: list[subprocess.Popen[bytes]], files: int, importing: subprocess.Popen[bytes]
) -> None:
    """SIGKILL every worker's pool process while a file is being read, once a tenth of the files are done."""
    while importing.poll() is None:
        try:
            busy = db.one(
                "select count(*) from supervision_importitem where attempts >= 1 and status = 'pending'"
            )
            done = db.one("select count(*) from supervision_importitem where status != 'pending'")
        except (sqlite3.OperationalError, psycopg.errors.UndefinedTable):  # the batch is not written yet
            busy, done = 0, 0
        children = [pid for proc in procs for pid in _children(proc.pid)]
        if busy and done >= files // 10 and len(children) == len(procs):
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            print(f"  killed {len(children)} pool processes with {done} files done, {busy} being read")
            return
        time.sleep(0.05)
    print("  the import ended before a kill")


def _run(
    label: str, folder: Path, broker: str = "", workers: int = 0, kill: bool = False, postgres: str = ""
) -> tuple[list[dict[str, Any]], float, float]:
    """The run's output lines and judged rows, its wall time, and the workers' window (first task
    received to last done; 0 in-process or when not known)."""
    var = Path(tempfile.mkdtemp(prefix="gongkai-bench-var-"))
    db = Database(var, postgres)
    queue = f"supervision_bench_{uuid.uuid4().hex[:8]}"
    env = _env(var, broker, queue, postgres)
    _gongkai(env, "migrate", "-v0")
    logs = [var / f"worker-{n}.log" for n in range(workers)]
    procs = [importsets.start_worker(env, f"b{n}-{queue}", log) for n, log in enumerate(logs)]
    accounting = Accounting()
    output = var / "import.jsonl"
    window = 0.0
    try:
        _wait_ready(procs)  # the workers start (not counted)
        for proc in procs:
            accounting.watch(proc.pid, "worker main process")
        for proc in procs:
            for child in _children(proc.pid):
                accounting.watch(child, "worker pool process")
        workers_pids = tuple(proc.pid for proc in procs)
        started = time.perf_counter()
        with output.open("wb") as out:  # the child keeps its own copy of the file
            importing = subprocess.Popen(
                [sys.executable, "-m", "gongkai.cli", "reports", "import", str(folder), "--office", OFFICE]
                + (["--queue"] if broker else []),
                env=env,
                stdout=out,
                stderr=subprocess.DEVNULL,
            )
        accounting.watch(importing.pid, "importing process")
        if kill:
            _kill_mid_task(db, procs, sum(1 for p in folder.rglob("*") if p.is_file()), importing)
        while importing.poll() is None:
            accounting.sample(workers_pids)
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        accounting.sample()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait()
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    print(
        f"{label:32} {len(lines):6d} files  {elapsed:8.1f} s  {len(lines) / elapsed:6.2f} reports/s"
        f"  (load average {os.getloadavg()[0]:.2f})",
        flush=True,
    )
    if not kill:  # a killed pool process is replaced: its successor is not watched
        accounting.report(elapsed, len(lines))
        if logs:
            window = _tasks(logs, workers, elapsed)
    if kill:
        stored = db.one("select count(*) from supervision_importedreport")
        distinct = db.one("select count(distinct sha256) from supervision_importedreport")
        attempts = db.one("select max(attempts) from supervision_importitem")
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
    return results, elapsed, window


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
    parser.add_argument(
        "--postgres",
        default="",
        help="every run on this PostgreSQL database, dropped and made anew for each run (instead of SQLite)",
    )
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    folder = Path(args.folder) / "-".join(formats) / str(args.reports)
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; broker {args.broker};"
        f" database {args.postgres or 'SQLite'}",
        flush=True,
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
        inline = _run("in-process", reports, postgres=args.postgres)[0]
        saved.write_text(json.dumps(inline, ensure_ascii=False))
    two, two_time, two_window = _run(
        "celery, 2 worker processes", reports, args.broker, 2, postgres=args.postgres
    )
    print(f"2 workers same results as in-process: {'not compared' if inline is None else two == inline}")
    if not args.skip_one:
        one, one_time, one_window = _run(
            "celery, 1 worker process", reports, args.broker, 1, postgres=args.postgres
        )
        print(f"speed-up from 1 to 2 worker processes: {one_time / two_time:.2f}x (wall time of the import)")
        if one_window and two_window:
            print(
                f"  {one_window / two_window:.2f}x over the workers' window (first task received to last done)"
            )
        print(f"1 worker same results as in-process: {'not compared' if inline is None else one == inline}")
        print(f"1 worker vs 2 workers same results: {one == two}")
    if args.kill:
        killed, _time, _window = _run(
            "celery, 2 workers, killed", reports, args.broker, 2, kill=True, postgres=args.postgres
        )
        print(f"killed run same results as in-process: {killed == (inline or two)}")
    if args.only:  # a plant's other report (last year's, the copied agency's) may be in another format
        print("plants: not checked on a subset of the set's formats")
    else:
        _plants(rendered, inline or two)


if __name__ == "__main__":
    main()
