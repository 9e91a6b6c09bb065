"""`gongkai parse` and `gongkai check`: JSON, JSON Lines, CSV for a folder, findings for people."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from layouts import random_report, render_text

from gongkai.annual.cli import csv_columns, describe_where
from gongkai.annual.model import cell_paths, set_cell
from gongkai.cli import main


def _write_report(path: Path, seed: int, fmt: str = "2021", broken_total: bool = False) -> dict:
    rng = random.Random(seed)
    report = random_report(rng, fmt)
    printed = json.loads(json.dumps(report))
    if broken_total:  # the source's own numbers do not add up
        set_cell(printed["tables"], "reviews.reconsideration.total", 999)
    path.write_text(render_text(printed, "tabs", rng), encoding="gb18030")
    return report


def test_parse_one_file_prints_one_json_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _write_report(tmp_path / "r.txt", 1)
    assert main(["parse", str(tmp_path / "r.txt")]) == 0
    out, err = capsys.readouterr()
    reading = json.loads(out)
    assert (reading["agency"], reading["year"], reading["format"]) == (
        report["agency"],
        report["year"],
        "2021",
    )
    assert reading["tables"] == report["tables"]
    assert {"signed_on", "fees_yuan", "sections", "findings"} <= set(reading)
    assert err == ""


def test_parse_several_files_prints_json_lines_and_fails_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_report(tmp_path / "a.txt", 1)
    _write_report(tmp_path / "b.txt", 2, fmt="2019")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "prose.txt").write_text("今天天气很好，我们去公园散步。\n" * 5, encoding="utf-8")
    files = [str(tmp_path / name) for name in ("a.txt", "empty.txt", "b.txt", "prose.txt")]
    assert main(["parse", *files, "--jobs", "1"]) == 2
    out, err = capsys.readouterr()
    assert [json.loads(line)["format"] for line in out.splitlines()] == ["2021", "2019"]
    assert err.splitlines() == [
        f"错误：{files[1]}：文件为空，没有任何内容。",
        f"错误：{files[3]}：这不是政府信息公开工作年度报告：没有找到年度报告的章节，也没有找到统计表格。",
    ]
    assert "Traceback" not in err


def test_parse_folder_to_csv_on_several_processes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    first = _write_report(folder / "a.txt", 3)
    _write_report(folder / "sub" / "b.TXT", 4, fmt="2019")
    (folder / "sub" / "c.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "ignored.json").write_text("{}")
    out_csv = tmp_path / "out.csv"
    assert main(["parse", str(folder), "--csv", str(out_csv), "--jobs", "2"]) == 2
    _, err = capsys.readouterr()
    assert "已读取 2 份报告" in err and "out.failed.csv" in err
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [Path(row["file"]).name for row in rows] == ["a.txt", "b.TXT"]
    assert list(rows[0]) == csv_columns()
    assert rows[0]["requests.new.total"] == str(first["tables"]["requests"]["new"]["total"])
    assert rows[0]["proactive.government_procurement.projects"] == ""  # a 2019-only cell of a 2021 report
    assert rows[1]["proactive.government_procurement.projects"] != ""
    assert rows[0]["errors"] == "0"
    with (tmp_path / "out.failed.csv").open(encoding="utf-8-sig", newline="") as handle:
        failed = list(csv.reader(handle))
    assert failed == [
        ["file", "reason"],
        [str(folder / "sub" / "c.pdf"), "PDF 文件已损坏或不完整，无法打开。"],
    ]


def test_csv_columns_cover_both_formats_once() -> None:
    columns = csv_columns()
    assert columns[:6] == ["file", "agency", "year", "format", "signed_on", "fees_yuan"]
    assert columns[-3:] == ["errors", "warnings", "uncertain"]
    assert set(cell_paths("2021")) | set(cell_paths("2019")) == set(columns[6:-3])
    assert len(columns) == len(set(columns))


def test_check_prints_findings_in_chinese_and_exits_1_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_report(tmp_path / "bad.txt", 5, broken_total=True)
    assert main(["check", str(tmp_path / "bad.txt")]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith(f"{tmp_path / 'bad.txt'}（")
    assert "错误：〔表四“行政复议”行“总计”列〕" in out


def test_check_exit_codes_clean_and_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_report(tmp_path / "good.txt", 6)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code = main(["check", str(tmp_path / "good.txt")])
    out, _ = capsys.readouterr()
    assert "错误：" not in out
    assert code == 0
    assert main(["check", str(tmp_path / "good.txt"), str(tmp_path / "image.png")]) == 2
    out, _ = capsys.readouterr()
    assert "无法读取：文件是 PNG 图片，没有文字层，需要先进行文字识别（OCR）后才能读取。" in out


def test_missing_path_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "none.txt")]) == 2
    assert "找不到该文件或文件夹" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["parse"])
    assert caught.value.code == 2
    assert "错误：命令参数有误" in capsys.readouterr().err


def test_where_in_words() -> None:
    assert (
        describe_where("requests.results.withheld.state_secret.total", "2021")
        == "表三“1.属于国家秘密”行“总计”列"
    )
    assert (
        describe_where("proactive.other_external_services.change", "2019")
        == "表二“其他对外管理服务事项”行“本年增/减”列"
    )
    assert describe_where("reviews", "2021") == "表四"
    assert describe_where("signed_on", "2021") == "落款日期"
    assert describe_where("sections.六", "2021") == "六、其他需要报告的事项"
    assert describe_where("sections.五", "2019") == "五、政府信息公开工作存在的主要问题及改进情况"
    assert describe_where("something.else", "2021") == "something.else"


def test_check_exits_0_when_the_reader_is_only_unsure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Table 二's row glued as '4316302' splits several ways and nothing decides: the cells are null
    with an 'uncertain' finding, which is no error of the report."""
    _write_report(tmp_path / "glued.txt", 6)
    lines = (tmp_path / "glued.txt").read_text(encoding="gb18030").splitlines()
    [row] = [k for k, line in enumerate(lines) if line.startswith("行政规范性文件")]
    lines[row] = "行政规范性文件4316302"
    (tmp_path / "glued.txt").write_text("\n".join(lines), encoding="gb18030")
    assert main(["check", str(tmp_path / "glued.txt")]) == 0
    out, _ = capsys.readouterr()
    assert "错误：" not in out
    assert "存疑：〔表二“行政规范性文件”行〕" in out
    assert "存疑 1 个" in out
