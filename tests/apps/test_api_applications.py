"""On-line applications through the open-data API: the same use cases as the public form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.online.models import OnlineApplication

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
BODY = {
    "applicant": {
        "name": "张三",
        "kind": "natural_person",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13812345678",
        "email": "zhang@example.cn",
    },
    "content": "2024年度学区划分方案",
    "delivery": "电子邮件",
}


def post(client: Client, code: str, body: Any, address: str = "10.1.1.1") -> Any:
    return client.post(
        f"/api/v1/agencies/{code}/applications",
        json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_an_application_posted_is_the_one_the_form_makes_and_can_be_looked_up(world: Any) -> None:
    client = Client()
    answer = post(client, world.agency_a.code, BODY)
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert set(made) == {"number", "lookup_code"}
    online = OnlineApplication.objects.get(number=made["number"])
    assert online.agency == world.agency_a and online.application is None  # unconfirmed until the clerk says
    assert made["lookup_code"] not in online.lookup_hash
    found = client.get(f"/api/v1/applications/{made['number']}", {"lookup_code": made["lookup_code"]})
    assert found.status_code == 200
    view = found.json()
    assert view["number"] == made["number"] and view["received_on"] is None and view["letters"] == []
    assert found["Cache-Control"] == "no-store"


def test_bad_input_gets_a_400_with_chinese_messages_per_field(world: Any) -> None:
    answer = post(
        Client(),
        world.agency_a.code,
        {**BODY, "content": "", "applicant": {**BODY["applicant"], "id_number": ""}},
    )
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert {"content", "id_number"} <= set(errors)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in message) for message in errors.values())
    assert post(Client(), "no-such-agency", BODY).status_code == 404
    assert OnlineApplication.objects.count() == 0


def test_unknown_number_and_wrong_code_give_the_same_404(world: Any) -> None:
    client = Client()
    made = post(client, world.agency_a.code, BODY).json()
    wrong = client.get(f"/api/v1/applications/{made['number']}", {"lookup_code": "WRONGCODE2"})
    unknown = client.get("/api/v1/applications/WS20990101000000", {"lookup_code": made["lookup_code"]})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_twenty_wrong_codes_lock_the_number_even_for_the_right_code(world: Any, settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lock"}
    }
    made = post(Client(), world.agency_a.code, BODY).json()
    for attempt in range(
        20
    ):  # from different addresses, so that the per-address limit is not what stops them
        answer = Client().get(
            f"/api/v1/applications/{made['number']}",
            {"lookup_code": "WRONGCODE2"},
            REMOTE_ADDR=f"10.2.0.{attempt}",
        )
        assert answer.status_code == 404
    right = Client().get(
        f"/api/v1/applications/{made['number']}", {"lookup_code": made["lookup_code"]}, REMOTE_ADDR="10.3.0.1"
    )
    assert right.status_code == 404
