"""Faults: the server killed with SIGKILL in the middle of a burst of decisions, restarted, and every
application checked against its event log.

    .venv/bin/python bench/bench_faults.py                      # SQLite, the default install
    .venv/bin/python bench/bench_faults.py --backend postgres   # PostgreSQL (own database)

Registers `--applications` applications (in this process), starts `gongkai serve`, and has `--workers`
threads take each application through the decision steps over HTTP with the real forms: 拟写答复 (clerk,
drafts the decision letter), 审核通过 (reviewer), 批准答复并签发 (head, numbers the letter), 登记已送达,
归档. After `--kill-after` seconds the server gets SIGKILL; it is restarted and the burst resumes, `--kills`
times; then the burst runs to its end. After every kill (server down) and at the end, every application is
checked: its stored state equals the state rebuilt from its event log (`rebuild_state`); each decision
draft has exactly one decision letter; each approved decision's letter is issued, with one issue event;
letter numbers and 申请编号 are unique and without gaps. Prints what it found.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Browser, Server, close_connections, make_users, register, setup_django

STEPS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("draft_decision", "clerk", {"outcome": "disclosed", "delivery": "随本答复书附送"}),
    ("review_decision", "reviewer", {}),
    ("approve_decision", "head", {}),
    ("deliver_decision", "clerk", {"method": "直接送达"}),
    ("file_application", "clerk", {}),
)
NEXT_STEP = {"registered": 0, "drafted": 1, "reviewed": 2, "approved": 3, "delivered": 4}


def inconsistencies() -> list[str]:
    """Everything in the database that its event logs do not explain."""
    from django.db.models import Count

    from gongkai.applications.models import Application, ApplicationEvent, Letter, LetterKind
    from gongkai.applications.services import rebuild_state, stored_state

    found: list[str] = []
    issue_events = Counter(
        e["letter"]
        for e in ApplicationEvent.objects.filter(action="issue_letter").values_list("data", flat=True)
    )
    for application in Application.objects.prefetch_related("letters", "events"):
        if rebuild_state(application) != stored_state(application):
            found.append(
                f"{application.number}: stored {stored_state(application)} ≠ log {rebuild_state(application)}"
            )
        events = sorted(application.events.all(), key=lambda e: e.seq)
        if [e.seq for e in events] != list(range(1, len(events) + 1)):
            found.append(f"{application.number}: event numbers {[e.seq for e in events]}")
        letters = list(application.letters.all())
        drafts = [e for e in events if e.action == "draft_decision"]
        for draft in drafts:
            decision = [x for x in letters if x.event_id == draft.pk and x.kind == LetterKind.DECISION]
            if len(decision) != 1:
                found.append(f"{application.number}: decision draft #{draft.seq} has {len(decision)} letters")
        approved = [e for e in events if e.action == "approve_decision"]
        if approved and drafts:
            current = [x for x in letters if x.event_id == drafts[-1].pk and x.kind == LetterKind.DECISION]
            if current and current[0].seq is None:
                found.append(f"{application.number}: approved, but its decision letter has no number")
        for letter in letters:
            if letter.seq is not None and issue_events[letter.pk] != 1:
                found.append(
                    f"{application.number}: letter {letter.number_label} issued {issue_events[letter.pk]} times"
                )
        receipts = [x for x in letters if x.kind == LetterKind.RECEIPT]
        if len(receipts) != 1:
            found.append(f"{application.number}: {len(receipts)} receipt letters")
    for agency_id, year in (
        Letter.objects.filter(seq__isnull=False).values_list("agency_id", "year").distinct()
    ):
        seqs = sorted(
            Letter.objects.filter(agency_id=agency_id, year=year, seq__isnull=False).values_list(
                "seq", flat=True
            )
        )
        if seqs != list(range(1, len(seqs) + 1)):
            found.append(f"letter numbers of {year} not 1..{len(seqs)}: gaps or duplicates")
    duplicated = Application.objects.values("agency_id", "number").annotate(n=Count("pk")).filter(n__gt=1)
    found += [f"application number {d['number']} used {d['n']} times" for d in duplicated]
    return found


def states() -> Counter[str]:
    from gongkai.applications.models import Application

    return Counter(Application.objects.values_list("state", flat=True))


class Burst:
    """Worker threads walking applications through STEPS until told to stop or all are filed."""

    def __init__(self, port: int, ids: list[int], workers: int) -> None:
        self.port = port
        self.queue = list(ids)
        self.lock = threading.Lock()
        self.workers = workers
        self.steps_done = 0
        self.refused = 0
        self.transport_errors = 0
        self.http_errors: Counter[str] = Counter()

    def take(self) -> int | None:
        with self.lock:
            return self.queue.pop() if self.queue else None

    def give_back(self, pk: int) -> None:
        with self.lock:
            self.queue.append(pk)

    def work(self, worker: int, day: str, stop: threading.Event) -> None:
        try:
            self._work(worker, day, stop)
        finally:
            close_connections()

    def _work(self, worker: int, day: str, stop: threading.Event) -> None:
        browsers = {}
        try:
            for role in ("clerk", "reviewer", "head"):
                browsers[role] = Browser(self.port, timeout=30)
                browsers[role].login(f"{role}{worker:02d}")
        except OSError:
            self.transport_errors += 1
            return
        while not stop.is_set():
            pk = self.take()
            if pk is None:
                return
            try:
                finished = self.walk(pk, browsers, day, stop)
            except OSError:  # the server was killed under us
                self.transport_errors += 1
                self.give_back(pk)
                return
            if not finished:
                self.give_back(pk)

    def walk(self, pk: int, browsers: dict[str, Browser], day: str, stop: threading.Event) -> bool:
        """Take `pk` to 归档 (True), or leave it where it is when stopped."""
        from gongkai.applications.models import Application

        while not stop.is_set():
            state = Application.objects.values_list("state", flat=True).get(pk=pk)
            if state not in NEXT_STEP:
                return True  # filed
            action, role, fields = STEPS[NEXT_STEP[state]]
            answer = browsers[role].post(f"/applications/{pk}/step/{action}/", {"on": day, **fields})
            if answer.status == 302:
                self.steps_done += 1
            elif answer.status == 200:
                self.refused += 1
            else:
                self.http_errors[f"{action}: HTTP {answer.status}"] += 1
        return False


def run(backend: str, applications: int, workers: int, kills: int, kill_after: float) -> int:
    env = setup_django(backend, "faults")
    from django.utils import timezone

    from gongkai.agencies.models import Agency

    agency = Agency.objects.create(
        name="故障测试局",
        code="fault-test",
        letter_prefix="故测公开",
        level="county",
        government_name="示范县人民政府",
    )
    roles = {f"{role}{i:02d}": role for i in range(workers) for role in ("clerk", "reviewer", "head")}
    make_users(agency, roles)
    from django.contrib.auth.models import User

    clerk = User.objects.get(username="clerk00")
    today = timezone.localdate()
    ids = [register(agency, clerk, f"故障测试 {n}：某文件").pk for n in range(applications)]
    close_connections()
    print(
        f"== {backend}: {applications} applications, {workers} workers × (clerk, reviewer, head), {kills} kills"
    )
    server = Server(env)
    burst = Burst(server.port, ids, workers)
    failures = 0
    for round_number in range(kills + 1):
        server.start()
        stop = threading.Event()
        threads = [
            threading.Thread(target=burst.work, args=(w, today.isoformat(), stop)) for w in range(workers)
        ]
        for thread in threads:
            thread.start()
        if round_number < kills:
            # The burst has begun (logins take a moment): kill at a random instant within it.
            before, waited = burst.steps_done, time.monotonic()
            while burst.steps_done == before and time.monotonic() - waited < 120:
                time.sleep(0.05)
            time.sleep(random.uniform(0.2, kill_after))
            server.kill()  # SIGKILL, mid-burst
            stop.set()
            for thread in threads:
                thread.join()
            found = inconsistencies()
            print(
                f"  kill {round_number + 1}: after {burst.steps_done} steps; states {dict(states())}; "
                f"inconsistencies {len(found)}"
            )
        else:
            for thread in threads:
                thread.join()
            server.stop()
            found = inconsistencies()
            print(f"  end: {burst.steps_done} steps; states {dict(states())}; inconsistencies {len(found)}")
        for line in found[:20]:
            print("    -", line)
        failures += len(found)
        close_connections()
    print(
        f"  refused steps (a state already moved on): {burst.refused}; HTTP errors {dict(burst.http_errors) or 0}; "
        f"connections cut by the kills {burst.transport_errors}"
    )
    unfinished = sum(n for s, n in states().items() if s != "filed")
    print(f"  applications not filed at the end: {unfinished}")
    ok = failures == 0 and not burst.http_errors and unfinished == 0
    print("  result:", "OK" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description="办理过程中强行终止服务器（SIGKILL）后的一致性检查")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--kill-after", type=float, default=4.0, help="seconds of burst before each SIGKILL")
    args = parser.parse_args()
    return run(args.backend, args.applications, args.workers, args.kills, args.kill_after)


if __name__ == "__main__":
    raise SystemExit(main())
