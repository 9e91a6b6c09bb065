"""No page fails on an odd query string (issue 13, point 17): a number out of range, not a number, a
page past the end, a NUL byte — each page answers without that filter (or 400), never 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ODD = (
    "year=0",
    "year=99999",
    "year=abc",
    "year=%00",
    "year=２０２５",
    "page=99999999999999999999",
    "page=-1",
    "q=%00&page=99999999999999999999",
    "agency=abc",
    "agency=99999999999999999999",
    "agency=%00",
    "state=%00",
    "status=%00",
)


def _routes(patterns: Any, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _pages_without_arguments() -> list[str]:
    """Every GET page whose address needs no argument (the admin's own pages aside)."""
    return [
        "/" + route.lstrip("^").rstrip("$")
        for route in _routes(get_resolver().url_patterns)
        if "<" not in route and "(?P" not in route and not route.startswith(("admin", "^admin"))
    ]


def test_odd_query_strings_never_fail(world: Any, register: Any, client_for: Any) -> None:
    application = register()
    pages = [*_pages_without_arguments(), reverse("applications:detail", args=[application.pk])]
    assert "/applications/" in pages and "/statistics/" in pages
    failed = []
    # as the superuser, who sees every agency's pages; a clerk's and a supervising office's pages take
    # these values and more in test_query_fuzz.py
    client = client_for(world.superuser)
    for page in pages:
        for query in ODD:
            status = client.get(f"{page}?{query}").status_code
            if status >= 500:
                failed.append((page, query, status))
    assert failed == []


def test_a_year_out_of_range_shows_the_list_without_that_filter(
    world: Any, register: Any, client_for: Any
) -> None:
    register()
    client = client_for(world.clerk)
    for query in ("year=0", "year=99999", "agency=99999999999999999999"):
        page = client.get(reverse("applications:list") + "?" + query)
        assert page.status_code == 200 and "2025-0001" in page.content.decode()
