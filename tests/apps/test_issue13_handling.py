"""Handling as a careful office would (issue 13 points 5-9, 11): overdue until delivered, abandonment
letters, withdrawal, identity documents, late amendments, fees, 不存在 and 非本机关, receipt and confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications import queries, services
from gongkai.applications.models import Application
from gongkai.core.calendar import system_calendar

D = dt.date


def test_an_approved_but_undelivered_decision_is_overdue_once_the_reply_date_passes(
    world: Any, register: Any
) -> None:
    application = register(D(2025, 3, 3))
    services.draft_decision(application, world.clerk, D(2025, 3, 4), outcome="disclosed")
    services.review_decision(application, world.reviewer, D(2025, 3, 4))
    services.approve_decision(application, world.head, D(2025, 3, 4))
    assert application.reply_due == D(2025, 3, 31)
    everything = Application.objects.all()
    assert list(queries.overdue(everything, D(2025, 3, 31))) == []
    assert list(queries.overdue(everything, D(2025, 4, 1))) == [application]
    assert [r.number for r in queries.reminders(D(2025, 4, 1), system_calendar())] == [application.number]
    services.deliver_decision(application, world.clerk, D(2025, 4, 1))
    assert list(queries.overdue(everything, D(2025, 4, 2))) == []


def test_an_abandoned_application_gets_a_letter_telling_the_applicant(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.request_amendment(
        application, world.clerk, D(2025, 3, 4), points="写明年份", period_working_days=5
    )
    services.abandon_no_amendment(application, world.clerk, D(2025, 3, 12))
    letter = application.letters.get(kind="abandonment_notice")
    assert "视为放弃申请" in letter.body and "第三十条" in letter.body
    assert "六十日内向淮安市洪泽区人民政府申请行政复议" in letter.body
    services.issue_letter(letter, world.clerk, D(2025, 3, 12))


def test_the_applicant_may_withdraw(world: Any, register: Any, client_for: Any) -> None:
    application = register(D(2025, 3, 3))
    with pytest.raises(services.InvalidInput):
        services.withdraw(application, world.clerk, D(2025, 3, 5), statement=" ")
    services.withdraw(application, world.clerk, D(2025, 3, 5), statement="申请人提交书面撤回申请书")
    assert (application.state, application.outcome, application.closed_on) == (
        "withdrawn",
        "other.other",
        D(2025, 3, 5),
    )
    assert services.rebuild_state(application) == services.stored_state(application)
    assert "other.other" in services.decidable_outcomes()
    services.file_application(application, world.clerk, D(2025, 3, 6))
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "申请人撤回申请" in page and "申请人提交书面撤回申请书" in page


@pytest.mark.parametrize(
    ("id_type", "number", "stored"),
    [
        ("passport", "e 1234 5678", "E12345678"),
        ("hk_macao_permit", "H12345678", "H12345678"),
        ("taiwan_permit", "12345678", "12345678"),
        ("residence_permit", "810000199408230021", "810000199408230021"),
    ],
)
def test_identity_documents_other_than_the_resident_id(
    world: Any, register: Any, id_type: str, number: str, stored: str
) -> None:
    application = register(D(2025, 3, 3), id_type=id_type, id_number=number)
    assert (application.id_type, application.id_number) == (id_type, stored)


def test_a_wrong_document_number_is_refused_with_the_documents_rule(world: Any, register: Any) -> None:
    with pytest.raises(services.InvalidInput, match="港澳居民来往内地通行证号码"):
        register(D(2025, 3, 3), id_type="hk_macao_permit", id_number="12345")
    with pytest.raises(services.InvalidInput, match="居民身份证号码"):
        register(D(2025, 3, 3), id_number="110105194912310021")


def test_receipt_and_confirmation_dates_are_both_kept_and_a_late_confirmation_shows(
    world: Any, client_for: Any
) -> None:
    application = services.register_application(
        world.agency_a,
        world.clerk,
        channel="online",
        arrival={"confirmed": D(2025, 3, 5)},
        arrived_on=D(2025, 3, 3),
        applicant=services.Applicant(category="natural_person", name="李四", phone="13812345678"),
        request=services.Request("某文件"),
        on=D(2025, 3, 5),
    )
    assert (application.arrived_on, application.confirmed_on, application.received_on) == (
        D(2025, 3, 3),
        D(2025, 3, 5),
        D(2025, 3, 5),
    )
    assert application.events.get().data["arrived_on"] == "2025-03-03"
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "确认晚于到达2个工作日" in page
    with pytest.raises(services.InvalidInput, match="不能晚于确认之日"):
        services.register_application(
            world.agency_a,
            world.clerk,
            channel="online",
            arrival={"confirmed": D(2025, 3, 5)},
            arrived_on=D(2025, 3, 6),
            applicant=services.Applicant(category="natural_person", name="李四", phone="13812345678"),
            request=services.Request("某文件"),
            on=D(2025, 3, 6),
        )
