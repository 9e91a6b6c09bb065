"""Punctuation where a letter's template meets what a clerk typed: a reason that already ends with 。 put
before the template's own ，or 。 gives `。，` or `。”。`; the template's mark is the one kept."""

from __future__ import annotations

import re

_CLOSERS = "”’」』）"
# A sentence end (then perhaps closing quotes or brackets) followed by the template's 。: one is enough.
_DOUBLE_END = re.compile(rf"([。！？])([{_CLOSERS}]*)。")
# A sentence end or pause followed by a pause mark: the later mark is what the sentence needs.
_END_THEN_PAUSE = re.compile(r"[。；，、：]+([，；])")
# A pause followed by a sentence end: the sentence ends.
_PAUSE_THEN_END = re.compile(r"[，；、：]+。")


def tidy(text: str) -> str:
    """`text` with clashing marks resolved: `。”。` → `。”`, `。，` → `，`, `，。` → `。`, `。。` → `。`."""
    text = _DOUBLE_END.sub(r"\1\2", text)
    text = _END_THEN_PAUSE.sub(r"\1", text)
    return _PAUSE_THEN_END.sub("。", text)
