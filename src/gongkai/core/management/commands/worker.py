"""`gongkai worker [--concurrency N]`: a Celery worker for gongkai's background jobs (report imports).

Run one on each machine that shares the database (DATABASE_URL) and the data folder (GONGKAI_VAR_DIR /
GONGKAI_MEDIA_ROOT) with the web system; the broker is GONGKAI_BROKER_URL (Redis or RabbitMQ).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.queue import broker_answers, celery_app


class Command(BaseCommand):
    help = "启动后台任务 worker（任务队列由 GONGKAI_BROKER_URL 指定，Redis 或 RabbitMQ）"
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency", type=int, default=os.cpu_count() or 1, help="并行处理的进程数（默认：CPU 核数）"
        )
        parser.add_argument("--loglevel", default="info", help="日志级别（默认 info）")
        parser.add_argument("--name", default="", help="worker 名称（同一台机器运行多个 worker 时区分用）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.GONGKAI_BROKER_URL:
            raise CommandError(
                "未设置 GONGKAI_BROKER_URL。例如 redis://127.0.0.1:6379/0 或 amqp://guest:guest@127.0.0.1:5672//",
                returncode=2,
            )
        if problem := broker_answers():
            raise CommandError(problem, returncode=2)
        if options["concurrency"] < 1:
            raise CommandError("--concurrency 至少为 1。", returncode=2)
        argv = [
            "worker",
            f"--loglevel={options['loglevel']}",
            f"--concurrency={options['concurrency']}",
            f"--queues={settings.GONGKAI_QUEUE}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ]
        if options["name"]:
            argv.append(f"--hostname={options['name']}@%h")
        celery_app().worker_main(argv)
