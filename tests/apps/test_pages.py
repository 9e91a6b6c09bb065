"""The pages a clerk uses: register, take steps, edit and issue letters, upload, dashboard colours."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application

D = dt.date


@pytest.fixture
def fixed_today(monkeypatch: Any) -> dt.date:
    """Pages compute colours and default dates from 'today': fix it at Monday 17 March 2025."""
    today = D(2025, 3, 17)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    return today


def test_register_page_creates_application_with_attachment(
    world: Any, client_for: Any, settings: Any, tmp_path: Any, fixed_today: dt.date
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.clerk)
    page = client.get(reverse("applications:register"))
    assert page.status_code == 200 and "登记政府信息公开申请" in page.content.decode()
    response = client.post(
        reverse("applications:register"),
        {
            "agency": world.agency_a.pk,
            "channel": "post",
            "arrival": "2025-03-14",
            "applicant_category": "natural_person",
            "applicant_name": "王五",
            "id_number": "11010519491231002X",
            "phone": "0517-87654321",
            "content": "洪泽区2024年义务教育招生计划",
            "form_wanted": "纸质",
            "delivery_wanted": "邮寄",
            "attachment": SimpleUploadedFile("申请表.pdf", b"%PDF-1.4 test"),
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/"
    assert (application.channel, application.received_on, application.reply_due) == (
        "post",
        D(2025, 3, 14),
        D(2025, 4, 14),
    )
    assert application.attachments.get().original_name == "申请表.pdf"
    detail = client.get(response["Location"]).content.decode()
    assert "已登记申请 2025-0001，答复期限为2025年4月14日。" in detail
    assert '答复期限：<span class="due">2025年4月14日</span>' in detail
    assert "清明节假期，不计" in detail


def test_register_page_shows_chinese_errors(world: Any, client_for: Any, fixed_today: dt.date) -> None:
    response = client_for(world.clerk).post(
        reverse("applications:register"),
        {
            "agency": world.agency_a.pk,
            "channel": "in_person",
            "arrival": "2025-03-14",
            "applicant_category": "natural_person",
            "applicant_name": "王五",
            "id_number": "110105194912310021",
            "phone": "13812345678",
            "content": "某文件",
        },
    )
    assert response.status_code == 200
    assert "校验位有误：按前17位计算，最后一位应为 X，而不是 1" in response.content.decode()
    assert not Application.objects.exists()


def test_step_page_shows_only_allowed_actions_and_refusals(
    world: Any, register: Any, client_for: Any, fixed_today: dt.date
) -> None:
    application = register(D(2025, 3, 3))
    client = client_for(world.clerk)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "告知补正" not in detail  # the 7-working-day window closed on 12 March
    assert "拟写答复" in detail and "批准延期答复" not in detail
    head_page = (
        client_for(world.head).get(reverse("applications:detail", args=[application.pk])).content.decode()
    )
    assert "批准延期答复" in head_page
    response = client.post(
        reverse("applications:step", args=[application.pk, "request_amendment"]),
        {"on": "2025-03-17", "points": "写明文号", "period_working_days": "15"},
    )
    assert response.status_code == 200
    assert "期限已于2025年3月12日届满" in response.content.decode()
    response = client.post(
        reverse("applications:step", args=[application.pk, "draft_decision"]),
        {"on": "2025-03-17", "outcome": "withheld.internal_affairs", "reasons": ""},
    )
    assert "此类答复须说明理由" in response.content.decode()
    response = client.post(
        reverse("applications:step", args=[application.pk, "draft_decision"]),
        {"on": "2025-03-17", "outcome": "withheld.internal_affairs", "reasons": "属于人事管理信息"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "drafted"


def test_letter_edit_issue_and_download(
    world: Any, register: Any, client_for: Any, fixed_today: dt.date
) -> None:
    application = register(D(2025, 3, 3))
    letter = application.letters.get()
    client = client_for(world.clerk)
    url = reverse("applications:letter", args=[application.pk, letter.pk])
    assert "保存修改" in client.get(url).content.decode()
    client.post(url, {"recipient": "张三", "body": "改过的回执正文。"})
    letter.refresh_from_db()
    assert letter.body == "改过的回执正文。"
    client.post(reverse("applications:letter_issue", args=[application.pk, letter.pk]))
    letter.refresh_from_db()
    assert (letter.number_label, letter.issued_on) == ("〔2025〕1号", D(2025, 3, 17))
    page = client.get(url).content.decode()
    assert "保存修改" not in page and "内容已冻结" in page
    assert client.post(url, {"recipient": "张三", "body": "再改"}).status_code == 404
    docx = client.get(reverse("applications:letter_file", args=[application.pk, letter.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert quote("2025-0001 政府信息公开申请登记回执.docx") in docx["Content-Disposition"]


def test_attachment_limits(world: Any, register: Any, client_for: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 100
    application = register(D(2025, 3, 3))
    for name, content, message in (
        ("a.exe", b"MZ", "不支持的文件类型“.exe”"),
        ("a.pdf", b"%PDF" + b"x" * 200, "不能超过"),
        ("a.pdf", b"<html>", "文件内容与扩展名“.pdf”不符"),
    ):
        with pytest.raises(services.InvalidInput, match=message):
            services.add_attachment(application, world.clerk, SimpleUploadedFile(name, content))
    stored = services.add_attachment(application, world.clerk, SimpleUploadedFile("证明.png", b"\x89PNG...."))
    assert stored.content_type == "image/png" and str(stored.file.name).startswith(
        f"attachments/{world.agency_a.pk}/"
    )
    assert application.events.filter(action="add_attachment").count() == 1
    response = client_for(world.clerk).get(
        reverse("applications:attachment", args=[application.pk, stored.pk])
    )
    assert b"".join(response.streaming_content) == b"\x89PNG...."


def test_dashboard_queue_ordered_by_due_date_with_colours(
    world: Any, register: Any, client_for: Any, fixed_today: dt.date
) -> None:
    overdue = register(D(2025, 2, 10))  # due 10 March: overdue on 17 March
    soon = register(D(2025, 2, 24))  # due 24 March: 5 working days left
    later = register(D(2025, 3, 14))  # due 14 April
    page = client_for(world.clerk).get(reverse("dashboard")).content.decode()
    queue = page[page.index("待我办理（按期限排序）") : page.index("<h2>已逾期")]
    positions = [queue.index(a.number) for a in (overdue, soon, later)]
    assert positions == sorted(positions)
    assert 'class="row-red"' in queue and 'class="row-yellow"' in queue and 'class="row-green"' in queue
    assert '<div class="tile red"><b>1</b>已逾期</div>' in page
    assert '<div class="tile yellow"><b>1</b>即将到期</div>' in page
    reviewer_page = client_for(world.reviewer).get(reverse("dashboard")).content.decode()
    assert "目前没有待您办理的申请" in reviewer_page


def test_list_filters_and_search(world: Any, register: Any, client_for: Any, fixed_today: dt.date) -> None:
    first = register(D(2025, 2, 10), name="赵六")
    second = register(D(2024, 12, 2), name="钱七")
    services.draft_decision(second, world.clerk, D(2024, 12, 20), outcome="disclosed")
    services.review_decision(second, world.reviewer, D(2024, 12, 20))
    services.approve_decision(second, world.head, D(2024, 12, 23))
    services.deliver_decision(second, world.clerk, D(2024, 12, 24))
    client = client_for(world.clerk)

    def numbers(**params: str) -> set[str]:
        content = client.get(reverse("applications:list"), params).content.decode()
        return {a.number for a in (first, second) if f">{a.number}<" in content}

    assert numbers() == {first.number, second.number}
    assert numbers(year="2024") == {second.number}
    assert numbers(state="delivered") == {second.number}
    assert numbers(status="closed") == {second.number}
    assert numbers(status="overdue") == {first.number}
    assert numbers(q=first.number) == {first.number}
    assert numbers(q="学区划分") == {first.number, second.number}


def test_supervisor_dashboard_lists_overdue_of_the_tree(
    world: Any, register: Any, client_for: Any, fixed_today: dt.date
) -> None:
    late = register(D(2025, 2, 10), agency=world.agency_b, clerk=world.clerk_b)
    page = client_for(world.supervisor).get(reverse("dashboard")).content.decode()
    assert late.number in page and "所辖机关" in page


def test_admin_pages_for_reference_data(world: Any, register: Any, client_for: Any) -> None:
    application = register(D(2025, 3, 3))
    client = client_for(world.superuser)
    for name in ("agency", "membership"):
        assert client.get(reverse(f"admin:agencies_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:agencies_{name}_add")).status_code == 200
    for name in ("application", "applicationevent", "letter", "reviewcase"):
        assert client.get(reverse(f"admin:applications_{name}_changelist")).status_code == 200
    # the workflow's records are read-only in the admin
    assert client.get(reverse("admin:applications_application_add")).status_code == 403
    page = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
