"""What an application's event log holds: the tracked fields' changes, and the state rebuilt from them.

Every event is appended by `ApplicationEvent.objects.append` (the one writer, `gongkai.core.models`).
A step's event holds the day (`on`), its details, and `changes`: each changed tracked field's previous
and new value. `rebuild_state` replays those changes: the stored application must always equal what
its log says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from gongkai.applications.models import Application, ApplicationEvent

# The application fields that the workflow changes; their history is in each event's data["changes"].
TRACKED_FIELDS: tuple[str, ...] = ("state", "amended_on", "reply_due", "closed_on", "replied_on", "outcome")
_DATE_FIELDS = frozenset({"amended_on", "reply_due", "closed_on", "replied_on"})


def to_json(value: Any) -> Any:
    """A value as the log stores it: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def from_json(field: str, value: Any) -> Any:
    return dt.date.fromisoformat(value) if field in _DATE_FIELDS and value else value


def apply_changes(application: Application, new_values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the new values on `application`; return {field: [previous, new]} for those that changed."""
    changed: dict[str, list[Any]] = {}
    for field, new in new_values.items():
        old = getattr(application, field)
        if old != new:
            changed[field] = [to_json(old), to_json(new)]
            setattr(application, field, new)
    return changed


def note(application: Application, actor: Any, action: str, on: dt.date, **details: Any) -> ApplicationEvent:
    """Append an event that changes no tracked field (a letter issued, an attachment, a review case)."""
    return ApplicationEvent.objects.append(
        application, action, actor=actor, data={"on": on.isoformat(), **details}
    )


def rebuild_state(application: Application) -> dict[str, Any]:
    """The tracked fields as the event log says they are, replaying every change in order."""
    state: dict[str, Any] = {
        "state": "",
        "amended_on": None,
        "reply_due": None,
        "closed_on": None,
        "replied_on": None,
        "outcome": "",
    }
    for data in application.events.order_by("seq").values_list("data", flat=True):
        for field, (_old, new) in data.get("changes", {}).items():
            state[field] = from_json(field, new)
    return state


def stored_state(application: Application) -> dict[str, Any]:
    return {field: getattr(application, field) for field in TRACKED_FIELDS}
