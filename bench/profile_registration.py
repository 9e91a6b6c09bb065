"""Where a registration cycle's server time goes: the three requests of bench_load.py's clerk (the form,
its submission, the page it is sent to) and its readers' list page, through Django's test client, in one
process, no HTTP.

    .venv/bin/python bench/profile_registration.py [--backend sqlite|postgres] [--cycles 200] [--profile]
        [--gc] [--unfrozen]

Prints, per request, the queries it makes and its median CPU time (process time, so that other work on
the machine does not count); `--profile` adds cProfile's top functions by cumulative time over the cycles.
The application is built as the server builds it (`gongkai.web.wsgi`, which freezes the start-up's
objects out of the cyclic collector's reach; `--unfrozen` undoes that); `--gc` prints the collector's
passes and their CPU over the cycles.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import VALID_ID_NUMBER, make_users, setup_django


def cycle(client: Any, agency_id: int, day: str, n: int, out: dict[str, list[tuple[float, int]]]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def timed(page: str, call: Any, expected: int) -> Any:
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            answer = call()
            seconds = time.process_time() - started
        if answer.status_code != expected:
            raise RuntimeError(f"{page}: HTTP {answer.status_code}")
        out[page].append((seconds, len(queries)))
        return answer

    timed("form", lambda: client.get("/applications/new/"), 200)
    answer = timed(
        "submit",
        lambda: client.post(
            "/applications/new/",
            {
                "agency": agency_id,
                "channel": "in_person",
                "arrival": day,
                "applicant_category": "natural_person",
                "applicant_name": "负载测试申请人",
                "id_number": VALID_ID_NUMBER,
                "phone": "13812345678",
                "content": f"负载测试 n{n:05d}：2024年度学区划分方案",
                "form_wanted": "纸质",
                "delivery_wanted": "邮寄",
            },
        ),
        302,
    )
    timed("detail", lambda: client.get(answer["Location"]), 200)
    timed("list", lambda: client.get("/applications/" if n % 3 else "/applications/?q=n0001"), 200)


class CollectorClock:
    """The cyclic collector's passes per generation and the CPU they take, from gc.callbacks."""

    def __init__(self) -> None:
        self.passes = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.started = 0.0
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.process_time()
        else:
            self.passes[info["generation"]] += 1
            self.seconds[info["generation"]] += time.process_time() - self.started

    def report(self, spent: float) -> None:
        gc.callbacks.remove(self.callback)
        each = ", ".join(
            f"gen{g} {n} × {1000 * s:.0f} ms"
            for g, (n, s) in enumerate(zip(self.passes, self.seconds, strict=True))
        )
        share = 100 * sum(self.seconds) / spent
        print(
            f"  collector: {each}; {share:.1f} % of the cycles' {spent:.2f} s CPU (frozen {gc.get_freeze_count()})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description="登记申请一轮（表单、提交、详情）的服务器耗时剖析")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--profile", metavar="FILE", help="cProfile (CPU time) of the cycles, saved to FILE")
    parser.add_argument("--gc", action="store_true", help="the cyclic collector's passes and CPU")
    parser.add_argument("--unfrozen", action="store_true", help="without the WSGI module's gc.freeze()")
    args = parser.parse_args()
    setup_django(args.backend, "profile")
    from django.core.signals import request_finished

    from gongkai.web import wsgi  # built as the server builds it

    if args.unfrozen:
        request_finished.disconnect(wsgi.freeze_after_warm_up)
        gc.unfreeze()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from gongkai.agencies.models import Agency

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    agency = Agency.objects.create(
        name="剖析测试局", code="profile-test", level="county", government_name="示范县人民政府"
    )
    make_users(agency, {"clerk": "clerk"})
    client = Client()
    client.force_login(User.objects.get(username="clerk"))
    day = timezone.localdate().isoformat()
    out: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for n in range(10):  # warm-up: templates compiled, calendar built, connections open
        cycle(client, agency.pk, day, n, defaultdict(list))
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    collector = CollectorClock() if args.gc else None
    if profiler:
        profiler.enable()
    started = time.process_time()
    for n in range(10, 10 + args.cycles):
        cycle(client, agency.pk, day, n, out)
    spent = time.process_time() - started
    if profiler:
        profiler.disable()
    if collector:
        collector.report(spent)
    total = 0.0
    for page in ("form", "submit", "detail", "list"):
        seconds = [s for s, _q in out[page]]
        queries = sorted({q for _s, q in out[page]})
        median = statistics.median(seconds)
        total += median
        print(f"  {page:<7} CPU median {1000 * median:6.1f} ms  queries {queries}")
    print(f"  cycle   CPU median sum {1000 * total:6.1f} ms ({args.backend}, {args.cycles} cycles)")
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
