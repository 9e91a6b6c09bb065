"""How a person is named on pages, letters and reminders."""

from __future__ import annotations

from typing import Any


def person_name(user: Any, nobody: str = "") -> str:
    """The user's full name, else the username; `nobody` for no user."""
    if user is None:
        return nobody
    return str(user.get_full_name() or user.get_username())
