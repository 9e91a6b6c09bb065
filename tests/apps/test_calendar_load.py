"""`gongkai calendar`: loading a year recomputes, in the same transaction, every stored deadline it changes
(also when a loaded year is replaced); a failed load changes nothing; pages never write. The 2027
arrangements used here are test data, not the State Council's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from arrangements_2027 import CORRECTED_2027, TEST_2027
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import deadlines, services
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.core.calendar import system_calendar

D = dt.date


def notice(tmp_path: Path, text: str, name: str = "notice.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loading_a_year_makes_its_provisional_deadlines_exact(
    world: Any, register: Any, calendar_dir: Path, tmp_path: Path, gongkai_cli: Any, capsys: Any
) -> None:
    provisional = register(D(2026, 12, 10))
    assert "即2027年1月8日（暂定）前" in provisional.letters.get(kind="receipt").body
    # counted on the statutory holidays alone (元旦, Friday 1 January 2027, off): marked 暂定
    assert provisional.reply_due == D(2027, 1, 8)
    assert deadlines.is_provisional(provisional, system_calendar())
    code = gongkai_cli(["calendar", "load", str(notice(tmp_path, CORRECTED_2027))])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"已载入2027年节假日安排，保存为 {calendar_dir / '2027.toml'}。")
    assert "已按节假日安排重新计算1件申请的答复期限。" in out
    provisional.refresh_from_db()
    # 1 to 5 January off: 20 working days from 10 December end on Tuesday 12 January.
    assert provisional.reply_due == D(2027, 1, 12)
    assert not deadlines.is_provisional(provisional, system_calendar())
    event = provisional.events.order_by("-seq").first()
    assert event is not None and event.action == "recompute_deadlines" and event.actor is None
    assert event.data == {"on": "2026-12-10", "changes": {"reply_due": ["2027-01-08", "2027-01-12"]}}
    assert services.rebuild_state(provisional) == services.stored_state(provisional)
    # the unsigned receipt drafted with the provisional date now gives the exact one
    assert "即2027年1月12日前" in provisional.letters.get(kind="receipt").body


def test_replacing_a_loaded_year_recomputes_the_deadlines_counted_through_it(
    world: Any, register: Any, calendar_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 31))
    call_command("calendar", "load", str(notice(tmp_path, TEST_2027)))
    through_2027 = register(D(2026, 12, 10))
    within_2026 = register(D(2026, 11, 2))
    amending = register(D(2026, 12, 11))
    services.request_amendment(amending, world.clerk, D(2026, 12, 14), points="写明文号")
    assert (through_2027.reply_due, within_2026.reply_due) == (D(2027, 1, 8), D(2026, 11, 30))
    before = {a.pk: a.events.count() for a in (within_2026, amending)}
    call_command("calendar", "load", str(notice(tmp_path, CORRECTED_2027, "corrected.toml")))
    through_2027.refresh_from_db()
    # 1 to 5 January off: 20 working days from 10 December end on Tuesday 12 January.
    assert through_2027.reply_due == D(2027, 1, 12)
    event = through_2027.events.order_by("-seq").first()
    assert event is not None
    assert event.data["changes"] == {"reply_due": ["2027-01-08", "2027-01-12"]}
    assert services.rebuild_state(through_2027) == services.stored_state(through_2027)
    assert {a.pk: a.events.count() for a in (within_2026, amending)} == before
    assert sorted(p.name for p in calendar_dir.iterdir()) == ["2027.toml"]


class Broken(Exception):
    """The failure a test injects."""


def test_a_failed_load_recomputes_nothing_and_keeps_the_folder_as_it_was(
    world: Any, register: Any, calendar_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call_command("calendar", "load", str(notice(tmp_path, TEST_2027)))
    first = register(D(2026, 12, 10))
    second = register(D(2026, 12, 11))
    calls = []

    def recompute_then_fail(application: Application, calendar: Any) -> Any:
        calls.append(application.pk)
        if len(calls) == 2:  # the first deadline is already changed in the transaction when this fails
            raise Broken
        return real(application, calendar)

    real = deadlines._recompute
    monkeypatch.setattr(deadlines, "_recompute", recompute_then_fail)
    events = ApplicationEvent.objects.count()
    with pytest.raises(Broken):
        call_command("calendar", "load", str(notice(tmp_path, CORRECTED_2027, "corrected.toml")))
    assert calls == [first.pk, second.pk]
    assert (calendar_dir / "2027.toml").read_text(encoding="utf-8") == TEST_2027
    assert ApplicationEvent.objects.count() == events
    first.refresh_from_db()
    assert first.reply_due == D(2027, 1, 8)
    monkeypatch.setattr(deadlines, "_recompute", real)
    call_command("calendar", "load", str(notice(tmp_path, CORRECTED_2027, "corrected.toml")))
    first.refresh_from_db()
    assert first.reply_due == D(2027, 1, 12)


def test_pages_never_write(world: Any, register: Any, client_for: Any, calendar_dir: Path) -> None:
    """Opening the pages (with a deadline waiting for a year, and the year's file since put into the
    folder by hand) sends no INSERT, UPDATE or DELETE to the system's tables."""
    application = register(D(2026, 12, 10))
    calendar_dir.mkdir()
    (calendar_dir / "2027.toml").write_text(TEST_2027, encoding="utf-8")
    pages = [
        reverse("dashboard"),
        reverse("applications:list"),
        reverse("applications:detail", args=[application.pk]),
        reverse("statistics:statistics"),
        reverse("reports:list"),
    ]
    for user in (world.clerk, world.supervisor, world.superuser):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            for page in pages:
                assert client.get(page).status_code == 200, page
        # The session's idle expiry is refreshed by Django's session store: not the system's data.
        writes = [
            q["sql"]
            for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and '"django_session"' not in q["sql"]
        ]
        assert writes == [], user
    application.refresh_from_db()
    assert application.reply_due == D(2027, 1, 8)
    assert application.events.count() == 1


def test_calendar_show(db: None, calendar_dir: Path, gongkai_cli: Any, capsys: Any) -> None:
    assert gongkai_cli(["calendar", "show", "2024"]) == 0
    out = capsys.readouterr().out
    assert (
        "国庆节：2024年10月1日至2024年10月7日放假，共7天；调休上班：2024年9月29日（星期日）、2024年10月12日（星期六）"
        in out
    )
    assert gongkai_cli(["calendar", "show"]) == 0
    out = capsys.readouterr().out
    assert "2004年：chinesecalendar" in out
    assert "2027年：暂定：国务院办公厅尚未公布2027年节假日安排" in out


def test_calendar_load_check_and_a_bad_file(
    db: None, calendar_dir: Path, tmp_path: Path, gongkai_cli: Any, capsys: Any
) -> None:
    path = notice(tmp_path, TEST_2027)
    assert gongkai_cli(["calendar", "load", str(path), "--check"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "校验通过：2027年节假日安排。"
    assert not calendar_dir.exists()
    bad = notice(tmp_path, TEST_2027.replace("last_day = 2027-01-01", "last_day = 2026-12-25"), "bad.toml")
    assert gongkai_cli(["calendar", "load", str(bad)]) == 2
    assert "放假最后一天2026年12月25日早于第一天2027年1月1日" in capsys.readouterr().err
    assert not calendar_dir.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["calendar", "show", "2028"], "缺少2028年的节假日安排"),
        (["calendar", "show", "明年"], "年份应为正整数"),
        (["calendar", "load", "/nonexistent/2027.toml"], "找不到文件"),
        (["calendar"], "请指定操作"),
    ],
)
def test_calendar_bad_input_exits_2_in_chinese(
    db: None, calendar_dir: Path, gongkai_cli: Any, capsys: Any, argv: list[str], message: str
) -> None:
    assert gongkai_cli(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("错误：") and message in err
    assert "Traceback" not in err


def test_the_applications_answer_a_loaded_year_in_a_fresh_process() -> None:
    """`gongkai calendar load` imports no page: the receiver must be connected when Django starts."""
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gongkai.web.settings'; django.setup(); "
        "from gongkai.core.calendar import calendar_changed; "
        "print(calendar_changed.has_listeners())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
