"""What every reader front-end (text, HTML, PDF, Word) hands to the one generic report reader."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """The input cannot be read as an annual report; `str(exc)` is a Chinese message for the user."""


@dataclass(frozen=True)
class Document:
    """A report's text in reading order, one printed line per entry.

    Within a line, `\\t` separates cells where the source knows cell boundaries (an HTML or Word
    table cell, a wide horizontal gap between words in a PDF); elsewhere words are separated by
    spaces, or by nothing at all, as printed. `kind` names the front-end ("text", "html", "pdf",
    "docx"); `notes` carries front-end observations that become warning findings.
    """

    lines: tuple[str, ...]
    kind: str = "text"
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
