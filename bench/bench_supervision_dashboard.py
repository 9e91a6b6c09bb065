"""Benchmark: the supervising office's dashboard over 100 agencies and a million applications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_supervision_dashboard.py \
        [--database supervision_bench] [--rebuild]
    .venv/bin/python bench/bench_supervision_dashboard.py --sqlite [--rebuild]

The data is `bench_statistics.py`'s (a hundred agencies under one city government, a million applications
over 2021–2025, 20,000 review cases), made once in the named PostgreSQL database (created when missing,
on the server of DATABASE_URL) — or with `--sqlite` in bench_statistics' var/bench/bench.sqlite3 — and
kept for later runs. Timed, median of five after one warm-up run: the
dashboard's figures (`dashboard.build`), the five-year trend, and the whole page and its Excel export
through the real views as the city's office. Target (issue 12): the page < 500 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_statistics

YEAR = 2024
TODAY = dt.date(2025, 6, 2)  # within the data: applications of 2025 still open, some overdue


def setup(database: str, sqlite: bool) -> None:
    if sqlite:
        bench_statistics.setup_django("sqlite")
        return
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("需要 DATABASE_URL=postgres://…（本基准只在 PostgreSQL 上运行）")
    with psycopg.connect(url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    os.environ.setdefault("GONGKAI_DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def office_client() -> Any:
    from django.contrib.auth.models import User
    from django.test import Client

    from gongkai.agencies.models import Agency, Membership

    city = Agency.objects.get(code="bench-city")
    user, _ = User.objects.get_or_create(username="bench-office")
    Membership.objects.get_or_create(user=user, agency=city, role="supervisor")
    client = Client(HTTP_HOST="localhost")  # ALLOWED_HOSTS outside the tests
    client.force_login(user)
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description="监督总览的性能基准（100个机关、一百万件申请，PostgreSQL）")
    parser.add_argument("--database", default="supervision_bench")
    parser.add_argument("--rebuild", action="store_true", help="重新生成基准数据")
    parser.add_argument("--sqlite", action="store_true", help="在 SQLite 上运行（var/bench/bench.sqlite3）")
    args = parser.parse_args()
    setup(args.database, args.sqlite)
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.agencies.models import Agency
    from gongkai.core.calendar import system_calendar
    from gongkai.supervision import dashboard

    bench_statistics.populate(args.rebuild)
    with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load: index-only scans
        cursor.execute(
            "VACUUM ANALYZE applications_application" if connection.vendor == "postgresql" else "ANALYZE"
        )
    agencies = list(Agency.objects.filter(code__startswith="bench-").order_by("-kind", "name"))
    calendar = system_calendar()
    print(
        f"== {connection.vendor} {getattr(connection, 'pg_version', '')}：{len(agencies)} 个机关，{YEAR}年，今天按 {TODAY} 计"
    )
    bench_statistics.timed(
        "总览数字 dashboard.build", 0.5, lambda: dashboard.build(agencies, YEAR, TODAY, calendar)
    )
    years = list(range(YEAR - 4, YEAR + 1))
    bench_statistics.timed("五年趋势 dashboard.trend", 0.5, lambda: dashboard.trend(agencies, years, TODAY))
    client = office_client()

    def get(path: str) -> Any:
        def run() -> Any:
            response = client.get(path, {"year": str(YEAR)})
            assert response.status_code == 200, response.status_code
            return response

        return run

    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        with CaptureQueriesContext(connection) as queries:
            get("/supervision/")()
        print(f"  页面一次请求的查询数：{len(queries)}")
        bench_statistics.timed("监督总览页面 /supervision/", 0.5, get("/supervision/"))
        bench_statistics.timed("导出 Excel", 1.0, get("/supervision/export.xlsx"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
