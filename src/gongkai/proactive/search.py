"""Full-text search over the catalogue, for Chinese, on SQLite (FTS5, trigram tokenizer) and PostgreSQL
(LIKE served by pg_trgm's GIN index on the search column). Both find a word anywhere in the title,
文号, keywords, summary and text; several words separated by spaces must all be found."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from gongkai.proactive.models import Document

# Trigram indexes need three characters to narrow the search; shorter words are matched by scanning.
_TRIGRAM = 3


def words(query: str) -> list[str]:
    """The words of a query: split at spaces (full-width too), without duplicates, at most eight."""
    seen: list[str] = []
    for word in query.replace("\u3000", " ").split():
        if word not in seen:
            seen.append(word)
    return seen[:8]


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search(documents: QuerySet[Document], query: str) -> QuerySet[Document]:
    """`documents` narrowed to those containing every word of `query` (all when it has none)."""
    found = words(query)
    if not found:
        return documents
    long_words = [w for w in found if len(w) >= _TRIGRAM]
    if connection.vendor == "sqlite" and long_words:
        match = " AND ".join(_fts_phrase(w) for w in long_words)
        documents = documents.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM proactive_document_fts WHERE proactive_document_fts MATCH %s", [match]
            )
        )
        found = [w for w in found if len(w) < _TRIGRAM]
    condition = Q()
    for word in found:
        condition &= Q(search_text__icontains=word)
    return documents.filter(condition)
