"""The pages of on-line applications: the public form, the lookup with letters and uploads, and the
clerk's list with the one-click confirmation and the identity image (Django test client)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.online import captcha, limits, services
from gongkai.online.models import OnlineApplication

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    from django.core.cache import cache

    cache.clear()


def _answer(page: str) -> dict[str, str]:
    """The CAPTCHA's token and its right answer, read from the form as a person would."""
    token = re.search(r'name="captcha_token" value="([^"]+)"', page)
    assert token
    answer = signing.loads(token[1], salt=captcha.SALT)["answer"]
    return {"captcha_token": token[1], "captcha": str(answer)}


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_category": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13812345678",
        "email": "zhang@example.cn",
        "content": "2024年度学区划分方案",
        "form": "电子文件",
        "delivery": "电子邮件",
        "id_image": SimpleUploadedFile("id.png", PNG, content_type="image/png"),
        captcha.HONEYPOT: "",
    }
    data.update(changes)
    return data


def _submit(client: Client, world: Any, **changes: Any) -> Any:
    url = f"/gk/{world.agency_a.code}/apply/"
    page = client.get(url).content.decode()
    return client.post(url, {**_form(**changes), **_answer(page)}, follow=True)


def test_form_asks_only_article_29_and_explains_periods_and_fees(client: Client, world: Any) -> None:
    response = client.get(f"/gk/{world.agency_a.code}/apply/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page and world.agency_a.name in page
    assert f'href="/gk/{world.agency_a.code}/"' in page  # search the catalogue first
    assert "20 个工作日" in page and "信息处理费" in page
    assert 'name="id_image"' in page and 'enctype="multipart/form-data"' in page
    assert "用途" in page and 'name="purpose"' not in page
    assert client.get("/gk/no-such-agency/apply/").status_code == 404


def test_submission_shows_number_and_code_once(client: Client, world: Any, mailoutbox: Any) -> None:
    response = _submit(client, world)
    assert response.status_code == 200
    page = response.content.decode()
    online = OnlineApplication.objects.get()
    assert online.number in page and online.id_image
    code = re.search(r'id="lookup-code">([^<]+)<', page)
    assert code and services.lookup(online.number, code[1]).number == online.number
    assert "已同时发送到您填写的电子邮箱" in page
    assert response.redirect_chain == [(f"/gk/{world.agency_a.code}/apply/done/", 302)]
    # Shown once: reloading shows the form again, and submits nothing.
    again = client.get(f"/gk/{world.agency_a.code}/apply/done/", follow=True)
    assert code[1] not in again.content.decode() and 'name="captcha"' in again.content.decode()
    assert OnlineApplication.objects.count() == 1


def test_every_error_at_once_in_chinese(client: Client, world: Any) -> None:
    url = f"/gk/{world.agency_a.code}/apply/"
    client.get(url)
    data = _form(applicant_name="", content="", id_number="", captcha="99", captcha_token="x")
    del data["id_image"]
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("请填写申请人姓名或名称", "请填写申请公开的政府信息", "验证问题", "请上传身份证明"):
        assert message in page
    assert not OnlineApplication.objects.exists()


def test_honeypot_and_a_non_image_are_refused(client: Client, world: Any) -> None:
    assert _submit(client, world, **{captcha.HONEYPOT: "http://spam"}).status_code == 400
    fake = SimpleUploadedFile("id.png", b"MZ not an image", content_type="image/png")
    response = _submit(client, world, id_image=fake)
    assert response.status_code == 400 and "身份证明" in response.content.decode()
    assert not OnlineApplication.objects.exists()


def test_rate_limited_submission_gets_a_chinese_429(client: Client, world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(limits, "SUBMIT", (1, 3600))
    monkeypatch.setattr(services.limits, "SUBMIT", (1, 3600))
    assert _submit(client, world).status_code == 200
    response = _submit(client, world)
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()


def _submitted(client: Client, world: Any) -> tuple[str, str]:
    page = _submit(client, world).content.decode()
    number = re.search(r'id="number">([^<]+)<', page)
    code = re.search(r'id="lookup-code">([^<]+)<', page)
    assert number and code
    return number[1], code[1]


def test_lookup_same_message_for_unknown_and_wrong(client: Client, world: Any) -> None:
    number, code = _submitted(client, world)
    applicant = Client()
    wrong = applicant.post("/gk/lookup/", {"number": number, "lookup_code": "WRONGWRONG"})
    unknown = applicant.post("/gk/lookup/", {"number": "WS20990101000000", "lookup_code": code})
    assert wrong.status_code == unknown.status_code == 404
    assert services.NOT_FOUND in wrong.content.decode() and services.NOT_FOUND in unknown.content.decode()
    assert number not in applicant.get("/gk/lookup/").content.decode()
    shown = applicant.post("/gk/lookup/", {"number": number, "lookup_code": code}, follow=True)
    page = shown.content.decode()
    assert number in page and services.UNCONFIRMED in page and "确认收到后计算" in page


def test_clerk_confirms_in_one_click_and_applicant_downloads_a_letter(
    client: Client, world: Any, register: Any
) -> None:
    number, code = _submitted(client, world)
    online = OnlineApplication.objects.get(number=number)
    clerk = Client()
    clerk.force_login(world.clerk)
    listing = clerk.get("/online/").content.decode()
    assert number in listing and f"/online/{online.pk}/confirm/" in listing
    assert "网上申请待确认" in clerk.get("/").content.decode()  # the dashboard's tile
    image = clerk.get(f"/online/{online.pk}/id-image/")
    assert image.status_code == 200 and b"".join(image.streaming_content) == PNG
    response = clerk.post(f"/online/{online.pk}/confirm/")
    online.refresh_from_db()
    assert online.application is not None
    assert response.status_code == 302 and response["Location"] == f"/applications/{online.application.pk}/"
    assert f"/online/{online.pk}/confirm/" not in clerk.get("/online/").content.decode()

    from gongkai.applications.letters import issue_letter

    receipt = online.application.letters.filter(kind="receipt").first()
    assert receipt is not None
    issue_letter(receipt, world.clerk, online.application.received_on)
    applicant = Client()
    assert applicant.get(f"/gk/lookup/letter/{receipt.pk}.docx").status_code == 302  # no lookup yet
    page = applicant.post("/gk/lookup/", {"number": number, "lookup_code": code}, follow=True)
    text = page.content.decode()
    assert f"{online.application.reply_due:%Y年%-m月%-d日}" in text
    assert f"/gk/lookup/letter/{receipt.pk}.docx" in text
    letter = applicant.get(f"/gk/lookup/letter/{receipt.pk}.docx")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    # Another application's letter is refused even with a verified lookup.
    other = register(dt.date(2025, 3, 3))
    assert applicant.get(f"/gk/lookup/letter/{other.letters.get().pk}.docx").status_code == 404
    applicant.post("/gk/lookup/end/")
    assert applicant.get(f"/gk/lookup/letter/{receipt.pk}.docx").status_code == 302


def test_id_image_and_confirm_refused_to_other_agencies_and_anonymous(client: Client, world: Any) -> None:
    number, _code = _submitted(client, world)
    online = OnlineApplication.objects.get(number=number)
    other = Client()
    other.force_login(world.clerk_b)
    assert other.get(f"/online/{online.pk}/id-image/").status_code == 404
    assert other.post(f"/online/{online.pk}/confirm/").status_code == 404
    assert number not in other.get("/online/").content.decode()
    anonymous = Client()
    assert anonymous.get(f"/online/{online.pk}/id-image/").status_code == 302
    online.refresh_from_db()
    assert online.application is None


def test_amendment_uploaded_through_the_lookup(client: Client, world: Any) -> None:
    from gongkai.applications import services as workflow
    from gongkai.applications.models import LetterKind

    number, code = _submitted(client, world)
    online = services.confirm(OnlineApplication.objects.get(number=number), world.clerk, dt.date(2025, 3, 3))
    application = online.application
    assert application is not None
    applicant = Client()
    applicant.post("/gk/lookup/", {"number": number, "lookup_code": code})
    pdf = SimpleUploadedFile("补正.pdf", b"%PDF-1.4 amended" + b"\0" * 32)
    refused = applicant.post("/gk/lookup/send/", {"file": pdf}, follow=True)
    assert "无需补正或缴费" in refused.content.decode()  # nothing asked yet
    assert 'action="/gk/lookup/send/"' not in refused.content.decode()
    workflow.request_amendment(application, world.clerk, dt.date(2025, 3, 4), points="写明文号")
    notice = application.letters.get(kind=LetterKind.AMENDMENT_NOTICE)
    workflow.issue_letter(notice, world.clerk, dt.date(2025, 3, 4))
    page = applicant.get("/gk/lookup/").content.decode()
    assert "提交补正后的申请" in page and f"/gk/lookup/letter/{notice.pk}.docx" in page
    pdf.seek(0)
    sent = applicant.post("/gk/lookup/send/", {"file": pdf}, follow=True)
    assert "补正材料已提交" in sent.content.decode()
    assert application.attachments.get().original_name == "补正.pdf"
    # Without a verified lookup nothing is accepted.
    pdf.seek(0)
    assert Client().post("/gk/lookup/send/", {"file": pdf}).status_code == 302
    assert application.attachments.count() == 1
