"""Races: two people decide the same application at the same moment; one wins, the other is told why.

    .venv/bin/python bench/bench_race.py                      # SQLite, the default install
    .venv/bin/python bench/bench_race.py --backend postgres   # PostgreSQL (own database)

For each of `--rounds` applications waiting for approval (审核通过), two heads post at the same instant
(released by a barrier): both 批准答复并签发, or one approving while the other sends the draft back
(退回修改). Counts per round: exactly one 302 (the winner), the loser's answer (a 200 form page with the
Chinese refusal; never a 500 or 503), and exactly one decision event and at most one issued letter number.
With `--json` prints a JSON summary (used by tests/apps/test_races.py).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Browser, Server, close_connections, error_text, make_users, register, report, setup_django

DECISIONS = ("approve_decision", "return_draft")


def prepare(rounds: int) -> list[int]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.applications import services

    agency = Agency.objects.create(
        name="并发测试局", code="race-test", level="county", government_name="示范县人民政府"
    )
    make_users(agency, {"clerk": "clerk", "reviewer": "reviewer", "head1": "head", "head2": "head"})
    clerk, reviewer = User.objects.get(username="clerk"), User.objects.get(username="reviewer")
    today = timezone.localdate()
    ids = []
    for n in range(rounds):
        application = register(agency, clerk, f"并发测试 {n}")
        services.draft_decision(application, clerk, today, outcome="disclosed")
        services.review_decision(application, reviewer, today)
        ids.append(application.pk)
    return ids


def run(backend: str, rounds: int, as_json: bool) -> int:
    env = setup_django(backend, "race")
    from django.utils import timezone

    from gongkai.applications.models import ApplicationEvent, Letter

    ids = prepare(rounds)
    day = timezone.localdate().isoformat()
    close_connections()
    outcomes: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    with Server(env) as server:
        heads = [Browser(server.port), Browser(server.port)]
        heads[0].login("head1")
        heads[1].login("head2")
        for n, pk in enumerate(ids):
            actions = ("approve_decision", "approve_decision") if n % 2 == 0 else DECISIONS
            answers: list = [None, None]
            barrier = threading.Barrier(2)

            def decide(
                i: int,
                action: str,
                pk: int = pk,
                answers: list = answers,
                barrier: threading.Barrier = barrier,
            ) -> None:
                fields = {"on": day, "comment": "请补充理由"} if action == "return_draft" else {"on": day}
                barrier.wait()
                answers[i] = heads[i].post(f"/applications/{pk}/step/{action}/", fields)

            threads = [threading.Thread(target=decide, args=(i, a)) for i, a in enumerate(actions)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses = sorted(a.status for a in answers)
            outcomes[" + ".join(map(str, statuses))] += 1
            for answer in answers:
                if answer.status == 200:
                    refusals[error_text(answer.body) or "(no message found)"] += 1
    decided = Counter(
        ApplicationEvent.objects.filter(application_id__in=ids, action__in=DECISIONS).values_list(
            "application_id", flat=True
        )
    )
    issued = Counter(
        Letter.objects.filter(application_id__in=ids, seq__isnull=False).values_list(
            "application_id", flat=True
        )
    )
    summary = {
        "backend": backend,
        "rounds": rounds,
        "statuses": dict(outcomes),
        "refusals": dict(refusals),
        "one_decision_each": all(decided[pk] == 1 for pk in ids),
        "at_most_one_number_each": all(issued[pk] <= 1 for pk in ids),
    }
    ok = (
        outcomes == Counter({"200 + 302": rounds})
        and summary["one_decision_each"]
        and summary["at_most_one_number_each"]
        and "(no message found)" not in refusals
    )
    summary["ok"] = ok
    lines = [
        f"== {backend}: {rounds} races between two heads",
        f"  answers per race (sorted statuses): {dict(outcomes)}",
        "  the loser was told:",
        *(f"    {count:>3} × {text}" for text, count in refusals.most_common()),
        f"  exactly one decision recorded per application: {summary['one_decision_each']}",
        f"  at most one letter number per application: {summary['at_most_one_number_each']}",
    ]
    return report(summary, as_json, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="两人同时办理同一申请的并发测试")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return run(args.backend, args.rounds, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
