"""Odd query strings never give a 500 (issue 14 item 8): every GET pattern of the resolver, every query
parameter any view reads (found in the source), with values from the issue's probe and beyond."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from urlwalk import build, fillings, walk

import gongkai

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
    """GET `url` with every parameter set to each of `values`, then each parameter alone set to each of
    `one_at_a_time`; the requests that answered 500."""
    names = query_names()
    failures = []
    for value in values:
        response = client.get(f"{url}?" + "&".join(f"{name}={_quote(value)}" for name in names))
        if response.status_code >= 500:
            failures.append(f"{url}?…={value[:20]!r} → {response.status_code}")
    for name in names:  # one at a time too: a parameter alone may take another path
        for value in one_at_a_time:
            response = client.get(f"{url}?{name}={_quote(value)}")
            if response.status_code >= 500:
                failures.append(f"{url}?{name}={value!r} → {response.status_code}")
    return failures


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
