"""The annual report pages: a clerk's way through them, the head's approval, the public page, permissions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.annual.drafting import fill_placeholders
from gongkai.reports import services
from gongkai.reports.excel import build_template
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.queries import input_sources

YEAR = 2025


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_report(world: Any) -> AnnualReport:
    return services.open_report(world.agency_a, YEAR, world.clerk)


def publish(report: AnnualReport, world: Any) -> None:
    report.refresh_from_db()
    services.update_sections(
        report,
        world.clerk,
        {k: fill_placeholders(v, lambda hint: "已按要求开展。") for k, v in report.sections.items()},
    )
    services.check(report, world.clerk)
    services.approve(report, world.head)
    services.publish(report, world.clerk)


@pytest.mark.django_db
def test_a_clerk_goes_through_the_pages_and_the_head_approves(world: Any) -> None:
    clerk = client_for(world.clerk)
    page = clerk.get(reverse("reports:list"))
    assert page.status_code == 200
    assert "编制年度报告" in page.content.decode()
    response = clerk.post(reverse("reports:open"), {"agency": world.agency_a.pk, "year": YEAR})
    report = AnnualReport.objects.get(agency=world.agency_a, year=YEAR)
    assert response.url == reverse("reports:detail", args=[report.pk])  # type: ignore[attr-defined]
    detail = clerk.get(response.url).content.decode()  # type: ignore[attr-defined]
    for text in ("第一步：填写数据、修改正文", "检查报告", "2025年政府信息公开工作年度报告", "【待填写："):
        assert text in detail

    inputs = {f: 0 for f in services.PROACTIVE_FIELDS} | {"licensing_decisions": 12, "fees_yuan": "0"}
    assert clerk.post(reverse("reports:inputs", args=[report.pk]), inputs).status_code == 302
    report.refresh_from_db()
    assert report.licensing_decisions == 12

    sections = {k: fill_placeholders(v, lambda hint: "本机关认真开展。") for k, v in report.sections.items()}
    assert clerk.post(reverse("reports:text", args=[report.pk]), sections).status_code == 302
    assert clerk.post(reverse("reports:check", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.CHECKED
    assert report.error_count == 0
    # The clerk may not approve: the page offers no approval and the post is refused.
    assert "第三步：负责人批准" not in clerk.get(reverse("reports:detail", args=[report.pk])).content.decode()
    clerk.post(reverse("reports:approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.CHECKED

    head = client_for(world.head)
    assert "第三步：负责人批准" in head.get(reverse("reports:detail", args=[report.pk])).content.decode()
    head.post(reverse("reports:approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED

    clerk.post(reverse("reports:publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED
    public = Client().get(reverse("portal:report", args=[world.agency_a.code, YEAR]))
    html = public.content.decode()
    assert public.status_code == 200
    assert "洪泽区教育局" in html and "Word文件" in html and "<table" in html


@pytest.mark.django_db
def test_an_error_needs_the_heads_written_reason(world: Any) -> None:
    report = open_report(world)
    services.check(report, world.clerk)
    head = client_for(world.head)
    page = head.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "须写明理由" in page
    response = head.post(reverse("reports:approve", args=[report.pk]), {"override_reason": ""}, follow=True)
    assert "检查发现8处错误" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.CHECKED
    head.post(reverse("reports:approve", args=[report.pk]), {"override_reason": "联系方式见门户网站。"})
    report.refresh_from_db()
    assert (report.state, report.override_reason) == (ReportState.APPROVED, "联系方式见门户网站。")
    assert (
        "带错误批准，理由：联系方式见门户网站。"
        in head.get(reverse("reports:detail", args=[report.pk])).content.decode()
    )


@pytest.mark.django_db
def test_excel_import_page(world: Any) -> None:
    report = open_report(world)
    clerk = client_for(world.clerk)
    template = clerk.get(reverse("reports:inputs_template", args=[report.pk]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    upload = SimpleUploadedFile("t.xlsx", build_template(report))
    assert clerk.post(reverse("reports:inputs_import", args=[report.pk]), {"file": upload}).status_code == 302
    bad = clerk.post(
        reverse("reports:inputs_import", args=[report.pk]), {"file": SimpleUploadedFile("t.xlsx", b"x")}
    )
    assert bad.status_code == 400
    assert "导入失败，没有导入任何数据" in bad.content.decode()


@pytest.mark.django_db
def test_draft_downloads(world: Any) -> None:
    report = open_report(world)
    clerk = client_for(world.clerk)
    docx = clerk.get(reverse("reports:draft_file", args=[report.pk, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"]


# --- permissions -------------------------------------------------------------------------------------


def staff_urls(report: AnnualReport) -> list[tuple[str, str]]:
    pk = report.pk
    return [
        ("get", reverse("reports:detail", args=[pk])),
        ("get", reverse("reports:inputs", args=[pk])),
        ("get", reverse("reports:text", args=[pk])),
        ("get", reverse("reports:inputs_template", args=[pk])),
        ("get", reverse("reports:draft_file", args=[pk, "docx"])),
        ("post", reverse("reports:inputs_import", args=[pk])),
        ("post", reverse("reports:previous", args=[pk])),
        ("post", reverse("reports:check", args=[pk])),
        ("post", reverse("reports:approve", args=[pk])),
        ("post", reverse("reports:publish", args=[pk])),
    ]


@pytest.mark.django_db
def test_another_agencys_staff_get_404_for_every_report_url(world: Any) -> None:
    report = open_report(world)
    other = client_for(world.clerk_b)
    for method, url in staff_urls(report):
        assert getattr(other, method)(url).status_code == 404, url
    assert "洪泽区教育局" not in other.get(reverse("reports:list")).content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFTED


@pytest.mark.django_db
def test_drafts_are_not_public_and_published_reports_are(world: Any) -> None:
    report = open_report(world)
    anonymous = Client()
    assert anonymous.get(reverse("portal:report", args=[world.agency_a.code, YEAR])).status_code == 404
    assert (
        anonymous.get(reverse("portal:report_file", args=[world.agency_a.code, YEAR, "pdf"])).status_code
        == 404
    )
    assert anonymous.get(reverse("reports:detail", args=[report.pk])).status_code == 302  # to the login page
    assert "尚未发布" in anonymous.get(reverse("portal:reports", args=[world.agency_a.code])).content.decode()
    publish(report, world)
    for kind, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        response = anonymous.get(reverse("portal:report_file", args=[world.agency_a.code, YEAR, kind]))
        assert response.status_code == 200 and response.content.startswith(magic)
    listing = anonymous.get(reverse("portal:reports", args=[world.agency_a.code])).content.decode()
    assert "洪泽区教育局2025年政府信息公开工作年度报告" in listing


@pytest.mark.django_db
def test_supervisors_read_their_trees_reports_but_do_not_act(world: Any) -> None:
    report = open_report(world)
    supervisor = client_for(world.supervisor)
    page = supervisor.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    assert "检查报告" not in page.content.decode()
    assert supervisor.get(reverse("reports:inputs", args=[report.pk])).status_code == 404
    supervisor.post(reverse("reports:check", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFTED
    outsider = client_for(world.other_supervisor)
    for method, url in staff_urls(report):
        assert getattr(outsider, method)(url).status_code == 404, url


@pytest.mark.django_db
def test_the_inputs_page_notes_where_each_figure_comes_from(world: Any) -> None:
    from openpyxl import load_workbook

    report = open_report(world)
    clerk = client_for(world.clerk)
    services.update_inputs(report, world.clerk, {"penalty_decisions": 3})
    report = AnnualReport.objects.get(pk=report.pk)
    book = load_workbook(io.BytesIO(build_template(report)))
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows():
        if row[0].value and "行政许可" in str(row[0].value):
            row[1].value = 7
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("表二数据.xlsx", out.getvalue())
    assert clerk.post(reverse("reports:inputs_import", args=[report.pk]), {"file": upload}).status_code == 302
    sources = {s.field: s.note for s in input_sources(AnnualReport.objects.get(pk=report.pk))}
    assert sources["penalty_decisions"].startswith("手工录入，")
    assert sources["licensing_decisions"].startswith("从Excel导入（表二数据.xlsx），")
    assert sources["coercion_decisions"] == "尚未录入（按0计）"
    page = clerk.get(reverse("reports:inputs", args=[report.pk])).content.decode()
    assert "数据来源" in page and "从Excel导入（表二数据.xlsx）" in page
