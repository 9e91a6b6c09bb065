"""The database commands on a machine where nothing has been set up yet (run as a new user would)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each command runs in a subprocess on its own data folder (SQLite, or an address that does not answer),
# whatever the test database is: run once.
pytestmark = pytest.mark.one_database

LEDGER = "申请编号,申请人类型,收到日期,办结日期,办理结果\nA1,自然人,2024-01-05,2024-01-20,予以公开\nA2,商业企业,2024/3/1,,\n"


def gongkai(var_dir: Path, *argv: str, database_url: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GONGKAI_VAR_DIR": str(var_dir), "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *argv], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_first_ledger_import_sets_up_the_empty_database(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    var_dir = tmp_path / "var"
    imported = gongkai(var_dir, "ledger", "import", str(ledger), "--agency", "测试局")
    assert imported.returncode == 0, imported.stderr
    assert "数据库尚未建立，正在初始化" in imported.stderr
    tables = gongkai(var_dir, "tables", "--agency", "测试局", "--year", "2024")
    assert tables.returncode == 0, tables.stderr
    assert "数据库尚未建立" not in tables.stderr  # set up once
    new = json.loads(tables.stdout)["tables"]["requests"]["new"]
    assert (new["natural_person"], new["commercial_enterprise"]) == (1, 1)


def test_an_unreachable_database_is_a_chinese_message_not_a_traceback(tmp_path: Path) -> None:
    result = gongkai(
        tmp_path,
        "tables",
        "--agency",
        "x",
        "--year",
        "2024",
        database_url="postgres://nobody@127.0.0.1:9/none",
    )
    assert result.returncode == 2
    assert "无法使用数据库" in result.stderr and "Traceback" not in result.stderr


def test_a_database_that_needs_upgrading_is_not_changed_behind_the_administrators_back(
    tmp_path: Path,
) -> None:
    assert gongkai(tmp_path, "migrate", "--verbosity", "0").returncode == 0
    assert gongkai(tmp_path, "migrate", "applications", "0002", "--verbosity", "0").returncode == 0
    result = gongkai(tmp_path, "tables", "--agency", "x", "--year", "2024")
    assert result.returncode == 2
    assert "请先运行 gongkai migrate" in result.stderr
