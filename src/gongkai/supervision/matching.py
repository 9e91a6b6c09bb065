"""Which agency of the office's area an imported report belongs to, by the name the report prints.

Exact (after normalising spacing, brackets and the report title around the name) is certain; a name
that one of the area's names contains or is contained in (洪泽区教育局 / 淮安市洪泽区教育局) is only
likely and waits for the office's review; anything else is a new external agency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.agencies.models import Agency

_NOISE = re.compile(r"[\s\u3000·•()（）〔〕\[\]【】「」“”\"'《》]")
_TITLE = re.compile(r"\d{4}\s*年度?|政府信息公开工作年度报告|政府信息公开年度报告|年度报告$")
# Shorter names than this are too general to be matched by containment (教育局 is in every county).
_MIN_CONTAINED = 5


def normalise(name: str) -> str:
    """The name as compared: no spaces, brackets or quotes, without the report's title around it."""
    return _TITLE.sub("", _NOISE.sub("", name or ""))


def guess_kind(name: str) -> str:
    """A government (人民政府, 政府办公室 is not) or a department, from the name alone."""
    plain = normalise(name)
    return (
        Agency.Kind.GOVERNMENT
        if plain.endswith(("人民政府", "管理委员会", "管委会"))
        else Agency.Kind.DEPARTMENT
    )


@dataclass(frozen=True)
class Candidate:
    agency: Agency | None
    certain: bool


def find(name: str, agencies: Iterable[Agency]) -> Candidate:
    """The agency of `agencies` the name designates: certain, likely (the longest containing name), or none."""
    wanted = normalise(name)
    if not wanted:
        return Candidate(None, False)
    likely: list[tuple[int, Agency]] = []
    for agency in agencies:
        known = normalise(agency.name)
        if known == wanted:
            return Candidate(agency, True)
        shorter = min(len(known), len(wanted))
        if shorter >= _MIN_CONTAINED and (known.endswith(wanted) or wanted.endswith(known)):
            likely.append((shorter, agency))
    if not likely:
        return Candidate(None, False)
    likely.sort(key=lambda pair: (-pair[0], pair[1].name))
    return Candidate(likely[0][1], False)
