"""What the load, fault and race benchmarks share: a database of their own, a real `gongkai serve` on a free
port of 127.0.0.1, and browsers that log in and post the real forms with their CSRF token.

A benchmark process sets its environment (a fresh data folder, and `DATABASE_URL` for PostgreSQL), builds
its world with the ORM, closes its connections, starts the server as a child process with the same
environment, drives it over HTTP, stops it, and checks the database with the ORM again.
"""

from __future__ import annotations

import atexit
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Bench-Lanse-Hetang-47"
VALID_ID_NUMBER = "11010519491231002X"


# -- the database and Django in this process ---------------------------------------------------------------


def fresh_postgres_url(url: str, name: str) -> str:
    """The server of `url` with a new, empty database `name`, dropped again when this process ends."""
    import psycopg

    url = urlunsplit(urlsplit(url)._replace(path="/postgres"))  # the server's own database, which exists

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    atexit.register(drop)
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def setup_django(backend: str, label: str, keep: bool = False) -> dict[str, str]:
    """Point this process at a new data folder (and a new PostgreSQL database), migrate; returns the
    environment the server must run with."""
    base = ROOT / "var" / "bench"
    base.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix=f"{label}-{backend}-", dir=base))
    env = {"GONGKAI_VAR_DIR": str(var_dir), "DATABASE_URL": ""}
    if backend == "postgres":
        given = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
        env["DATABASE_URL"] = fresh_postgres_url(
            given, f"{os.environ.get('GONGKAI_BENCH_DB_PREFIX', 'gongkai')}_{label}_{os.getpid()}"
        )
    os.environ.update(env)
    for name in [n for n in os.environ if n.startswith("GONGKAI_") and n not in env]:
        if name not in {"GONGKAI_CONN_MAX_AGE", "GONGKAI_SQLITE_TIMEOUT", "GONGKAI_BENCH_PORTS"}:
            del os.environ[name]
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return env


def make_users(agency: Any, roles: Mapping[str, str]) -> None:
    """Users named by `roles` (username -> role in `agency`), all with PASSWORD (hashed once)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from gongkai.agencies.models import Membership

    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create([User(username=name, password=hashed) for name in roles])
    Membership.objects.bulk_create(
        [Membership(user=user, agency=agency, role=roles[user.username]) for user in users]
    )


def register(agency: Any, clerk: Any, content: str) -> Any:
    """An application received yesterday in person, registered through the service (no server needed)."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.applications import services

    return services.register_application(
        agency,
        clerk,
        channel="in_person",
        arrival={"handed_in": timezone.localdate() - dt.timedelta(days=1)},
        applicant=services.Applicant(
            category="natural_person", name="张三", id_number=VALID_ID_NUMBER, phone="13812345678"
        ),
        request=services.Request(content, "纸质", "邮寄"),
    )


def report(summary: dict[str, Any], as_json: bool, lines: list[str]) -> int:
    """Print the summary as JSON (for tests) or as the lines for people; the exit status from summary["ok"]."""
    import json

    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print("\n".join([*lines, "  result: " + ("OK" if summary["ok"] else "FAILED")]))
    return 0 if summary["ok"] else 1


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


# -- the server ------------------------------------------------------------------------------------------


def free_port() -> int:
    """A free port of 127.0.0.1: within `GONGKAI_BENCH_PORTS` (e.g. `8120-8129`) when set, else any."""
    wanted = os.environ.get("GONGKAI_BENCH_PORTS", "")
    if wanted:
        low, _, high = wanted.partition("-")
        for port in range(int(low), int(high or low) + 1):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in GONGKAI_BENCH_PORTS={wanted}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`gongkai serve` on a free port, with the benchmark's environment; stops (or is killed) on demand."""

    def __init__(self, env: Mapping[str, str], threads: int | None = None, processes: int = 1) -> None:
        self.env = {**os.environ, **env}
        self.port = free_port()
        self.threads = threads
        self.processes = processes
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(env["GONGKAI_VAR_DIR"]) / "serve.out"

    def start(self, timeout: float = 90) -> Server:
        command = [sys.executable, "-m", "gongkai.cli", "serve", f"127.0.0.1:{self.port}"]
        if self.threads:
            command += ["--threads", str(self.threads)]
        if self.processes > 1:
            command += ["--processes", str(self.processes)]
        with self.log.open("ab") as out:
            # A session of its own: a kill reaches every worker process at once, like a power cut.
            self.process = subprocess.Popen(
                command, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited ({self.process.returncode}): {self.log.read_text()[-2000:]}"
                )
            try:
                status = Browser(self.port).get("/login/").status
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not answer in time")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(self.process.pid, sig)
            else:
                self.process.send_signal(sig)
            self.process.wait(timeout=60)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- where the CPU goes (Linux) -------------------------------------------------------------------------


def _process_table() -> dict[int, tuple[int, float, str]]:
    """Every process of the machine: pid -> (parent pid, CPU seconds so far, command line)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    table: dict[int, tuple[int, float, str]] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return table
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick, command)
    return table


class CpuShare:
    """CPU seconds used between `start()` and `stop()` by the server (its process and workers), by
    PostgreSQL's backends serving the benchmark's database, and by this process (the simulated browsers);
    and by the whole machine, from /proc/stat. Processes that end in between count up to their last sample
    (`sample()`, called every second by a thread)."""

    def __init__(self, server_pid: int, database: str = "") -> None:
        self.server_pid = server_pid
        self.database = database
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.machine: list[int] = []
        self.began = 0.0
        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _kind(self, pid: int, table: dict[int, tuple[int, float, str]]) -> str:
        parent, _cpu, command = table[pid]
        if pid == os.getpid():
            return "browsers"
        if pid == self.server_pid or parent == self.server_pid:
            return "server"
        if self.database and command.startswith("postgres:") and f" {self.database} " in command:
            return "postgres"
        return ""

    def sample(self) -> None:
        table = _process_table()
        for pid in table:
            kind = self._kind(pid, table)
            if kind:
                self.last[pid] = (kind, table[pid][1])
                self.first.setdefault(pid, 0.0 if self.began else table[pid][1])

    @staticmethod
    def _machine() -> list[int]:
        with open("/proc/stat") as stat:
            return [int(value) for value in stat.readline().split()[1:]]

    def start(self) -> None:
        if not Path("/proc/stat").exists():
            return
        self.sample()
        self.began = time.perf_counter()
        self.machine = self._machine()

        def run() -> None:
            while not self._stop.wait(1.0):
                self.sample()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self.sample()
        self.seconds = time.perf_counter() - self.began
        self.machine = [after - before for before, after in zip(self.machine, self._machine(), strict=True)]

    def lines(self) -> list[str]:
        if not self.seconds:
            return []
        tick = os.sysconf("SC_CLK_TCK")
        used: dict[str, float] = defaultdict(float)
        for pid, (kind, cpu) in self.last.items():
            used[kind] += cpu - self.first.get(pid, 0.0)
        busy = sum(self.machine[:3]) / tick  # user, nice, system
        out = [f"  CPU over {self.seconds:.1f} s ({os.cpu_count()} cores; machine busy {busy:.1f} s):"]
        for kind in ("server", "postgres", "browsers"):
            out.append(
                f"    {kind:<9} {used[kind]:7.1f} s  {used[kind] / self.seconds:4.2f} cores"
                f"  {100 * used[kind] / busy if busy else 0:3.0f}% of the machine's busy time"
            )
        rest = busy - sum(used.values())
        out.append(f"    the rest  {rest:7.1f} s  (other processes, PostgreSQL's own, the kernel's work)")
        return out


class LockWaits:
    """How many of the server's PostgreSQL sessions are waiting for a lock (the agency's 申请编号 row,
    taken by every registration until its commit) and how many are running a statement, sampled five
    times a second from pg_stat_activity; nothing on SQLite."""

    def __init__(self, url: str) -> None:
        self.url = url if url.startswith("postgres") else ""
        self.samples: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if not self.url:
            return
        import psycopg

        connection = psycopg.connect(self.url, autocommit=True)

        def run() -> None:
            with connection:
                while not self._stop.wait(0.2):
                    row = connection.execute(
                        "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),"
                        " count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')"
                        " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    ).fetchone()
                    if row is not None:
                        self.samples.append((int(row[0]), int(row[1])))

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()

    def lines(self, registrations_per_second: float) -> list[str]:
        if not self.samples:
            return []
        waiting = statistics.mean(w for w, _a in self.samples)
        active = statistics.mean(a for _w, a in self.samples)
        return [
            f"  PostgreSQL sessions (mean of {len(self.samples)} samples): {waiting:.1f} waiting for a lock, "
            f"{active:.1f} running a statement; by Little's law a registration waits "
            f"{1000 * waiting / registrations_per_second if registrations_per_second else 0:.0f} ms for the lock"
        ]


# -- browsers --------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Timings:
    """Latencies per page, and every unexpected answer."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, page: str, response: Response, expected: int) -> bool:
        self.seconds[page].append(response.seconds)
        if response.status != expected:
            shown = error_text(response.body) if response.status == 200 else ""
            self.errors[f"{page}: HTTP {response.status}" + (f" {shown}" if shown else "")] += 1
            return False
        return True

    def merge(self, other: Timings) -> None:
        for page, values in other.seconds.items():
            self.seconds[page].extend(values)
        for key, count in other.errors.items():
            self.errors[key] += count

    def table(self) -> list[str]:
        lines = []
        for page, values in sorted(self.seconds.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            lines.append(
                f"  {page:<12} n={len(values):>5}  p50 {1000 * statistics.median(ordered):7.0f} ms"
                f"  p95 {1000 * p95:7.0f} ms  max {1000 * ordered[-1]:7.0f} ms"
            )
        return lines


class Browser:
    """One person's browser: cookies, one keep-alive connection, the CSRF token sent with every POST."""

    def __init__(self, port: int, timeout: float = 120) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _request(
        self,
        method: str,
        path: str,
        body: str | bytes | None = None,
        content_type: str = "application/x-www-form-urlencoded",
    ) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
        if isinstance(body, str):
            body = body.encode()
        for attempt in (1, 2):  # a keep-alive connection the server closed meanwhile: reconnect once
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body or None, headers=headers)
                answer = self.connection.getresponse()
                text = answer.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2 or method == "POST":
                    raise
                continue
            seconds = time.perf_counter() - started
            for value in answer.headers.get_all("Set-Cookie") or []:
                cookie: SimpleCookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, text, seconds)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, data: Mapping[str, Any]) -> Response:
        fields = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self._request("POST", path, urlencode(fields))

    def post_multipart(
        self, path: str, data: Mapping[str, str], files: Mapping[str, tuple[str, bytes, str]]
    ) -> Response:
        """A form with file fields (`name -> (filename, content, content type)`), as multipart/form-data;
        the CSRF token is the form's own when `data` carries it, else the cookie's."""
        boundary = f"----gongkai{uuid.uuid4().hex}"
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content, content_type) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self._request("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.get("/login/")
        answer = self.post("/login/", {"username": username, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"login of {username} failed: HTTP {answer.status}")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def error_text(page: str) -> str:
    """The form's errors shown on a page (the Chinese refusal), for the report."""
    found = re.findall(r'class="error[^"]*">(?:<p>)?([^<]+)', page)
    return " / ".join(text.strip() for text in found if text.strip() not in {"", "*"})
