"""The one normal form all matching of report text works on: NFKC, no whitespace, enumerations as '1.'.

Shared by the reader (`reading/`) and the cross-check rules (`rules.py`), which quote figures from the
text; it lives below both so that neither imports the other for it.
"""

from __future__ import annotations

import re
import unicodedata

# '、' after a digit: the digit is looked behind, not captured, so that the replacement is a plain
# string (a template with a group reference is expanded by a Python call for every match)
_ENUM_COMMA = re.compile(r"(?<=\d)、")


# The full-width forms of ASCII and the ideographic space: nearly all that NFKC changes in Chinese
# report text. Each is replaced by its own NFKC form first (cheap: one scan and a call per such
# character), which leaves the text's NFKC form unchanged (NFKC(x) = NFKC(x with any character c
# replaced by NFKC(c))); the result is then mostly NFKC already, which `is_normalized` confirms
# at once, while `unicodedata.normalize` decomposes and recomposes the whole line whenever one
# character in it changes.
_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")
_FULL_WIDTH_NFKC = {
    chr(code): unicodedata.normalize("NFKC", chr(code)) for code in (0x3000, *range(0xFF01, 0xFF5F))
}


def _narrowed(match: re.Match[str]) -> str:
    return _FULL_WIDTH_NFKC[match[0]]


def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) — the form all matching works on."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):  # ASCII is NFKC already
        return text
    text = _FULL_WIDTH.sub(_narrowed, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """`normalize`, then drop all whitespace and write enumerations as '1.' (not '1、')."""
    return compact(normalize(text))


def compact(text: str) -> str:
    """`squash` for text that is already normalised."""
    text = "".join(text.split())
    return _ENUM_COMMA.sub(".", text) if "、" in text else text
