"""The open-data API under load: 1 and then 50 concurrent clients over its endpoints, against `gongkai serve`.

    .venv/bin/python bench/bench_api.py                                       # SQLite
    .venv/bin/python bench/bench_api.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Builds the demo city (as `gongkai demo` does) in a fresh data folder — with `--database-url`, in a new
database of that PostgreSQL server, dropped at the end — starts its own `gongkai serve` on a free port of
127.0.0.1, and runs each client count for `--seconds`: every client, on its own keep-alive connection,
requests endpoints in turn (the agencies; an agency's catalogue, first pages and a search; a document; the
published reports and one report's data; the catalogue as CSV, one request in twenty). Prints p50/p95 per
endpoint and overall, requests per second and every unexpected answer. The clients run in this process
and share the machine's cores with the server: the figures are those of one 2-core machine doing both.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Browser, Server, Timings, close_connections, setup_django


def build_demo() -> None:
    import io

    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())  # the logins it prints are not the benchmark's


def targets(port: int) -> list[tuple[str, str]]:
    """(endpoint, path) pairs over every agency, the documents found and the published reports."""
    browser = Browser(port)
    agencies = json.loads(browser.get("/api/v1/agencies").body)
    paths: list[tuple[str, str]] = []
    for agency in agencies:
        code = agency["code"]
        base = f"/api/v1/agencies/{code}"
        first = json.loads(browser.get(f"{base}/catalogue").body)
        paths += [("catalogue", f"{base}/catalogue"), ("catalogue", f"{base}/catalogue?page=2")]
        paths += [("search", f"{base}/catalogue?q=%E9%80%9A%E7%9F%A5&year=2025")]  # 通知
        paths += [("document", f"{base}/documents/{row['id']}") for row in first["results"][:3]]
        paths.append(("reports", f"{base}/reports"))
        for report in json.loads(browser.get(f"{base}/reports").body):
            paths.append(("report", f"{base}/reports/{report['year']}"))
    browser.close()
    return paths


def client(port: int, plan: list[tuple[str, str]], start: int, until: float, out: Timings) -> None:
    browser = Browser(port)
    rounds = itertools.count(start)
    while time.perf_counter() < until:
        n = next(rounds)
        if n % 20 == 0:
            name, path = "agencies", "/api/v1/agencies"
        elif n % 20 == 10:
            agency = "/".join(plan[n % len(plan)][1].split("/")[:5])  # /api/v1/agencies/{code}
            name, path = "csv", f"{agency}/catalogue.csv"
        else:
            name, path = plan[n % len(plan)]
        out.add(name, browser.get(path), 200)
    browser.close()


def run_clients(port: int, plan: list[tuple[str, str]], clients: int, seconds: float) -> dict[str, Any]:
    results = [Timings() for _ in range(clients)]
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client, args=(port, plan, i * 7, until, results[i])) for i in range(clients)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    total = Timings()
    for timings in results:
        total.merge(timings)
    every = sorted(v for values in total.seconds.values() for v in values)
    return {
        "total": total,
        "requests": len(every),
        "elapsed": elapsed,
        "p50": statistics.median(every) if every else 0.0,
        "p95": every[min(len(every) - 1, int(0.95 * len(every)))] if every else 0.0,
    }


def run(
    database_url: str, client_counts: list[int], seconds: float, processes: int, threads: int | None
) -> int:
    backend = "postgres" if database_url else "sqlite"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    env = setup_django(backend, "api")
    started = time.perf_counter()
    build_demo()
    print(f"demo city built in {time.perf_counter() - started:.0f} s")
    close_connections()
    ok = True
    with Server(env, threads, processes) as server:
        plan = targets(server.port)
        for clients in client_counts:
            figures = run_clients(server.port, plan, clients, seconds)
            total = figures["total"]
            print(
                f"== {backend}: {clients} concurrent client(s), {seconds:.0f} s; server: {processes} process(es), "
                f"{threads or 'default'} threads"
            )
            print(
                f"  {figures['requests']} requests, {figures['requests'] / figures['elapsed']:.1f} req/s; "
                f"all endpoints p50 {1000 * figures['p50']:.0f} ms, p95 {1000 * figures['p95']:.0f} ms"
            )
            print(f"  HTTP errors: {sum(total.errors.values())} {dict(total.errors) or ''}")
            for line in total.table():
                print(line)
            ok = ok and not total.errors
    print("  result:", "OK" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description="开放数据接口的负载测试（1个和50个并发客户端）")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL 服务器（在其中新建数据库）；默认 SQLite"
    )
    parser.add_argument("--clients", default="1,50", help="并发客户端数，逗号分隔，默认 1,50")
    parser.add_argument("--seconds", type=float, default=20, help="每种并发数运行的秒数，默认 20")
    parser.add_argument("--processes", type=int, default=1, help="gongkai serve --processes")
    parser.add_argument(
        "--threads", type=int, default=None, help="waitress threads (default: gongkai serve's)"
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.clients.split(",") if n.strip()]
    return run(args.database_url, counts, args.seconds, args.processes, args.threads)


if __name__ == "__main__":
    raise SystemExit(main())
