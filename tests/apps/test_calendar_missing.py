"""A year whose holidays are not loaded: steps go ahead, the deadline is unknown (null) and said so in
Chinese, and it is computed when the year is loaded (`gongkai calendar load`, in the same transaction)
or by `gongkai remind` / `gongkai recompute-deadlines` — never by opening a page. The 2027 arrangement
used here is test data, not the State Council's."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from arrangements_2027 import TEST_2027
from django.core.management import call_command
from django.urls import reverse

from gongkai.applications import queries, services
from gongkai.applications.deadlines import deadline_unknown
from gongkai.applications.models import ApplicationEvent
from gongkai.core.calendar import system_calendar

D = dt.date
WARNING = "2027年节假日安排尚未载入，答复期限暂无法计算。请系统管理员在国务院办公厅公布2027年节假日安排后运行 gongkai calendar load 文件"


@pytest.fixture
def no_2027(calendar_dir: Path) -> Path:
    """An empty administrator's directory: the calendar ends with 2026."""
    calendar_dir.mkdir()
    return calendar_dir


def put_2027(directory: Path) -> None:
    """The administrator copies the year's file into the folder by hand (not `gongkai calendar load`)."""
    (directory / "2027.toml").write_text(TEST_2027, encoding="utf-8")


def test_registering_in_december_leaves_the_deadline_unknown(
    world: Any, register: Any, no_2027: Path
) -> None:
    application = register(D(2026, 12, 10))
    assert application.reply_due is None
    event = application.events.get()
    assert event.data["calendar_missing"] == 2027
    assert services.rebuild_state(application) == services.stored_state(application)
    receipt = application.letters.get()
    assert "〔期限待2027年节假日安排公布后确定〕" in receipt.body
    assert list(deadline_unknown(world.agency_a.applications.all())) == [application]


def test_a_step_running_into_2027_succeeds(
    world: Any, register: Any, no_2027: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 31))
    application = register(D(2026, 11, 20))
    assert application.reply_due == D(2026, 12, 18)
    services.start_consultation(application, world.clerk, D(2026, 12, 14), party="某某公司")
    application.refresh_from_db()
    assert application.state == "consulting"
    assert application.reply_due is None
    letter = application.letters.get(kind="consultation_letter")
    # the window runs from the party's receipt (issue 13): the letter gives the period, not a date
    assert "自收到本函之日起15个工作日内" in letter.body
    services.record_consultation_delivery(application, world.clerk, D(2026, 12, 15))
    # the window's end cannot be counted: closing it for want of an answer is refused, with the reason
    with pytest.raises(services.StepRefused, match="2027年节假日安排尚未载入，征求意见期限暂无法计算"):
        services.close_consultation_window(application, world.clerk, D(2026, 12, 31))
    # an answer may still be recorded
    services.record_consultation_answer(application, world.clerk, D(2026, 12, 21), objects=False)
    application.refresh_from_db()
    assert application.reply_due == D(
        2026, 12, 25
    )  # the pause (15–21 December, 5 days) ended: the deadline is known again
    assert services.rebuild_state(application) == services.stored_state(application)


def test_pages_and_remind_warn(world: Any, register: Any, client_for: Any, no_2027: Path) -> None:
    application = register(D(2026, 12, 10))
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk]))
    assert WARNING in page.content.decode()
    for user in (world.clerk, world.supervisor, world.superuser):
        dashboard = client_for(user).get(reverse("dashboard")).content.decode()
        assert "1 件办理中的申请答复期限暂无法计算" in dashboard, user
        assert WARNING in dashboard
    listing = client_for(world.clerk).get(reverse("applications:list")).content.decode()
    assert "期限待定" in listing
    out = io.StringIO()
    call_command("remind", "--date", "2026-12-11", stdout=out)
    text = out.getvalue()
    assert "期限待定  2026-0001  答复期限暂无法计算" in text
    assert f"注意：1件申请：{WARNING}" in text
    data = _remind_json("2026-12-11")
    assert data["items"][0]["reply_due"] is None
    assert data["items"][0]["status"] == "deadline_unknown"


def _remind_json(day: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("remind", "--date", day, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_due_soon_bound_does_not_run_past_the_calendar(no_2027: Path) -> None:
    calendar = system_calendar()
    assert queries.due_soon_before(D(2026, 12, 28), calendar) == D(2027, 1, 1)
    assert queries.due_soon_before(D(2026, 12, 1), calendar) == D(2026, 12, 9)


def test_remind_recomputes_once_the_year_is_loaded(world: Any, register: Any, no_2027: Path) -> None:
    application = register(D(2026, 12, 10))
    put_2027(no_2027)
    data = _remind_json("2027-01-04")
    assert data["recomputed"] == 1
    assert data["warnings"] == []
    assert data["items"][0]["reply_due"] == "2027-01-08"  # 1 January off in the test arrangement
    application.refresh_from_db()
    assert application.reply_due == D(2027, 1, 8)
    event = application.events.order_by("-seq").first()
    assert event is not None and event.action == "recompute_deadlines"
    assert event.actor is None
    assert event.data == {"on": "2026-12-10", "changes": {"reply_due": [None, "2027-01-08"]}}
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
    out = capsys.readouterr().out
    assert "已重新计算0件申请的答复期限。" in out
    assert f"仍有2件申请无法计算：{WARNING}" in out
    put_2027(no_2027)
    # opening the page changes nothing: it shows the stored deadline (still unknown) until recomputed
    page = client_for(world.clerk).get(reverse("applications:detail", args=[first.pk])).content.decode()
    assert WARNING in page
    first.refresh_from_db()
    assert first.reply_due is None
    assert gongkai_cli(["recompute-deadlines"]) == 0
    assert "已重新计算2件申请的答复期限。" in capsys.readouterr().out
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reply_due, second.reply_due) == (D(2027, 1, 8), D(2027, 1, 11))
    assert ApplicationEvent.objects.filter(action="recompute_deadlines").count() == 2
    page = client_for(world.clerk).get(reverse("applications:detail", args=[first.pk])).content.decode()
    assert "2027年1月8日" in page
    assert WARNING not in page


def test_timeline_labels_the_recompute(world: Any, register: Any, no_2027: Path, client_for: Any) -> None:
    application = register(D(2026, 12, 10))
    put_2027(no_2027)
    services.recompute_deadlines(system_calendar())
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "载入节假日安排后重新计算期限" in page
    assert "recompute_deadlines" not in page


def test_due_soon_bound_property(no_2027: Path) -> None:
    """For every day of the last covered year: the bound lies after it, and is either a working day of
    that year or the first day of the missing year — never a date guessed in 2027."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    calendar = system_calendar()

    @settings(max_examples=200, deadline=None)
    @given(st.dates(D(2026, 1, 1), D(2026, 12, 31)))
    def check(day: dt.date) -> None:
        bound = queries.due_soon_before(day, calendar)
        assert bound > day
        if bound.year == 2026:
            assert calendar.is_working_day(bound)
            assert calendar.working_days_between(day, bound) == queries.soon_working_days() + 1
        else:
            assert bound == D(2027, 1, 1)
            assert calendar.working_days_between(day, D(2026, 12, 31)) <= queries.soon_working_days()

    check()
