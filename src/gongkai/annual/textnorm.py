"""The one normal form all matching of report text works on: NFKC, no whitespace, enumerations as '1.'.

Shared by the reader (`reading/`) and the cross-check rules (`rules.py`), which quote figures from the
text; it lives below both so that neither imports the other for it.
"""

from __future__ import annotations

import re
import unicodedata

_ENUM_COMMA = re.compile(r"(\d)、")


def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) — the form all matching works on."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)  # ASCII is NFKC already


def squash(text: str) -> str:
    """`normalize`, then drop all whitespace and write enumerations as '1.' (not '1、')."""
    return compact(normalize(text))


def compact(text: str) -> str:
    """`squash` for text that is already normalised."""
    text = "".join(text.split())
    return _ENUM_COMMA.sub(r"\1.", text) if "、" in text else text
