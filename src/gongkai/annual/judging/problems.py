"""Section 五 (存在的主要问题及改进情况): concrete or boilerplate, and last year's promises followed up.

Both judgements use explicit signals only (docs/decisions/report-judging.md):

- **boilerplate**: section 五 names nothing of the agency's own — no figure (a year or an item's number
  is not a figure) and no quoted name (“…”, 《…》) other than a stock phrase. The share of its shingles
  that are stock problem phrases or shared phrases (`data/phrases.toml`) is told in the message.
- **not followed up**: last year's section 五 announced improvements (its items: 一是/二是…, （一）…,
  1. 2. …, after the problems). The distinctive words of each item's head (its first clause: '一是建立X，
  力争…' → '建立X'; two-character pieces that are not generic, `phrases.toml` `generic`) are looked for
  in each sentence of this year's sections 一 and 五 (a report on what was done names the measure in
  one sentence), leaving out the sentences that repeat last year's promises word for word and this
  year's own new promises (announcing a measure again is not reporting what was done about it). Fewer than half the items found, or any item repeated
  word for word, and the improvements were not followed up.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from gongkai.annual.judging.boilerplate import boilerplate
from gongkai.annual.judging.text import Hashes, mask, normalise, phrases, shingle_hashes, shingle_set

FOLLOWED_TERMS = (
    0.85  # share of a promise head's distinctive words in one sentence this year: followed (measured)
)
FOLLOWED_ITEMS = 0.5  # share of last year's items followed up, at least
REPEAT_CONTAINMENT = 0.8  # a sentence sharing this share of its shingles with a promise repeats it
MIN_ITEM_TERMS = 2  # an item needs this many distinctive words to be looked for

_YEAR = re.compile(r"(?:19|20)\d\d\s*年度?")
# an item's number: '1.' '2、' '（3）' '(4)' — not a figure about the agency's work
_ITEM_NUMBER = re.compile(r"(?<![\d.])\d{1,2}\s*[.、．](?!\d)|[（(]\s*\d{1,2}\s*[)）]")
_FIGURE = re.compile(r"\d+(?:[.．]\d+)?")
_QUOTED = re.compile(r"[“\"「『《]([^”\"」』》]{2,30})[”\"」』》]")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
# item markers: 一是 / （一） / 1. / 第一，
_ITEM = re.compile(
    r"(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]{1,2}[)）]|(?<![\d.])\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十][，,、])"
)
# where the improvements start, after the problems
_FORWARD = re.compile(
    r"下一步|改进措施|改进方向|改进情况|整改措施|针对(?:上述|以上|存在的)?问题|将从以下|今后"
)


@cache
def _stock() -> Hashes:
    """Shingles of the stock problem phrases and of everything every report shares."""
    stock = [shingle_hashes(normalise(p)) for p in phrases()["problems"]]
    return np.unique(np.concatenate([boilerplate(), *stock]))


@cache
def _stock_texts() -> frozenset[str]:
    return frozenset(normalise(p) for p in (*phrases()["problems"], *phrases()["shared"]))


@cache
def _generic_pairs() -> frozenset[str]:
    """Two-character pieces too common to tell one improvement from another."""
    return frozenset(pair for word in phrases()["generic"] for pair in _pairs(normalise(word)))


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if "#" not in text[i : i + 2]}


@dataclass(frozen=True)
class Concreteness:
    """The signals read from a section 五."""

    figures: int  # numbers other than years
    named: tuple[str, ...]  # quoted names that are not stock phrases
    stock_share: float  # share of its shingles that are stock or shared phrases
    length: int  # characters of text (normalised)

    @property
    def boilerplate(self) -> bool:
        return self.length > 0 and not self.figures and not self.named


def _plain(text: str) -> str:
    """NFKC, and the lines joined: a PDF breaks lines (and words) anywhere."""
    return re.sub(r"\s*\n\s*", "", unicodedata.normalize("NFKC", text))


def concreteness(text: str, agency: str | None = None) -> Concreteness:
    """How concrete a section 五 is (see the module's docstring)."""
    plain = _plain(text)
    figures = len(_FIGURE.findall(_ITEM_NUMBER.sub("", _YEAR.sub("", plain))))
    named = tuple(
        name
        for name in dict.fromkeys(_QUOTED.findall(plain))
        if normalise(name, agency) not in _stock_texts()
    )
    normalised = normalise(text, agency)
    hashes = shingle_hashes(normalised)
    share = len(np.intersect1d(hashes, _stock(), assume_unique=True)) / len(hashes) if len(hashes) else 0.0
    return Concreteness(figures, named, share, len(normalised))


def promises(text: str) -> list[str]:
    """The improvements a section 五 announces: its items after the problems (or its last items)."""
    plain = _plain(text)
    forward = _FORWARD.search(plain)
    tail = plain[forward.start() :] if forward else plain
    starts = [m.start() for m in _ITEM.finditer(tail)]
    if not starts:
        return [s.strip() for s in _SENTENCE.findall(tail) if len(s.strip()) >= 8][1:] if forward else []
    items = [tail[a:b] for a, b in zip(starts, [*starts[1:], len(tail)], strict=True)]
    return [item.strip() for item in items if len(normalise(item)) >= 8]


def _pieces(text: str) -> list[str]:
    """Sentences, cut again where an item starts ('…以下工作：一是…' is two pieces)."""
    out: list[str] = []
    for sentence in _SENTENCE.findall(text):
        cuts = [0, *(m.start() for m in _ITEM.finditer(sentence)), len(sentence)]
        out += [sentence[a:b] for a, b in itertools.pairwise(cuts) if b > a]
    return out


_CLAUSE = re.compile(r"[^，,。；;：:！!？?]+")


def head(item: str) -> str:
    """What an announced improvement is: its first clause, without the item's number ('一是建立X，力争…'
    → '建立X'); the rest is detail that a report on what was done need not repeat."""
    text = _ITEM.sub("", item, count=1) if _ITEM.match(item) else item
    clause = _CLAUSE.search(text)
    return clause.group(0) if clause else text


def _terms(item: str) -> set[str]:
    """The distinctive two-character pieces of an improvement's head."""
    return _pairs(normalise(head(item))) - _generic_pairs()


@dataclass(frozen=True)
class FollowUp:
    """How last year's announced improvements appear in this year's text."""

    items: tuple[str, ...]  # last year's announced improvements
    coverage: tuple[
        float, ...
    ]  # share of each one's distinctive words in one sentence this year (not a repeat)
    repeated: tuple[bool, ...]  # each repeated word for word this year

    @property
    def followed(self) -> tuple[bool, ...]:
        return tuple(c >= FOLLOWED_TERMS for c in self.coverage)

    @property
    def followed_up(self) -> bool:
        if not self.items:
            return True
        return not any(self.repeated) and sum(self.followed) >= FOLLOWED_ITEMS * len(self.items)


def follow_up(
    previous_problems: str, sections: Mapping[str, str], agency: str | None, previous_agency: str | None
) -> FollowUp | None:
    """Last year's promises (its section 五) against this year's sections 一 and 五; None when last year
    announced nothing that can be looked for."""
    items = [item for item in promises(previous_problems) if len(_terms(item)) >= MIN_ITEM_TERMS]
    if not items:
        return None
    item_shingles = [shingle_set(mask(item, previous_agency)) for item in items]
    # this year's own promises: announcing a measure again is not reporting what was done about it
    promised_again = [mask(item, agency) for item in promises(str(sections.get("五") or ""))]
    repeated = [False] * len(items)
    kept: list[str] = []
    for key in ("一", "五"):
        for sentence in _pieces(_plain(str(sections.get(key) or ""))):
            masked = mask(sentence, agency)
            shingles = shingle_set(masked)
            hits = [
                k
                for k, promise in enumerate(item_shingles)
                if len(shingles) >= 8 and len(shingles & promise) >= REPEAT_CONTAINMENT * len(shingles)
            ]
            for k in hits:
                repeated[k] = True
            if not hits and not (key == "五" and any(masked and masked in item for item in promised_again)):
                kept.append(masked)
    sentences = [_pairs(sentence) for sentence in kept]
    terms = [_terms(item) for item in items]
    coverage = tuple(max((len(t & pairs) for pairs in sentences), default=0) / len(t) for t in terms)
    return FollowUp(tuple(items), coverage, tuple(repeated))
