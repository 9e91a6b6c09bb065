"""Benchmark: tables 三 and 四 and an agency's application list over a million applications.

    .venv/bin/python bench/bench_statistics.py                 # SQLite (var/bench/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_statistics.py
                                                               # SQLite, then PostgreSQL (database gongkai_bench)

A million applications over a hundred agencies (one of them, the "big" agency, with 100,000), received
over five years, mostly closed within weeks, with every outcome and applicant category; 20,000 review
cases. The data is made once per database with bulk_create and kept for later runs (--rebuild makes it
again). Timed: the tables of one agency-year (target < 0.5 s), of the whole city (< 3 s), and the big
agency's application list page served through the Django test client (< 300 ms). Prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DB = "gongkai_bench"

APPLICATIONS = 1_000_000
AGENCIES = 100
BIG_AGENCY = 100_000
REVIEW_CASES = 20_000
YEARS = (2021, 2022, 2023, 2024, 2025)
YEAR = 2024
BATCH = 10_000

OUTCOMES = (
    "disclosed",
    "partially_disclosed",
    "withheld.state_secret",
    "withheld.third_party_rights",
    "withheld.process_information",
    "unable_to_provide.not_held",
    "unable_to_provide.needs_creation",
    "not_processed.petition_or_complaint",
    "not_processed.duplicate",
    "other.no_amendment",
    "other.fee_unpaid",
    "other.other",
)


def postgres_bench_url(url: str) -> str:
    """The same server as `url`, database gongkai_bench (created when missing)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def setup_django(backend: str) -> None:
    if backend == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = postgres_bench_url(os.environ["DATABASE_URL"])
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    os.environ.setdefault("GONGKAI_DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def populate(rebuild: bool) -> None:
    """A hundred agencies, a million applications, twenty thousand review cases (kept between runs)."""
    from django.db import connection, transaction

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application, ReviewCase
    from gongkai.demo.city import CATEGORY_WEIGHTS

    if not rebuild and Application.objects.filter(agency__code__startswith="bench-").count() == APPLICATIONS:
        print(f"数据已存在：{APPLICATIONS:,} 件申请（--rebuild 重新生成）")
        return
    started = time.monotonic()
    with transaction.atomic():
        ReviewCase.objects.filter(agency__code__startswith="bench-").delete()
        Application.objects.filter(agency__code__startswith="bench-").delete()
        Agency.objects.filter(code__startswith="bench-").delete()
        city = Agency.objects.create(name="基准市人民政府", kind="government", code="bench-city")
        agencies = [city] + [
            Agency.objects.create(name=f"基准市第{i}局", kind="department", code=f"bench-{i}", parent=city)
            for i in range(1, AGENCIES)
        ]
    rng = random.Random(1)
    categories = [c for c, _ in CATEGORY_WEIGHTS]
    weights = [w for _, w in CATEGORY_WEIGHTS]
    first, last = dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31)
    span = (last - first).days
    # The big agency first (the list benchmark), the rest spread evenly over the other 99.
    per_agency = [BIG_AGENCY] + [(APPLICATIONS - BIG_AGENCY) // (AGENCIES - 1)] * (AGENCIES - 1)
    per_agency[-1] += APPLICATIONS - sum(per_agency)

    def rows() -> Any:
        for agency, count in zip(agencies, per_agency, strict=True):
            for n in range(count):
                received = first + dt.timedelta(days=rng.randrange(span))
                closed = received + dt.timedelta(days=rng.randint(1, 60)) if rng.random() > 0.03 else None
                yield Application(
                    agency_id=agency.pk,
                    number=f"{received.year}-{n:06d}",
                    channel="online",
                    applicant_category=rng.choices(categories, weights)[0],
                    applicant_name="张三",
                    content="申请公开某文件",
                    received_on=received,
                    reply_due=received + dt.timedelta(days=28),
                    closed_on=closed,
                    replied_on=closed,
                    outcome=rng.choice(OUTCOMES) if closed else "",
                    state="filed" if closed else "registered",
                )

    batch: list[Any] = []
    done = 0
    for application in rows():
        batch.append(application)
        if len(batch) == BATCH:
            Application.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            if done % 100_000 == 0:
                print(f"  已生成 {done:,} 件申请（{time.monotonic() - started:.0f} 秒）", flush=True)
    Application.objects.bulk_create(batch)
    ReviewCase.objects.bulk_create(
        (
            ReviewCase(
                agency_id=rng.choice(agencies).pk,
                number=f"C{i}",
                kind=rng.choice(("reconsideration", "litigation_direct", "litigation_after_reconsideration")),
                received_on=(received := first + dt.timedelta(days=rng.randrange(span))),
                concluded_on=(
                    concluded := received + dt.timedelta(days=rng.randint(30, 200)) if i % 5 else None
                ),
                result=rng.choice(("upheld", "corrected", "other")) if concluded else "",
            )
            for i in range(REVIEW_CASES)
        ),
        batch_size=BATCH,
    )
    # bulk_create bypasses the application log, whose writer keeps the dashboard's tallies: count them.
    from gongkai.applications import tallies
    from gongkai.applications.models import ApplicationTally

    tallies.rebuild(Application, ApplicationTally, [a.pk for a in agencies])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"生成数据用时 {time.monotonic() - started:.0f} 秒")


def timed(label: str, target: float, run: Callable[[], object], repeat: int = 5) -> None:
    run()  # warm the caches: the figures are for a system in use, not a cold start
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    best, median = min(times), statistics.median(times)
    verdict = "达标" if median < target else "未达标"
    print(
        f"  {label:<32} 中位数 {median * 1000:8.1f} ms  最快 {best * 1000:8.1f} ms  目标 < {target * 1000:.0f} ms  {verdict}"
    )


def list_client() -> tuple[Any, int]:
    """A test client logged in as a clerk of the big agency, and that agency's id."""
    from django.contrib.auth.models import User
    from django.test import Client

    from gongkai.agencies.models import Agency, Membership

    big = Agency.objects.get(code="bench-city")
    user, _ = User.objects.get_or_create(username="bench-clerk")
    Membership.objects.get_or_create(user=user, agency=big, role="clerk")
    client = Client()
    client.force_login(user)
    return client, big.pk


def run(backend: str, rebuild: bool) -> None:
    setup_django(backend)
    from django.db import connection

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application
    from gongkai.statistics.tables import tables_for

    print(f"== {backend}（{connection.vendor}）")
    populate(rebuild)
    ids = list(Agency.objects.filter(code__startswith="bench-").values_list("pk", flat=True))
    one = Agency.objects.get(code="bench-1").pk
    big = Agency.objects.get(code="bench-city").pk
    print(
        f"  {Application.objects.count():,} 件申请，{len(ids)} 个机关；"
        f"大机关 {Application.objects.filter(agency_id=big).count():,} 件"
    )
    timed(f"表三表四：一个机关（{YEAR}年）", 0.5, lambda: tables_for([one], YEAR))
    timed(f"表三表四：大机关（{YEAR}年）", 0.5, lambda: tables_for([big], YEAR))
    timed(f"表三表四：全市 100 个机关（{YEAR}年）", 3.0, lambda: tables_for(ids, YEAR), repeat=3)
    timed(f"表三表四：全部数据（{YEAR}年）", 3.0, lambda: tables_for(None, YEAR), repeat=3)
    client, big_id = list_client()

    def page(params: dict[str, str]) -> Callable[[], object]:
        def get() -> object:
            response = client.get("/applications/", params)
            assert response.status_code == 200, response.status_code
            return response

        return get

    timed("申请列表：大机关第1页", 0.3, page({"agency": str(big_id)}))
    timed("申请列表：大机关第500页", 0.3, page({"agency": str(big_id), "page": "500"}))
    timed("申请列表：大机关 已逾期", 0.3, page({"agency": str(big_id), "status": "overdue"}))
    timed("申请列表：大机关 搜索", 0.3, page({"agency": str(big_id), "q": "2024-000123"}))


def main() -> int:
    parser = argparse.ArgumentParser(description="统计与申请列表的性能基准（一百万件申请）")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--rebuild", action="store_true", help="重新生成基准数据")
    args = parser.parse_args()
    if args.backend != "all":
        run(args.backend, args.rebuild)
        return 0
    backends = ["sqlite"] + (
        ["postgres"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else []
    )
    for backend in backends:  # one process each: Django's settings are read once per process
        command = [sys.executable, __file__, "--backend", backend] + (["--rebuild"] if args.rebuild else [])
        subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
