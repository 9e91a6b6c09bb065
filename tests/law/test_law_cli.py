"""`gongkai deadline` and `gongkai fee`: JSON out, Chinese errors with exit status 2 (`gongkai calendar`
runs in the system: tests/apps/test_calendar_load.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from calendar_files import NEW_YEAR_2027

from gongkai.cli import ChineseArgumentParser
from gongkai.law import cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = ChineseArgumentParser(prog="gongkai")
    cli.register(parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser))
    try:
        args = parser.parse_args(argv)
        code = int(args.handler(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    return json.loads(out)


def test_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(["deadline", "--received", "2025-01-24"], capsys)
    assert data["reply_due"] == "2025-02-27"
    assert data["amendment_notice_due"] == "2025-02-10"
    assert data["explanation"][0] == {
        "date": "2025-01-24",
        "kind": "start",
        "count": None,
        "note": "起算日，当日不计入",
    }
    assert data["explanation"][-1]["count"] == 20
    assert "春节假期" in data["explanation_zh"]


def test_deadline_with_amendment_extension_and_pauses(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        [
            "deadline",
            "--received", "2024-09-20",
            "--amended", "2024-09-27",
            "--extended",
            "--pause", "2024-10-09:2024-10-15:征求第三方意见",
        ],
        capsys,
    )  # fmt: skip
    # 40 working days from 9/27 is 11/27 (test_law_deadlines); 5 paused working days: 11/28, 11/29, 12/2–4.
    assert data["reply_due"] == "2024-12-04"
    # The amendment notice runs from the first receipt: 9/23–27 d1–5, 9/29 d6, 9/30 d7.
    assert data["amendment_notice_due"] == "2024-09-30"
    assert data["reply"]["working_days"] == 40
    assert data["reply"]["pauses"] == [{"from": "2024-10-09", "to": "2024-10-15", "reason": "征求第三方意见"}]


def test_deadline_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["deadline", "--received", "2024-09-27", "--text"], capsys)
    assert code == 0
    assert out.startswith("答复期限：自2024年9月27日起计算20个工作日，届满日为2024年10月30日")
    assert "补正告知期限" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "--received", "2026-12-20"], "缺少2027年的节假日安排"),
        (["deadline", "--received", "2003-06-02"], "缺少2003年的节假日安排"),
        (["deadline", "--received", "2024-02-30"], "日期“2024-02-30”无法识别"),
        (["deadline", "--received", "昨天"], "日期“昨天”无法识别"),
        (["deadline", "--received", "2024-09-27", "--pause", "2024-10-09"], "起日:止日"),
        (["deadline", "--received", "2024-09-27", "--pause", "2024-10-15:2024-10-09"], "早于开始日"),
        (["deadline", "--received", "2024-09-27", "--amended", "2024-09-01"], "早于原申请的收到日期"),
        (["fee", "--by-count", "3", "--by-pages", "40"], "只能选择一种计收方式"),
        (["fee", "--by-pages", "三十"], "应为正整数"),
        (["fee", "--by-count", "0"], "应为正整数"),
        (["fee"], "请指定计收方式"),
    ],
)
def test_bad_input_exits_2_in_chinese(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("错误：")
    assert message in err
    assert "Traceback" not in err


def test_missing_required_argument(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["deadline"], capsys)
    assert code == 2
    assert "错误：" in err


@pytest.mark.parametrize(
    ("argv", "yuan"), [(["--by-count", "10"], 0), (["--by-count", "41"], 300), (["--by-pages", "201"], 2740)]
)
def test_fee(argv: list[str], yuan: int, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(["fee", *argv], capsys)
    assert data["yuan"] == yuan
    assert data["basis_zh"]


def test_deadline_counts_the_administrators_years(
    admin_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["deadline", "--received", "2026-12-20"], capsys)[0] == 2
    admin_dir.mkdir()
    (admin_dir / "2027.toml").write_text(NEW_YEAR_2027, encoding="utf-8")
    # From Sun 2026-12-20: 12/21–25 d1–5, 12/28–31 d6–9, 1/4–8 d10–14, 1/11–15 d15–19, 1/18 d20.
    assert run_json(["deadline", "--received", "2026-12-20"], capsys)["reply_due"] == "2027-01-18"


def test_through_the_gongkai_command() -> None:
    """The sub-commands are registered with the real `gongkai` entry point."""
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "fee", "--by-pages", "101"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["yuan"] == 720
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "deadline", "--received", "2027-01-04"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("错误：缺少2027年的节假日安排")
