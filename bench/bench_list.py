"""Benchmark: an agency's application list and its search (`q=`) with 100,000 applications.

    .venv/bin/python bench/bench_list.py                 # SQLite (var/bench/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_list.py --backend postgres

Reuses the million-row database that bench/bench_statistics.py builds (and builds it when missing).
Each figure is the list page served through the real view by the Django test client, logged in as a
clerk of the agency with 100,000 applications (target < 300 ms), for the first page, a deep page, a
filter, and searches: an exact 申请编号, a number prefix, an applicant's name, a word of the content,
and a word found nowhere (the worst case for a substring search).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_statistics import list_client, populate, setup_django, timed

TARGET = 0.3


def run(backend: str) -> None:
    setup_django(backend)
    from django.db import connection

    print(f"== {backend}（{connection.vendor}）")
    populate(rebuild=False)
    client, big_id = list_client()

    def page(params: dict[str, str]) -> Callable[[], object]:
        def get() -> object:
            response = client.get("/applications/", {"agency": str(big_id), **params})
            assert response.status_code == 200, response.status_code
            return response

        return get

    timed("列表：第1页", TARGET, page({}))
    timed("列表：第500页", TARGET, page({"page": "500"}))
    timed("列表：已逾期", TARGET, page({"status": "overdue"}))
    timed("列表：2024年", TARGET, page({"year": "2024"}))
    timed("搜索：申请编号 2024-000123", TARGET, page({"q": "2024-000123"}))
    timed("搜索：编号前缀 2024-0001", TARGET, page({"q": "2024-0001"}))
    timed("搜索：申请人 张三", TARGET, page({"q": "张三"}))
    timed("搜索：内容 某文件", TARGET, page({"q": "某文件"}))
    timed("搜索：无结果 不存在的词", TARGET, page({"q": "不存在的词"}))
    timed("搜索：无结果 第2页", TARGET, page({"q": "不存在的词", "page": "2"}))


def main() -> int:
    parser = argparse.ArgumentParser(description="申请列表与搜索的性能基准（十万件申请的机关）")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    run(args.backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
