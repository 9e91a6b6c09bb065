"""Text fit to print and to store: control characters and unpaired surrogates removed (issue 14 item 8).

A character such as U+0001 or U+000B typed or pasted into a form (or found in an imported file) cannot
be written into Word's XML, an Excel cell or UTF-8 at all; before, it made the letter's .docx and the
report's publication fail with a 500. Such characters carry no meaning in disclosure work: they are
removed at every boundary (forms, query strings, imports — `web.middleware`, the ledger reader) and,
for what is already stored, by every writer (`printable_data` on a report, `printable` on a letter).
Tabs and line breaks stay; a carriage return becomes a line break.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# C0 controls but tab and line feed, DEL, C1 controls, unpaired surrogates, and the two non-characters
# U+FFFE/U+FFFF (XML forbids them).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without control characters (tab and line breaks kept; CR LF and CR become LF)."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNPRINTABLE.sub("", text)


def has_unprintable(text: str) -> bool:
    return bool(_UNPRINTABLE.search(text.replace("\r", "")))


def printable_data(value: Any) -> Any:
    """A report-data value (dicts, lists, strings, numbers) with every string made `printable`."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, Mapping):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_data(v) for v in value]
    return value
