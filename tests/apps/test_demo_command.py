"""`gongkai demo`: loads the city into an empty database once, and prints the logins."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gongkai.demo import city


def test_demo_command_if_empty(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from gongkai.agencies.models import Agency

    Agency.objects.create(name="某局", kind="department", code="mj")
    call_command("demo", "--if-empty")
    assert "数据库中已有数据，未载入演示数据" in capsys.readouterr().out
    assert Agency.objects.count() == 1


def test_demo_command_loads_once_and_prints_logins(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from gongkai.agencies.models import Agency

    call_command("demo", "--if-empty", "--today", "2025-11-20")
    out = capsys.readouterr().out
    assert "已载入演示城市“示范市人民政府”" in out
    assert "用户名 jyj_clerk" in out and f"密码 {city.PASSWORD}" in out
    call_command("demo")
    assert "演示城市已经载入" in capsys.readouterr().out
    assert Agency.objects.count() == 11
