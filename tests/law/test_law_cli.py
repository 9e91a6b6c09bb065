"""`gongkai deadline` and `gongkai fee`: JSON out, Chinese errors with exit status 2 (`gongkai calendar`
runs in the system: tests/apps/test_calendar_load.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from calendar_files import FILE_2027, NEW_YEAR_2027

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
        # 2027 counts provisionally while not loaded (test_provisional_until_loaded); the year after does not
        (["deadline", "--received", "2027-12-20"], "缺少2028年的节假日安排"),
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
    before = run_json(["deadline", "--received", "2026-12-20"], capsys)
    assert (before["reply_due"], before["provisional"]) == ("2027-01-18", True)
    admin_dir.mkdir()  # `gongkai calendar load` (tests/apps/test_calendar_load.py) puts the file there
    (admin_dir / "2027.toml").write_text(NEW_YEAR_2027, encoding="utf-8")
    # From Sun 2026-12-20: 12/21–25 d1–5, 12/28–31 d6–9, 1/4–8 d10–14, 1/11–15 d15–19, 1/18 d20.
    after = run_json(["deadline", "--received", "2026-12-20"], capsys)
    assert (after["reply_due"], after["provisional"]) == ("2027-01-18", False)


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
        [sys.executable, "-m", "gongkai.cli", "deadline", "--received", "2028-01-04"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("错误：缺少2028年的节假日安排")


def test_deadline_with_consultations(capsys: pytest.CaptureFixture[str]) -> None:
    """Received 2025-03-03; consulted 3-5 (received 3-7, answered 3-12) and 3-10 (received 3-11, no answer:
    its window closes 4-1). The pauses overlap: 3-6 … 4-1 are not counted (19 working days)."""
    data = run_json(
        [
            "deadline",
            "--received", "2025-03-03",
            "--consultation", "2025-03-05:2025-03-07:2025-03-12",
            "--consultation", "2025-03-10:2025-03-11",
        ],
        capsys,
    )  # fmt: skip
    assert [c["consultation_due"] for c in data["consultations"]] == ["2025-03-28", "2025-04-01"]
    assert data["consultations"][0]["excluded"] == {"after": "2025-03-05", "to": "2025-03-12"}
    assert data["consultations"][1]["excluded"] == {"after": "2025-03-10", "to": "2025-04-01"}
    # 3-4 d1, 3-5 d2, 4-2 d3, 4-3 d4, (清明 4-4…4-6), 4-7…4-11 d5–9, 4-14…4-18 d10–14, 4-21…4-25 d15–19,
    # Sunday 4-27 d20: a make-up working day for 劳动节
    assert data["reply_due"] == "2025-04-27"
    assert data["provisional"] is False
    unknown = run_json(["deadline", "--received", "2025-03-03", "--consultation", "2025-03-05:"], capsys)
    assert unknown["consultations"][0]["delivery_recorded"] is False
    assert unknown["consultations"][0]["consultation_due"] == "2025-03-26"
    assert unknown["provisional"] is True  # the window may end later once the receipt is recorded
    code, _, err = run(["deadline", "--received", "2025-03-03", "--consultation", "2025-03-05"], capsys)
    assert code == 2 and "应写成 发出日:送达日[:收到意见日]" in err
    code, _, err = run(
        ["deadline", "--received", "2025-03-03", "--consultation", "2025-03-05:2025-03-04"], capsys
    )
    assert code == 2 and "送达日期2025年3月4日早于发出日期2025年3月5日" in err


def test_provisional_until_loaded(admin_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Received on 2027-02-08 (a statutory day off): provisional 3-10, exact 3-11 once the (made-up) 2027
    arrangement FILE_2027 is loaded; dates in loaded years keep their exact value throughout."""
    before = run_json(["deadline", "--received", "2027-02-08"], capsys)
    assert (before["reply_due"], before["provisional"]) == ("2027-03-10", True)
    assert "暂定：国务院办公厅尚未公布2027年节假日安排" in before["explanation_zh"]
    assert "春节假期（暂定）" in before["explanation_zh"]
    exact_2025 = run_json(["deadline", "--received", "2025-01-24"], capsys)
    assert (exact_2025["reply_due"], exact_2025["provisional"]) == ("2025-02-27", False)
    code, out, _ = run(["deadline", "--received", "2026-12-20", "--text"], capsys)
    assert code == 0 and "2027年1月1日（星期五）：元旦假期（暂定），不计（1天）" in out
    december = run_json(["deadline", "--received", "2026-12-20"], capsys)  # issue 13's acceptance example
    assert (december["reply_due"], december["provisional"]) == ("2027-01-18", True)
    admin_dir.mkdir()  # as `gongkai calendar load` does (tests/apps/test_calendar_load.py)
    (admin_dir / "2027.toml").write_text(FILE_2027, encoding="utf-8")
    after = run_json(["deadline", "--received", "2027-02-08"], capsys)
    assert (after["reply_due"], after["provisional"]) == ("2027-03-11", False)
    december = run_json(["deadline", "--received", "2026-12-20"], capsys)
    assert (december["reply_due"], december["provisional"]) == ("2027-01-18", False)
    assert "暂定" not in after["explanation_zh"]


def test_remedy(capsys: pytest.CaptureFixture[str]) -> None:
    base = [
        "remedy",
        "--agency",
        "淮安市洪泽区人民政府",
        "--agency-level",
        "county",
        "--agency-kind",
        "government",
    ]
    data = run_json(
        [*base, "--above", "淮安市人民政府", "--outcome", "withheld.state_secret", "--signed", "2025-03-03"],
        capsys,
    )
    assert {
        key: data[key]
        for key in ("reconsideration_body", "reconsideration_first", "reconsideration_days", "litigation")
    } == {
        "reconsideration_body": "淮安市人民政府",
        "reconsideration_first": True,
        "reconsideration_days": 60,
        "litigation": {"direct_months": None, "after_reconsideration_days": 15},
    }
    assert "六十日内向淮安市人民政府申请行政复议" in data["text"]
    narrow = run_json(
        [
            *base,
            "--above",
            "淮安市人民政府",
            "--outcome",
            "unable_to_provide.not_held",
            "--signed",
            "2025-03-03",
            "--reading",
            "narrow",
        ],
        capsys,
    )
    assert (narrow["reconsideration_first"], narrow["litigation"]["direct_months"]) == (False, 6)
    department = [
        "remedy", "--agency", "淮安市教育局", "--agency-level", "city", "--agency-kind", "department",
        "--government", "淮安市人民政府", "--above", "江苏省教育厅", "--outcome", "disclosed",
    ]  # fmt: skip
    old = run_json([*department, "--signed", "2023-12-29"], capsys)
    assert old["reconsideration_body"] == "淮安市人民政府或者江苏省教育厅"
    assert (
        run_json([*department, "--signed", "2024-01-02"], capsys)["reconsideration_body"] == "淮安市人民政府"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--agency-level", "county", "--agency-kind", "government"],
            "请提供上一级人民政府的名称（用 --above 给出）。",
        ),
        (
            ["--agency-level", "township", "--agency-kind", "department"],
            "乡镇人民政府不设工作部门",
        ),
        (
            ["--agency-level", "national", "--agency-kind", "government"],
            "行政复议法未规定对国务院行政行为申请行政复议的机关",
        ),
        (["--agency-level", "city", "--agency-kind", "bureau"], "命令参数有误"),
        (
            [
                "--agency-level",
                "city",
                "--agency-kind",
                "government",
                "--above",
                "江苏省",
                "--outcome",
                "disclosed",
            ],
            "“江苏省”不是人民政府的全称",
        ),
        (
            [
                "--agency-level",
                "city",
                "--agency-kind",
                "government",
                "--above",
                "江苏省人民政府",
                "--outcome",
                "驳回",
            ],
            "未知的办理结果“驳回”",
        ),
    ],
)
def test_remedy_refuses_in_chinese(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["remedy", "--agency", "某机关", "--signed", "2025-03-03", *extra]
    if "--outcome" not in extra:
        argv += ["--outcome", "withheld.state_secret"]
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("错误：") or "错误：" in err
    assert message in err and "Traceback" not in err
