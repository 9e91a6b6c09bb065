"""Django's database sessions, the session's row read with SQL compiled once per process (issue 14).

Every request reads its session's row; Django compiles that query afresh each time. `SessionStore`
reads the same row (`session_key` and `expire_date` later than now, as Django's `_get_session_from_db`)
through `gongkai.core.compiled`. Nothing is kept between requests: a session ended by logout or expiry in
one server process is gone for every other process at its next request, as with Django's store.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.compiled import CompiledQuery


def _session(session_key: str, now: Any) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


SESSION = CompiledQuery(
    _session, Session._meta.get_field("session_key"), Session._meta.get_field("expire_date")
)


class SessionStore(DatabaseSessionStore):
    """SESSION_ENGINE = "gongkai.accounts.sessions": Django's `db` store but for the row's read."""

    def _get_session_from_db(self) -> Any:
        found = SESSION.objects(self.session_key, timezone.now())
        if found:
            return found[0]
        self._session_key = None
        return None
