"""`gongkai judge`: files judged against each other, one JSON line each, Chinese errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import main


@pytest.mark.shared
def test_judge_files_prints_one_line_per_report(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = shared_dir / "real"
    code = main(["judge", str(real / "hongze-2024.txt"), str(real / "huaian-2024.txt"), "--jobs", "1"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["agency"], line["year"]) for line in lines] == [
        ("淮安市洪泽区人民政府", 2024),
        ("淮安市人民政府", 2024),
    ]
    assert lines[1]["score"] == 100 and lines[1]["reasons"] == []
    assert {r["rule"] for r in lines[0]["reasons"]} == {
        "text_vs_tables",
        "reading.uncertain",
        "problems.boilerplate",
    }
    assert code == 0  # warnings only


@pytest.mark.shared
def test_previous_reports_are_compared_not_printed(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of last year's report under this year's number: copied, and last year's not printed."""
    source = (shared_dir / "real" / "huaian-2024.txt").read_text("utf-8")
    copy = tmp_path / "huaian-2025.txt"
    copy.write_text(source.replace("2024", "2025"), "utf-8")
    code = main(["judge", str(copy), "--previous", str(shared_dir / "real"), "--jobs", "1"])
    (line,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert line["file"] == str(copy) and line["year"] == 2025
    assert "copy.previous_year" in {r["rule"] for r in line["reasons"]}
    assert code == 1


def test_unreadable_and_missing_files_say_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("这不是年度报告。", "utf-8")
    code = main(["judge", str(junk), str(tmp_path / "missing.pdf"), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "junk.txt：" in captured.err and "找不到该文件" in captured.err and "Traceback" not in captured.err
    assert main(["judge", str(junk), "--today", "2025/01/01"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
