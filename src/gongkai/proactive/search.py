"""Full-text search over the catalogue, for Chinese, on SQLite (FTS5, trigram tokenizer) and PostgreSQL
(LIKE served by pg_trgm's GIN index on the search column). Both find a word anywhere in the title,
文号, keywords, summary and text; several words separated by spaces must all be found.

Words of one or two characters have no trigram of their own. On SQLite they are found through the
trigram index's vocabulary: every occurrence of a short word begins some indexed trigram (the search text
ends with two line breaks so that this holds at its end too), so the word's documents are those of the
trigrams it begins — looked up by prefix in `proactive_document_fts_vocab` and OR-ed in one MATCH. A word
that begins very many trigrams is common and found fastest by scanning in catalogue order, which stops
at the first page. See docs/decisions/catalogue-search.md for the measured figures.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from gongkai.proactive.models import Document

# PostgreSQL: the characters of the search text as words of a text-search vector, without positions
# (migration 0005's GIN index): a short word's documents are among those holding each of its characters,
# and LIKE keeps those where they stand together.
PG_CHARACTERS = "strip(to_tsvector('simple'::regconfig, regexp_replace(\"proactive_document\".\"search_text\", '(.)', '\\1 ', 'g')))"
# Trigram indexes need three characters to narrow the search; shorter words go through the vocabulary.
_TRIGRAM = 3
# A short word beginning more trigrams than this is common: scanning in catalogue order is faster.
MAX_PREFIX_TERMS = 400


def words(query: str) -> list[str]:
    """The words of a query: split at spaces (full-width too), without duplicates, at most eight."""
    seen: list[str] = []
    for word in query.replace("\u3000", " ").split():
        if word not in seen:
            seen.append(word)
    return seen[:8]


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _prefix_terms(word: str) -> list[str] | None:
    """The indexed trigrams a short word begins (None: too many to be worth an index lookup)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT term FROM proactive_document_fts_vocab WHERE term >= %s AND term < %s LIMIT %s",
            [word.lower(), word.lower() + "\U0010ffff", MAX_PREFIX_TERMS + 1],
        )
        terms = [row[0] for row in cursor.fetchall()]
    return None if len(terms) > MAX_PREFIX_TERMS else terms


def _sqlite_match(found: list[str]) -> tuple[str | None, list[str]]:
    """The FTS5 MATCH expression for the words the index can serve, and the words left to scan."""
    clauses, scan = [], []
    for word in found:
        if len(word) >= _TRIGRAM:
            clauses.append(_fts_phrase(word))
            continue
        terms = _prefix_terms(word)
        if terms is None:
            scan.append(word)
        elif not terms:
            return "", []  # found nowhere
        else:
            clauses.append("(" + " OR ".join(_fts_phrase(t) for t in terms) + ")")
    return (" AND ".join(clauses) or None), scan


# Up to this many matches, the ids found by the index are given to the page's queries as a list (the
# index is read once, not once for the page and once for its count).
MAX_LISTED_MATCHES = 5000
_MATCH_SQL = "SELECT rowid FROM proactive_document_fts WHERE proactive_document_fts MATCH %s"


def _matching(documents: QuerySet[Document], match: str) -> QuerySet[Document]:
    with connection.cursor() as cursor:
        cursor.execute(_MATCH_SQL + " LIMIT %s", [match, MAX_LISTED_MATCHES + 1])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) <= MAX_LISTED_MATCHES:
        return documents.filter(pk__in=ids) if ids else documents.none()
    return documents.filter(pk__in=RawSQL(_MATCH_SQL, [match]))


def search(documents: QuerySet[Document], query: str) -> QuerySet[Document]:
    """`documents` narrowed to those containing every word of `query` (all when it has none)."""
    found = words(query)
    if not found:
        return documents
    if connection.vendor == "sqlite":
        match, found = _sqlite_match(found)
        if match == "":
            return documents.none()
        if match:
            documents = _matching(documents, match)
    elif connection.vendor == "postgresql":
        for word in found:
            if len(word) < _TRIGRAM and any(c.isalnum() for c in word):
                documents = documents.extra(  # the word is a parameter
                    where=[f"{PG_CHARACTERS} @@ plainto_tsquery('simple', %s)"], params=[" ".join(word)]
                )
    condition = Q()
    for word in found:
        # Longer words: UPPER(search_text) LIKE, which PostgreSQL's trigram index serves. A short word
        # without cased letters (Chinese, digits) needs no UPPER() on each of the texts it narrowed to.
        plain = len(word) < _TRIGRAM and word.lower() == word.upper()
        condition &= Q(search_text__contains=word) if plain else Q(search_text__icontains=word)
    return documents.filter(condition)
