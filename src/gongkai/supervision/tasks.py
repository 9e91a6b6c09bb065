"""Celery tasks of the supervising office: each calls one use case and keeps its answer in the database."""

from __future__ import annotations

from gongkai.core.queue import celery_app
from gongkai.supervision import importing

app = celery_app()


@app.task(name="supervision.import_report", acks_late=True, reject_on_worker_lost=True)
def import_report(item_id: int) -> str:
    """Read and store one file of an import batch (nothing happens for an item already answered)."""
    return str(importing.import_item(item_id).status)
