"""Running an import batch: in this process, or by the Celery workers while this process watches the
database; the same progress (counts, errors) either way, on a rich bar when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from gongkai.supervision.importing import import_item, progress
from gongkai.supervision.models import ImportBatch, ItemStatus

Report = Callable[[dict[str, int]], None]
POLL_SECONDS = 0.5


class ProgressBar:
    """Counts done of total and failures; silent when stderr is not a terminal (or `quiet`)."""

    def __init__(self, total: int, *, quiet: bool = False) -> None:
        self.total = total
        self.quiet = quiet or not sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Report:
        if not self.quiet and self.total > 0:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("导入报告"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("import", total=self.total, detail="")
        return self.update

    def update(self, counts: dict[str, int]) -> None:
        if self._bar is None:
            return
        done = self.total - counts.get(ItemStatus.PENDING, 0)
        detail = (
            f"新导入 {counts.get(ItemStatus.IMPORTED, 0)} · 未变化 {counts.get(ItemStatus.UNCHANGED, 0)}"
            f" · 失败 {counts.get(ItemStatus.FAILED, 0)}"
        )
        self._bar.update(self._task, completed=done, detail=detail)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def run_in_process(batch: ImportBatch, report: Report) -> None:
    """Do every pending item here, one after the other."""
    counts = progress(batch)
    report(counts)
    for item_id in batch.items.filter(status=ItemStatus.PENDING).values_list("pk", flat=True):
        status = import_item(item_id).status
        counts[ItemStatus.PENDING] -= 1
        counts[status] = counts.get(status, 0) + 1
        report(counts)


def enqueue(batch: ImportBatch) -> int:
    """Hand every pending item to the workers (one task per file); the number handed."""
    # Imported here: Celery (and the broker's client) only when the queue is used.
    from gongkai.supervision.tasks import import_report

    pending = list(batch.items.filter(status=ItemStatus.PENDING).values_list("pk", flat=True))
    for item_id in pending:
        import_report.apply_async(args=[item_id])
    return len(pending)


def wait(batch: ImportBatch, report: Report, *, timeout: float | None = None) -> bool:
    """Watch the batch until no item is pending (True) or `timeout` seconds have passed (False)."""
    started = time.monotonic()
    while True:
        counts = progress(batch)
        report(counts)
        if counts.get(ItemStatus.PENDING, 0) == 0:
            return True
        if timeout is not None and time.monotonic() - started > timeout:
            return False
        time.sleep(POLL_SECONDS)
