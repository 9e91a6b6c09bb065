"""`gongkai catalogue import/export` and table 二 through `gongkai tables`, against an independent count
over a generated catalogue: unique and stable 索引号, the right publication deadlines, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest

AGENCY = "示范市司法局"
HEADER = [
    "标题",
    "文号",
    "发文机关",
    "成文日期",
    "发布日期",
    "文件类型",
    "公开方式",
    "有效性",
    "失效日期",
    "主题分类",
]
KIND_LABELS = {"regulation": "规章", "normative": "行政规范性文件", "other": "其他文件"}


def generated_catalogue(seed: int = 7, count: int = 150) -> list[dict[str, Any]]:
    """Documents over 2023–2025: kinds, a few joint ones, some expired or repealed, some without 文号."""
    rng = random.Random(seed)
    documents = []
    for n in range(1, count + 1):
        written = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(0, 1000))
        kind = rng.choice(["regulation", "normative", "normative", "other", "other"])
        validity = rng.choice(["有效"] * 6 + ["废止", "失效"])
        invalid = written + dt.timedelta(days=rng.randrange(30, 500)) if validity != "有效" else None
        if invalid and invalid > dt.date(2025, 11, 30):
            invalid = dt.date(2025, 11, 30)
        documents.append(
            {
                "title": f"示范市司法局关于第{n}项工作的{'规定' if kind == 'regulation' else '通知'}",
                "doc_number": f"示司规〔{written.year}〕{n}号" if n % 7 else "",
                "issuers": "示范市司法局" + ("、示范市财政局" if n % 11 == 0 else ""),
                "written_on": written,
                "published_on": written + dt.timedelta(days=rng.randrange(0, 40)),
                "kind": kind,
                "validity": validity,
                "invalid_on": invalid,
                "theme": rng.choice(["公安、安全、司法", "综合政务"]),
            }
        )
    return documents


def workbook(documents: list[dict[str, Any]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for d in documents:
        sheet.append(
            [
                d["title"],
                d["doc_number"],
                d["issuers"],
                d["written_on"],
                d["published_on"].strftime("%Y年%m月%d日"),
                KIND_LABELS[d["kind"]],
                "主动公开",
                d["validity"],
                d["invalid_on"],
                d["theme"],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def independent_count(documents: list[dict[str, Any]], year: int) -> dict[str, dict[str, int]]:
    end = dt.date(year, 12, 31)
    table = {}
    for kind, row in (("regulation", "regulations"), ("normative", "normative_documents")):
        of_kind = [d for d in documents if d["kind"] == kind]
        table[row] = {
            "issued": sum(d["written_on"].year == year for d in of_kind),
            "repealed": sum(bool(d["invalid_on"]) and d["invalid_on"].year == year for d in of_kind),
            "in_force": sum(
                d["written_on"] <= end and not (d["invalid_on"] and d["invalid_on"] <= end) for d in of_kind
            ),
        }
    return table


@pytest.fixture
def run_cli(gongkai_cli: Any, capsys: pytest.CaptureFixture[str]) -> Any:
    def run(argv: list[str]) -> tuple[int, str, str]:
        code = gongkai_cli(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_a_generated_catalogue_gives_table_two_and_a_stable_export(
    db: None, tmp_path: Path, run_cli: Any
) -> None:
    from gongkai.core.calendar import system_calendar
    from gongkai.law.proactive import publication_due

    documents = generated_catalogue()
    path = tmp_path / "目录.xlsx"
    path.write_bytes(workbook(documents))
    code, out, err = run_cli(["catalogue", "import", str(path), "--agency", AGENCY])
    assert code == 0, err
    assert "新增 150 件" in out and "（新建）" in out
    for year in (2023, 2024, 2025):
        code, out, _err = run_cli(["tables", "--agency", AGENCY, "--year", str(year)])
        proactive = json.loads(out)["tables"]["proactive"]
        assert {k: proactive[k] for k in ("regulations", "normative_documents")} == independent_count(
            documents, year
        )
        assert proactive["administrative_licensing"] == {"decisions": None}  # not in the register
    code, out, _err = run_cli(["catalogue", "export", "--agency", AGENCY, "--format", "json"])
    exported = json.loads(out)
    numbers = [row["index_number"] for row in exported]
    assert len(exported) == 150 and len(set(numbers)) == 150 and all(numbers)
    calendar = system_calendar()
    by_title = {d["title"]: d for d in documents}
    for row in exported:
        source = by_title[row["title"]]
        assert row["publication_due"] == publication_due(source["written_on"], calendar).isoformat()
        assert row["index_number"].endswith(f"/{source['published_on'].year}-" + row["index_number"][-5:])
    code, out, _err = run_cli(["catalogue", "import", str(path), "--agency", AGENCY])
    assert "新增 0 件，更新 0 件，未变 150 件" in out
    _code, again, _err = run_cli(["catalogue", "export", "--agency", AGENCY, "--format", "json"])
    assert json.loads(again) == exported
    _code, csv_text, _err = run_cli(["catalogue", "export", "--agency", AGENCY, "--format", "csv"])
    assert csv_text.splitlines()[0].split(",")[:3] == ["index_number", "title", "doc_number"]


def test_one_bad_row_imports_nothing_and_names_the_row(db: None, tmp_path: Path, run_cli: Any) -> None:
    from gongkai.proactive.models import Document

    documents = generated_catalogue(count=5)
    documents[2]["written_on"] = "2025年2月30日"
    path = tmp_path / "目录.xlsx"
    path.write_bytes(workbook(documents))
    code, _out, err = run_cli(["catalogue", "import", str(path), "--agency", AGENCY])
    assert code == 2
    assert "第4行" in err and "未导入任何数据" in err
    assert not Document.objects.exists()


def test_repealed_without_a_date_and_unknown_kinds_are_errors(db: None, tmp_path: Path, run_cli: Any) -> None:
    documents = generated_catalogue(count=3)
    documents[0]["validity"], documents[0]["invalid_on"] = "废止", None
    documents[1]["kind"] = "other"
    path = tmp_path / "目录.xlsx"
    data = workbook(documents)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    sheet["F3"] = "会议纪要类"
    book.save(path)
    code, _out, err = run_cli(["catalogue", "import", str(path), "--agency", AGENCY])
    assert code == 2
    assert "第2行" in err and "须填写失效日期" in err
    assert "第3行" in err and "文件类型“会议纪要类”无法识别" in err


def test_usage_errors_exit_two(db: None, run_cli: Any) -> None:
    assert run_cli(["catalogue", "export"])[0] == 2
    assert run_cli(["catalogue", "export", "--agency", "不存在局"])[0] == 2
    assert run_cli(["catalogue", "import", "/nonexistent.xlsx", "--agency", AGENCY])[0] == 2


def test_an_imported_withheld_document_is_due_for_its_re_review(
    db: None, tmp_path: Path, run_cli: Any
) -> None:
    from gongkai.core.calendar import system_calendar
    from gongkai.proactive.models import Document
    from gongkai.proactive.queries import reminders

    path = tmp_path / "目录.csv"
    path.write_text(
        ",".join([*HEADER, "不公开理由"])
        + "\n示范市司法局关于某案件的内部请示,,示范市司法局,2024-03-01,,其他文件,不予公开,有效,,综合政务,内部事务信息\n",
        encoding="utf-8",
    )
    code, _out, err = run_cli(["catalogue", "import", str(path), "--agency", AGENCY])
    assert code == 0, err
    document = Document.objects.get()
    assert (document.state, document.rereview_on) == ("registered", dt.date(2025, 3, 1))
    due = reminders(None, dt.date(2025, 3, 10), system_calendar())
    assert [(d.status, d.due) for d in due] == [("rereview", dt.date(2025, 3, 1))]


def test_the_repealing_document_is_imported(db: None, tmp_path: Path, run_cli: Any) -> None:
    from gongkai.proactive.models import Document

    path = tmp_path / "目录.csv"
    path.write_text(
        ",".join([*HEADER, "废止依据"])
        + "\n示范市司法局关于某事项的规定,示司规〔2023〕1号,示范市司法局,2023-03-01,2023-03-05,行政规范性文件,"
        "主动公开,废止,2025-06-30,综合政务,示司规〔2025〕4号\n",
        encoding="utf-8",
    )
    code, _out, err = run_cli(["catalogue", "import", str(path), "--agency", AGENCY])
    assert code == 0, err
    document = Document.objects.get()
    assert (document.validity, document.invalid_on, document.repealed_by) == (
        "repealed",
        dt.date(2025, 6, 30),
        "示司规〔2025〕4号",
    )
