"""Action labels, reassigning the handling clerk, letter-number prefixes and third-party objections."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.actions import Action, action_label
from gongkai.applications.timeline import timeline
from gongkai.applications.workflow import TRANSITIONS

D = dt.date
SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai" / "applications"


# -- every action has a Chinese label -------------------------------------------------------------------


def test_every_action_written_by_the_code_has_a_chinese_label() -> None:
    sources = "\n".join(path.read_text("utf-8") for path in SRC.rglob("*.py"))
    # The log's one writer and its notes are given a member of Action, never a bare string.
    bare = re.findall(r'(?:\bnote\(\s*[\w.]+,\s*[\w.]+|objects\.append\(\s*[\w.]+),\s*"(\w+)"', sources)
    assert bare == []
    written = {getattr(Action, name) for name in re.findall(r"\bAction\.([A-Z_]+)\b", sources)}
    assert {Action.ISSUE_LETTER, Action.ADD_ATTACHMENT, Action.LEDGER_IMPORT} <= written
    assert set(TRANSITIONS) <= set(Action)
    assert all(re.search(r"[\u4e00-\u9fff]", str(action.label)) for action in Action)
    assert action_label("ledger_import") == "从台账导入"
    assert action_label("ledger_update") == "按台账更新"
    assert action_label("no_such_thing") == "其他操作（no_such_thing）"


def test_timeline_of_an_imported_application_shows_labels(
    world: Any, tmp_path: Path, client_for: Any
) -> None:
    from gongkai.applications.models import Application

    ledger_file = tmp_path / "台账.csv"
    ledger_file.write_text(
        "申请编号,申请人类型,收到日期,办结日期,办理结果\n2025-0001,自然人,2025-01-06,,\n", encoding="utf-8"
    )
    from django.core.management import call_command

    call_command("ledger", "import", str(ledger_file), "--agency", world.agency_a.name)
    application = Application.objects.get(agency=world.agency_a, number="2025-0001")
    assert [e.label for e in timeline(application)] == ["从台账导入"]
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "从台账导入" in page and "ledger_import" not in page


# -- reassigning the handling clerk ---------------------------------------------------------------------


@pytest.fixture
def second_clerk(world: Any) -> Any:
    from django.contrib.auth.models import User

    from gongkai.agencies.models import Membership

    user = User.objects.create_user(username="clerk_a2", first_name="孙经办")
    Membership.objects.create(user=user, agency=world.agency_a, role="clerk")
    return user


def test_head_reassigns_and_the_event_records_it(world: Any, register: Any, second_clerk: Any) -> None:
    application = register(D(2025, 3, 3))
    assert application.handler == world.clerk
    event = services.reassign_handler(application, world.head, second_clerk, D(2025, 3, 4), reason="休假")
    application.refresh_from_db()
    assert application.handler == second_clerk
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "reassign_handler",
        world.head,
        "registered",
        "registered",
    )
    assert event.data == {
        "on": "2025-03-04",
        "handler_from": "王经办",
        "handler_to": "孙经办",
        "handler": "clerk_a2",
        "reassign_reason": "休假",
    }
    entry = timeline(application)[-1]
    assert entry.label == "更换经办人"
    assert entry.details == ["原经办人：王经办", "新经办人：孙经办", "更换理由：休假"]
    assert services.rebuild_state(application) == services.stored_state(application)


def test_agency_admin_may_reassign_a_clerk_may_not(world: Any, register: Any, second_clerk: Any) -> None:
    application = register(D(2025, 3, 3))
    services.reassign_handler(application, world.agency_admin, second_clerk, D(2025, 3, 4))
    with pytest.raises(services.StepRefused, match="只有本机关的负责人或机关管理员可以更换经办人"):
        services.reassign_handler(application, world.clerk, world.clerk, D(2025, 3, 4))
    with pytest.raises(services.InvalidInput, match="新经办人应为本机关的经办人"):
        services.reassign_handler(application, world.head, world.clerk_b, D(2025, 3, 4))
    with pytest.raises(services.InvalidInput, match="新经办人应为本机关的经办人"):
        services.reassign_handler(application, world.head, world.reviewer, D(2025, 3, 4))
    with pytest.raises(services.InvalidInput, match="新经办人与现经办人相同"):
        services.reassign_handler(application, world.head, second_clerk, D(2025, 3, 4))


def test_reassign_page(world: Any, register: Any, second_clerk: Any, client_for: Any) -> None:
    application = register(D(2025, 3, 3))
    url = reverse("applications:reassign", args=[application.pk])
    detail = (
        client_for(world.head).get(reverse("applications:detail", args=[application.pk])).content.decode()
    )
    assert url in detail
    page = client_for(world.agency_admin).get(url)
    assert page.status_code == 200 and "孙经办" in page.content.decode()
    response = client_for(world.agency_admin).post(
        url, {"handler": second_clerk.pk, "on": "2025-03-04", "reason": "调岗"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.handler == second_clerk
    for user in (world.clerk, world.reviewer, world.supervisor, world.head_b):
        assert client_for(user).get(url).status_code == 404, user
    clerk_detail = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk]))
    assert url not in clerk_detail.content.decode()


# -- letter numbers with the agency's prefix ------------------------------------------------------------


def _issued_receipt(world: Any, register: Any, on: dt.date) -> Any:
    application = register(on)
    return services.issue_letter(application.letters.get(kind="receipt"), world.clerk, on)


def test_letter_number_with_and_without_prefix(world: Any, register: Any) -> None:
    assert _issued_receipt(world, register, D(2025, 3, 3)).number_label == "〔2025〕1号"
    world.agency_a.letter_prefix = "示教公开"
    world.agency_a.save()
    second = _issued_receipt(world, register, D(2025, 3, 4))
    assert second.number_label == "示教公开〔2025〕2号"
    # numbering runs on per agency and year; a later change of prefix renumbers nothing already issued
    world.agency_a.letter_prefix = "洪教公开"
    world.agency_a.save()
    second.refresh_from_db()
    assert second.number_label == "示教公开〔2025〕2号"
    assert _issued_receipt(world, register, D(2025, 3, 5)).number_label == "洪教公开〔2025〕3号"
    assert second.issued_on == D(2025, 3, 4)
    event = second.application.events.get(action="issue_letter")
    assert event.data["number"] == "示教公开〔2025〕2号"


# -- third-party objection (第三十二条) ------------------------------------------------------------------


def _consulted(world: Any, register: Any, *, objects: bool, reasons: str = "") -> Any:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="某某建设公司")
    services.record_consultation_answer(
        application, world.clerk, D(2025, 3, 10), objects=objects, summary="回函", objection_reasons=reasons
    )
    return application


def test_disclosing_over_a_reasoned_objection_needs_public_interest(world: Any, register: Any) -> None:
    application = _consulted(world, register, objects=True, reasons="涉及商业秘密")
    assert services.reasoned_objections(application) == [services.Objection("某某建设公司", "涉及商业秘密")]
    with pytest.raises(services.InvalidInput, match="第三方（某某建设公司）以合理理由不同意公开") as refused:
        services.draft_decision(application, world.clerk, D(2025, 3, 11), outcome="disclosed")
    assert set(refused.value.errors) == {"public_interest"}
    event = services.draft_decision(
        application,
        world.clerk,
        D(2025, 3, 11),
        outcome="disclosed",
        public_interest="涉及公共安全，不公开可能对公共利益造成重大影响",
    )
    assert event.data["public_interest"] == "涉及公共安全，不公开可能对公共利益造成重大影响"
    notice = application.letters.get(kind="third_party_notice")
    assert notice.recipient == "某某建设公司"
    assert notice.get_kind_display() == "决定公开告知书（第三方）"
    assert "贵方不同意公开，理由为：涉及商业秘密" in notice.body
    assert "涉及公共安全，不公开可能对公共利益造成重大影响" in notice.body
    assert "第三十二条" in notice.body and "决定予以公开" in notice.body
    from gongkai.applications import letter_files

    assert letter_files.title(notice) == "决定公开告知书（第三方）"
    assert letter_files.render_docx(notice)[:2] == b"PK"
    # approved with the decision: both numbered
    services.review_decision(application, world.reviewer, D(2025, 3, 12))
    services.approve_decision(application, world.head, D(2025, 3, 12))
    numbers = sorted(application.letters.filter(seq__isnull=False).values_list("kind", "seq"))
    assert [kind for kind, _ in numbers] == ["decision", "third_party_notice"]
    details = timeline(application)
    assert "不同意公开的理由：涉及商业秘密" in details[2].details
    assert "公共利益理由：涉及公共安全，不公开可能对公共利益造成重大影响" in details[3].details


def test_returned_draft_withdraws_the_third_party_notice(world: Any, register: Any) -> None:
    application = _consulted(world, register, objects=True, reasons="涉及个人隐私")
    services.draft_decision(
        application, world.clerk, D(2025, 3, 11), outcome="disclosed", public_interest="公益"
    )
    services.return_draft(application, world.reviewer, D(2025, 3, 12), comment="请再核实")
    assert application.letters.get(kind="third_party_notice").withdrawn


@pytest.mark.parametrize(
    ("objects", "reasons", "outcome"),
    [
        (False, "", "disclosed"),  # consent
        (True, "", "disclosed"),  # objection without reasons: not a reasoned objection
        (True, "涉及商业秘密", "withheld.third_party_rights"),  # the objection is followed
    ],
)
def test_no_public_interest_needed(
    world: Any, register: Any, objects: bool, reasons: str, outcome: str
) -> None:
    application = _consulted(world, register, objects=objects, reasons=reasons)
    services.draft_decision(application, world.clerk, D(2025, 3, 11), outcome=outcome, reasons="依法答复")
    assert not application.letters.filter(kind="third_party_notice").exists()


def test_objection_reasons_only_with_an_objection(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="某某建设公司")
    with pytest.raises(services.InvalidInput, match="只有不同意公开时才填写"):
        services.record_consultation_answer(
            application, world.clerk, D(2025, 3, 10), objects=False, objection_reasons="理由"
        )


def test_an_agency_consulted_is_not_a_third_party(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="洪泽区财政局", kind="agency")
    services.record_consultation_answer(
        application, world.clerk, D(2025, 3, 10), objects=True, objection_reasons="尚未定稿"
    )
    assert services.reasoned_objections(application) == []


# -- English ---------------------------------------------------------------------------------------------


@pytest.fixture
def back_to_chinese() -> Any:
    """The locale middleware leaves the last request's language active in the thread: restore it."""
    from django.utils import translation

    yield
    translation.activate("zh-hans")


def test_switching_to_english_shows_english_on_the_list(
    world: Any, register: Any, client_for: Any, back_to_chinese: None
) -> None:
    application = register(D(2025, 3, 3))
    client = client_for(world.clerk)
    chinese = client.get(reverse("applications:list")).content.decode()
    assert "政府信息公开申请" in chinese and "搜索" in chinese and "已登记" in chinese
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("applications:list")})
    assert response.status_code == 302
    english = client.get(reverse("applications:list")).content.decode()
    assert "Applications for government information" in english
    for text in ("Search", "Received on", "Reply due", "Registered", "1 application.", "Export CSV"):
        assert text in english, text
    assert "搜索" not in english and "已登记" not in english
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Draft the decision" in detail and "History" in detail and "Register" in detail
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "My desk" in dashboard and "Today is " in dashboard and "(Clerk" not in dashboard
    assert "Clerk" in dashboard
    # letters stay Chinese whatever the page's language
    receipt = application.letters.get(kind="receipt")
    letter_page = client.get(
        reverse("applications:letter", args=[application.pk, receipt.pk])
    ).content.decode()
    assert "政府信息公开申请登记回执" in letter_page
    step = client.post(
        reverse("applications:step", args=[application.pk, "request_amendment"]),
        {"on": "2025-03-04", "points": "写明文号", "period_working_days": "15"},
        follow=True,
    ).content.decode()
    assert "Done: Request an amendment." in step
    # what the services say stays Chinese (it is recorded and quoted), whatever the page's language
    with pytest.raises(services.StepRefused, match="当前状态为“待补正”"):
        services.file_application(application, world.clerk, D(2025, 3, 5))


# -- search ------------------------------------------------------------------------------------------------


def _numbers(html: str) -> list[str]:
    return re.findall(r'<a href="/applications/\d+/">([^<]+)</a>', html)


def test_search_by_number_prefix_then_substring(world: Any, register: Any, client_for: Any) -> None:
    from gongkai.applications import queries
    from gongkai.applications.models import Application

    for day in range(3, 8):
        register(D(2025, 3, day))
    register(D(2025, 3, 10), name="李四")
    mine = Application.objects.filter(agency=world.agency_a)
    assert sorted(queries.searched(mine, "2025-000").values_list("number", flat=True)) == [
        f"2025-000{n}" for n in range(1, 7)
    ]
    assert list(queries.searched(mine, "2025-0003").values_list("number", flat=True)) == ["2025-0003"]
    # not the start of any number: the substring search over number, applicant and content
    assert list(queries.searched(mine, "0004").values_list("number", flat=True)) == ["2025-0004"]
    assert list(queries.searched(mine, "李四").values_list("number", flat=True)) == ["2025-0006"]
    assert queries.searched(mine, "学区划分").count() == 6
    assert not queries.searched(mine, "不存在").exists()
    html = client_for(world.clerk).get(reverse("applications:list"), {"q": "2025-0003"}).content.decode()
    assert _numbers(html) == ["2025-0003"]
    assert "搜索“2025-0003”的结果" in html


def test_search_pages_without_counting(world: Any, register: Any, client_for: Any) -> None:
    from gongkai.applications.views import PAGE_SIZE

    for n in range(PAGE_SIZE + 3):
        register(D(2025, 1, 2) + dt.timedelta(days=n))
    client = client_for(world.clerk)
    first = client.get(reverse("applications:list"), {"q": "学区"}).content.decode()
    assert len(_numbers(first)) == PAGE_SIZE
    assert "第 1 页" in first and "下一页" in first and "上一页" not in first and "共 " not in first
    second = client.get(reverse("applications:list"), {"q": "学区", "page": "2"}).content.decode()
    assert _numbers(second) == ["2025-0003", "2025-0002", "2025-0001"]  # newest first
    assert "第 2 页" in second and "下一页" not in second and "上一页" in second
    beyond = client.get(reverse("applications:list"), {"q": "学区", "page": "9"}).content.decode()
    assert _numbers(beyond) == [] and "没有符合条件的申请。" in beyond
    unsearched = client.get(reverse("applications:list")).content.decode()
    assert f"共 {PAGE_SIZE + 3} 件。" in unsearched and "第 1 / 2 页" in unsearched
