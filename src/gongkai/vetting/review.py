"""One text through every check: the findings a reviewer must see before it is published."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from gongkai.vetting import dates, markings, pii, terms, wording
from gongkai.vetting.findings import ERROR, RULES, Finding
from gongkai.vetting.text import Flow

_RULE_ORDER = {name: index for index, name in enumerate(RULES)}

TermLike = terms.Term | Mapping[str, Any]


def review_lines(
    lines: Sequence[str],
    *,
    today: date,
    written_on: date | None = None,
    pages: Sequence[int | None] | None = None,
    wrapped: bool = True,
    extra_terms: Iterable[TermLike] = (),
    use_starter_terms: bool = True,
) -> list[Finding]:
    """Every finding in a text given as lines (Word/HTML paragraphs, or printed lines of a PDF or a text
    file, which are joined back into paragraphs where they were wrapped).

    `today` decides `date.future`; `written_on` is the text's 成文日期 when the caller knows it (the
    register's metadata), otherwise the one written in the text is used, and without one `today`
    stands for the date of the text. `pages` gives the page of each line (PDF). `wrapped`: the lines may
    be printed lines broken at the page width (PDF, extracted text), joined back where they look so;
    False for paragraphs that are whole (Word, HTML, the web system's text fields). `extra_terms` extends
    the starter list of banned and fixed expressions (Term objects or dicts with the data file's keys).
    Findings come in reading order.
    """
    flow = Flow(lines, pages=pages, wrapped=wrapped)
    signed = dates.written_on(flow)
    dated = written_on or (signed.day if signed is not None else None)
    listed = [*(terms.starter_terms() if use_starter_terms else ()), *map(_as_term, extra_terms)]
    findings = [
        *markings.check_markings(flow),
        *pii.check_personal_data(flow),
        *wording.check_outdated_names(flow, dated),
        *wording.check_old_regulation(flow, dated or today),
        *wording.check_doc_number_brackets(flow),
        *wording.check_punctuation(flow),
        *terms.check_terms(flow, listed),
        *dates.check_invalid_dates(flow),
        *dates.check_future(flow, today, signed),
    ]
    if written_on is not None and written_on > today and (signed is None or signed.day <= today):
        findings.append(
            Finding(
                "date.future",
                ERROR,
                f"成文日期（{written_on.isoformat()}）晚于今天（{today.isoformat()}）：成文日期不能是将来的日期。",
                None,
                written_on.isoformat(),
            )
        )
    return sorted(findings, key=_reading_order)


def review_text(text: str, **options: Any) -> list[Finding]:
    """`review_lines` for a text as one string (lines split at line breaks)."""
    return review_lines(text.splitlines(), **options)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == ERROR for finding in findings)


def _as_term(term: TermLike) -> terms.Term:
    return term if isinstance(term, terms.Term) else terms.term_from_mapping(term)


def _reading_order(finding: Finding) -> tuple[int, int, int, int]:
    where = finding.where
    if where is None:
        return (-1, -1, -1, _RULE_ORDER[finding.rule])
    return (where.page or 0, where.line, where.offset, _RULE_ORDER[finding.rule])
