"""The daily screens (issue 13, point 17): each person's menu holds what they can use; the 台账 exports to
Excel with every column an office keeps."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.export import COLUMNS

D = dt.date
TODAY = D(2025, 5, 6)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _menu(client: Any) -> str:
    page = client.get(reverse("dashboard")).content.decode()
    return page.split("<nav>", 1)[1].split("</nav>", 1)[0]


def test_each_menu_shows_only_what_its_user_can_open(world: Any, client_for: Any) -> None:
    supervisor = _menu(client_for(world.supervisor))
    assert (
        "登记申请" not in supervisor and "导入台账" not in supervisor and 'href="/supervision/"' in supervisor
    )
    clerk = _menu(client_for(world.clerk))
    assert "登记申请" in clerk and "导入台账" in clerk and 'href="/supervision/"' not in clerk
    reviewer = _menu(client_for(world.reviewer))
    assert "登记申请" not in reviewer
    # loading a year's holidays is the system administrator's (issue 13, point 16)
    assert "节假日安排" in _menu(client_for(world.superuser))
    assert not any("节假日安排" in m for m in (supervisor, clerk, reviewer))
    for user in (world.supervisor, world.clerk, world.reviewer, world.superuser):
        client = client_for(user)
        page = client.get(reverse("dashboard")).content.decode()
        links = page.split("<nav>", 1)[1].split("</nav>", 1)[0].split('href="')[1:]
        for link in (href.split('"', 1)[0] for href in links):
            assert client.get(link).status_code == 200, (user.username, link)


def test_every_user_changes_their_own_password_from_the_menu(
    world: Any, client_for: Any, password: str, settings: Any
) -> None:
    """Self-service password change (issue 13, point 17): the link is on every page's top bar, for every
    role; the new password logs in, the old one no longer does, and the change is in the audit log."""
    from django.test import Client

    from gongkai.accounts.models import AuditEvent

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    url = reverse("accounts:password_change")
    for index, user in enumerate(
        (world.clerk, world.reviewer, world.head, world.supervisor, world.superuser)
    ):
        client = client_for(user)
        page = client.get(reverse("applications:list")).content.decode()
        topbar = page.split('<header class="topbar">', 1)[1].split("</header>", 1)[0]
        assert f'<a href="{url}">修改密码</a>' in topbar, user.username
        form = client.get(url)
        assert form.status_code == 200
        new = f"Shi-fan-{index}-新口令"
        wrong = client.post(url, {"old_password": "不对", "new_password1": new, "new_password2": new})
        assert wrong.status_code == 200 and "errorlist" in wrong.content.decode()
        done = client.post(url, {"old_password": password, "new_password1": new, "new_password2": new})
        assert done.status_code == 302 and done.url == reverse("dashboard")
        assert client.get(reverse("dashboard")).status_code == 200  # still logged in
        assert Client().login(username=user.username, password=new)
        assert not Client().login(username=user.username, password=password)
        assert AuditEvent.objects.filter(action="password_changed", actor=user).count() == 1


def _sheet(client: Any) -> list[tuple[Any, ...]]:
    response = client.get(reverse("applications:export_xlsx"))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_the_ledger_exports_to_excel_with_every_column(world: Any, register: Any, client_for: Any) -> None:
    late = register(D(2025, 3, 3))
    services.approve_extension(late, world.head, D(2025, 3, 20), reason="需要调取档案")
    on_time = register(D(2025, 4, 1))
    services.draft_decision(on_time, world.clerk, D(2025, 4, 8), outcome="disclosed")
    services.review_decision(on_time, world.reviewer, D(2025, 4, 9))
    services.approve_decision(on_time, world.head, D(2025, 4, 10))
    services.deliver_decision(on_time, world.clerk, D(2025, 4, 11))
    rows = _sheet(client_for(world.clerk))
    headings = rows[1]
    assert headings == tuple(h for h, _w in COLUMNS)
    for needed in ("申请内容", "申请人类型", "联系电话", "收到申请之日", "答复期限", "答复日期", "办理结果"):
        assert needed in headings
    by_number = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[2:]}
    first, second = by_number["2025-0001"], by_number["2025-0002"]
    assert first["是否延期"] == "是" and first["是否逾期"] == "是"  # due 28 April, still open on 6 May
    assert first["联系电话"] == "13812345678" and first["申请人"] == "张三"  # the handling clerk sees it
    assert first["申请内容"] == "2024年度学区划分方案及其会议纪要"
    assert first["收到申请之日"].date() == D(2025, 3, 3)
    assert second["是否延期"] == "否" and second["是否逾期"] == "否"
    assert second["答复日期"].date() == D(2025, 4, 11) and second["办理结果"] == "予以公开"
    # the supervising office sees the same rows, the applicant's particulars masked
    masked = {
        row[0]: dict(zip(headings, row, strict=True)) for row in _sheet(client_for(world.supervisor))[2:]
    }
    assert masked["2025-0001"]["联系电话"] == "138****5678" and masked["2025-0001"]["申请人"] == "张*"


def test_the_menu_kept_rendered_changes_with_what_it_depends_on(world: Any, client_for: Any) -> None:
    """The menu's HTML is kept per process (base.html's cache tag, issue 14): its key holds every entry's
    condition, the language and the user's system roles, so that a change in any shows at once."""
    from django.core.cache import cache

    from gongkai.agencies.models import Membership, Role
    from gongkai.supervision.models import OversightCase

    cache.clear()
    client = client_for(world.reviewer)
    assert "登记申请" not in _menu(client)
    assert any(key for key in cache._cache if "gongkai_menu" in key)  # type: ignore[attr-defined]
    Membership.objects.create(user=world.reviewer, agency=world.agency_a, role=Role.CLERK)
    assert "登记申请" in _menu(client)
    OversightCase.objects.create(
        agency=world.agency_a,
        office=world.government,
        subject="other",
        title="督办",
        notice="请答复",
        deadline=D(2025, 5, 20),
        sent_on=D(2025, 5, 6),
    )
    assert "督办通知（1）" in _menu(client)
    client.cookies["django_language"] = "en"
    english = _menu(client)
    assert "登记申请" not in english and 'href="/applications/new/"' in english
    world.reviewer.is_staff = True
    world.reviewer.save()
    assert 'href="/admin/"' in _menu(client)
    assert 'href="/admin/"' not in _menu(client_for(world.clerk))
