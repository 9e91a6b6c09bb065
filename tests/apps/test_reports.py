"""The annual report in the web system: assembled from the data, checked, approved by the head, published."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

from gongkai.annual.drafting import fill_placeholders, placeholders
from gongkai.annual.rules import check_report, text_quotes
from gongkai.demo.reports import DEMO_INPUTS
from gongkai.reports import services
from gongkai.reports.due import due_date, due_status
from gongkai.reports.excel import InputsImportError, build_template, read_inputs
from gongkai.reports.models import AnnualReport, ReportEvent, ReportState
from gongkai.statistics.tables import tables_for

YEAR = 2025
# Table 二 as the demo clerk enters it, with no 信息处理费 collected.
INPUTS: dict[str, Any] = {**DEMO_INPUTS, "fees_yuan": Decimal(0)}


def add_application(
    agency: Any,
    number: str,
    category: str,
    received: dt.date,
    closed: dt.date | None = None,
    outcome: str = "",
) -> Any:
    from gongkai.applications.models import Application

    return Application.objects.create(
        agency=agency,
        number=number,
        applicant_category=category,
        received_on=received,
        closed_on=closed,
        outcome=outcome,
        state="filed" if closed else "registered",
    )


def add_review(
    agency: Any, number: str, kind: str, received: dt.date, concluded: dt.date | None, result: str
) -> None:
    from gongkai.applications.models import ReviewCase

    ReviewCase.objects.create(
        agency=agency, number=number, kind=kind, received_on=received, concluded_on=concluded, result=result
    )


def populate(agency: Any) -> None:
    """Two years of a small department: carried over, carried forward, all kinds of outcomes, reviews."""
    d = dt.date
    add_application(agency, "2024-01", "natural_person", d(2024, 3, 1), d(2024, 3, 20), "disclosed")
    add_application(
        agency, "2024-02", "natural_person", d(2024, 12, 20), d(2025, 1, 10), "withheld.third_party_rights"
    )
    add_application(agency, "2024-03", "commercial_enterprise", d(2024, 12, 28), d(2025, 1, 20), "disclosed")
    add_application(agency, "2025-01", "natural_person", d(2025, 2, 1), d(2025, 2, 20), "disclosed")
    add_application(agency, "2025-02", "natural_person", d(2025, 4, 1), d(2025, 4, 28), "partially_disclosed")
    add_application(
        agency,
        "2025-03",
        "legal_service_institution",
        d(2025, 5, 6),
        d(2025, 6, 1),
        "unable_to_provide.not_held",
    )
    add_application(agency, "2025-04", "natural_person", d(2025, 7, 1), d(2025, 8, 15), "other.no_amendment")
    add_application(agency, "2025-05", "commercial_enterprise", d(2025, 12, 22))
    add_review(agency, "F-1", "reconsideration", d(2025, 3, 1), d(2025, 5, 1), "upheld")
    add_review(agency, "S-1", "litigation_direct", d(2025, 11, 1), None, "")


def finish_text(report: AnnualReport, actor: Any) -> None:
    """The clerk writes their own prose wherever the draft asks for it."""
    report.refresh_from_db()
    services.update_sections(
        report,
        actor,
        {
            k: fill_placeholders(v, lambda hint: f"本机关{hint[:6]}情况良好。")
            for k, v in report.sections.items()
        },
    )


def published_report(world: Any) -> AnnualReport:
    populate(world.agency_a)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    services.update_inputs(report, world.clerk, INPUTS)
    finish_text(report, world.clerk)
    findings = services.check(report, world.clerk)
    assert [f for f in findings if f["severity"] == "error"] == []
    services.approve(report, world.head)
    services.publish(report, world.clerk)
    report.refresh_from_db()
    return report


# --- the acceptance: the published report is the data, its text quotes it, the checks pass ----------


@pytest.mark.django_db
def test_published_report_tables_and_text_equal_the_statistics(world: Any) -> None:
    report = published_report(world)
    assert report.state == ReportState.PUBLISHED
    expected = tables_for([world.agency_a.id], YEAR)
    assert report.snapshot is not None
    assert report.snapshot["tables"]["requests"] == expected["requests"]
    assert report.snapshot["tables"]["reviews"] == expected["reviews"]
    assert report.snapshot["tables"]["proactive"]["administrative_licensing"] == {"decisions": 856}
    assert report.snapshot["tables"]["proactive"]["administrative_fees"] == {"amount_wan_yuan": 12.5}
    # The text quotes the same figures, as `gongkai check` reads them.
    quotes = {rule: figure for rule, _what, figure, _paths in text_quotes(report.snapshot["sections"]["一"])}
    assert quotes == {
        "text_received": expected["requests"]["new"]["total"],
        "text_carried_over": expected["requests"]["carried_over"]["total"],
        "text_handled": expected["requests"]["results"]["total"]["total"],
        "text_carried_forward": expected["requests"]["carried_forward"]["total"],
        "text_reconsideration": expected["reviews"]["reconsideration"]["total"],
        "text_litigation": expected["reviews"]["litigation_direct"]["total"]
        + expected["reviews"]["litigation_after_reconsideration"]["total"],
    }
    assert (quotes["text_received"], quotes["text_carried_over"], quotes["text_carried_forward"]) == (5, 2, 1)
    assert "全年收取政府信息公开信息处理费0元" in report.snapshot["sections"]["六"]
    assert "行政规范性文件3件" in report.snapshot["sections"]["一"]
    assert (
        "全年作出行政许可决定856件；行政处罚决定47件；行政强制决定5件。本年度行政事业性收费金额12.5万元。"
        in (report.snapshot["sections"]["一"])
    )
    assert [f for f in check_report(report.snapshot) if f.severity == "error"] == []
    assert report.published_html.startswith("<!DOCTYPE html>")
    assert bytes(report.published_pdf).startswith(b"%PDF")
    assert bytes(report.published_docx).startswith(b"PK")


@pytest.mark.django_db
def test_published_files_read_back_to_the_same_cells(world: Any) -> None:
    from gongkai.annual.model import iter_cells
    from gongkai.annual.reader import read_document
    from gongkai.annual.sources import load_document

    report = published_report(world)
    assert report.snapshot is not None
    expected = dict(iter_cells(report.snapshot["tables"], "2021"))
    for name, content in (
        ("r.html", report.published_html.encode("utf-8")),
        ("r.docx", bytes(report.published_docx)),
        ("r.pdf", bytes(report.published_pdf)),
    ):
        read = read_document(load_document(content, name))
        assert dict(iter_cells(read["tables"], "2021")) == expected, name
        assert [f for f in read.get("findings", []) if f["severity"] == "error"] == [], name


@pytest.mark.django_db
def test_gongkai_tables_and_gongkai_check_agree_with_the_published_report(
    world: Any, tmp_path: Any, capsys: Any
) -> None:
    import json

    from django.core.management import call_command

    from gongkai.cli import main

    report = published_report(world)
    assert report.snapshot is not None
    out = io.StringIO()
    call_command("tables", "--agency", world.agency_a.name, "--year", str(YEAR), stdout=out)
    tables = json.loads(out.getvalue())["tables"]
    # `gongkai tables` gives table 二 too (its register rows; this agency keeps no register)
    assert {k: report.snapshot["tables"][k] for k in ("requests", "reviews")} == {
        k: tables[k] for k in ("requests", "reviews")
    }
    for name, content in (("r.html", report.published_html.encode()), ("r.pdf", bytes(report.published_pdf))):
        (tmp_path / name).write_bytes(content)
        capsys.readouterr()
        assert main(["check", str(tmp_path / name)]) == 0, capsys.readouterr().out


# --- approval ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_approval_blocked_by_an_error_unless_the_head_gives_a_reason(world: Any) -> None:
    populate(world.agency_a)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    findings = services.check(report, world.clerk)
    errors = [f for f in findings if f["severity"] == "error"]
    assert {f["rule"] for f in errors} == {services.RULE_PLACEHOLDER}
    with pytest.raises(services.ReportActionError, match="检查发现8处错误"):
        services.approve(report, world.head)
    with pytest.raises(services.ReportActionError, match="检查发现"):
        services.approve(report, world.head, "   ")
    with pytest.raises(services.ReportActionError, match="只有本机关的负责人"):
        services.approve(report, world.clerk, "理由")
    with pytest.raises(services.ReportActionError, match="只有本机关的负责人"):
        services.approve(report, world.head_b, "理由")
    services.approve(report, world.head, "联系方式另行公布，正文已按要求补充。")
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert report.override_reason == "联系方式另行公布，正文已按要求补充。"
    event = report.events.get(action="approve")
    assert event.actor == world.head
    assert event.data == {"errors": 8, "override_reason": "联系方式另行公布，正文已按要求补充。"}


@pytest.mark.django_db
def test_approval_and_publication_follow_the_states(world: Any) -> None:
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    with pytest.raises(services.ReportActionError, match="须先检查"):
        services.approve(report, world.head)
    with pytest.raises(services.ReportActionError, match="须经负责人批准"):
        services.publish(report, world.clerk)
    finish_text(report, world.clerk)
    services.check(report, world.clerk)
    services.approve(report, world.head)
    # Any change after approval sends the report back to drafted: what is approved is what was checked.
    services.update_inputs(report, world.clerk, {"penalty_decisions": 3})
    report.refresh_from_db()
    assert (report.state, report.approved_by, report.snapshot) == (ReportState.DRAFTED, None, None)
    services.check(report, world.clerk)
    services.approve(report, world.head)
    services.publish(report, world.clerk)
    with pytest.raises(services.ReportActionError, match="已经发布"):
        services.update_sections(report, world.clerk, {"五": "改"})
    actions = list(report.events.values_list("action", "from_state", "to_state"))
    assert actions == [
        ("open", "", "drafted"),
        ("edit_text", "drafted", "drafted"),
        ("check", "drafted", "checked"),
        ("approve", "checked", "approved"),
        ("edit_inputs", "approved", "drafted"),
        ("check", "drafted", "checked"),
        ("approve", "checked", "approved"),
        ("publish", "approved", "published"),
    ]


@pytest.mark.django_db
def test_publication_refused_when_the_data_changed_after_the_check(world: Any) -> None:
    populate(world.agency_a)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    finish_text(report, world.clerk)
    services.check(report, world.clerk)
    services.approve(report, world.head)
    add_application(
        world.agency_a, "2025-99", "natural_person", dt.date(2025, 6, 1), dt.date(2025, 6, 5), "disclosed"
    )
    with pytest.raises(services.ReportActionError, match="请重新检查"):
        services.publish(report, world.clerk)


@pytest.mark.django_db
def test_text_figures_follow_the_data_and_keep_the_clerks_words(world: Any) -> None:
    populate(world.agency_a)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    finish_text(report, world.clerk)
    report.refresh_from_db()
    prose = [line for line in report.sections["一"].split("\n") if line.startswith("本机关")]
    assert len(prose) == 4
    # Table 二 entered after the text was written: the figures in the text follow at once.
    services.update_inputs(report, world.clerk, {"licensing_decisions": 9})
    report.refresh_from_db()
    assert "全年作出行政许可决定9件" in report.sections["一"]
    assert [line for line in report.sections["一"].split("\n") if line.startswith("本机关")] == prose
    event = report.events.get(action="edit_inputs")
    assert event.data["changes"] == {"licensing_decisions": {"old": "0", "new": "9"}}
    assert "一" in event.data["text_changes"]
    # An application registered afterwards: the check says the text is out of date ...
    add_application(
        world.agency_a, "2025-77", "natural_person", dt.date(2025, 9, 1), dt.date(2025, 9, 9), "disclosed"
    )
    findings = services.check(report, world.clerk)
    assert [f["rule"] for f in findings if f["severity"] == "error"] == [services.RULE_STALE_FIGURES]
    assert "共收到政府信息公开申请5件" in report.sections["一"]
    # ... and one click brings the figures up to date without touching the clerk's words.
    services.refresh_text(report, world.clerk)
    report.refresh_from_db()
    assert "共收到政府信息公开申请6件" in report.sections["一"]
    assert [line for line in report.sections["一"].split("\n") if line.startswith("本机关")] == prose
    assert [f for f in services.check(report, world.clerk) if f["severity"] == "error"] == []


def fee_events(application: Any, notice_on: str, yuan: int, paid_on: str | None) -> None:
    from django.utils import timezone

    from gongkai.applications.models import ApplicationEvent

    events = [("send_fee_notice", {"on": notice_on, "quote": {"method": "by_pages", "yuan": yuan}})]
    if paid_on:
        events.append(("record_payment", {"on": paid_on}))
    for seq, (action, data) in enumerate(events, start=application.events.count() + 1):
        ApplicationEvent.objects.create(
            application=application, seq=seq, at=timezone.now(), action=action, data=data
        )


@pytest.mark.django_db
def test_processing_fees_collected_come_from_the_payments(world: Any) -> None:
    d = dt.date
    paid = add_application(world.agency_a, "F-1", "natural_person", d(2025, 4, 1), d(2025, 6, 1), "disclosed")
    fee_events(paid, "2025-04-20", 300, "2025-05-06")
    unpaid = add_application(
        world.agency_a, "F-2", "natural_person", d(2025, 4, 1), d(2025, 6, 1), "other.fee_unpaid"
    )
    fee_events(unpaid, "2025-04-20", 200, None)
    next_year = add_application(world.agency_a, "F-3", "natural_person", d(2025, 12, 1))
    fee_events(next_year, "2025-12-20", 100, "2026-01-08")
    other_agency = add_application(
        world.agency_b, "F-4", "natural_person", d(2025, 4, 1), d(2025, 6, 1), "disclosed"
    )
    fee_events(other_agency, "2025-04-20", 500, "2025-05-06")
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    assert report.fees_yuan == Decimal(300)
    assert "全年收取政府信息公开信息处理费300元" in report.sections["六"]
    services.update_inputs(report, world.clerk, {"fees_yuan": Decimal(0)})
    report.refresh_from_db()
    assert "全年收取政府信息公开信息处理费0元" in report.sections["六"]
    findings = services.check(report, world.clerk)
    assert [f["message"] for f in findings if f["rule"] == services.RULE_FEES] == [
        "报告填写本年收取信息处理费0元，系统中记录的本年缴费合计300元，请核对。"
    ]


@pytest.mark.django_db
def test_inputs_out_of_range_are_refused(world: Any) -> None:
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    with pytest.raises(services.ReportActionError):
        services.update_inputs(report, world.clerk, {"fees_wan_yuan": Decimal("123456789012345")})
    with pytest.raises(services.ReportActionError, match="不是可以修改的项目"):
        services.update_inputs(report, world.clerk, {"state": "published"})


@pytest.mark.django_db
def test_report_events_are_append_only(world: Any) -> None:
    from gongkai.core.models import AppendOnlyError

    report = services.open_report(world.agency_a, YEAR, world.clerk)
    event = ReportEvent.objects.get(report=report)
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


# --- last year ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_carried_over_mismatch_with_last_years_report_in_the_system(world: Any) -> None:
    populate(world.agency_a)
    last = services.open_report(world.agency_a, YEAR - 1, world.clerk)
    services.check(last, world.clerk)  # last year's report as checked: 2 carried forward
    # An application of 2024, registered late (after last year's report was checked), still open then.
    add_application(
        world.agency_a,
        "2024-09",
        "research_institution",
        dt.date(2024, 11, 5),
        dt.date(2025, 1, 6),
        "disclosed",
    )
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    findings = services.check(report, world.clerk)
    mismatch = [f for f in findings if f["rule"] == services.RULE_CARRIED_OVER]
    assert mismatch == [
        {
            "rule": services.RULE_CARRIED_OVER,
            "severity": "error",
            "message": "表三“二、上年结转政府信息公开申请数量”与上年报告的“四、结转下年度继续办理”不一致（"
            "科研机构：本年1件，上年0件；总计：本年3件，上年2件；上年报告来自本系统中的2024年报告）。"
            "如因机构调整等原因确有不同，请负责人在批准时写明理由。",
            "where": "tables.requests.carried_over",
        }
    ]


@pytest.mark.django_db
def test_no_carried_over_finding_when_last_year_agrees(world: Any) -> None:
    populate(world.agency_a)
    services.check(services.open_report(world.agency_a, YEAR - 1, world.clerk), world.clerk)
    findings = services.check(services.open_report(world.agency_a, YEAR, world.clerk), world.clerk)
    assert [f for f in findings if f["rule"] == services.RULE_CARRIED_OVER] == []


@pytest.mark.django_db
def test_carried_over_mismatch_with_an_uploaded_report(world: Any) -> None:
    from gongkai.annual.writers import render_report

    populate(world.agency_a)
    last_data = {
        "agency": world.agency_a.name,
        "year": YEAR - 1,
        "format": "2021",
        "tables": {
            "proactive": services.proactive_table(AnnualReport(agency=world.agency_a, year=YEAR - 1)),
            **tables_for([world.agency_a.id], YEAR - 1),
        },
    }
    last_data["tables"]["requests"]["carried_forward"]["natural_person"] = 4
    last_data["tables"]["requests"]["carried_forward"]["total"] = 5
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    services.import_previous(report, world.clerk, render_report(last_data, "docx"), "2024年报告.docx")
    findings = services.check(report, world.clerk)
    mismatch = [f["message"] for f in findings if f["rule"] == services.RULE_CARRIED_OVER]
    assert len(mismatch) == 1
    assert (
        "自然人：本年1件，上年4件；总计：本年2件，上年5件；上年报告来自导入的上年报告（2024年报告.docx）"
        in mismatch[0]
    )


@pytest.mark.django_db
def test_uploading_another_years_report_is_refused(world: Any) -> None:
    from gongkai.annual.document import ReadError
    from gongkai.annual.writers import render_report

    data = {"agency": world.agency_a.name, "year": 2020, "format": "2019", "tables": {}}
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    with pytest.raises(ReadError):
        services.import_previous(report, world.clerk, render_report(data, "html"), "old.html")


@pytest.mark.django_db
def test_in_force_is_carried_on_from_last_year(world: Any) -> None:
    last = services.open_report(world.agency_a, YEAR - 1, world.clerk)
    services.update_inputs(last, world.clerk, {"normative_in_force": 10, "regulations_in_force": 2})
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    assert (report.normative_in_force, report.regulations_in_force) == (10, 2)
    services.update_inputs(report, world.clerk, {"normative_issued": 3, "normative_repealed": 1})
    findings = services.check(report, world.clerk)
    assert [f["message"] for f in findings if f["rule"] == services.RULE_IN_FORCE] == [
        "表二行政规范性文件“现行有效件数”为10件，按上年2024年报告的10件加本年制发、减本年废止应为12件，请核对。"
    ]


@pytest.mark.django_db
def test_comparisons_with_last_years_report_in_the_draft(world: Any) -> None:
    populate(world.agency_a)
    services.check(services.open_report(world.agency_a, YEAR - 1, world.clerk), world.clerk)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    assert "共收到政府信息公开申请5件，比上年增加2件" in report.sections["一"]


# --- opening, permissions in the services -----------------------------------------------------------


@pytest.mark.django_db
def test_only_the_agencys_staff_open_and_edit(world: Any) -> None:
    with pytest.raises(services.ReportActionError, match="工作人员"):
        services.open_report(world.agency_a, YEAR, world.clerk_b)
    with pytest.raises(services.ReportActionError, match="工作人员"):
        services.open_report(world.agency_a, YEAR, world.supervisor)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    assert services.open_report(world.agency_a, YEAR, world.reviewer) == report
    with pytest.raises(services.ReportActionError, match="工作人员"):
        services.update_inputs(report, world.supervisor, {"penalty_decisions": 1})
    with pytest.raises(services.ReportActionError, match="已经开始的年度"):
        services.open_report(world.agency_a, 2999, world.clerk)
    with pytest.raises(services.ReportActionError, match="2021年以来"):
        services.open_report(world.agency_a, 2020, world.clerk)


# --- Excel template ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_excel_template_round_trip(world: Any) -> None:
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    services.update_inputs(report, world.clerk, INPUTS)
    report.refresh_from_db()
    values = read_inputs(build_template(report))
    assert values == {
        "regulations_issued": 0,
        "regulations_repealed": 0,
        "regulations_in_force": 0,
        **INPUTS,
    }


def _workbook(rows: list[tuple[Any, ...]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(("项目", "数值", "说明"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_excel_import_lists_every_bad_row_and_imports_nothing(db: None) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(build_template()))["表二及信息处理费"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    rows[0] = (rows[0][0], "三", "")  # 规章 本年制发件数
    rows[6] = (rows[6][0], 2.5, "")  # 行政许可 本年处理决定数量
    rows[7] = (rows[7][0], -1, "")  # 行政处罚
    rows[9] = (rows[9][0], None, "")  # 行政事业性收费
    rows.append(("不认识的项目", 1, ""))
    with pytest.raises(InputsImportError) as raised:
        read_inputs(_workbook(rows))
    assert raised.value.messages == [
        "第2行“规章 本年制发件数”的数值“三”不是数字。",
        "第8行“行政许可 本年处理决定数量”应为整数件数，实际是“2.5”。",
        "第9行“行政处罚 本年处理决定数量”不能是负数。",
        "第11行“行政事业性收费 本年收费金额（万元）”没有填写数值（没有的请填0）。",
        "第13行的项目“不认识的项目”无法识别：请不要修改模板第一列。",
    ]
    with pytest.raises(InputsImportError, match="缺少项目“本年收取信息处理费（元）”"):
        read_inputs(_workbook(rows[:10]))
    with pytest.raises(InputsImportError, match="文件无法打开"):
        read_inputs(b"not a workbook")


# --- due dates ---------------------------------------------------------------------------------------


def test_due_dates_and_status() -> None:
    assert due_date("department", 2025) == dt.date(2026, 1, 31)
    assert due_date("government", 2025) == dt.date(2026, 3, 31)
    d = dt.date
    assert due_status("department", 2025, None, d(2025, 12, 1)).status == "not_due"
    soon = due_status("department", 2025, None, d(2026, 1, 21))
    assert (soon.status, soon.days_left, soon.needs_reminder, soon.label) == (
        "due_soon",
        10,
        True,
        "即将到期",
    )
    late = due_status("department", 2025, None, d(2026, 2, 2))
    assert (late.status, late.days_left, late.late) == ("overdue", -2, True)
    assert due_status("government", 2025, None, d(2026, 2, 2)).status == "not_due"
    assert due_status("government", 2025, None, d(2026, 3, 10)).status == "due_soon"
    assert due_status("department", 2025, d(2026, 1, 31), d(2026, 5, 1)).status == "published"
    assert due_status("department", 2025, d(2026, 2, 1), d(2026, 5, 1)).label == "逾期发布"


@pytest.mark.django_db
def test_reports_due_command(world: Any) -> None:
    from django.core.management import call_command

    report = services.open_report(world.agency_a, YEAR, world.clerk)
    out = io.StringIO()
    call_command("reports_due", "--date", "2026-01-21", stdout=out)
    text = out.getvalue()
    assert "2025年度报告：" in text
    assert (
        "洪泽区教育局：2025年政府信息公开工作年度报告应于2026年1月31日前发布，还有10天；当前状态：草稿；提醒：王经办（经办人）、张负责（负责人）。"
        in text
    )
    assert (
        "洪泽区自然资源局：2025年政府信息公开工作年度报告应于2026年1月31日前发布，还有10天；当前状态：未编制"
        in text
    )
    # Governments publish by 31 March: not yet within the 30 days.
    assert "淮安市洪泽区人民政府" not in text
    out = io.StringIO()
    call_command("reports_due", "--date", "2026-02-03", "--agency", "洪泽区教育局", stdout=out)
    assert "已逾期3天" in out.getvalue()
    finish_text(report, world.clerk)
    services.check(report, world.clerk)
    services.approve(report, world.head)
    services.publish(report, world.clerk)
    out = io.StringIO()
    call_command("reports_due", "--date", "2026-02-03", "--agency", "洪泽区教育局", stdout=out)
    assert "没有即将到期或逾期未发布的报告" in out.getvalue()


@pytest.mark.django_db
def test_reports_due_command_refuses_a_bad_date(db: None) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reports_due", "--date", "2026/13/1")


@pytest.mark.django_db
def test_the_text_goes_through_the_publication_checks(world: Any) -> None:
    """The report's text is published on the public column: the checks every document goes through
    (personal data, punctuation where the clerk's words meet the template, …) run on it too."""
    populate(world.agency_a)
    report = services.open_report(world.agency_a, YEAR, world.clerk)
    services.update_inputs(report, world.clerk, INPUTS)
    contact = {"地址": "清河区健康东路1号", "电话": "0517-83600000"}
    filled = {
        k: fill_placeholders(v, lambda hint: contact.get(hint, f"本机关{hint[:6]}情况良好。"))
        for k, v in report.sections.items()
    }
    services.update_sections(report, world.clerk, filled)
    clean = services.check(report, world.clerk)
    assert [f for f in clean if f["rule"].startswith(("wording.", "pii.", "secret."))] == []
    # The clerk ends the address with 。 (before the template's ；) and quotes an applicant's mobile number.
    filled["导语"] = filled["导语"].replace("健康东路1号", "健康东路1号。")
    filled["五"] += "\n申请人张某（13912345678）多次来电。"
    services.update_sections(report, world.clerk, filled)
    findings = services.check(report, world.clerk)
    found = {f["rule"]: f for f in findings if f["rule"].startswith(("wording.", "pii."))}
    assert set(found) == {"wording.punctuation", "pii.mobile"}
    assert found["wording.punctuation"]["message"].startswith("正文“")
    assert "“。；”：标点符号连用冲突。" in found["wording.punctuation"]["message"]
    assert found["wording.punctuation"]["where"] == "sections.导语"
    assert found["pii.mobile"]["where"] == "sections.五"


def test_placeholders_left_are_findings() -> None:
    findings = services.placeholder_findings({"五": "【待填写：问题】", "六": "没有。"})
    assert findings == [
        {
            "rule": services.RULE_PLACEHOLDER,
            "severity": "error",
            "message": "正文“五、存在的主要问题及改进情况”中还有待填写的内容：“问题”。",
            "where": "sections.五",
        }
    ]
    assert placeholders("【待填写：问题】") == ["问题"]
