"""Deadlines across the year's end (issue 13, point 16): until next year's holiday arrangement is loaded, a
deadline running into it is computed from weekends and the statutory holidays and shown marked 暂定 —
on every staff page, letter, reminder and export — instead of 暂无法计算; it is made exact when the year is
loaded (`gongkai calendar load`, the 节假日安排 page, in the same transaction) or, for a file put into the
folder by hand, by `gongkai remind` / `gongkai recompute-deadlines` — never by opening a page. Only two
years ahead does a deadline stay unknown. The 2027 arrangements used here are test data, not the State
Council's."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from arrangements_2027 import CORRECTED_2027, TEST_2027
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from gongkai.accounts.models import AuditEvent
from gongkai.applications import queries, services
from gongkai.applications.deadlines import deadline_unknown, is_provisional
from gongkai.applications.export import COLUMNS
from gongkai.applications.models import ApplicationEvent
from gongkai.core.calendar import system_calendar

D = dt.date
NOTICE = "2027年节假日安排尚未公布（或尚未载入），涉及2027年的期限暂按周末和法定节假日推算，标注“暂定”"


@pytest.fixture
def no_2027(calendar_dir: Path) -> Path:
    """An empty administrator's directory: the published arrangements end with 2026."""
    calendar_dir.mkdir()
    return calendar_dir


def put_2027(directory: Path, text: str = CORRECTED_2027) -> None:
    """The administrator copies the year's file into the folder by hand (not `gongkai calendar load`)."""
    (directory / "2027.toml").write_text(text, encoding="utf-8")


def test_registering_in_december_gives_a_provisional_deadline(
    world: Any, register: Any, no_2027: Path
) -> None:
    application = register(D(2026, 12, 10))
    # 20 working days on the statutory holidays alone (元旦 on Friday 1 January 2027)
    assert application.reply_due == D(2027, 1, 8)
    assert is_provisional(application, system_calendar())
    event = application.events.get()
    assert "calendar_missing" not in event.data
    assert services.rebuild_state(application) == services.stored_state(application)
    receipt = application.letters.get()
    assert "即2027年1月8日（暂定）前" in receipt.body
    assert list(deadline_unknown(world.agency_a.applications.all())) == []
    # a deadline within the published year is exact, as before
    within = register(D(2026, 11, 2))
    assert within.reply_due == D(2026, 11, 30)
    assert not is_provisional(within, system_calendar())
    assert "（暂定）" not in within.letters.get().body


def test_two_years_ahead_the_deadline_waits_and_the_banner_speaks_to_clerks(
    world: Any, register: Any, no_2027: Path, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2027, 12, 15))
    application = register(D(2027, 12, 10))
    assert application.reply_due is None
    assert application.events.get().data["calendar_missing"] == 2028
    assert "〔期限待2028年节假日安排公布后确定〕" in application.letters.get().body
    dashboard = client_for(world.clerk).get(reverse("dashboard")).content.decode()
    assert "1 件办理中的申请答复期限暂无法计算" in dashboard
    assert "请系统管理员在“节假日安排”页面载入" in dashboard
    assert "gongkai" not in dashboard.replace("gongkai/", "").replace("· gongkai", "")
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "2028年节假日安排尚未载入，答复期限暂无法计算" in page
    assert "calendar load" not in page and "recompute-deadlines" not in page
    # 2027 put into the folder: 2028 now counts provisionally, and the unsigned receipt gives the date
    put_2027(no_2027)
    services.recompute_deadlines(system_calendar())
    application.refresh_from_db()
    assert application.reply_due is not None and application.reply_due.year == 2028
    body = application.letters.get().body
    assert "〔期限待" not in body
    assert (
        f"即{application.reply_due.year}年{application.reply_due.month}月{application.reply_due.day}日（暂定）前"
        in body
    )


def test_a_consultation_window_into_next_year_is_shown_provisional(
    world: Any, register: Any, no_2027: Path, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 31))
    application = register(D(2026, 11, 20))
    assert application.reply_due == D(2026, 12, 18)
    services.start_consultation(application, world.clerk, D(2026, 12, 14), party="某某公司")
    services.record_consultation_delivery(application, world.clerk, D(2026, 12, 15))
    application.refresh_from_db()
    assert application.state == "consulting"
    assert is_provisional(application, system_calendar())
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "征求意见期限：某某公司" in page
    assert page.count("data-provisional>") == 2  # the window and the reply deadline
    services.record_consultation_answer(application, world.clerk, D(2026, 12, 21), objects=False)
    application.refresh_from_db()
    # the pause (15–21 December, 5 days) ended: the deadline is exact again
    assert application.reply_due == D(2026, 12, 25)
    assert not is_provisional(application, system_calendar())
    assert services.rebuild_state(application) == services.stored_state(application)


def test_every_staff_view_marks_the_deadline_provisional(
    world: Any, register: Any, client_for: Any, no_2027: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 11))
    application = register(D(2026, 12, 10))
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert '2027年1月8日</span><span class="provisional" data-provisional>（暂定）' in page
    assert NOTICE in page
    assert "暂无法计算" not in page
    for user in (world.clerk, world.supervisor, world.superuser):
        dashboard = client_for(user).get(reverse("dashboard")).content.decode()
        assert "1 件办理中的申请答复期限为暂定日期" in dashboard, user
        assert NOTICE in dashboard
        assert "暂无法计算" not in dashboard
        assert ("载入节假日安排" in dashboard) == user.is_superuser
    listing = client_for(world.clerk).get(reverse("applications:list")).content.decode()
    assert '2027-01-08<span class="provisional" data-provisional>（暂定）' in listing
    exported = client_for(world.clerk).get(reverse("applications:export")).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(exported)))
    assert row[header.index("答复期限")] == "2027-01-08"
    assert row[header.index("答复期限是否暂定")] == "暂定"
    xlsx = client_for(world.clerk).get(reverse("applications:export_xlsx")).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    headings = [h for h, _w in COLUMNS]
    values = [cell.value for cell in sheet[3]]
    assert values[headings.index("期限是否暂定")] == "是"
    out = io.StringIO()
    call_command("remind", "--date", "2027-01-06", stdout=out)
    assert "即将到期  2026-0001  答复期限 2027年1月8日（暂定）" in out.getvalue()
    data = _remind_json("2027-01-06")
    assert data["items"][0]["reply_due"] == "2027-01-08"
    assert data["items"][0]["provisional"] is True


def _remind_json(day: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("remind", "--date", day, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_due_soon_bound_runs_into_the_provisional_year(no_2027: Path) -> None:
    calendar = system_calendar()
    assert queries.due_soon_before(D(2026, 12, 28), calendar) == D(2027, 1, 6)  # 1 January off
    assert queries.due_soon_before(D(2026, 12, 1), calendar) == D(2026, 12, 9)
    assert queries.due_soon_before(D(2027, 12, 28), calendar) == D(2028, 1, 1)  # nothing guessed in 2028


def test_remind_makes_a_hand_copied_year_exact(world: Any, register: Any, no_2027: Path) -> None:
    application = register(D(2026, 12, 10))
    put_2027(no_2027)
    data = _remind_json("2027-01-04")
    assert data["recomputed"] == 1
    assert data["warnings"] == []
    assert data["items"][0]["reply_due"] == "2027-01-12"  # 1 to 5 January off in the test arrangement
    assert data["items"][0]["provisional"] is False
    application.refresh_from_db()
    assert application.reply_due == D(2027, 1, 12)
    event = application.events.order_by("-seq").first()
    assert event is not None and event.action == "recompute_deadlines"
    assert event.actor is None
    assert event.data == {"on": "2026-12-10", "changes": {"reply_due": ["2027-01-08", "2027-01-12"]}}
    assert services.rebuild_state(application) == services.stored_state(application)
    assert _remind_json("2027-01-04")["recomputed"] == 0  # done once


def test_recompute_command_and_page_view(
    world: Any,
    register: Any,
    no_2027: Path,
    gongkai_cli: Any,
    capsys: pytest.CaptureFixture[str],
    client_for: Any,
) -> None:
    first = register(D(2026, 12, 10))
    second = register(D(2026, 12, 11))
    assert gongkai_cli(["recompute-deadlines"]) == 0
    assert "已重新计算0件申请的答复期限。" in capsys.readouterr().out
    put_2027(no_2027)
    # opening the page changes nothing: it shows the stored deadline until recomputed
    client_for(world.clerk).get(reverse("applications:detail", args=[first.pk]))
    first.refresh_from_db()
    assert first.reply_due == D(2027, 1, 8)
    assert gongkai_cli(["recompute-deadlines"]) == 0
    assert "已重新计算2件申请的答复期限。" in capsys.readouterr().out
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reply_due, second.reply_due) == (D(2027, 1, 12), D(2027, 1, 13))
    assert ApplicationEvent.objects.filter(action="recompute_deadlines").count() == 2
    page = client_for(world.clerk).get(reverse("applications:detail", args=[first.pk])).content.decode()
    assert "2027年1月12日" in page
    assert "data-provisional" not in page
    assert "载入节假日安排后重新计算期限" in page  # the timeline labels the recompute
    assert "recompute_deadlines" not in page


def test_the_administrator_loads_the_year_on_the_calendar_page(
    world: Any, register: Any, no_2027: Path, client_for: Any
) -> None:
    application = register(D(2026, 12, 10))
    url = reverse("calendar")
    assert client_for(world.clerk).get(url).status_code == 404
    refused = client_for(world.clerk).post(url, {"file": _upload(CORRECTED_2027)})
    assert refused.status_code == 404
    admin = client_for(world.superuser)
    page = admin.get(url).content.decode()
    assert "2027年的安排尚未载入" in page and "答复期限暂定 1 件" in page
    # a bad file: every problem said in Chinese, nothing changed
    bad = admin.post(
        url, {"file": _upload(TEST_2027.replace("last_day = 2027-01-01", "last_day = 2026-12-25"))}
    )
    assert bad.status_code == 400
    assert "放假最后一天2026年12月25日早于第一天2027年1月1日" in bad.content.decode()
    wrong = admin.post(url, {"file": _upload("year = 2027", "2027.txt")})
    assert wrong.status_code == 400 and "文件应为 .toml 或 .json 格式" in wrong.content.decode()
    assert list(no_2027.iterdir()) == []
    assert not AuditEvent.objects.filter(action="calendar_loaded").exists()
    # the right file: loaded, the provisional deadline made exact, recorded
    done = admin.post(url, {"file": _upload(CORRECTED_2027)}, follow=True)
    text = done.content.decode()
    assert "已载入2027年节假日安排（2027.toml" in text
    assert "元旦：2027年1月1日至2027年1月5日放假，共5天" in text
    assert "已按节假日安排重新计算1件申请的答复期限。" in text
    assert (no_2027 / "2027.toml").read_text(encoding="utf-8") == CORRECTED_2027
    application.refresh_from_db()
    assert application.reply_due == D(2027, 1, 12)
    assert not is_provisional(application, system_calendar())
    record = AuditEvent.objects.get(action="calendar_loaded")
    assert record.actor == world.superuser
    assert record.data["year"] == 2027 and record.data["file"] == "2027.toml"
    assert application.events.order_by("-seq")[0].action == "recompute_deadlines"
    assert "2028年的安排尚未载入" in admin.get(url).content.decode()


def _upload(text: str, name: str = "2027.toml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/octet-stream")


def test_due_soon_bound_property(no_2027: Path) -> None:
    """For every day of the last published year and the provisional one: the bound lies after it, and is
    either a working day or the first day of the year not even provisionally known — never a date guessed
    in 2028."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    calendar = system_calendar()

    @settings(max_examples=200, deadline=None)
    @given(st.dates(D(2026, 1, 1), D(2027, 12, 31)))
    def check(day: dt.date) -> None:
        bound = queries.due_soon_before(day, calendar)
        assert bound > day
        if bound.year <= 2027:
            assert calendar.is_working_day(bound)
            assert calendar.working_days_between(day, bound) == queries.soon_working_days() + 1
        else:
            assert bound == D(2028, 1, 1)
            assert calendar.working_days_between(day, D(2027, 12, 31)) <= queries.soon_working_days()

    check()


def test_the_register_marks_a_provisional_publication_deadline(
    world: Any, client_for: Any, no_2027: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """第二十六条's 20 working days from a document formed in late December run into 2027: 暂定."""
    from proactive_helpers import draft

    today = D(2027, 1, 20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    document = draft(world, today, formed_on=D(2026, 12, 28), written_on=D(2026, 12, 28))
    assert document.publication_due is not None and document.publication_due.year == 2027
    client = client_for(world.clerk)
    detail = client.get(reverse("proactive:detail", args=[document.pk])).content.decode()
    assert "data-provisional>（暂定）" in detail
    register = client.get(reverse("proactive:register")).content.decode()
    assert "data-provisional>（暂定）" in register
    out = io.StringIO()
    call_command("remind", "--date", today.isoformat(), "--json", stdout=out)
    assert json.loads(out.getvalue())["proactive"][0]["provisional"] is True
