"""Hostile files through the web pages: refused in Chinese, nothing stored (issue 14 items 4 and 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.models import Application, Attachment
from hostile_files import MB, docx_xml_bomb, xlsx_dimension_bomb, xlsx_zip_bomb


def test_a_zip_bomb_template_is_refused_on_the_report_page(world: Any, client_for: Any) -> None:
    from gongkai.reports import services as reports

    report = reports.open_report(world.agency_a, 2025, world.clerk)
    response = client_for(world.clerk).post(
        reverse("reports:inputs_import", args=[report.pk]),
        {"file": SimpleUploadedFile("表二.xlsx", xlsx_zip_bomb(17 * MB))},
    )
    assert response.status_code == 400
    assert "超过了 8.0 MB 的上限，没有读取" in response.content.decode()


def test_a_dimension_bomb_ledger_is_read_as_what_it_holds(world: Any, client_for: Any) -> None:
    response = client_for(world.clerk).post(
        "/ledger/import/",
        {"agency": world.agency_a.pk, "ledger": SimpleUploadedFile("台账.xlsx", xlsx_dimension_bomb())},
    )
    assert response.status_code == 400
    assert "找不到表头中的必需列" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_zip_bomb_attachment_is_refused_and_names_are_cleaned(
    world: Any, register: Any, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    application = register(dt.date(2025, 3, 3))
    client = client_for(world.clerk)
    url = reverse("applications:attachment_upload", args=[application.pk])
    bomb = SimpleUploadedFile("申请书.docx", docx_xml_bomb(300 * MB))
    page = client.get(client.post(url, {"file": bomb})["Location"]).content.decode()
    assert "压缩比异常" in page or "超过了" in page
    assert not Attachment.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("../../身份证\u202egpj.pdf", b"%PDF-1.4\n")})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "身份证gpj.pdf"
    download = client.get(reverse("applications:attachment", args=[application.pk, attachment.pk]))
    assert (
        "身份证gpj.pdf" in download["Content-Disposition"] or "%E8%BA%AB" in download["Content-Disposition"]
    )
