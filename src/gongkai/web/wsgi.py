"""WSGI entry point of the gongkai system."""

from __future__ import annotations

import gc
import itertools
import os
from typing import Any

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
application = get_wsgi_application()

# Objects that live as long as the process (Django, the settings, the apps' modules, then what the first
# requests build: URL patterns, compiled templates and queries, translations) are moved out of the cyclic
# collector's reach, so that its full collections stop walking them again and again: the collector's share of
# a registration cycle's CPU 4.6 → 3.3 % (docs/decisions/load-model.md). Once at start-up, before the workers
# are forked (their pages stay shared), and once more when the worker has answered its first requests.
WARM_UP_REQUESTS = 100
_answered = itertools.count(1)


def freeze_long_lived() -> None:
    gc.collect()
    gc.freeze()


def freeze_after_warm_up(**_kwargs: Any) -> None:
    if next(_answered) == WARM_UP_REQUESTS:
        request_finished.disconnect(freeze_after_warm_up)
        freeze_long_lived()


freeze_long_lived()
request_finished.connect(freeze_after_warm_up)
