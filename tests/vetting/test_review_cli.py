"""`gongkai review FILE…` on Word, PDF, HTML and text files: JSON Lines, exit codes, Chinese errors."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from gongkai.cli import main

NOTICE = [
    "机密★1年",
    "示例市教育局关于做好2026年春季招生工作的通知",
    "示教发[2026]3号",
    "各中小学：",
    "根据《中华人民共和国政府信息公开条例》（国务院令第711号），现将有关事项通知如下。",
    "学生张伟（身份证号码：110101199003071233）的材料已补正。",
    "咨询电话：0571-87654321。",
    "示例市教育局",
    "2026年3月5日",
]
RULES = ["secret.marking", "wording.doc_number_brackets", "pii.id_number"]


def _docx(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _review(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["review", "--today", "2026-06-15", *args])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_word_text_and_html_give_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    word = _docx(tmp_path / "notice.docx", NOTICE)
    text = tmp_path / "notice.txt"
    text.write_text("\n".join(NOTICE), encoding="gb18030")
    html = tmp_path / "notice.html"
    html.write_text(
        "<html><body>" + "".join(f"<p>{line}</p>" for line in NOTICE) + "</body></html>", encoding="utf-8"
    )
    code, results, err = _review(capsys, str(word), str(text), str(html))
    assert (code, err) == (1, "")
    assert [result["file"] for result in results] == [str(word), str(text), str(html)]
    for result in results:
        assert [f["rule"] for f in result["findings"]] == RULES
        marking = result["findings"][0]
        assert marking["where"] == {"line": 1, "offset": 0}
        assert set(marking) == {"rule", "severity", "message", "where", "text", "suggestion"}
    assert results[0]["findings"][2]["suggestion"] == "110101********1233"


def test_pdf_findings_carry_their_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    pages = "".join(
        f'<p style="page-break-before: always">第{n}页的正文内容，按要求做好相关工作。</p>'
        for n in range(1, 3)
    )
    body = pages + "<p>当事人：刘洋，联系电话：13812345678。</p>"
    html = f"<html><head><style>@page {{ size: A4 }} body {{ font-family: 'Noto Sans CJK SC', sans-serif }}</style></head><body>{body}</body></html>"
    path = tmp_path / "decision.pdf"
    weasyprint.HTML(string=html).write_pdf(str(path))
    code, results, _ = _review(capsys, str(path))
    if code == 2:
        pytest.skip("no CJK font for weasyprint on this machine")
    [finding] = results[0]["findings"]
    assert (code, finding["rule"], finding["where"]["page"]) == (1, "pii.mobile", 2)


def test_clean_file_exits_zero_and_unreadable_file_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = _docx(tmp_path / "clean.docx", NOTICE[1:2] + NOTICE[4:5] + NOTICE[6:])
    code, results, err = _review(capsys, str(clean))
    assert (code, results, err) == (0, [{"file": str(clean), "findings": []}], "")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    code, results, err = _review(
        capsys, str(clean), str(tmp_path / "image.png"), str(tmp_path / "missing.docx")
    )
    assert code == 2 and len(results) == 1
    assert err.splitlines() == [
        f"错误：{tmp_path / 'image.png'}：文件是 PNG 图片，没有文字层，需要先进行文字识别（OCR）后才能读取。",
        f"错误：{tmp_path / 'missing.docx'}：找不到文件：{tmp_path / 'missing.docx'}",
    ]


def test_warnings_alone_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("根据示教发[2026]3号文件精神，现印发给你们。。", encoding="utf-8")
    code, results, _ = _review(capsys, str(path))
    assert code == 0
    assert [(f["rule"], f["severity"]) for f in results[0]["findings"]] == [
        ("wording.doc_number_brackets", "warning"),
        ("wording.punctuation", "warning"),
    ]


def test_today_decides_the_future_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _docx(tmp_path / "n.docx", ["现予公布。", "示例市教育局", "2026年7月1日"])
    assert _review(capsys, str(path))[0] == 1
    assert main(["review", "--today", "2026-07-01", str(path)]) == 0
    capsys.readouterr()
    assert main(["review", "--today", "2026-02-30", str(path)]) == 2
    assert "2026-02-30" in capsys.readouterr().err


def test_extra_terms_from_csv_and_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "t.txt"
    text.write_text("请使用本局专用简称甲乙丙和旧称丁戊。", encoding="utf-8")
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text(
        "表述,类型,规范表述,严重程度,来源,说明\n甲乙丙,禁用,,错误,本局2026年第1号通知,\n",
        encoding="utf-8-sig",
    )
    toml_file = tmp_path / "terms.toml"
    toml_file.write_text(
        '[[term]]\nexpression = "丁戊"\nkind = "fixed"\nreplacement = "己庚"\nsource = "本局规范"\n',
        encoding="utf-8",
    )
    code, results, _ = _review(
        capsys, "--extra-terms", str(csv_file), "--extra-terms", str(toml_file), str(text)
    )
    assert code == 1
    assert [(f["rule"], f["text"], f["suggestion"]) for f in results[0]["findings"]] == [
        ("wording.banned_expression", "甲乙丙", None),
        ("wording.fixed_form", "丁戊", "己庚"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("表述,类型,来源\n甲乙丙,其他,本局\n", encoding="utf-8")
    assert main(["review", "--extra-terms", str(bad), str(text)]) == 2
    assert "第2行" in capsys.readouterr().err
