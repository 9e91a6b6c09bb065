"""Load: many clerks registering applications through the real forms at once, while others read the list.

    .venv/bin/python bench/bench_load.py                      # SQLite, the default install
    .venv/bin/python bench/bench_load.py --backend postgres   # PostgreSQL (DATABASE_URL's server, own database)

Starts its own `gongkai serve` on a free port of 127.0.0.1 over a fresh database. Each of `--clerks`
clerks (one agency, so that they compete for the same 申请编号 sequence) logs in and registers
`--per-clerk` applications: opens the form, posts it with its CSRF token, opens the page it is sent to.
`--readers` more clerks open the application list (and a search) until the registrations are done.
Prints submissions sent against applications stored (each one looked up by its unique content), HTTP
errors, and p50/p95 per page. Target (issue 14): sent = stored, 0 errors; on PostgreSQL submit p95 < 500 ms.

The server runs as the README says: on PostgreSQL as its production setup, one process per core
(`--processes`) keeping its database connections (`GONGKAI_CONN_MAX_AGE=60`); on SQLite as the default
install (`scripts/run`), one process opening a connection per request.

Two load models (docs/decisions/load-model.md):
  --think 0   (default) back-to-back: every clerk sends the next request as soon as the last one answers.
              A throughput test: the server is saturated and latency ≈ clients / throughput.
  --think 10  a clerk fills in the form for 5–15 s (uniform around the mean given) before sending it, and a
              reader looks at a list page as long before the next; closer to people at work.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    VALID_ID_NUMBER,
    Browser,
    CpuShare,
    LockWaits,
    Server,
    Timings,
    close_connections,
    make_users,
    setup_django,
)


def pause(think: float, rng: random.Random) -> None:
    """A person's time between two requests: uniform in [0.5, 1.5] × `think` seconds (none when 0)."""
    if think > 0:
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def clerk_work(
    port: int,
    index: int,
    count: int,
    day: str,
    agency_id: int,
    start: threading.Barrier,
    out: Timings,
    think: float = 0.0,
) -> None:
    browser = Browser(port)
    browser.login(f"clerk{index:03d}")
    rng = random.Random(index)
    start.wait()
    pause(think, rng)  # the clerks do not all start typing at the same instant
    for n in range(count):
        form = browser.get("/applications/new/")
        out.add("form", form, 200)
        pause(think, rng)  # filling in the form
        answer = browser.post(
            "/applications/new/",
            {
                "agency": agency_id,
                "channel": "in_person",
                "arrival": day,
                "applicant_category": "natural_person",
                "applicant_name": f"负载测试申请人{index}",
                "id_number": VALID_ID_NUMBER,
                "phone": "13812345678",
                "content": f"负载测试 c{index:03d} n{n:03d}：2024年度学区划分方案",
                "form_wanted": "纸质",
                "delivery_wanted": "邮寄",
            },
        )
        if out.add("submit", answer, 302):
            out.add("detail", browser.get(answer.location), 200)
    browser.close()


def reader_work(
    port: int, index: int, start: threading.Barrier, done: threading.Event, out: Timings, think: float = 0.0
) -> None:
    browser = Browser(port)
    browser.login(f"reader{index:03d}")
    rng = random.Random(1000 + index)
    start.wait()
    turn = 0
    while not done.is_set():
        out.add("list", browser.get("/applications/" if turn % 3 else "/applications/?q=c001"), 200)
        turn += 1
        if think > 0:
            done.wait(rng.uniform(0.5 * think, 1.5 * think))  # reading the page
    browser.close()


def run(
    backend: str,
    clerks: int,
    per_clerk: int,
    readers: int,
    threads: int | None,
    processes: int,
    think: float = 0.0,
) -> int:
    env = setup_django(backend, "load")
    from django.db import connection
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application

    agency = Agency.objects.create(
        name="负载测试局", code="load-test", level="county", government_name="示范县人民政府"
    )
    make_users(
        agency,
        {
            **{f"clerk{i:03d}": "clerk" for i in range(clerks)},
            **{f"reader{i:03d}": "clerk" for i in range(readers)},
        },
    )
    agency_id = agency.pk
    day = timezone.localdate().isoformat()
    vendor = connection.vendor
    close_connections()
    results: list[Timings] = []
    with Server(env, threads, processes) as server:
        start = threading.Barrier(clerks + readers + 1)
        done = threading.Event()
        workers = []
        for i in range(clerks):
            timings = Timings()
            results.append(timings)
            workers.append(
                threading.Thread(
                    target=clerk_work,
                    args=(server.port, i, per_clerk, day, agency_id, start, timings, think),
                )
            )
        readers_threads = []
        for i in range(readers):
            timings = Timings()
            results.append(timings)
            readers_threads.append(
                threading.Thread(target=reader_work, args=(server.port, i, start, done, timings, think))
            )
        for thread in workers + readers_threads:
            thread.start()
        assert server.process is not None
        cpu = CpuShare(server.process.pid, urlsplit(env["DATABASE_URL"]).path.lstrip("/"))
        locks = LockWaits(env["DATABASE_URL"])
        start.wait()
        cpu.start()
        locks.start()
        began = time.perf_counter()
        for thread in workers:
            thread.join()
        elapsed = time.perf_counter() - began
        cpu.stop()
        locks.stop()
        done.set()
        for thread in readers_threads:
            thread.join()
    total = Timings()
    for timings in results:
        total.merge(timings)
    contents = list(Application.objects.filter(agency_id=agency_id).values_list("content", flat=True))
    numbers = list(Application.objects.filter(agency_id=agency_id).values_list("number", flat=True))
    sent = clerks * per_clerk
    expected = {
        f"负载测试 c{i:03d} n{n:03d}：2024年度学区划分方案" for i in range(clerks) for n in range(per_clerk)
    }
    duplicates = len(contents) - len(set(contents))
    missing = len(expected - set(contents))
    model = f"think time {0.5 * think:g}–{1.5 * think:g} s" if think > 0 else "back-to-back (no think time)"
    print(
        f"== {backend} ({vendor}): {clerks} clerks × {per_clerk} registrations, {readers} list readers, "
        f"{model}; server: {processes} process(es), {threads or 'default'} threads, "
        f"GONGKAI_CONN_MAX_AGE={os.environ.get('GONGKAI_CONN_MAX_AGE', '0')}"
    )
    print(
        f"  sent {sent}, stored {len(contents)}, missing {missing}, duplicated {duplicates}, "
        f"numbers unique {len(set(numbers)) == len(numbers)}"
    )
    print(f"  HTTP errors: {sum(total.errors.values())} {dict(total.errors) or ''}")
    requests = sum(len(values) for values in total.seconds.values())
    print(f"  {sent / elapsed:.1f} registrations/s, {requests / elapsed:.1f} requests/s over {elapsed:.1f} s")
    for line in total.table():
        print(line)
    for line in [*cpu.lines(), *locks.lines(sent / elapsed)]:
        print(line)
    ok = len(contents) == sent and not missing and not duplicates and not total.errors
    print("  result:", "OK" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description="多名经办人同时登记申请的负载测试")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--clerks", type=int, default=50)
    parser.add_argument("--per-clerk", type=int, default=20)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument(
        "--threads", type=int, default=None, help="waitress threads (default: gongkai serve's)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="gongkai serve --processes (default: PostgreSQL one per core, the README's production setup; "
        "SQLite 1, the default install)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="GONGKAI_CONN_MAX_AGE of the server, seconds a database connection is kept "
        "(default: PostgreSQL 60, the README's production setup; SQLite 0, the default install)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a person takes before the next request (0: back-to-back, a throughput test)",
    )
    args = parser.parse_args()
    production = args.backend == "postgres"
    processes = args.processes or ((os.cpu_count() or 1) if production else 1)
    conn_max_age = args.conn_max_age if args.conn_max_age is not None else (60 if production else 0)
    os.environ["GONGKAI_CONN_MAX_AGE"] = str(conn_max_age)
    return run(args.backend, args.clerks, args.per_clerk, args.readers, args.threads, processes, args.think)


if __name__ == "__main__":
    raise SystemExit(main())
