"""The Celery application of gongkai's background jobs, configured from the settings.

Tasks are defined in the apps' `tasks` modules (found by autodiscovery) and are acknowledged only when
done (`acks_late`), and handed out again when the worker process running them dies
(`reject_on_worker_lost`): a task must therefore be idempotent — each is one use case that leaves its
answer in the database and does nothing when that answer is already there. Results are never kept in
the broker.
"""

from __future__ import annotations

from functools import cache

from celery import Celery
from django.conf import settings


@cache
def celery_app() -> Celery:
    app = Celery("gongkai")
    app.conf.update(
        broker_url=settings.GONGKAI_BROKER_URL or "memory://",
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.GONGKAI_BROKER_VISIBILITY_TIMEOUT},
        task_default_queue=settings.GONGKAI_QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        timezone=settings.TIME_ZONE,
    )
    app.set_default()
    app.autodiscover_tasks(lambda: settings.INSTALLED_APPS)
    return app


def broker_configured() -> bool:
    return bool(settings.GONGKAI_BROKER_URL)


def broker_answers(timeout: float = 3.0) -> str | None:
    """None when the broker answers; otherwise the reason, in Chinese."""
    try:
        with celery_app().connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # kombu raises the transport's own errors
        return f"无法连接任务队列（{settings.GONGKAI_BROKER_URL}）：{exc}"
    return None
