"""Full-text search over the catalogue, for Chinese, on SQLite (FTS5, trigram tokenizer) and PostgreSQL
(LIKE served by pg_trgm's GIN index on the search column). Both find a word anywhere in the title,
文号, keywords, summary and text; several words separated by spaces must all be found.

Words of one or two characters have no trigram of their own. On SQLite they are found through the
trigram index's vocabulary: every occurrence of a short word begins some indexed trigram (the search text
ends with two line breaks so that this holds at its end too), so the word's documents are those of the
trigrams it begins — looked up by prefix in `proactive_document_fts_vocab` and OR-ed in one MATCH. A word
that begins very many trigrams is common and found fastest by scanning in catalogue order, which stops
at the first page. See docs/decisions/catalogue-search.md for the measured figures.

On PostgreSQL a page of search results and its count are found as `plan` says: the candidates come
from indexes that answer without opening a text (every trigram of each word, every character of a short
word), sorted in catalogue order, and only as many texts are checked as the page and the count need.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def search(documents: QuerySet[Document], query: str, *, by_index: bool = True) -> QuerySet[Document]:
    """`documents` narrowed to those containing every word of `query` (all when it has none).

    `by_index=False` (PostgreSQL): short words are not narrowed by the character index first — for a
    common word (`too_common`), reading texts in catalogue order finds a page and a capped count sooner
    than collecting every document the index names."""
    found = words(query)
    if not found:
        return documents
    if connection.vendor == "sqlite":
        match, found = _sqlite_match(found)
        if match == "":
            return documents.none()
        if match:
            documents = _matching(documents, match)
    elif connection.vendor == "postgresql" and by_index:
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


# PostgreSQL: each text's set of pg_trgm trigrams (migration 0007's GIN index). Containing every trigram of
# a word is necessary for containing the word, and the index answers it exactly: no text is opened.
PG_TRIGRAM_SET = 'show_trgm("proactive_document"."search_text")'
# More candidates than this (found by reading index entries and rows, not texts) and `search` is faster.
MAX_CANDIDATES = 10_000


# The pg_trgm trigrams every text containing a word has: those of the word that stay the same whatever
# stands before and after it (a word's first and last trigrams depend on its neighbours, so they are the
# ones found both with the word between two q's and between two z's; the word has no cased letter). A
# subquery, so that PostgreSQL plans the index without guessing from the trigrams how many hold them.
PG_WORD_TRIGRAMS = "(SELECT ARRAY(SELECT unnest(show_trgm(%s)) INTERSECT SELECT unnest(show_trgm(%s))))"


def _has_trigram_sets() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'proactive_document_trigram_sets')"
        )
        return bool(cursor.fetchone()[0])


def _pg_candidates(documents: QuerySet[Document], found: list[str]) -> QuerySet[Document] | None:
    """`documents` narrowed by indexes alone to a superset of those containing every word (None: no index
    narrows them)."""
    narrowed = False
    for word in found:
        if len(word) < _TRIGRAM:
            if any(c.isalnum() for c in word):
                documents = documents.extra(
                    where=[f"{PG_CHARACTERS} @@ (SELECT plainto_tsquery('simple', %s))"],
                    params=[" ".join(word)],
                )
                narrowed = True
        else:
            documents = documents.extra(
                where=[f"{PG_TRIGRAM_SET} @> {PG_WORD_TRIGRAMS}"], params=[f"q{word}q", f"z{word}z"]
            )
            narrowed = True
    return documents if narrowed else None


@dataclass(frozen=True)
class Plan:
    """How a search's matches are found: `ids`, found already (PostgreSQL's trigram sets), or None —
    then `search(documents, query, by_index=by_index)` filters them."""

    ids: list[int] | None
    by_index: bool = True


def plan(documents: QuerySet[Document], query: str, limit: int) -> Plan:
    """The way to find the first `limit` matches of `query` in the ordered `documents`.

    PostgreSQL, words without cased letters, the trigram sets indexed: the candidates are sorted by the
    query's order without opening a text (an OFFSET 0 subquery keeps PostgreSQL from merging the check
    into the scan), then each is checked in that order until `limit` are found — a word in 6,000
    documents costs 6,000 index entries and `limit` texts, not 6,000 texts. Unless the indexes name too
    many candidates (`_many_candidates`): then, as for a short word too common to narrow by the
    character index (`too_common`), texts are read in catalogue order (`by_index=False`). Every
    candidate count is asked once.
    """
    found = words(query)
    if connection.vendor != "postgresql" or not found:
        return Plan(None)
    short = _short_words(found)
    if all(w.lower() == w.upper() for w in found) and _has_trigram_sets():
        many = _many_candidates(found)
        candidates = _pg_candidates(documents, found)
        if candidates is not None and many is False:
            return Plan(_checked_in_order(candidates, found, limit))
        if many:  # the candidates of every word are too many: those of its short words even more
            return Plan(None, by_index=not short)
    return Plan(None, by_index=not too_common(query))


def first_matches(documents: QuerySet[Document], query: str, limit: int) -> list[int] | None:
    """The ids of the first `limit` documents of the ordered `documents` that contain every word of
    `query`, or None where the trigram sets do not serve (`plan`)."""
    return plan(documents, query, limit).ids


def _checked_in_order(candidates: QuerySet[Document], found: list[str], limit: int) -> list[int]:
    inner, params = candidates.values_list("id", flat=True).query.sql_with_params()
    checks = " AND ".join("strpos(v.search_text, %s) > 0" for _ in found)
    sql = (
        f"SELECT c.id FROM ({inner} OFFSET 0) c "
        f"WHERE (SELECT {checks} FROM proactive_document v WHERE v.id = c.id) LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *found, limit])
        return [row[0] for row in cursor.fetchall()]


def _short_words(found: list[str]) -> list[str]:
    """The words the character index narrows (shorter than a trigram, with a letter or digit)."""
    return [w for w in found if len(w) < _TRIGRAM and any(c.isalnum() for c in w)]


def _many_candidates(found: list[str]) -> bool | None:
    """Whether the indexes name more than MAX_CANDIDATES documents holding every word (None: no index
    narrows them). Sorting very many candidates costs more than reading texts in catalogue order until
    a page is full. Counted over every agency's documents: the count then needs no column of a row."""
    every = _pg_candidates(Document.objects.order_by(), found)
    return None if every is None else every[: MAX_CANDIDATES + 1].count() > MAX_CANDIDATES


def too_common(query: str) -> bool:
    """PostgreSQL: whether the short words of `query` are found in so many documents that the character
    index should not narrow them first (`search(by_index=False)`): collecting and sorting tens of
    thousands of index hits costs more than reading texts newest first until a page and its capped count
    are found (measured: `通知`, in 77 % of 100,000 documents, 473 ms counted through the index, 18 ms
    without)."""
    short = _short_words(words(query))
    return connection.vendor == "postgresql" and bool(short) and bool(_many_candidates(short))
