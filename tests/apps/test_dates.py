"""Dates (issue 13, point 14): no step in the future or before the step it follows, on the services and
the step pages alike; review cases after the decision; ledger rows not after today; corrections by
recorded events (undo the last step, correct or void a review case), never by deletion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.actions import Action
from gongkai.applications.forms import STEP_FORMS, StepForm
from gongkai.applications.ledger import import_ledger
from gongkai.applications.workflow import TRANSITIONS
from gongkai.ledger import ImportFile, LedgerError
from gongkai.statistics.tables import reviews_table

D = dt.date
TODAY = D(2025, 3, 17)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_a_step_dated_in_the_future_is_refused_and_the_case_stays_open(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    with pytest.raises(services.InvalidInput, match="晚于今天") as refused:
        services.start_consultation(application, world.clerk, D(2025, 3, 20), party="某公司")
    assert set(refused.value.errors) == {"on"}
    assert application.events.count() == 1
    # today is still a day a step may be taken on
    services.start_consultation(application, world.clerk, TODAY, party="某公司")


def test_a_step_before_the_regulations_or_the_previous_step_is_refused(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    with pytest.raises(services.InvalidInput, match="早于上一步的日期2025年3月3日"):
        services.draft_decision(application, world.clerk, D(2025, 3, 1), outcome="disclosed")
    with pytest.raises(
        services.InvalidInput, match=r"收到申请之日.*早于《中华人民共和国政府信息公开条例》施行之日"
    ):
        register(D(2008, 4, 30))


@pytest.mark.parametrize("action", sorted(a for a in TRANSITIONS if a != Action.REGISTER))
def test_every_step_form_refuses_a_future_day(action: str) -> None:
    form = STEP_FORMS.get(action, StepForm)({"on": "2025-03-18"})
    assert not form.is_valid()
    assert "晚于今天" in str(form.errors["on"])
    assert 'max="2025-03-17"' in str(form["on"]) and 'min="2008-05-01"' in str(form["on"])


def test_a_future_day_posted_to_the_step_url_is_refused(world: Any, register: Any, client_for: Any) -> None:
    application = register(D(2025, 3, 3))
    url = reverse("applications:step", args=[application.pk, "draft_decision"])
    page = client_for(world.clerk).post(url, {"on": "2099-01-01", "outcome": "disclosed"})
    assert page.status_code == 200 and "不能填写将来的日期" in page.content.decode()
    assert application.events.count() == 1


def test_review_cases_follow_the_decision_and_never_lie_ahead(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.draft_decision(application, world.clerk, D(2025, 3, 5), outcome="disclosed")
    services.review_decision(application, world.reviewer, D(2025, 3, 6))
    services.approve_decision(application, world.head, D(2025, 3, 7))

    def record(**values: Any) -> Any:
        case = {"number": "FY-1", "kind": "reconsideration", "received_on": D(2025, 3, 10)} | values
        return services.record_review_case(application, world.clerk, **case)

    with pytest.raises(services.InvalidInput, match="早于申请的批准答复的日期2025年3月7日"):
        record(received_on=D(2025, 3, 6))
    with pytest.raises(services.InvalidInput, match="晚于今天"):
        record(received_on=D(2025, 3, 18))
    with pytest.raises(services.InvalidInput) as refused:
        record(concluded_on=D(2025, 3, 9), result="upheld")
    assert "早于收到案件的日期" in refused.value.errors["concluded_on"]
    case = record()
    with pytest.raises(services.InvalidInput, match="晚于今天"):
        services.conclude_review_case(case, world.clerk, concluded_on=D(2025, 4, 1), result="upheld")


def test_a_ledger_row_dated_after_today_is_refused(world: Any) -> None:
    rows = [
        "申请编号,申请人类型,收到日期,办结日期,办理结果",
        "2025-001,自然人,2025-03-01,2025-03-10,予以公开",
        "2025-002,自然人,2025-03-01,2025-03-20,予以公开",
        "2025-003,自然人,2007-03-01,,",
    ]
    ledger = ImportFile("台账.csv", ("\n".join(rows) + "\n").encode())
    with pytest.raises(LedgerError) as refused:
        import_ledger("洪泽区教育局", ledger, actor=world.clerk)
    messages = [(e.row, e.message) for e in refused.value.errors]
    assert [row for row, _m in messages] == [3, 4]
    assert "“办结日期”2025年3月20日晚于今天" in messages[0][1]
    assert "早于《中华人民共和国政府信息公开条例》施行之日" in messages[1][1]


def test_undoing_the_last_step_keeps_it_on_record(world: Any, register: Any, client_for: Any) -> None:
    application = register(D(2025, 3, 3))
    services.approve_extension(application, world.head, D(2025, 3, 10), reason="需要调取档案")
    extended_due = application.reply_due
    services.start_consultation(application, world.clerk, D(2025, 3, 11), party="某公司")
    letters = list(application.letters.filter(kind="consultation_letter"))
    # a clerk may undo their own step, with a reason; the page says which step
    client = client_for(world.clerk)
    url = reverse("applications:undo", args=[application.pk])
    assert "征求第三方或其他机关意见" in client.get(url).content.decode()
    assert "这个字段是必填项" in client.post(url, {"reason": " "}).content.decode()
    assert client.post(url, {"reason": "误操作：未决定征求意见"}).status_code == 302
    application.refresh_from_db()
    assert application.state == "registered" and application.reply_due == extended_due
    assert all(letter.withdrawn for letter in application.letters.filter(pk__in=[x.pk for x in letters]))
    assert services.rebuild_state(application) == services.stored_state(application)
    undo = application.events.order_by("-seq").first()
    assert undo is not None and undo.action == Action.UNDO_STEP and undo.data["undo_reason"]
    assert application.events.filter(action=Action.START_CONSULTATION).count() == 1  # kept, not deleted
    # the reviewer did not take the extension: only the head (who did) may undo it
    assert client_for(world.reviewer).get(url).status_code == 404
    services.undo_last_step(application, world.head, reason="延期批准日期有误")
    application.refresh_from_db()
    assert application.reply_due == D(2025, 3, 31)
    # an undone extension is no extension: it may be approved again
    services.approve_extension(application, world.head, D(2025, 3, 12), reason="需要调取档案")
    with pytest.raises(services.StepRefused, match="登记申请不能撤销"):
        fresh = register(D(2025, 3, 4))
        services.undo_last_step(fresh, world.head, reason="误登记")


def test_a_review_case_is_corrected_or_voided_never_deleted(
    world: Any, register: Any, client_for: Any
) -> None:
    application = register(D(2025, 3, 3))
    case = services.record_review_case(
        application, world.clerk, number="FY-1", kind="reconsideration", received_on=D(2025, 3, 10)
    )
    with pytest.raises(services.InvalidInput, match="请写明更正的理由"):
        services.correct_review_case(case, world.clerk, reason="", received_on=D(2025, 3, 11))
    services.correct_review_case(case, world.clerk, reason="收到日期录错", received_on=D(2025, 3, 11))
    case.refresh_from_db()
    assert case.received_on == D(2025, 3, 11)
    corrected = application.events.get(action=Action.CORRECT_REVIEW_CASE)
    assert corrected.data["case_changes"] == {"received_on": ["2025-03-10", "2025-03-11"]}
    assert reviews_table([world.agency_a.pk], 2025)["reconsideration"]["pending"] == 1
    client = client_for(world.clerk)
    void_url = reverse("applications:review_void", args=[application.pk, case.pk])
    assert client.post(void_url, {"void-reason": ""}).status_code == 400
    assert client.post(void_url, {"void-reason": "重复登记"}).status_code == 302
    case.refresh_from_db()
    assert case.voided_on == TODAY and case.void_reason == "重复登记"
    assert reviews_table([world.agency_a.pk], 2025)["reconsideration"]["pending"] == 0
    assert application.events.filter(action=Action.VOID_REVIEW_CASE).count() == 1
    with pytest.raises(services.StepRefused, match="已作废"):
        services.conclude_review_case(case, world.clerk, concluded_on=TODAY, result="upheld")
