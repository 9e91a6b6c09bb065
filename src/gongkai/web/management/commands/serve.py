"""`gongkai serve [ADDRESS]`: run the system's web server, static files included.

Outside `--dev` it refuses to start with a configuration that would expose the system (debug pages, a
public or short secret key, any host name accepted), saying in Chinese what to set.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.web.security import env_flag, insecure_configuration

DEFAULT_ADDRESS = "127.0.0.1:8000"
# Connections: waitress answers `threads` requests at once and keeps up to `connection_limit` open
# (idle keep-alive connections included), closing one idle for `channel_timeout` seconds. Its default
# limit of 100 let 100 idle connections from one client shut everyone else out; in production a reverse
# proxy in front bounds connections per client (README, 生产部署).
CONNECTION_LIMIT = 1000
# Threads a process: Python runs one thread at a time per process, so threads only overlap waits (the
# database's round trips, the network); past a few they queue for the interpreter and each switch costs
# CPU. Measured with 50 clerks back-to-back (docs/decisions/load-model.md): SQLite in one process, 4
# threads answered 101 requests a second, submission p95 0.73 s, against 79 and 2.9 s with 16; PostgreSQL
# in two processes, submission p95 0.48–0.53 s with 4, 0.63–0.89 s with 16. More concurrency comes from
# more processes (`--processes`), which use the other cores.
THREADS = 4
CHANNEL_TIMEOUT = 30
CLEANUP_INTERVAL = 5
# The largest request body accepted (waitress refuses a longer one with 413 before Django sees it): the
# largest upload (a 32 MB report or ledger) and its form. Django bounds the form fields themselves.
MAX_REQUEST_BODY = 40 * 1024 * 1024
# A request thread leaves a response smaller than this to waitress's main loop, which sends it once the
# request is done; a larger one (a file download) the thread sends itself, as with waitress's default (1:
# every thread sends its own pages). Measured alternating under the back-to-back load, 9.8 -> 8.3 ms of
# server CPU a request (docs/decisions/load-model.md). Deprecated in waitress 3: if a later waitress drops
# it, serve stops at start ("Unknown adjustment") and tests/apps/test_serve_waitress.py fails.
SEND_BYTES = 256 * 1024


def parse_address(address: str) -> tuple[str, int]:
    """`8000`, `0.0.0.0:8000` or `[::1]:8000` -> (host, port); a Chinese CommandError otherwise."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"地址“{address}”无效：请写成 端口 或 主机:端口，例如 127.0.0.1:8000。", returncode=2
        )
    return host, int(port)


def _is_wildcard(host: str) -> bool:
    return host in {"0.0.0.0", "::", ""}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_hosts(host: str) -> list[str]:
    """The host names a request to `host` may carry (ALLOWED_HOSTS form; IPv6 in brackets)."""
    if _is_wildcard(host):
        return []  # any of the machine's names: the administrator says which (GONGKAI_ALLOWED_HOSTS)
    if _is_loopback(host):
        return ["localhost", "127.0.0.1", "[::1]"]
    return [f"[{host}]" if ":" in host else host]


def waitress_options(threads: int, proxy: str | None) -> dict[str, Any]:
    """waitress's settings for `threads` request threads a process, believing the X-Forwarded-For and
    X-Forwarded-Proto headers of requests from the address `proxy` only (none when None)."""
    proxy_options: dict[str, Any] = (
        {
            "trusted_proxy": proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        }
        if proxy
        else {}
    )
    return {
        "threads": threads,
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT,
        "cleanup_interval": CLEANUP_INTERVAL,
        "max_request_body_size": MAX_REQUEST_BODY,
        "send_bytes": SEND_BYTES,
        "asyncore_use_poll": True,  # select() cannot watch more than 1,024 connections
        "ident": "gongkai",
        "_quiet": True,
        **proxy_options,
    }


def _raise_file_limit(wanted: int) -> None:
    """Each open connection is a file descriptor: lift the soft limit towards the hard one (POSIX)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class Command(BaseCommand):
    help = "启动政府信息公开工作系统的网页服务（含静态文件）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "address", nargs="?", default=DEFAULT_ADDRESS, help="监听地址，默认 127.0.0.1:8000"
        )
        parser.add_argument(
            "--threads", type=int, default=THREADS, help=f"每个进程处理请求的线程数，默认 {THREADS}"
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="服务进程数（Linux 等系统；可设为 CPU 核数以利用多核），默认 1",
        )
        parser.add_argument(
            "--dev", action="store_true", help="开发模式：使用 Django 开发服务器，代码改动时自动重启"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = parse_address(options["address"])
        shown = host if ":" not in host else f"[{host}]"
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *served_hosts(host)]
        if options["dev"]:
            # Debug pages on the developer's own machine, unless GONGKAI_DEBUG=0 says otherwise.
            settings.DEBUG = env_flag(os.environ, "GONGKAI_DEBUG", default=True)
            self.stdout.write(f"gongkai 网页系统（开发模式）：http://{shown}:{port}/  （按 Ctrl+C 停止）")
            self.stdout.write(f"政府信息公开专栏（无需登录）：http://{shown}:{port}/gk/")
            call_command("runserver", f"{shown}:{port}", insecure_serving=True)
            return
        self._refuse_insecure(host)
        # waitress: a production WSGI server in pure Python (also on Windows, which many offices use);
        # whitenoise serves the static files that collectstatic gathers into var/static.
        import waitress

        # Before the application is built: whitenoise lists the static files once, when it starts.
        call_command("collectstatic", interactive=False, verbosity=0)
        # Imported when serving: importing it builds the WSGI application (Django's handler, middleware).
        from gongkai.web.wsgi import application

        _raise_file_limit(CONNECTION_LIMIT + 64)
        https = env_flag(os.environ, "GONGKAI_HTTPS")
        # Behind the reverse proxy, its X-Forwarded-* headers give the client's address (the login
        # throttle counts per address) and scheme; they are believed from the proxy's address only.
        proxy = os.environ.get("GONGKAI_TRUSTED_PROXY") or ("127.0.0.1" if https else None)
        self.stdout.write(f"gongkai 网页系统：http://{shown}:{port}/  （按 Ctrl+C 停止）")
        self.stdout.write(f"政府信息公开专栏（无需登录）：http://{shown}:{port}/gk/")
        if not https and not _is_loopback(host):
            self.stdout.write(
                "提示：未设置 GONGKAI_HTTPS=1，登录密码将以明文在网络上传输。"
                "生产环境请在前面配置 HTTPS 反向代理（见 README“生产部署”）。"
            )
        self.stdout.flush()
        serving = waitress_options(options["threads"], proxy)
        if options["processes"] > 1:
            serve_in_processes(application, host, port, options["processes"], serving)
        else:
            waitress.serve(application, host=host, port=port, **serving)

    def _refuse_insecure(self, host: str) -> None:
        problems = insecure_configuration(
            debug=settings.DEBUG,
            secret_key=settings.SECRET_KEY,
            allowed_hosts=settings.ALLOWED_HOSTS,
            var_dir=settings.VAR_DIR,
        )
        if _is_wildcard(host) and not os.environ.get("GONGKAI_ALLOWED_HOSTS", "").strip():
            problems.append(
                f"在所有网络地址（{host}）上提供服务时，请用 GONGKAI_ALLOWED_HOSTS 写明用户访问本系统所用的"
                "域名或地址（多个用逗号分隔，例如 gongkai.example.gov.cn,192.168.1.10），否则其他电脑的请求都会被拒绝。"
            )
        if problems:
            listed = "".join(f"\n  - {problem}" for problem in problems)
            raise CommandError(
                f"当前设置不安全，网页服务没有启动：{listed}\n请按上面的提示修改设置后重新运行"
                "（本机开发可用 gongkai serve --dev）。",
                returncode=2,
            )


def _listening_socket(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def _worker_sockets(host: str, port: int, processes: int) -> list[socket.socket]:
    """One listening socket per worker where the system can (Linux's SO_REUSEPORT), so that the kernel
    deals new connections out among the workers evenly (by a hash of the client's address and port).
    On one shared socket the worker that happens to be waiting takes a whole burst of connections, and
    browsers keep theirs open: measured with 60 browsers on two workers, 45 against 15 for a whole run,
    one worker's clients waiting three times as long as the other's (docs/decisions/load-model.md)."""
    if not sys.platform.startswith("linux"):  # elsewhere SO_REUSEPORT does not balance (BSD, macOS)
        return [_listening_socket(host, port)] * processes
    sockets: list[socket.socket] = []
    try:
        for _ in range(processes):
            sockets.append(_listening_socket(host, port, reuse_port=True))
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent is gone (killed, even with SIGKILL) stops too, instead of serving on alone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def serve_in_processes(
    application: Any, host: str, port: int, processes: int, serving: dict[str, Any]
) -> None:
    """Several waitress processes, each accepting on its own listening socket of the same address (the
    kernel shares the connections out), so that Python uses every core; the parent only watches them.
    If one stops, all stop, and the process manager (systemd) starts the service again."""
    import waitress
    from django.db import connections

    if not hasattr(os, "fork"):
        raise CommandError(
            "--processes 大于 1 只在 Linux 等系统上可用；Windows 请使用默认的 1 个进程。", returncode=2
        )
    sockets = _worker_sockets(host, port, processes)
    connections.close_all()  # each worker opens its own database connections
    parent = os.getpid()
    children = []
    for sock in sockets:
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                _exit_with_parent(parent)
                for other in {*sockets} - {sock}:
                    other.close()  # the other workers' sockets: connections queued there are theirs
                waitress.serve(application, sockets=[sock], **serving)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        children.append(pid)
    for sock in {*sockets}:
        sock.close()  # the workers hold them

    def stop(signum: int, frame: Any) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.wait()  # the first worker to stop (or all, after SIGTERM/Ctrl+C)
    stop(signal.SIGTERM, None)
    for child in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)
