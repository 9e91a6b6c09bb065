"""The one error the writers raise: the report data cannot be rendered; `str(exc)` is Chinese for the user."""

from __future__ import annotations


class RenderError(Exception):
    """The report data or the requested output cannot be written; the message is Chinese."""
