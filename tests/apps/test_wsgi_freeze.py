"""The WSGI entry point moves long-lived objects out of the cyclic collector's reach: at start-up and
after the worker's first requests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc
import gongkai.web.wsgi as wsgi
from django.core.signals import request_finished
at_start = gc.get_freeze_count()
kept = [[] for _ in range(20_000)]  # what the first requests build and keep
for _ in range(wsgi.WARM_UP_REQUESTS - 1):
    request_finished.send(sender=None)
before = gc.get_freeze_count()
request_finished.send(sender=None)
after = gc.get_freeze_count()
request_finished.send(sender=None)
print(at_start, before, after, gc.get_freeze_count())
"""


def test_start_up_and_the_first_requests_are_frozen(tmp_path: Path) -> None:
    # A fresh interpreter (the test process has its own collector state), with its own data folder.
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path), "GONGKAI_SECRET_KEY": "x" * 50}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env)
    at_start, before, after, later = map(int, out.stdout.split())
    assert at_start > 10_000
    assert before == at_start  # nothing more until the warm-up's last request
    assert after >= at_start + 20_000  # the kept lists
    assert later == after  # once only
