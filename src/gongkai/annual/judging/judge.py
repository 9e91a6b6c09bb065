"""Judge one report, or a whole set across agencies and years: a score (0–100) with the reasons.

`judge_report` takes one report with what the office knows about it (publication date, the agency's
kind, a local due date, last year's report, a similarity index over the other reports); `judge_all`
judges a set of reports against each other (each agency's previous year found in the set, one index
over all of them). Both are pure: the supervision app stores fingerprints and judgements itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.annual.judging.boilerplate import section_shingles
from gongkai.annual.judging.checks import (
    DEFAULT_THRESHOLDS,
    INFO,
    Reason,
    Thresholds,
    carried_over_reason,
    finding_reasons,
    in_force_reasons,
    late_reason,
    other_copy_reasons,
    previous_copy_reason,
    problems_reasons,
)
from gongkai.annual.judging.scoring import Weights, score
from gongkai.annual.judging.similarity import Fingerprint, Match, SimilarityIndex, fingerprint_shingles
from gongkai.annual.judging.text import Hashes
from gongkai.annual.rules import check_report
from gongkai.law.report_due import kind_from_name


@dataclass(frozen=True)
class Submission:
    """One report to judge and what the office knows about it beyond its text.

    `report`: the report-data contract with 'sections' ('一'…'六' text, as `read_document` returns
    them or as drafted in gongkai), and where known 'signed_on' and the reader's 'findings'.
    `key`: the report's identity (the application's id). `agency`: the agency's identity (id or name;
    default: the report's agency name). `kind`: 'department' or 'government' (default: from the name).
    `local_due`: a due date set locally, earlier than the statutory one.
    """

    key: str
    report: Mapping[str, Any]
    agency: str | None = None
    kind: str | None = None
    published_on: dt.date | None = None
    local_due: dt.date | None = None

    @property
    def agency_id(self) -> str:
        return self.agency if self.agency is not None else str(self.report.get("agency") or "")

    @property
    def year(self) -> int | None:
        year = self.report.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    @property
    def sections(self) -> Mapping[str, Any]:
        return self.report.get("sections") or {}


@dataclass(frozen=True)
class Judgement:
    """A report's score with its reasons; `similar`: the other reports its prose shares (for drill-down);
    `fingerprint`: what to store for the similarity index."""

    key: str
    agency: str  # the agency's name, as printed
    year: int | None
    score: int
    reasons: tuple[Reason, ...]
    similar: tuple[Match, ...] = ()
    fingerprint: Fingerprint | None = field(default=None, repr=False)

    def rules(self) -> set[str]:
        return {reason.rule for reason in self.reasons}

    def as_dict(self) -> dict[str, Any]:
        """{"agency", "year", "score", "reasons": [{"rule", "severity", "message"}]}: one JSON line."""
        return {
            "agency": self.agency,
            "year": self.year,
            "score": self.score,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


@dataclass(frozen=True)
class _Prepared:
    submission: Submission
    parts: dict[str, Hashes]
    fingerprint: Fingerprint


def _prepare(submission: Submission) -> _Prepared:
    name = submission.report.get("agency")
    parts = section_shingles(submission.sections, name)
    fp = fingerprint_shingles(
        parts,
        key=submission.key,
        agency=submission.agency_id,
        year=submission.year or 0,
        published_on=submission.published_on,
        name=str(name or ""),
    )
    return _Prepared(submission, parts, fp)


def _signed_on(report: Mapping[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(report["signed_on"])) if report.get("signed_on") else None
    except ValueError:
        return None


def _findings(report: Mapping[str, Any], findings: Sequence[Mapping[str, Any]] | None) -> list[Any]:
    if findings is not None:
        return list(findings)
    if report.get("findings") is not None:
        return list(report["findings"])
    return [f.as_dict() for f in check_report({**report, "sections": report.get("sections") or {}})]


def _judge(
    this: _Prepared,
    previous: _Prepared | None,
    index: SimilarityIndex | None,
    *,
    findings: Sequence[Mapping[str, Any]] | None,
    weights: Weights | None,
    thresholds: Thresholds,
    today: dt.date | None,
) -> Judgement:
    sub = this.submission
    report, year = sub.report, sub.year
    agency = str(report.get("agency") or "")
    reasons = finding_reasons(_findings(report, findings))
    if year is None:
        reasons.append(
            Reason("reading.uncertain", INFO, "没有读出报告年度：是否按时公布、格式是否正确无法判断。")
        )
    else:
        late = late_reason(
            year,
            sub.kind or kind_from_name(agency),
            published_on=sub.published_on,
            signed_on=_signed_on(report),
            local_due=sub.local_due,
            today=today,
        )
        reasons += [late] if late else []
    prev_report = previous.submission.report if previous else None
    if previous is not None and prev_report is not None:
        if year is not None and previous.submission.year == year - 1:
            carried = carried_over_reason(report, prev_report)
            reasons += [carried] if carried else []
            reasons += in_force_reasons(report, prev_report, thresholds)
        copied = previous_copy_reason(this.parts, previous.parts, prev_report.get("year"), thresholds)
        reasons += [copied] if copied else []
    matches: list[Match] = []
    if index is not None and year is not None:
        matches = index.similar(this.fingerprint, threshold=thresholds.copy_other)
        reasons += other_copy_reasons(matches, sub.published_on)
    reasons += problems_reasons(sub.sections, agency, prev_report)
    return Judgement(
        key=sub.key,
        agency=agency,
        year=year,
        score=score(reasons, weights),
        reasons=tuple(reasons),
        similar=tuple(matches),
        fingerprint=this.fingerprint,
    )


def judge_report(
    report: Mapping[str, Any],
    *,
    key: str = "",
    sections: Mapping[str, str] | None = None,
    agency: str | None = None,
    kind: str | None = None,
    published_on: dt.date | None = None,
    local_due: dt.date | None = None,
    previous: Mapping[str, Any] | None = None,
    index: SimilarityIndex | None = None,
    findings: Sequence[Mapping[str, Any]] | None = None,
    weights: Weights | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    today: dt.date | None = None,
) -> Judgement:
    """Judge one report.

    `report`: the report-data contract (agency, year, format, tables; 'signed_on', 'fees_yuan' and
    'sections' where known). `sections`: the text sections '一'…'六' when not inside `report`.
    `key` / `agency`: the report's and its agency's identity in `index` (the report itself is never its
    own match; reports of the same agency are never 'other agencies'). `kind`: 'department' (due 31
    January) or 'government' (31 March); default from the name. `published_on`: the publication date;
    without it, `today` judges an unpublished report and the signing date a published one.
    `local_due`: a locally set earlier due date. `previous`: the agency's report of the year before,
    in the same shape (its 'sections' included). `index`: the other reports of the year.
    `findings`: the reader's findings (default: `report['findings']`, else `check_report`).
    `weights`: the score table (default `data/weights.toml`); `thresholds`: the measured limits.
    """
    merged = {**report, "sections": sections if sections is not None else report.get("sections") or {}}
    sub = Submission(key, merged, agency, kind, published_on, local_due)
    prev = None
    if previous is not None:
        prev = _prepare(Submission(f"{key}/previous", previous, agency))
    return _judge(
        _prepare(sub),
        prev,
        index,
        findings=findings,
        weights=weights,
        thresholds=thresholds,
        today=today,
    )


def build_index(submissions: Iterable[Submission]) -> SimilarityIndex:
    """A similarity index over `submissions` (each fingerprinted; in production, store the fingerprints)."""
    return SimilarityIndex(_prepare(sub).fingerprint for sub in submissions)


def judge_all(
    submissions: Iterable[Submission],
    *,
    index: SimilarityIndex | None = None,
    weights: Weights | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    today: dt.date | None = None,
) -> list[Judgement]:
    """Judge every report of a set against the others: each agency's report of the year before (found
    in the set by agency and year) and one similarity index over the set (plus `index`, if given: the
    reports judged before). Judgements in the order of `submissions`."""
    prepared = [_prepare(sub) for sub in submissions]
    keys = [p.submission.key for p in prepared]
    if len(set(keys)) != len(keys):
        raise ValueError("报告标识（key）重复")
    index = index if index is not None else SimilarityIndex()
    by_agency_year: dict[tuple[str, int], _Prepared] = {}
    for p in prepared:
        index.add(p.fingerprint)
        if p.submission.year is not None:
            by_agency_year[(p.submission.agency_id, p.submission.year)] = p
    judgements = []
    for p in prepared:
        year = p.submission.year
        previous = by_agency_year.get((p.submission.agency_id, year - 1)) if year is not None else None
        judgements.append(
            _judge(p, previous, index, findings=None, weights=weights, thresholds=thresholds, today=today)
        )
    return judgements


def rank(judgements: Iterable[Judgement]) -> list[tuple[int, Judgement]]:
    """(place, judgement), best score first; equal scores share a place (1, 2, 2, 4), then by name."""
    ordered = sorted(judgements, key=lambda j: (-j.score, j.agency, j.key))
    ranked: list[tuple[int, Judgement]] = []
    for position, judgement in enumerate(ordered, start=1):
        place = ranked[-1][0] if ranked and ranked[-1][1].score == judgement.score else position
        ranked.append((place, judgement))
    return ranked
