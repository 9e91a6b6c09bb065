"""The supervising office's pages: the dashboard per agency and in total (filters, sort, Excel), the
年报体检 ranking and its publication, 督办 sent / answered / closed, complaints, records, comparison, the
drafted narrative — and every one of those URLs refused to whoever is not the office (or the agency)."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import importsets  # noqa: F401  (puts tests/annual on the path)
import pytest
from django.test import Client
from django.urls import reverse
from layouts import random_report
from openpyxl import load_workbook

from gongkai.annual.writers import write_report
from gongkai.core.models import AppendOnlyError
from gongkai.supervision import importing, narrative, runner, services
from gongkai.supervision.models import CaseState, OfficeRecord, OversightCase, PublishedRanking, RecordKind


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _import(world: Any, tmp_path: Path, *reports: tuple[str, int, str]) -> None:
    paths = []
    for i, (agency, year, signed) in enumerate(reports):
        report = random_report(random.Random(i), "2021")
        report.update(agency=agency, year=year, signed_on=signed)
        path = tmp_path / f"r{i}.txt"
        path.write_bytes(write_report(report, "md"))
        paths.append(str(path))
    batch = importing.start_batch(world.government, paths)
    runner.run_in_process(batch, lambda counts: None)


@pytest.mark.django_db
def test_dashboard_totals_per_agency_filters_and_export(world: Any, register: Any) -> None:
    register(dt.date(2025, 3, 3))
    register(dt.date(2025, 3, 4))
    register(dt.date(2025, 3, 5), agency=world.agency_b, clerk=world.clerk_b)
    client = client_for(world.supervisor)
    page = client.get(reverse("supervision:dashboard"), {"year": 2025}).content.decode()
    assert '<strong id="total-received">3</strong>' in page
    assert "洪泽区教育局" in page and "洪泽区自然资源局" in page and "<svg" in page
    assert f"?agency={world.agency_a.pk}&amp;year=2025" in page  # drill-down to the agency's list
    only_governments = client.get(reverse("supervision:dashboard"), {"year": 2025, "kind": "government"})
    assert '<strong id="total-received">0</strong>' in only_governments.content.decode()
    sorted_page = client.get(
        reverse("supervision:dashboard"), {"year": 2025, "sort": "received"}
    ).content.decode()
    assert sorted_page.index("洪泽区教育局") < sorted_page.index("洪泽区自然资源局")
    export = client.get(reverse("supervision:dashboard_export"), {"year": 2025})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["洪泽区教育局"][2] == 2 and rows["合计"][2] == 3


@pytest.mark.django_db
def test_health_ranking_published_and_public(world: Any, media: Path, tmp_path: Path) -> None:
    _import(
        world,
        tmp_path,
        ("洪泽区教育局", 2024, "2025-01-20"),
        ("洪泽区自然资源局", 2024, "2025-03-10"),  # late: a department's report is due on 31 January
    )
    client = client_for(world.supervisor)
    page = client.get(reverse("supervision:health"), {"year": 2024}).content.decode()
    assert "逾期" in page and page.index("洪泽区教育局") < page.index("洪泽区自然资源局")
    response = client.post(reverse("supervision:ranking_publish"), {"year": 2024})
    ranking = PublishedRanking.objects.get()
    assert response.status_code == 302 and ranking.rows[0]["agency"] == "洪泽区教育局"
    public = Client().get(reverse("supervision:ranking_public", args=[ranking.pk])).content.decode()
    assert "洪泽区自然资源局" in public and "年度报告评查结果" in public
    export = client.get(reverse("supervision:health_export"), {"year": 2024})
    assert load_workbook(io.BytesIO(export.content)).active.max_row == 3


@pytest.mark.django_db
def test_publishing_a_ranking_with_an_odd_year_is_refused_with_a_message(world: Any) -> None:
    client = client_for(world.supervisor)
    for year in ("abc", "²", "0", str(2**64), ""):
        response = client.post(reverse("supervision:ranking_publish"), {"year": year}, follow=True)
        assert response.status_code == 200 and "请选择要发布排名的年度" in response.content.decode()
    assert not PublishedRanking.objects.exists()


@pytest.mark.django_db
def test_notice_sent_answered_and_closed(world: Any) -> None:
    office = client_for(world.supervisor)
    form = office.get(reverse("supervision:case_new")).content.decode()
    deadline = dt.date.today() + dt.timedelta(days=10)
    assert f'type="date" name="deadline" value="{deadline.isoformat()}"' in form  # what a picker shows
    response = office.post(
        reverse("supervision:case_new"),
        {
            "agency": world.agency_a.pk,
            "subject": "application",
            "title": "关于逾期未答复申请的督办通知",
            "notice": "请于期限内答复申请人并报告整改情况。",
            "deadline": "2099-01-10",
        },
    )
    case = OversightCase.objects.get()
    assert response.status_code == 302 and case.state == CaseState.SENT
    # The other agency cannot see it; the agency's clerk answers; the clerk cannot close.
    assert client_for(world.clerk_b).get(reverse("supervision:case", args=[case.pk])).status_code == 404
    clerk = client_for(world.clerk)
    assert "督办通知（1）" in clerk.get(reverse("dashboard")).content.decode()  # the clerk's menu
    assert "督办通知" not in client_for(world.clerk_b).get(reverse("dashboard")).content.decode()
    assert "关于逾期未答复申请" in clerk.get(reverse("supervision:cases")).content.decode()
    clerk.post(reverse("supervision:case", args=[case.pk]), {"answer": "已于3月10日答复申请人。"})
    assert clerk.post(reverse("supervision:case", args=[case.pk]), {"decision": "close"}).status_code == 404
    case.refresh_from_db()
    assert case.state == CaseState.ANSWERED and case.answer == "已于3月10日答复申请人。"
    office.post(reverse("supervision:case", args=[case.pk]), {"decision": "close", "text": "整改到位。"})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert [e.action for e in case.events.all()] == ["send", "answer", "close"]
    with pytest.raises(services.ActionError):
        services.answer(case, world.clerk, "再答复", dt.date(2099, 1, 1))


@pytest.mark.django_db
def test_complaints_records_and_the_drafted_narrative(world: Any) -> None:
    client = client_for(world.supervisor)
    client.post(
        reverse("supervision:complaints"),
        {
            "agency": world.agency_a.pk,
            "received_on": "2025-05-06",
            "complainant": "李四",
            "content": "逾期未答复",
        },
    )
    complaint = world.agency_a.complaints.get()
    client.post(
        reverse("supervision:complaint", args=[complaint.pk]), {"substantiated": "1", "result": "已责令整改"}
    )
    client.post(
        reverse("supervision:records"),
        {"agency": world.agency_a.pk, "kind": "assessment", "year": 2025, "score": "92.5", "grade": "优秀"},
    )
    services.record(
        world.agency_b, world.supervisor, RecordKind.ACCOUNTABILITY, year=2025, text="约谈", person="张某"
    )
    record = OfficeRecord.objects.get(action="assessment")
    with pytest.raises(AppendOnlyError):
        record.save()
    facts = narrative.facts(world.government, [world.agency_a, world.agency_b], 2025)
    draft = narrative.draft(facts)
    assert "投诉举报1件，办结1件，经查属实1件" in draft["监督保障"]
    assert "洪泽区教育局（92.5分，优秀）" in draft["考核"]
    assert "洪泽区自然资源局（张某）：约谈" in draft["责任追究"]
    assert "未记录社会评议" in draft["社会评议"]
    page = client.get(reverse("supervision:narrative"), {"year": 2025}).content.decode()
    assert "92.5分" in page


@pytest.mark.django_db
def test_compare_two_reports_side_by_side(world: Any, media: Path, tmp_path: Path) -> None:
    _import(world, tmp_path, ("洪泽区教育局", 2024, "2025-01-20"), ("洪泽区自然资源局", 2024, "2025-01-21"))
    keys = [f"i{pk}" for pk in importing.ImportedReport.objects.order_by("pk").values_list("pk", flat=True)]
    client = client_for(world.supervisor)
    page = client.get(reverse("supervision:compare"), {"report": keys}).content.decode()
    assert "本年新收政府信息公开申请数量" in page and "洪泽区自然资源局 2024年" in page
    export = client.get(reverse("supervision:compare_export"), {"report": keys})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_column == 3 and sheet["A2"].value == "本年新收政府信息公开申请数量"


OFFICE_URLS = (
    ("get", "supervision:dashboard", ()),
    ("get", "supervision:dashboard_export", ()),
    ("get", "supervision:health", ()),
    ("get", "supervision:health_export", ()),
    ("post", "supervision:ranking_publish", ()),
    ("get", "supervision:case_new", ()),
    ("post", "supervision:case_new", ()),
    ("get", "supervision:complaints", ()),
    ("post", "supervision:complaints", ()),
    ("get", "supervision:records", ()),
    ("post", "supervision:records", ()),
    ("get", "supervision:compare", ()),
    ("get", "supervision:compare_export", ()),
    ("get", "supervision:narrative", ()),
)


@pytest.mark.django_db
def test_every_office_url_is_refused_to_agency_staff_and_anonymous(world: Any) -> None:
    for method, name, args in OFFICE_URLS:
        url = reverse(name, args=args)
        assert getattr(client_for(world.clerk), method)(url).status_code == 404, url
        assert getattr(Client(), method)(url).status_code == 302, url  # to the login page
    case = services.send_notice(
        world.government,
        world.agency_a,
        world.supervisor,
        subject="report",
        title="t",
        notice="n",
        deadline=dt.date(2099, 1, 1),
        sent_on=dt.date(2098, 12, 1),
    )
    complaint = services.receive_complaint(
        world.government,
        world.agency_a,
        world.supervisor,
        received_on=dt.date(2025, 1, 2),
        complainant="",
        content="c",
    )
    outsider = client_for(world.other_supervisor)
    assert outsider.get(reverse("supervision:case", args=[case.pk])).status_code == 404
    assert outsider.get(reverse("supervision:complaint", args=[complaint.pk])).status_code == 404
    assert (
        client_for(world.clerk).get(reverse("supervision:complaint", args=[complaint.pk])).status_code == 404
    )
    assert (
        client_for(world.clerk_b).get(reverse("supervision:cases")).content.decode().count("<tr><td><a") == 0
    )


@pytest.mark.django_db
def test_dashboard_shows_publication_timeliness_per_agency_and_in_total(world: Any) -> None:
    from gongkai.proactive.models import Document, State

    def document(agency: Any, due: dt.date, published: dt.date | None, **extra: Any) -> None:
        state = State.PUBLISHED if published else State.IN_REVIEW
        Document.objects.create(
            agency=agency,
            title="关于公开事项的通知",
            formed_on=due - dt.timedelta(days=20),
            publication_due=due,
            published_on=published,
            state=extra.pop("state", state),
            **extra,
        )

    document(world.agency_a, dt.date(2025, 3, 31), dt.date(2025, 3, 20))  # on time
    document(world.agency_a, dt.date(2025, 3, 31), dt.date(2025, 4, 2))  # late
    document(world.agency_b, dt.date(2025, 5, 1), dt.date(2025, 5, 1))  # on time, on the last day
    document(world.agency_b, dt.date(2024, 5, 1), dt.date(2024, 6, 1))  # late, but another year
    document(world.agency_b, dt.date(2025, 2, 1), None)  # past its deadline, unpublished
    document(world.agency_b, dt.date(2025, 2, 1), None, state=State.WITHDRAWN)  # withdrawn: not counted
    document(world.agency_b, dt.date(2025, 2, 1), None, disclosure="withheld")  # not proactive
    client = client_for(world.supervisor)
    page = client.get(reverse("supervision:dashboard"), {"year": 2025}).content.decode()
    assert '<strong id="total-publication-on-time">2</strong>' in page
    assert '<strong id="total-publication-late">1</strong>' in page
    assert '<strong id="total-publication-overdue">1</strong>' in page
    by_overdue = client.get(
        reverse("supervision:dashboard"), {"year": 2025, "sort": "publication_overdue"}
    ).content.decode()
    assert by_overdue.index("洪泽区自然资源局") < by_overdue.index("洪泽区教育局")
    export = client.get(reverse("supervision:dashboard_export"), {"year": 2025})
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    on_time, late, overdue = (
        header.index(h) for h in ("主动公开按时发布", "主动公开逾期发布", "主动公开当前逾期未发布")
    )
    assert (rows["洪泽区教育局"][on_time], rows["洪泽区教育局"][late]) == (1, 1)
    assert (rows["洪泽区自然资源局"][on_time], rows["洪泽区自然资源局"][overdue]) == (1, 1)
    assert (rows["合计"][on_time], rows["合计"][late], rows["合计"][overdue]) == (2, 1, 1)


@pytest.mark.django_db
def test_the_governments_own_report_drafts_its_oversight_from_the_records(world: Any) -> None:
    from django.contrib.auth.models import User

    from gongkai.agencies.models import Membership
    from gongkai.reports import services as report_services

    services.record(
        world.agency_a, world.supervisor, RecordKind.ASSESSMENT, year=2025, text="", score=Decimal("92.5")
    )
    clerk = User.objects.create_user("clerk_government", password="gongkai-test-clerk")
    Membership.objects.create(user=clerk, agency=world.government, role="clerk")
    report = report_services.open_report(world.government, 2025, clerk)
    overview = report.sections["一"]
    assert "（五）监督保障\n" in overview and "洪泽区教育局（92.5分）" in overview
    assert "未发生政府信息公开工作责任追究" in overview
    assert "【待填写：组织领导、教育培训等情况】" in overview  # only the clerk knows these
    # a department's report drafts no oversight of others
    department = report_services.open_report(world.agency_a, 2025, world.clerk)
    assert "92.5分" not in department.sections["一"]

    # later records: the clerk's own words stay, the oversight subsection is written again
    services.record(
        world.agency_b, world.supervisor, RecordKind.ACCOUNTABILITY, year=2025, text="约谈", person="张某"
    )
    client = client_for(clerk)
    text_page = client.get(reverse("reports:text", args=[report.pk])).content.decode()
    assert 'name="contributions"' in text_page
    own = overview.replace("（一）主动公开", "（一）主动公开\n本级政府自己写的一段。")
    posted = {**report.sections, "一": own, "contributions": "1"}
    assert client.post(reverse("reports:text", args=[report.pk]), posted).status_code == 302
    report.refresh_from_db()
    assert "本级政府自己写的一段。" in report.sections["一"]
    assert "洪泽区自然资源局（张某）：约谈" in report.sections["一"]
    assert report.sections["一"].count("（五）监督保障") == 1
    department_page = client_for(world.clerk).get(reverse("reports:text", args=[department.pk]))
    assert 'name="contributions"' not in department_page.content.decode()


@pytest.mark.django_db
def test_a_locally_set_earlier_due_date_makes_reports_late(
    world: Any, media: Path, tmp_path: Path, settings: Any
) -> None:
    from gongkai.reports.queries import report_rows
    from gongkai.supervision.health import judge_area

    on_the_18th = dt.date(2025, 1, 18)
    statutory = {r.agency.name: r.status for r in report_rows([world.agency_a], 2024, on_the_18th)}
    assert statutory["洪泽区教育局"].status == "due_soon" and not statutory["洪泽区教育局"].local
    settings.REPORT_LOCAL_DUE = {"department": (1, 15), "government": (4, 30)}  # a later one is ignored
    local = report_rows([world.agency_a, world.government], 2024, on_the_18th)
    assert local[0].status.late and local[0].status.label == "已逾期未发布（本地规定1月15日前）"
    assert local[1].status.due == dt.date(2025, 3, 31) and not local[1].status.local

    _import(world, tmp_path, ("洪泽区教育局", 2024, "2025-01-20"))  # on time by the 条例, late locally
    reasons = judge_area(world.government, year=2024)[0].judgement.reasons
    late = [r for r in reasons if r.rule == "late"]
    assert late and "本地" in late[0].message
    settings.REPORT_LOCAL_DUE = {}
    assert not [r for r in judge_area(world.government, year=2024)[0].judgement.reasons if r.rule == "late"]


def test_local_due_dates_are_read_as_month_and_day() -> None:
    from gongkai.law.report_due import parse_month_day

    assert parse_month_day("01-20") == (1, 20) and parse_month_day(" 3-5 ") == (3, 5)
    for bad in ("1月20日", "13-01", "02-30", "", "1-2-3"):
        with pytest.raises(ValueError, match="月-日"):
            parse_month_day(bad)
