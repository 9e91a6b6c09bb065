"""Connections: idle and half-sent connections from one client must not shut a logged-in clerk out.

    .venv/bin/python bench/bench_connections.py [--idle 100] [--partial 50] [--partial-body 20] [--json]

Starts `gongkai serve` over a fresh SQLite database, opens `--idle` TCP connections that send nothing,
`--partial` that send half a request's headers and stop (slowloris) and `--partial-body` that send a
POST's headers and 10 of the 1,000 bytes of body they declare (a server that gives such a request to a
thread before its body is in, as granian does, loses a thread to each: docs/decisions/load-model.md),
then times a clerk logging in and opening the application list, and an anonymous /login/. Before issue 14, waitress's default limit of 100
connections made /login/ time out. Prints the times (or JSON for tests/apps/test_races.py).
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Browser, Response, Server, close_connections, make_users, report, setup_django


def timed(browser: Browser, path: str) -> tuple[Response, float]:
    """The answer (status 0 when none came within the browser's timeout) and how long it took."""
    started = time.perf_counter()
    try:
        answer = browser.get(path)
    except OSError:
        answer = Response(0, {}, "", 0)
    return answer, time.perf_counter() - started


HALF_BODY = (
    b"POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 1000\r\n\r\nusername=a"
)


def run(idle: int, partial: int, partial_body: int, as_json: bool) -> int:
    env = setup_django("sqlite", "connections")
    from gongkai.agencies.models import Agency

    make_users(Agency.objects.create(name="连接测试局", code="connections"), {"clerk": "clerk"})
    close_connections()
    held: list[socket.socket] = []
    with Server(env) as server:
        clerk = Browser(server.port, timeout=10)
        clerk.login("clerk")
        try:
            for n in range(idle + partial + partial_body):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                if n >= idle + partial:
                    sock.sendall(HALF_BODY)
                elif n >= idle:
                    sock.sendall(b"GET /applications/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                held.append(sock)
            time.sleep(0.5)
            clerk.close()  # the clerk's next page comes on a new connection, as a browser's often does
            clerk.connection = None
            listed, list_seconds = timed(clerk, "/applications/")
            login_page, login_seconds = timed(Browser(server.port, timeout=10), "/login/")
        finally:
            for sock in held:
                sock.close()
        # The default install serves its static files and answers unknown pages without debug pages.
        anonymous = Browser(server.port)
        static = anonymous.get("/static/gongkai/style.css").status
        missing = anonymous.get("/no-such-page/")
    summary = {
        "static_status": static,
        "not_found_status": missing.status,
        "not_found_chinese": "页面不存在" in missing.body and "URLconf" not in missing.body,
        "idle": idle,
        "partial": partial,
        "partial_body": partial_body,
        "list_status": listed.status,
        "list_seconds": round(list_seconds, 3),
        "login_status": login_page.status,
        "login_seconds": round(login_seconds, 3),
    }
    ok = listed.status == 200 and login_page.status == 200 and max(list_seconds, login_seconds) < 2
    summary["ok"] = ok
    lines = [
        f"== {idle} idle, {partial} with half their headers, {partial_body} with half their body held open",
        f"  logged-in clerk's list: HTTP {listed.status} in {1000 * list_seconds:.0f} ms",
        f"  anonymous /login/: HTTP {login_page.status} in {1000 * login_seconds:.0f} ms",
        f"  static file: HTTP {static}; unknown page: HTTP {missing.status}",
    ]
    return report(summary, as_json, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="空闲连接与慢速请求不影响已登录用户")
    parser.add_argument("--idle", type=int, default=100)
    parser.add_argument("--partial", type=int, default=50)
    parser.add_argument("--partial-body", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return run(args.idle, args.partial, args.partial_body, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
