"""The public column under load: every kind of public page of the demo city, by 1 and by 50 clients at once.

    .venv/bin/python bench/bench_portal.py                          # SQLite, the default install
    .venv/bin/python bench/bench_portal.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Builds the demo city (registers of government information, a published report in every agency) in a
fresh data folder (and, with `--database-url`, a fresh database on that server, dropped afterwards),
starts its own `gongkai serve` on 127.0.0.1 and requests, without login, the column of every agency:
the index, the column's front page, guide, rules, catalogue (all, by item, searched), a government's
search, document pages, the report list and a report. First one client alone (`--rounds` passes over
every page), then `--clients` clients at once for `--seconds`. Prints p50/p95/max per kind of page,
overall, and requests per second. Target (issue 11): p50 and p95 under 200 ms with one client.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Browser, Server, Timings, close_connections, setup_django

TARGET_MS = 200


def build_city() -> list[tuple[str, str]]:
    """The demo city with its registers and reports; (kind of page, path) for every page to request."""
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.core.calendar import system_calendar
    from gongkai.demo import city
    from gongkai.demo.register import create_demo_register
    from gongkai.demo.reports import create_demo_reports, publish_every_agency
    from gongkai.proactive.models import Document
    from gongkai.reports.models import AnnualReport

    today = timezone.localdate()
    started = time.monotonic()
    city.build(today)
    create_demo_register(today, system_calendar())
    create_demo_reports(today.year - 1)
    publish_every_agency(today.year - 1)
    print(f"  demo city built in {time.monotonic() - started:.0f} s")
    pages = [("index", "/gk/")]
    rng = random.Random(7)
    for agency in Agency.objects.order_by("pk"):
        code = agency.code
        pages += [
            ("column", f"/gk/{code}/"),
            ("guide", f"/gk/{code}/guide/"),
            ("rules", f"/gk/{code}/rules/"),
            ("catalogue", f"/gk/{code}/catalogue/"),
            ("catalogue_item", f"/gk/{code}/catalogue/?article_item=20.1"),
            ("catalogue_q", f"/gk/{code}/catalogue/?q={quote('通知')}&page=2"),
            ("search", f"/gk/{code}/search/?q={quote('工作要点')}"),
            ("reports", f"/gk/{code}/reports/"),
        ]
        ids = list(Document.objects.filter(agency=agency, state="published").values_list("pk", flat=True))
        pages += [("document", f"/gk/{code}/documents/{pk}/") for pk in rng.sample(ids, min(3, len(ids)))]
        for year in AnnualReport.objects.filter(agency=agency, state="published").values_list(
            "year", flat=True
        ):
            pages.append(("report", f"/gk/{code}/reports/{year}/"))
    return pages


def one_client(port: int, pages: list[tuple[str, str]], rounds: int) -> tuple[Timings, float, int]:
    browser = Browser(port)
    out = Timings()
    for _kind, path in pages[:3]:  # warm the server's caches (templates, the calendar) once
        browser.get(path)
    started, count = time.perf_counter(), 0
    for _ in range(rounds):
        for kind, path in pages:
            out.add(kind, browser.get(path), 200)
            count += 1
    browser.close()
    return out, time.perf_counter() - started, count


def many_clients(
    port: int, pages: list[tuple[str, str]], clients: int, seconds: float
) -> tuple[Timings, float, int]:
    results = [Timings() for _ in range(clients)]
    counts = [0] * clients
    start = threading.Barrier(clients + 1)
    stop = threading.Event()

    def work(index: int) -> None:
        browser = Browser(port)
        order = pages[:]
        random.Random(index).shuffle(order)
        start.wait()
        turn = 0
        while not stop.is_set():
            kind, path = order[turn % len(order)]
            results[index].add(kind, browser.get(path), 200)
            counts[index] += 1
            turn += 1
        browser.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    total = Timings()
    for result in results:
        total.merge(result)
    return total, elapsed, sum(counts)


def overall(timings: Timings) -> tuple[float, float]:
    values = sorted(v for vs in timings.seconds.values() for v in vs)
    return 1000 * statistics.median(values), 1000 * values[min(len(values) - 1, int(0.95 * len(values)))]


def show(title: str, timings: Timings, elapsed: float, count: int) -> tuple[float, float]:
    p50, p95 = overall(timings)
    print(f"== {title}: {count} requests in {elapsed:.1f} s = {count / elapsed:.1f} req/s")
    for line in timings.table():
        print(line)
    print(f"  {'all pages':<12} p50 {p50:7.0f} ms  p95 {p95:7.0f} ms")
    print(f"  HTTP errors: {sum(timings.errors.values())} {dict(timings.errors) or ''}")
    return p50, p95


def main() -> int:
    parser = argparse.ArgumentParser(description="政府信息公开专栏公开页面的负载测试")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL server (a fresh database is made on it)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=2, help="passes over every page by the single client")
    parser.add_argument(
        "--threads", type=int, default=None, help="waitress threads (default: gongkai serve's)"
    )
    parser.add_argument("--processes", type=int, default=1, help="gongkai serve --processes")
    args = parser.parse_args()
    backend = "postgres" if args.database_url else "sqlite"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    env = setup_django(backend, "portal")
    from django.db import connection

    vendor = connection.vendor
    print(
        f"== public column on {vendor}; server: {args.processes} process(es), {args.threads or 'default'} threads"
    )
    pages = build_city()
    close_connections()
    print(f"  {len(pages)} pages of {len({k for k, _ in pages})} kinds")
    with Server(env, threads=args.threads, processes=args.processes) as server:
        single = one_client(server.port, pages, args.rounds)
        p50, p95 = show("1 client", *single)
        loaded = many_clients(server.port, pages, args.clients, args.seconds)
        show(f"{args.clients} clients", *loaded)
    errors = sum(single[0].errors.values()) + sum(loaded[0].errors.values())
    met = p50 < TARGET_MS and p95 < TARGET_MS
    print(f"  target (1 client, p50 and p95 < {TARGET_MS} ms): {'met' if met else 'NOT met'}")
    return 0 if met and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
