"""`gongkai remind` (due soon and overdue, per agency and person) and `gongkai serve`'s address."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.web.management.commands.serve import parse_address

D = dt.date


@pytest.fixture
def due_world(world: Any, register: Any) -> dict[str, Any]:
    return {
        "overdue": register(D(2025, 2, 10)),  # due 10 March
        "soon": register(D(2025, 2, 24)),  # due 24 March
        "later": register(D(2025, 3, 14)),  # due 14 April
        "other": register(D(2025, 2, 11), agency=world.agency_b, clerk=world.clerk_b),  # due 11 March
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_remind_text(due_world: dict[str, Any]) -> None:
    text = run("--date", "2025-03-17")
    assert text == (
        "政府信息公开申请到期提醒（2025年3月17日；5个工作日内到期视为即将到期）\n"
        "\n【洪泽区教育局】\n"
        "  王经办：\n"
        "    已逾期  2025-0001  答复期限 2025年3月10日  （已登记）\n"
        "    即将到期  2025-0002  答复期限 2025年3月24日  （已登记）\n"
        "\n【洪泽区自然资源局】\n"
        "  陈经办：\n"
        "    已逾期  2025-0001  答复期限 2025年3月11日  （已登记）\n"
        "\n合计：已逾期 2 件，即将到期 1 件。\n"
    )


def test_remind_json_for_one_agency(due_world: dict[str, Any]) -> None:
    data = json.loads(run("--date", "2025-03-17", "--json", "--agency", "洪泽区教育局"))
    assert data == {
        "date": "2025-03-17",
        "due_soon_working_days": 5,
        "recomputed": 0,
        "warnings": [],
        "items": [
            {
                "agency": "洪泽区教育局",
                "person": "王经办",
                "number": "2025-0001",
                "reply_due": "2025-03-10",
                "provisional": False,
                "status": "overdue",
                "state": "已登记",
            },
            {
                "agency": "洪泽区教育局",
                "person": "王经办",
                "number": "2025-0002",
                "reply_due": "2025-03-24",
                "provisional": False,
                "status": "due_soon",
                "state": "已登记",
            },
        ],
        "proactive": [],  # the register of this agency is empty
    }


def test_remind_nothing_due(world: Any) -> None:
    assert "没有即将到期或已逾期的申请。" in run("--date", "2025-03-17")


def test_remind_bad_date(world: Any) -> None:
    with pytest.raises(CommandError, match="无法识别") as caught:
        run("--date", "三月")
    assert caught.value.returncode == 2


def test_gongkai_remind_through_the_cli(due_world: dict[str, Any], capsys: Any, gongkai_cli: Any) -> None:
    main = gongkai_cli
    assert main(["remind", "--date", "2025-03-17", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["items"]) == 3
    assert main(["remind", "--date", "2025年13月1日"]) == 2
    assert "错误：日期“2025年13月1日”无法识别" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("address", "expected"),
    [("8000", ("127.0.0.1", 8000)), ("0.0.0.0:8080", ("0.0.0.0", 8080)), ("[::1]:8000", ("::1", 8000))],
)
def test_serve_address(address: str, expected: tuple[str, int]) -> None:
    assert parse_address(address) == expected


@pytest.mark.parametrize("address", ["localhost", "1.2.3.4:99999", "x:y"])
def test_serve_bad_address(address: str) -> None:
    with pytest.raises(CommandError, match="请写成 端口 或 主机:端口"):
        parse_address(address)
