"""Rate limits per client address on the public form and the lookup, in Django's cache (the default
local-memory cache works with the SQLite default; a shared cache such as Redis makes them hold across
worker processes)."""

from __future__ import annotations

from django.core.cache import cache

from gongkai.applications.errors import StepRefused

# (tries, seconds) per address: submissions and lookups.
SUBMIT = (10, 3600)
LOOKUP = (60, 600)


class TooManyTries(StepRefused):
    """Too many requests from one address; the message (Chinese) says to wait."""


def hit(kind: str, client_address: str, limit: tuple[int, int]) -> None:
    """Count one request of `kind` from the address; TooManyTries once over the limit."""
    if not client_address:
        return
    tries, seconds = limit
    key = f"gongkai.online.{kind}.{client_address}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    if count > tries:
        raise TooManyTries(f"操作过于频繁，请 {seconds // 60} 分钟后再试。")
