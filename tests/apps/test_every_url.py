"""Every URL pattern, generated from the resolver, as anonymous, as other agencies' staff and as each role.

See `urlwalk.py` for what is checked. The second test proves the walk can fail: a page added without a
permission check (`leaky_urls.py`) is reported by it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from agency_objects import MARKERS, agency_a_objects, overrides
from django.test import Client
from urlwalk import INSIDERS, OUTSIDERS, violations, walk

D = dt.date


@pytest.fixture
def agency_a(world: Any, register: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    return agency_a_objects(world, register, settings, tmp_path)


def personas(world: Any, names: tuple[str, ...]) -> dict[str, Client]:
    clients = {}
    for name in names:
        client = Client()
        if name != "anonymous":
            client.force_login(getattr(world, name))
        clients[name] = client
    return clients


def payload(world: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Values for every form field of the system, so that a page without a check would act."""
    return {
        "on": "2025-03-04",
        "body": "改写",
        "recipient": "张三",
        "decision": "confirm",
        "request": objects["role_request"].pk,
        "username": "clerk_b",
        "full_name": "陈经办",
        "role": "head",
        "password": "Xy7!long-pass-99",
        "handler": world.clerk.pk,
        "reason": "调整",
        "agency": world.agency_a.pk,
        "year": "2024",
        "number": "复2025-2",
        "kind": "reconsideration",
        "received_on": "2025-04-01",
        "channel": "in_person",
        "arrival": "2025-03-04",
        "applicant_category": "natural_person",
        "applicant_name": "李四",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "content": "新申请",
        "form_wanted": "纸质",
        "delivery_wanted": "邮寄",
        "导语": "改写",
    }


@pytest.mark.parametrize("group", ["anonymous", "outsiders", "insiders"])
def test_every_url_as_every_persona(world: Any, agency_a: dict[str, Any], group: str) -> None:
    names = {"anonymous": ("anonymous",), "outsiders": OUTSIDERS, "insiders": INSIDERS}[group]
    problems = violations(
        personas(world, names), agency_a, payload(world, agency_a), MARKERS, overrides=overrides(agency_a)
    )
    assert problems == [], "\n".join(problems)


def test_the_walk_covers_every_page() -> None:
    names = {p.name for p in walk()}
    assert {"applications:attachment", "applications:letter_file", "reports:draft_file"} <= names
    assert "portal:report_file" in names and "admin:index" in names


def test_a_page_without_a_permission_check_fails_the_walk(
    world: Any, agency_a: dict[str, Any], settings: Any
) -> None:
    settings.ROOT_URLCONF = "leaky_urls"
    problems = violations(
        personas(world, ("anonymous", "clerk_b", "reviewer")),
        agency_a,
        payload(world, agency_a),
        MARKERS,
        only=lambda p: p.name == "leak",
    )
    text = "\n".join(problems)
    assert "leak: declare in urlwalk.WRITERS" in text
    assert "anonymous GET /leak/" in text and "reached without logging in" in text
    assert "clerk_b GET /leak/" in text and "another agency's object answered" in text
    assert "shows agency A's" in text
    assert "reviewer POST /leak/" in text and "POST changed data it may not change" in text
