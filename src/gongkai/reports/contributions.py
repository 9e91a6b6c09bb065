"""Paragraphs that apps above the reports add to a report's drafted text.

The supervising office's records (督办, complaints, 考核, 社会评议, 责任追究) are kept by
`gongkai.supervision`, a layer above this one; it registers a contributor when Django starts, and the
government's own report then drafts its "监督保障" from them. A contributor answers, for an agency and a
year, {section key: {subsection heading: body}}; the body replaces what stands under that heading.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from gongkai.agencies.models import Agency
from gongkai.annual.drafting import fill_subsection

Contribution = Mapping[str, Mapping[str, str]]
Contributor = Callable[[Agency, int], Contribution]

_contributors: list[Contributor] = []


def register(contributor: Contributor) -> None:
    """Add a contributor (once: registering it again changes nothing)."""
    if contributor not in _contributors:
        _contributors.append(contributor)


def contributions(agency: Agency, year: int) -> dict[str, dict[str, str]]:
    """Every contributor's paragraphs for this agency's report of `year`, by section and heading."""
    found: dict[str, dict[str, str]] = {}
    for contributor in _contributors:
        for key, parts in contributor(agency, year).items():
            found.setdefault(key, {}).update(parts)
    return found


def applied(sections: Mapping[str, str], agency: Agency, year: int) -> dict[str, str]:
    """`sections` with the contributed subsections written in (the rest of the text unchanged)."""
    out = dict(sections)
    for key, parts in contributions(agency, year).items():
        for heading, body in parts.items():
            out[key] = fill_subsection(out.get(key, ""), heading, body)
    return out
