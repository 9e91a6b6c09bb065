"""Odd query strings never give a 500 (issue 14 item 8): every GET pattern of the resolver, every query
parameter any view reads (found in the source), with values from the issue's probe and beyond."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse, QueryDict
from django.test import Client, RequestFactory
from urlwalk import build, fillings, walk

import gongkai
from gongkai.web.input import PrintableInputMiddleware

ODD_VALUES = (
    "0",
    "-1",
    "99999",
    "10000",
    str(2**64),
    str(2**63),
    "9" * 40,
    "abc",
    "\x00",
    "%00",
    "",
    " ",
    "1e5",
    "1.5",
    "２０２４",  # fullwidth digits
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "2024-13-45",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "x" * 5000,
    "\ud800",
)


@cache
def query_names() -> list[str]:
    """Every query parameter the views read, found in gongkai's source (a new one is fuzzed at once)."""
    source = Path(gongkai.__file__).parent
    found: set[str] = {"year", "page", "agency", "q", "state", "status", "next"}
    pattern = re.compile(r"""(?:GET|params|query)\.(?:get|getlist|__getitem__)\(\s*["'](\w+)["']""")
    for path in source.rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return sorted(found)


@pytest.fixture
def objects(world: Any, register: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    from agency_objects import agency_a_objects

    return agency_a_objects(world, register, settings, tmp_path)


def test_the_source_scan_finds_the_known_parameters() -> None:
    assert {"year", "page", "agency", "q", "status"} <= set(query_names())


def fuzz(client: Client, url: str, values: tuple[str, ...], one_at_a_time: tuple[str, ...]) -> list[str]:
    """GET `url` with every parameter set to each of `values`, then each parameter the page reads alone
    set to each of `one_at_a_time`; the requests that answered 500."""
    names = query_names()
    failures = []
    with parameters_read() as read:
        client.get(url)  # bare: a page may read a parameter only when others are absent
        for value in values:
            response = client.get(f"{url}?" + "&".join(f"{name}={_quote(value)}" for name in names))
            if response.status_code >= 500:
                failures.append(f"{url}?…={value[:20]!r} → {response.status_code}")
    # one at a time too (a parameter alone may take another path) — those the page read; a parameter it
    # never reads cannot change its answer, so sending it alone would only repeat the bare request
    for name in names if ALL in read else sorted(read):
        for value in one_at_a_time:
            response = client.get(f"{url}?{name}={_quote(value)}")
            if response.status_code >= 500:
                failures.append(f"{url}?{name}={value!r} → {response.status_code}")
    return failures


ALL = "*"
# QueryDict methods that read one parameter by name, and those that read every parameter at once
_BY_NAME = ("__getitem__", "__contains__", "get", "getlist")
_WHOLE = ("__iter__", "items", "lists", "values", "keys", "dict", "copy", "urlencode")
# Code that treats every parameter alike whatever its name (the request boundary makes each printable): its
# reading them all is not a page reading them, and the requests with every parameter set exercise it
_NAME_BLIND = {"gongkai.web.input"}


@contextmanager
def parameters_read() -> Iterator[set[str]]:
    """The names of the query (and form) parameters the code reads while inside, from every QueryDict;
    ALL in the set where something read them all (iterated, copied, encoded)."""
    read: set[str] = set()
    building = [0]  # QueryDict's own construction looks its keys up: not a read
    originals = {name: getattr(QueryDict, name) for name in ("__init__", *_BY_NAME, *_WHOLE)}
    own = {name: vars(QueryDict)[name] for name in originals if name in vars(QueryDict)}

    def by_name(original: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(self: QueryDict, key: Any, *args: Any) -> Any:
            if not building[0]:
                read.add(str(key))
            return original(self, key, *args)

        return recorded

    def whole(original: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(self: QueryDict, *args: Any, **kwargs: Any) -> Any:
            if self and not building[0] and sys._getframe(1).f_globals["__name__"] not in _NAME_BLIND:
                read.add(ALL)
            return original(self, *args, **kwargs)

        return recorded

    def init(self: QueryDict, *args: Any, **kwargs: Any) -> None:
        building[0] += 1
        try:
            originals["__init__"](self, *args, **kwargs)
        finally:
            building[0] -= 1

    QueryDict.__init__ = init  # type: ignore[method-assign]
    for name in _BY_NAME:
        setattr(QueryDict, name, by_name(originals[name]))
    for name in _WHOLE:
        setattr(QueryDict, name, whole(originals[name]))
    try:
        yield read
    finally:
        for name in originals:
            if name in own:
                setattr(QueryDict, name, own[name])
            else:
                delattr(QueryDict, name)


def test_the_recorder_sees_what_a_view_reads() -> None:
    with parameters_read() as read:
        query = QueryDict("year=2024&page=2&q=x")
        query.get("year"), query.getlist("page"), "status" in query
    assert read == {"year", "page", "status"}
    with parameters_read() as read:
        dict(QueryDict("year=2024").items())
    assert ALL in read
    with parameters_read() as read:
        request = RequestFactory().get("/?year=2024&page=2")
        PrintableInputMiddleware(lambda r: HttpResponse(r.GET.get("year")))(request)
    assert read == {"year"}
    assert QueryDict("a=1").get("a") == "1" and "get" not in vars(QueryDict)


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _skipped(name: str) -> bool:
    return name.startswith("admin") or name in {"logout", "set_language"}


@pytest.mark.parametrize("who", ["clerk", "supervisor"])
def test_list_and_filter_pages_never_give_a_server_error(
    world: Any, objects: dict[str, Any], who: str
) -> None:
    client = _client(getattr(world, who))
    failures = []
    for pattern in walk():
        if not pattern.params and not _skipped(pattern.name):
            failures += fuzz(client, build(pattern, {}), ODD_VALUES, ("0", str(2**64), "99999", "\x00", "²"))
    assert failures == [], "\n".join(failures)


def test_object_pages_never_give_a_server_error(world: Any, objects: dict[str, Any]) -> None:
    client = _client(world.clerk)
    failures = []
    for pattern in walk():
        if pattern.params and not _skipped(pattern.name):
            url = build(pattern, fillings(pattern, objects)[0])
            failures += fuzz(client, url, ("0", str(2**64), "\x00", "²"), ())
    assert failures == [], "\n".join(failures)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value.encode("utf-8", "surrogatepass"), safe="")
