"""A file to review (.docx, .pdf, .html, .txt) through the annual-report readers' front-ends."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from gongkai.annual.sources import load_pages
from gongkai.vetting.findings import Finding
from gongkai.vetting.review import TermLike, review_lines


def file_lines(path: str | Path) -> tuple[list[str], list[int | None], bool]:
    """The file's lines, the page of each (None for files without pages), and whether they are printed
    lines that may be wrapped (PDF, text); ReadError (Chinese) when the file cannot be read."""
    documents = load_pages(path)
    lines: list[str] = []
    pages: list[int | None] = []
    paged = len(documents) > 1 or documents[0].kind == "pdf"
    for number, document in enumerate(documents, start=1):
        lines += document.lines
        pages += [number if paged else None] * len(document.lines)
    return lines, pages, documents[0].kind in ("pdf", "text")


def review_file(path: str | Path, *, today: date, extra_terms: Iterable[TermLike] = ()) -> list[Finding]:
    """Every finding in one file; ReadError when it cannot be read."""
    lines, pages, wrapped = file_lines(path)
    return review_lines(lines, today=today, pages=pages, wrapped=wrapped, extra_terms=extra_terms)
