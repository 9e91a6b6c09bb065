"""`gongkai serve [ADDRESS]`: run the system's web server, static files included."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_ADDRESS = "127.0.0.1:8000"


def parse_address(address: str) -> tuple[str, int]:
    """`8000`, `0.0.0.0:8000` or `[::1]:8000` -> (host, port); a Chinese CommandError otherwise."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"地址“{address}”无效：请写成 端口 或 主机:端口，例如 127.0.0.1:8000。", returncode=2
        )
    return host, int(port)


class Command(BaseCommand):
    help = "启动政府信息公开工作系统的网页服务（含静态文件）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "address", nargs="?", default=DEFAULT_ADDRESS, help="监听地址，默认 127.0.0.1:8000"
        )
        parser.add_argument("--threads", type=int, default=8, help="处理请求的线程数，默认 8")
        parser.add_argument(
            "--dev", action="store_true", help="开发模式：使用 Django 开发服务器，代码改动时自动重启"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = parse_address(options["address"])
        shown = host if ":" not in host else f"[{host}]"
        if options["dev"]:
            self.stdout.write(f"gongkai 网页系统（开发模式）：http://{shown}:{port}/  （按 Ctrl+C 停止）")
            call_command("runserver", f"{shown}:{port}", insecure_serving=True)
            return
        # waitress: a production WSGI server in pure Python (also on Windows, which many offices use);
        # whitenoise serves the static files that collectstatic gathers into var/static.
        import waitress

        # Imported when serving: importing it builds the WSGI application (Django's handler, middleware).
        from gongkai.web.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"gongkai 网页系统：http://{shown}:{port}/  （按 Ctrl+C 停止）")
        self.stdout.flush()
        waitress.serve(application, host=host, port=port, threads=options["threads"], _quiet=True)
