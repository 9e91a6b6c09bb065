"""Checks on a text before it is published (条例 第十七条, 保密法 第三十五条): personal data, 密级
markings, outdated names and citations, 文号 brackets, punctuation, impossible and future dates, and
the agency's own list of banned and fixed expressions. Pure: plain values in, findings out."""

from gongkai.vetting.findings import ERROR, RULES, WARNING, Finding, Rule
from gongkai.vetting.review import has_errors, review_lines, review_text
from gongkai.vetting.terms import Term, parse_terms, starter_terms
from gongkai.vetting.text import Where

__all__ = [
    "ERROR",
    "RULES",
    "WARNING",
    "Finding",
    "Rule",
    "Term",
    "Where",
    "has_errors",
    "parse_terms",
    "review_lines",
    "review_text",
    "starter_terms",
]
