"""Typed text and dates at the boundary (issue 14 item 8): control characters removed, implausible dates
refused, text lengths stated, letters of any stored text rendered or refused with a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gongkai.applications.letter_files import PDF_MAX_CHARS
from gongkai.applications.models import Application

FORM = {
    "channel": "in_person",
    "arrival": "2025-03-04",
    "applicant_category": "natural_person",
    "applicant_name": "张\x01三\x0b",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "content": "2024年度\x00学区划分方案\x1f\r\n第二行",
    "form_wanted": "纸质",
    "delivery_wanted": "邮寄",
}


def test_control_characters_are_removed_from_what_is_typed(world: Any, client_for: Any) -> None:
    response = client_for(world.clerk).post(
        reverse("applications:register"), {**FORM, "agency": world.agency_a.pk}
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_name == "张三"
    assert application.content == "2024年度学区划分方案\n第二行"


def test_dates_before_the_regulations_or_absurdly_ahead_are_refused(world: Any, client_for: Any) -> None:
    client = client_for(world.clerk)
    for day, words in (
        ("0001-01-01", "早于《中华人民共和国政府信息公开条例》施行之日"),
        ("2999-01-01", "不能填写将来的日期"),
    ):
        response = client.post(
            reverse("applications:register"), {**FORM, "agency": world.agency_a.pk, "arrival": day}
        )
        assert response.status_code == 200 and words in response.content.decode()
    assert not Application.objects.exists()


def test_long_text_fields_state_their_limit(world: Any, client_for: Any) -> None:
    page = client_for(world.clerk).get(reverse("applications:register")).content.decode()
    assert 'maxlength="5000"' in page
    response = client_for(world.clerk).post(
        reverse("applications:register"), {**FORM, "agency": world.agency_a.pk, "content": "很" * 5001}
    )
    assert response.status_code == 200 and not Application.objects.exists()


def test_a_letter_holding_control_characters_renders(
    world: Any, register: Any, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    application = register(dt.date(2025, 3, 3))
    letter = application.letters.get()
    letter.body = "正文\x01\x0b含控制字符"  # stored before the boundary removed them
    letter.recipient = "张三\x0c"
    letter.save()
    client = client_for(world.clerk)
    docx = client.get(reverse("applications:letter_file", args=[application.pk, letter.pk, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_a_letter_too_long_for_a_pdf_is_refused_with_a_message(
    world: Any, register: Any, client_for: Any
) -> None:
    application = register(dt.date(2025, 3, 3))
    letter = application.letters.get()
    letter.body = "很长的正文。" * (PDF_MAX_CHARS // 6 + 1)
    letter.save()
    client = client_for(world.clerk)
    response = client.get(reverse("applications:letter_file", args=[application.pk, letter.pk, "pdf"]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "超过了生成PDF的上限" in page
    docx = client.get(reverse("applications:letter_file", args=[application.pk, letter.pk, "docx"]))
    assert docx.status_code == 200
