"""Importing a ledger (台账): file formats, date formats, both files, all or nothing, idempotent re-import."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.actions import Action
from gongkai.applications.ledger import import_ledger
from gongkai.applications.services import rebuild_state, stored_state
from gongkai.ledger import ImportFile, LedgerError
from gongkai.ledger.entries import parse_category, parse_date, parse_outcome, parse_review_kind

IMPORT_ACTION = Action.LEDGER_IMPORT
UPDATE_ACTION = Action.LEDGER_UPDATE

AGENCY = "示范区教育局"
HEADER = ["申请编号", "申请人类型", "收到日期", "办结日期", "办理结果", "申请人", "申请内容", "答复日期"]
ROWS = [
    ["2024-001", "自然人", "2024-01-05", "2024-01-20", "予以公开", "张三", "学校名单", "2024-01-20"],
    ["2024-002", "商业企业", "2024/1/5", "2024/2/1", "属于国家秘密", "某公司", "", ""],
    ["2024-003", "社会组织", "2024年3月1日", "", "", "某协会", "", ""],
    ["2024-004", "法律服务机构", "2024-12-30", "2025-01-06", "逾期不补正", "某律所", "", ""],
    ["2024-005", "其他", "2024-06-01", "2024-06-30", "withheld.process_information", "", "", ""],
    ["2024-006", "科研机构", "2024-07-01", "2024-08-30", "逾期未缴费", "某研究所", "", ""],
]
REVIEW_HEADER = ["案件编号", "类型", "收到日期", "结案日期", "结果", "申请编号"]
REVIEW_ROWS = [
    ["FY-1", "行政复议", "2024-03-01", "2024-05-01", "维持", "2024-002"],
    ["SS-1", "直接起诉", "2024-04-01", "", "", ""],
    ["SS-2", "复议后起诉", "2024-06-01", "2024-12-01", "纠正", ""],
]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    text = "\n".join(",".join(cells) for cells in rows) + "\n"
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_file(rows: list[list[str]], encoding: str = "utf-8") -> ImportFile:
    return ImportFile("台账.csv", csv_bytes([HEADER, *rows], encoding))


def review_file(rows: list[list[str]]) -> ImportFile:
    return ImportFile("复议诉讼.csv", csv_bytes([REVIEW_HEADER, *rows]))


def stored() -> dict[str, Any]:
    from gongkai.applications.models import Application

    return {a.number: a for a in Application.objects.all()}


def error_lines(exc: pytest.ExceptionInfo[LedgerError]) -> list[tuple[int, str]]:
    return [(e.row, e.message) for e in exc.value.errors]


# -- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-05",
        "2024/1/5",
        "2024年1月5日",
        " 2024-1-5 ",
        "2024-01-05 00:00:00",
        dt.datetime(2024, 1, 5, 0, 0),
        dt.date(2024, 1, 5),
        45296,  # Excel's serial number of 2024-01-05
        45296.0,
    ],
)
def test_every_date_format_reads_the_same_day(value: object) -> None:
    assert parse_date(value) == dt.date(2024, 1, 5)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_day_reads_back_in_every_format(day: dt.date) -> None:
    written = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y-%m-%d} 00:00:00",
        dt.datetime.combine(day, dt.time()),
        (day - dt.date(1899, 12, 30)).days,  # Excel's serial number
    ]
    assert {parse_date(value) for value in written} == {day}


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "5.1", "明天", "2024年1月"])
def test_bad_dates_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("属于国家秘密", "withheld.state_secret"),
        ("1.属于国家秘密", "withheld.state_secret"),
        ("不予公开-属于国家秘密", "withheld.state_secret"),
        ("（三）不予公开 1.属于国家秘密", "withheld.state_secret"),
        ("withheld.state_secret", "withheld.state_secret"),
        ("results.withheld.state_secret", "withheld.state_secret"),
        ("部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_disclosed"),
        ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.fee_unpaid"),
        ("部分公开", "partially_disclosed"),
        ("本机关不掌握相关政府信息", "unable_to_provide.not_held"),
        ("危及“三安全一稳定”", "withheld.security_stability"),
        ("逾期不补正", "other.no_amendment"),
        ("逾期未缴费", "other.fee_unpaid"),
        ("其他", "other.other"),
    ],
)
def test_outcome_labels(text: str, key: str) -> None:
    assert parse_outcome(text) == key


@pytest.mark.parametrize("text", ["其他处理", "不予公开", "很满意"])
def test_outcome_labels_that_are_not_a_row(text: str) -> None:
    with pytest.raises(ValueError):
        parse_outcome(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("自然人", "natural_person"),
        ("社会组织", "social_welfare_organization"),
        ("社会公益组织", "social_welfare_organization"),
        ("法人或其他组织-商业企业", "commercial_enterprise"),
        ("法律服务机构", "legal_service_institution"),
        ("其他", "other"),
        ("research_institution", "research_institution"),
    ],
)
def test_applicant_categories(text: str, key: str) -> None:
    assert parse_category(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("行政复议", "reconsideration"),
        ("直接起诉", "litigation_direct"),
        ("未经复议直接起诉", "litigation_direct"),
        ("行政诉讼（复议后起诉）", "litigation_after_reconsideration"),
        ("复议后起诉", "litigation_after_reconsideration"),
    ],
)
def test_review_kinds(text: str, key: str) -> None:
    assert parse_review_kind(text) == key


@pytest.mark.parametrize("value", ["", None, "—", "-", "/", " －－ "])
def test_empty_date_is_none(value: object) -> None:
    assert parse_date(value) is None


def test_dashes_mean_open(db: None) -> None:
    import_ledger(AGENCY, ledger_file([["1", "自然人", "2024-01-05", "—", "/"]]))
    assert (stored()["1"].closed_on, stored()["1"].outcome, stored()["1"].state) == (None, "", "registered")


# -- a good ledger -------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_ledger_in_each_encoding_is_imported(db: None, encoding: str) -> None:
    from gongkai.agencies.models import Agency

    summary = import_ledger(AGENCY, ledger_file(ROWS, encoding))
    assert summary.agency_created
    assert summary.applications_created == 6
    agency = Agency.objects.get(name=AGENCY)
    assert agency.kind == "department"
    apps = stored()
    assert apps["2024-001"].applicant_category == "natural_person"
    assert apps["2024-001"].received_on == dt.date(2024, 1, 5)
    assert apps["2024-001"].closed_on == dt.date(2024, 1, 20)
    assert apps["2024-001"].replied_on == dt.date(2024, 1, 20)
    assert apps["2024-001"].outcome == "disclosed"
    assert apps["2024-001"].applicant_name == "张三"
    assert apps["2024-001"].content == "学校名单"
    assert apps["2024-002"].outcome == "withheld.state_secret"
    assert apps["2024-003"].applicant_category == "social_welfare_organization"
    assert apps["2024-003"].received_on == dt.date(2024, 3, 1)
    assert apps["2024-003"].closed_on is None and apps["2024-003"].outcome == ""
    assert apps["2024-004"].outcome == "other.no_amendment"
    assert apps["2024-005"].outcome == "withheld.process_information"
    assert apps["2024-006"].outcome == "other.fee_unpaid"
    assert apps["2024-006"].applicant_category == "research_institution"


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_or_semicolon_separated(db: None, delimiter: str) -> None:
    text = "\n".join(delimiter.join(row) for row in [HEADER, *ROWS])
    summary = import_ledger(AGENCY, ImportFile("台账.csv", text.encode("utf-8")))
    assert summary.applications_created == 6


def test_quoted_cells_with_commas_and_line_breaks(db: None) -> None:
    text = '申请编号,申请人类型,收到日期,办结日期,办理结果,申请内容\n1,自然人,2024-01-05,,,"一、学区, 划分\n二、名单"\n'
    import_ledger(AGENCY, ImportFile("台账.csv", text.encode("utf-8")))
    assert stored()["1"].content == "一、学区, 划分\n二、名单"


def test_imported_applications_get_a_consistent_state_and_an_event(db: None) -> None:
    import_ledger(AGENCY, ledger_file(ROWS))
    apps = stored()
    assert apps["2024-001"].state == "filed"
    assert apps["2024-003"].state == "registered"
    assert apps["2024-003"].reply_due is not None and apps["2024-003"].reply_due > dt.date(2024, 3, 1)
    for application in apps.values():
        events = list(application.events.all())
        assert [(e.seq, e.action, e.to_state) for e in events] == [(1, IMPORT_ACTION, application.state)]
        assert events[0].data["source"] == "台账.csv"
        # The workbench can rebuild the application from its log, as for any application.
        assert rebuild_state(application) == stored_state(application)
    event = apps["2024-002"].events.get()
    assert event.data["row"] == 3
    assert event.data["on"] == "2024-02-01"
    assert event.data["particulars"]["applicant_category"] == "commercial_enterprise"
    assert apps["2024-003"].events.get().data["on"] == "2024-03-01"


def test_a_government_is_created_as_a_government(db: None) -> None:
    from gongkai.agencies.models import Agency

    import_ledger("示范县人民政府", ledger_file(ROWS[:1]))
    assert Agency.objects.get(name="示范县人民政府").kind == "government"


def test_xlsx_with_date_cells_and_numbers(db: None) -> None:
    rows: list[list[Any]] = [
        ["台账（2024年）"],  # a title above the header row
        HEADER,
        [2024001, "自然人", dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 8), "部分公开", None, None, None],
        ["2024002", "商业企业", "2024年1月5日", None, None, None, None, None],
    ]
    summary = import_ledger(AGENCY, ImportFile("台账.xlsx", xlsx_bytes(rows)))
    assert summary.applications_created == 2
    apps = stored()
    assert apps["2024001"].closed_on == dt.date(2024, 1, 8)
    assert apps["2024001"].outcome == "partially_disclosed"
    assert apps["2024002"].received_on == dt.date(2024, 1, 5)


def test_xlsx_errors_use_excel_row_numbers(db: None) -> None:
    rows: list[list[Any]] = [
        ["台账"],
        HEADER,
        ["1", "自然人", "2024-01-05", None, None],
        ["2", "外星人", "2024-01-05"],
    ]
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ImportFile("台账.xlsx", xlsx_bytes(rows)))
    assert [row for row, _ in error_lines(exc)] == [4]


def test_review_file_is_imported_and_linked(db: None) -> None:
    from gongkai.applications.models import ReviewCase

    summary = import_ledger(AGENCY, ledger_file(ROWS), review_file(REVIEW_ROWS))
    assert summary.reviews_created == 3
    cases = {c.number: c for c in ReviewCase.objects.all()}
    assert cases["FY-1"].kind == "reconsideration"
    assert cases["FY-1"].result == "upheld"
    assert cases["FY-1"].concluded_on == dt.date(2024, 5, 1)
    assert cases["FY-1"].application == stored()["2024-002"]
    assert cases["SS-1"].kind == "litigation_direct"
    assert (cases["SS-1"].result, cases["SS-1"].concluded_on, cases["SS-1"].application) == ("", None, None)
    assert cases["SS-2"].kind == "litigation_after_reconsideration"
    assert cases["SS-2"].result == "corrected"


def test_review_file_may_refer_to_an_application_imported_before(db: None) -> None:
    from gongkai.applications.models import ReviewCase

    import_ledger(AGENCY, ledger_file(ROWS))
    import_ledger(AGENCY, ledger_file([]), review_file(REVIEW_ROWS[:1]))
    assert ReviewCase.objects.get().application == stored()["2024-002"]


# -- re-import -----------------------------------------------------------------------------------------


def test_importing_the_same_ledger_twice_changes_nothing(db: None) -> None:
    from gongkai.applications.models import ApplicationEvent, ReviewCase

    import_ledger(AGENCY, ledger_file(ROWS), review_file(REVIEW_ROWS))
    before = {n: (a.updated_at, a.state) for n, a in stored().items()}
    summary = import_ledger(AGENCY, ledger_file(ROWS), review_file(REVIEW_ROWS))
    assert (summary.agency_created, summary.applications_created, summary.applications_updated) == (
        False,
        0,
        0,
    )
    assert summary.applications_unchanged == 6
    assert (summary.reviews_created, summary.reviews_updated, summary.reviews_unchanged) == (0, 0, 3)
    assert {n: (a.updated_at, a.state) for n, a in stored().items()} == before
    assert ApplicationEvent.objects.count() == 6
    assert ReviewCase.objects.count() == 3


def test_reimport_updates_a_row_that_was_closed_since(db: None) -> None:
    import_ledger(AGENCY, ledger_file(ROWS))
    closed = [row[:] for row in ROWS]
    closed[2][3:5] = ["2024-03-20", "本机关不掌握相关政府信息"]
    summary = import_ledger(AGENCY, ledger_file(closed))
    assert (summary.applications_created, summary.applications_updated, summary.applications_unchanged) == (
        0,
        1,
        5,
    )
    application = stored()["2024-003"]
    assert (application.state, application.outcome) == ("filed", "unable_to_provide.not_held")
    assert application.closed_on == dt.date(2024, 3, 20)
    update = application.events.get(seq=2)
    assert update.action == UPDATE_ACTION
    assert (update.from_state, update.to_state) == ("registered", "filed")
    assert update.data["changes"] == {
        "state": ["registered", "filed"],
        "closed_on": [None, "2024-03-20"],
        "outcome": ["", "unable_to_provide.not_held"],
    }
    assert rebuild_state(application) == stored_state(application)


def test_a_workbench_application_is_not_overwritten_by_a_ledger(db: None) -> None:
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application

    agency = Agency.objects.create(name=AGENCY, kind="department", code="jyj")
    Application.objects.create(
        agency=agency, number="2024-001", applicant_category="natural_person", received_on=dt.date(2024, 1, 5)
    )
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ledger_file(ROWS))
    assert error_lines(exc) == [(2, "申请编号 2024-001 已在本系统中办理，与台账不一致，不能用台账覆盖")]
    assert Application.objects.count() == 1


# -- all or nothing ------------------------------------------------------------------------------------


def assert_nothing_imported() -> None:
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application, ApplicationEvent, ReviewCase

    assert Agency.objects.count() == 0
    assert Application.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert ReviewCase.objects.count() == 0


BAD_ROWS: list[tuple[list[str], str]] = [
    (["", "自然人", "2024-01-05", "", ""], "“申请编号”不能为空"),
    (["X", "", "2024-01-05", "", ""], "“申请人类型”不能为空"),
    (["X", "自然人", "", "", ""], "“收到日期”不能为空"),
    (["X", "外星人", "2024-01-05", "", ""], "申请人类型“外星人”无法识别"),
    (["X", "自然人", "2024-01-32", "", ""], "收到日期：日期“2024-01-32”无法识别"),
    (["X", "自然人", "2024-01-05", "下周", "予以公开"], "办结日期：日期“下周”无法识别"),
    (["X", "自然人", "2024-01-05", "2024-01-06", "很满意"], "办理结果“很满意”无法识别"),
    (
        ["X", "自然人", "2024-01-05", "2024-01-04", "予以公开"],
        "办结日期（2024-01-04）早于收到日期（2024-01-05）",
    ),
    (["X", "自然人", "2024-01-05", "", "予以公开"], "有“办理结果”但没有“办结日期”"),
    (["X", "自然人", "2024-01-05", "2024-01-06", ""], "有“办结日期”但没有“办理结果”"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_one_bad_row_refuses_the_whole_ledger(db: None, bad: list[str], message: str) -> None:
    rows = [*ROWS[:3], [*bad, "", "", ""], *ROWS[3:]]
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ledger_file(rows), review_file(REVIEW_ROWS))
    lines = error_lines(exc)
    assert len(lines) == 1
    row, text = lines[0]
    assert row == 5  # header is row 1, the bad row is the fourth data row
    assert message in text
    assert str(exc.value.errors[0]).startswith("申请台账 台账.csv 第5行：")
    assert_nothing_imported()


def test_every_bad_row_is_listed(db: None) -> None:
    rows = [ROWS[0], ["A", "外星人", "2024-01-05", "", ""], ROWS[1], ["B", "自然人", "昨天", "", ""]]
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ledger_file(rows))
    assert [row for row, _ in error_lines(exc)] == [3, 5]


def test_duplicate_numbers_inside_the_file(db: None) -> None:
    rows = [*ROWS, ["2024-002", "自然人", "2024-05-05", "", ""]]
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ledger_file(rows))
    assert error_lines(exc) == [(8, "“申请编号”2024-002 与第3行重复")]
    assert_nothing_imported()


def test_missing_required_column(db: None) -> None:
    data = csv_bytes([["申请编号", "收到日期"], ["1", "2024-01-05"]])
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ImportFile("台账.csv", data))
    assert error_lines(exc) == [(0, "找不到表头中的必需列：申请人类型、办结日期、办理结果（第一行应为列名）")]
    assert_nothing_imported()


def test_unsupported_file_type(db: None) -> None:
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ImportFile("台账.xls", b"\xd0\xcf\x11\xe0"))
    assert "另存为 .xlsx 或 .csv" in exc.value.errors[0].message


REVIEW_BAD_ROWS: list[tuple[list[str], str]] = [
    (["", "行政复议", "2024-03-01", "", "", ""], "“案件编号”不能为空"),
    (["FY-9", "信访", "2024-03-01", "", "", ""], "类型“信访”无法识别"),
    (["FY-9", "行政复议", "2024-3-32", "", "", ""], "收到日期：日期“2024-3-32”无法识别"),
    (["FY-9", "行政复议", "2024-03-01", "2024-04-01", "", ""], "有“结案日期”但没有“结果”"),
    (["FY-9", "行政复议", "2024-03-01", "", "维持", ""], "有“结果”但没有“结案日期”"),
    (
        ["FY-9", "行政复议", "2024-03-01", "2024-02-01", "维持", ""],
        "结案日期（2024-02-01）早于收到日期（2024-03-01）",
    ),
    (["FY-9", "行政复议", "2024-03-01", "2024-04-01", "驳回", ""], "结果“驳回”无法识别"),
    (
        ["FY-9", "行政复议", "2024-03-01", "", "", "2099-1"],
        "“申请编号”2099-1 在申请台账和本机关已有申请中都不存在",
    ),
    (["FY-1", "行政复议", "2024-03-01", "", "", ""], "“案件编号”FY-1 与第2行重复"),
]


@pytest.mark.parametrize(("bad", "message"), REVIEW_BAD_ROWS)
def test_one_bad_review_row_refuses_both_files(db: None, bad: list[str], message: str) -> None:
    with pytest.raises(LedgerError) as exc:
        import_ledger(AGENCY, ledger_file(ROWS), review_file([*REVIEW_ROWS, bad]))
    lines = error_lines(exc)
    assert len(lines) == 1
    assert lines[0][0] == 5
    assert message in lines[0][1]
    assert str(exc.value.errors[0]).startswith("复议诉讼台账 复议诉讼.csv 第5行：")
    assert_nothing_imported()


def test_pending_may_be_written_out(db: None) -> None:
    from gongkai.applications.models import ReviewCase

    import_ledger(
        AGENCY, ledger_file(ROWS), review_file([["FY-1", "行政复议", "2024-03-01", "", "尚未审结", ""]])
    )
    assert ReviewCase.objects.get().result == ""


# -- the command ---------------------------------------------------------------------------------------


@pytest.fixture
def run_cli(gongkai_cli: Any, capsys: pytest.CaptureFixture[str]) -> Any:
    def run(argv: list[str]) -> tuple[int, str, str]:
        code = gongkai_cli(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_command_imports_and_reports(db: None, tmp_path: Path, run_cli: Any) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_bytes(csv_bytes([HEADER, *ROWS], "gb18030"))
    reviews = tmp_path / "复议.xlsx"
    reviews.write_bytes(xlsx_bytes([REVIEW_HEADER, *REVIEW_ROWS]))
    code, out, _err = run_cli(
        ["ledger", "import", str(ledger), "--agency", AGENCY, "--reviews", str(reviews)]
    )
    assert code == 0
    assert "申请：新增 6 件，更新 0 件，未变 0 件" in out
    assert "复议诉讼案件：新增 3 件" in out


def test_command_refuses_a_bad_ledger_with_exit_2(db: None, tmp_path: Path, run_cli: Any) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_bytes(csv_bytes([HEADER, *ROWS, ["Z", "自然人", "2024-02-30", "", ""]]))
    code, _out, err = run_cli(["ledger", "import", str(ledger), "--agency", AGENCY])
    assert code == 2
    assert "台账有 1 处错误，未导入任何数据" in err
    assert "第8行" in err
    assert "Traceback" not in err
    assert_nothing_imported()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ledger", "import", "/nonexistent.csv", "--agency", AGENCY], "找不到申请台账文件"),
        (["ledger", "import", "x.csv"], "请用 --agency 指定机关名称"),
        (["ledger", "export"], "用法：gongkai ledger import"),
    ],
)
def test_command_usage_errors(db: None, run_cli: Any, argv: list[str], message: str) -> None:
    code, _out, err = run_cli(argv)
    assert code == 2
    assert message in err
