"""Forms show every error at once and state their text limits before submitting (issue 13, point 15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.forms import NOTE_LIMIT, TEXT_LIMIT

TODAY = dt.date(2025, 3, 17)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_the_registration_form_shows_every_mistake_in_one_submission(world: Any, client_for: Any) -> None:
    page = client_for(world.clerk).post(
        reverse("applications:register"),
        {
            "agency": world.agency_a.pk,
            "channel": "in_person",
            "arrival": "2025-03-20",  # in the future
            "applicant_category": "natural_person",
            "applicant_name": "张三",
            "id_number": "110105194912310021",  # wrong check digit
            "phone": "12345",  # not a phone number
            "content": "",  # missing
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    for message in (
        "不能填写将来的日期",
        "居民身份证号码校验位有误",
        "联系电话格式不正确",
        "这个字段是必填项",
    ):
        assert message in text, message


def test_the_service_names_every_problem_of_a_registration_at_once(world: Any) -> None:
    with pytest.raises(services.InvalidInput) as refused:
        services.register_application(
            world.agency_a,
            world.clerk,
            channel="in_person",
            arrival={"handed_in": dt.date(2025, 3, 20)},
            applicant=services.Applicant(category="natural_person", name="", id_number="123"),
            request=services.Request(""),
        )
    assert set(refused.value.errors) == {"received_on", "applicant_name", "id_number", "phone", "content"}


def test_text_limits_are_stated_before_submitting(world: Any, register: Any, client_for: Any) -> None:
    client = client_for(world.clerk)
    text = client.get(reverse("applications:register")).content.decode()
    assert f'maxlength="{TEXT_LIMIT}"' in text and f"不超过 {TEXT_LIMIT} 字" in text
    assert 'data-counter-for="id_content"' in text and "gongkai/forms.js" in text
    application = register(dt.date(2025, 3, 3))
    step = client.get(reverse("applications:step", args=[application.pk, "request_amendment"]))
    assert f'maxlength="{NOTE_LIMIT}"' in step.content.decode()
    too_long = client.post(
        reverse("applications:step", args=[application.pk, "request_amendment"]),
        {"on": "2025-03-17", "points": "字" * (NOTE_LIMIT + 1), "period_working_days": "15"},
    )
    assert "不超过 2000 字符" in too_long.content.decode()
