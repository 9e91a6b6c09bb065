"""年报体检 over the office's area: every report published in gongkai or imported from a file, judged
against the same agency's report of the year before and against every other report of its year.

Read-only (GET-safe): the judgement is computed from the stored reports each time; the pure core
(`gongkai.annual.judging`) does the work with one MinHash index over the whole set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.annual.judging import Judgement, Submission, judge_all, rank
from gongkai.law.report_due import kind_from_name
from gongkai.reports.due import local_due, local_due_date
from gongkai.reports.queries import published_reports, published_reports_by_pk
from gongkai.supervision.importing import area_agencies
from gongkai.supervision.models import ImportedReport


@dataclass(frozen=True)
class Judged:
    """One report's judgement with where it comes from (a gongkai report or an imported file)."""

    key: str
    agency: Agency | None
    agency_name: str
    year: int | None
    source: str  # 'gongkai' or 'imported'
    judgement: Judgement
    place: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**self.judgement.as_dict(), "agency": self.agency_name}

    @property
    def errors(self) -> int:
        return sum(1 for r in self.judgement.reasons if r.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.judgement.reasons if r.severity == "warning")


def _signed(data: dict[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(data.get("signed_on")))
    except ValueError:
        return None


def _local(kind: str | None, year: int | None, data: dict[str, Any]) -> dt.date | None:
    """The locally set due date of this report, if the installation sets one (settings)."""
    local = local_due()
    if not local or year is None:
        return None
    return local_due_date(kind or kind_from_name(str(data.get("agency") or "")), year, local)


def _imported(agencies: dict[int, Agency]) -> Iterable[tuple[Submission, Agency | None, str, str]]:
    for r in ImportedReport.objects.filter(agency_id__in=list(agencies)).order_by("pk"):
        agency = agencies[r.agency_id] if r.agency_id else None
        data = {**r.data, "findings": r.findings}
        # A file carries no publication date: the signing date stands in for it unless one was recorded.
        published = r.published_on or _signed(data)
        yield (
            Submission(
                f"i{r.pk}",
                data,
                str(r.agency_id),
                agency.kind if agency else None,
                published,
                _local(agency.kind if agency else None, r.year, data),
            ),
            agency,
            agency.name if agency else r.agency_name_read,
            "imported",
        )


def _made_here(agencies: dict[int, Agency]) -> Iterable[tuple[Submission, Agency | None, str, str]]:
    for p in published_reports(agencies.values()):
        agency = agencies[p.report.agency_id]
        yield (
            Submission(
                f"r{p.report.pk}",
                p.data,
                str(agency.pk),
                agency.kind,
                p.published_on,
                _local(agency.kind, p.report.year, p.data),
            ),
            agency,
            agency.name,
            "gongkai",
        )


def judge_area(
    office: Agency, *, year: int | None = None, agency: str | None = None, today: dt.date | None = None
) -> list[Judged]:
    """Every report of the area judged (all years take part; those of `year` and `agency` returned),
    ranked best first within each year, then by agency name."""
    agencies = {a.pk: a for a in area_agencies(office)}
    entries = [*_made_here(agencies), *_imported(agencies)]
    # One report per agency and year: gongkai's own before an imported copy of the same report.
    seen: set[tuple[str, Any]] = set()
    unique = []
    for entry in entries:
        ident = (entry[0].agency_id, entry[0].year)
        if entry[0].year is not None and ident in seen:
            continue
        seen.add(ident)
        unique.append(entry)
    judgements = judge_all([e[0] for e in unique], today=today)
    rows = [
        Judged(j.key, e[1], e[2], j.year, e[3], j)
        for e, j in zip(unique, judgements, strict=True)
        if (year is None or j.year == year) and (agency is None or e[2] == agency)
    ]
    return _ranked(rows)


def _ranked(rows: list[Judged]) -> list[Judged]:
    by_key = {row.key: row for row in rows}
    out: list[Judged] = []
    for y in sorted({row.year or 0 for row in rows}, reverse=True):
        places = rank(row.judgement for row in rows if (row.year or 0) == y)
        out += [replace(by_key[j.key], place=place) for place, j in places]
    return out


# `str.isdigit` takes "²", which int() refuses; ids fit every database's integer.
_KEY = re.compile(r"[ir][0-9]{1,9}")


def report_data(keys: list[str]) -> dict[str, dict[str, Any]]:
    """The report data of judged reports by key (`r<pk>` made in gongkai, `i<pk>` imported)."""
    imported = {int(k[1:]) for k in keys if _KEY.fullmatch(k) and k.startswith("i")}
    made = {int(k[1:]) for k in keys if _KEY.fullmatch(k) and k.startswith("r")}
    out = {f"i{r.pk}": dict(r.data) for r in ImportedReport.objects.filter(pk__in=imported)}
    out.update({f"r{p.report.pk}": p.data for p in published_reports_by_pk(made)})
    return out
