"""`gongkai serve --processes N` shares the browsers' kept-open connections out among its workers.

On one shared listening socket, the worker that happened to be waiting took a whole burst of
connections (45 of 60 for a whole load run, docs/decisions/load-model.md); each worker now accepts on
its own socket of the same address (SO_REUSEPORT) and the kernel deals connections out by a hash.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from harness import Server  # bench/harness.py: a real `gongkai serve` on a free port

# Its own SQLite data folder in a subprocess, whatever the test database is: run once.
pytestmark = [
    pytest.mark.one_database,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads /proc; several processes need fork"
    ),
]

CONNECTIONS = 40


def _established(port: int) -> dict[int, int]:
    """The socket inode of every established connection whose local port is `port` (the server's side)."""
    inodes: dict[int, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                local, state, inode = fields[1], fields[3], int(fields[9])
                if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes[inode] = port
    return inodes


def _sockets_of(pid: int) -> set[int]:
    found = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(int(target[8:-1]))
    return found


def _workers(parent: int) -> list[int]:
    with open(f"/proc/{parent}/task/{parent}/children") as children:
        return [int(pid) for pid in children.read().split()]


def test_kept_connections_are_shared_among_the_workers(tmp_path: Path) -> None:
    env = {"GONGKAI_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    with Server(env, processes=2) as server:
        assert server.process is not None
        workers = _workers(server.process.pid)
        assert len(workers) == 2
        # A burst of browsers opening their connections at once, each asking for a page and keeping it.
        clients = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(CONNECTIONS)]
        try:
            request = f"GET /login/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
            for client in clients:
                client.sendall(request)
            for client in clients:
                assert client.recv(64).startswith(b"HTTP/1.1 200")
            served = _established(server.port)
            held = [len(_sockets_of(worker) & served.keys()) for worker in workers]
        finally:
            for client in clients:
                client.close()
    assert sum(held) == CONNECTIONS
    # By a fair hash each worker holds 20 ± 3; fewer than 8 of 40 happens once in ~20,000 runs.
    assert min(held) >= 8, f"connections held by the two workers: {held}"


def test_each_worker_listens_on_its_own_socket_and_the_kernel_shares_connections_out() -> None:
    """The mechanism alone, without a server: connections made while no worker is accepting (as when
    both are busy) are queued on the workers' sockets about evenly, not all on one."""
    from gongkai.web.management.commands.serve import _worker_sockets

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    sockets = _worker_sockets("127.0.0.1", port, 2)
    clients = []
    try:
        assert len({id(sock) for sock in sockets}) == 2
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
        queued = []
        for sock in sockets:
            sock.setblocking(False)
            accepted = 0
            while True:
                try:
                    connection, _address = sock.accept()
                except BlockingIOError:
                    break
                connection.close()
                accepted += 1
            queued.append(accepted)
    finally:
        for client in clients:
            client.close()
        for sock in sockets:
            sock.close()
    assert sum(queued) == CONNECTIONS
    assert min(queued) >= 8, f"connections queued on the two workers' sockets: {queued}"
