"""A report's own wording, made comparable: names and figures masked, layout and punctuation dropped, shingled.

Two reports are compared by the sets of their character shingles (`SHINGLE` characters in a row) after
`normalise`: what differs only by line breaks, spaces, punctuation, the figures or the agency's own name
is the same text. Shingles are hashed to 32-bit integers with numpy (a polynomial over the code points,
then the splitmix64 finaliser), so that a report's shingles cost microseconds and are the same in every
process and on every machine — the similarity index can be built by many workers and persisted.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

SHINGLE = 5  # characters per shingle (docs/decisions/report-judging.md: measured 4–6)
TEXT_SECTIONS: tuple[str, ...] = ("一", "五", "六")  # the sections written in prose (二–四 are tables)
NAME_MASK = "机"  # stands for the agency's own name, so that a name swapped in a copy is the same text
DIGIT_MASK = "#"  # stands for any figure (year, count, amount): a copy with new numbers is the same text

Hashes = npt.NDArray[np.uint32]

_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")  # after NFKC: '1,136' and '12.5' are one figure each
_NOT_WORD = re.compile(r"[^\w#]|_")
# the leading place names of an agency's name: '中卫市', '淮安市洪泽区', '宁夏回族自治区', '某某县'
_PLACE = re.compile(r"^(?:.{1,8}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区))+")


@cache
def phrases() -> dict[str, Any]:
    """The phrase lists of `data/phrases.toml` (stock phrases, stock problems, generic words)."""
    return tomllib.loads(resources.files(__package__).joinpath("data/phrases.toml").read_text("utf-8"))


@lru_cache(maxsize=4096)
def name_forms(agency: str | None) -> tuple[str, ...]:
    """The forms in which a report names its own agency: the full name and the name without its
    place names ('中卫市工业和信息化局' → '工业和信息化局'), the longest first."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", agency or ""))
    if len(name) < 3:
        return ()
    forms = {name}
    short = _PLACE.sub("", name)
    if len(short) >= 3:
        forms.add(short)
    return tuple(sorted(forms, key=len, reverse=True))


def normalise(text: str, agency: str | None = None) -> str:
    """`text` as compared: NFKC, the agency's names masked, figures masked, only letters kept."""
    return mask(unicodedata.normalize("NFKC", text), agency)


def mask(text: str, agency: str | None = None) -> str:
    """`normalise` for a text already in NFKC (cheaper for many short pieces of one text)."""
    text = re.sub(r"\s+", "", text)  # a PDF breaks lines (and so words) anywhere
    for form in name_forms(agency):
        text = text.replace(form, NAME_MASK)
    text = _DIGITS.sub(DIGIT_MASK, text)
    return _NOT_WORD.sub("", text)


_MULTIPLIER = np.uint64(0x100000001B3)  # FNV-1a's prime: odd, with bits spread across the word
_EMPTY: Hashes = np.zeros(0, dtype=np.uint32)


def _splitmix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    z = values + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))  # type: ignore[no-any-return]


def shingle_hashes(normalised: str, k: int = SHINGLE) -> Hashes:
    """The sorted distinct 32-bit hashes of the `k`-character shingles of an already normalised text.

    A text shorter than `k` characters is one shingle (so a short section still has a fingerprint).
    """
    if not normalised:
        return _EMPTY
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    with np.errstate(over="ignore"):
        n = len(codes) - k + 1
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):  # wraps modulo 2**64, on purpose
            h = h * _MULTIPLIER + codes[j : j + n]
        mixed = _splitmix(h)
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


def jaccard(a: Hashes, b: Hashes) -> float:
    """The exact Jaccard similarity of two sorted distinct hash arrays (0 when both are empty)."""
    if not len(a) and not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def containment(part: Hashes, whole: Hashes) -> float:
    """The share of `part`'s shingles found in `whole` (0 when `part` is empty)."""
    if not len(part):
        return 0.0
    return len(np.intersect1d(part, whole, assume_unique=True)) / len(part)


def shingle_set(normalised: str, k: int = SHINGLE) -> set[str]:
    """The `k`-character shingles of a short normalised text as strings (for comparisons in memory)."""
    if len(normalised) <= k:
        return {normalised} if normalised else set()
    return {normalised[i : i + k] for i in range(len(normalised) - k + 1)}
