"""Procedures the law asks for (issue 13 points 3-7): the letter to an overridden third party in time,
第三十五条 as a procedure, late amendments with a good reason, fees within the reply period and counted
by month, 不存在 and 非本机关 answered separately."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.clock import Clock
from gongkai.applications.deadlines import shown_deadlines
from gongkai.core.calendar import system_calendar
from gongkai.law.zh import date_zh

D = dt.date


# -- point 5: 补正 (第三十条) --------------------------------------------------------------------------------


def test_a_late_amendment_with_a_recorded_good_reason_is_accepted(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.request_amendment(
        application, world.clerk, D(2025, 3, 5), points="写明文号", period_working_days=10
    )
    # period: 10 working days from 5 March -> 19 March; amended on the 20th
    with pytest.raises(services.InvalidInput, match="请写明理由"):
        services.record_amendment(application, world.clerk, D(2025, 3, 20))
    event = services.record_amendment(
        application, world.clerk, D(2025, 3, 20), late_reason="申请人住院，提供了住院证明"
    )
    assert application.state == "amended" and application.amended_on == D(2025, 3, 20)
    assert event.data["late"] is True and event.data["late_reason"] == "申请人住院，提供了住院证明"
    # the reply period runs again from the amended application: 20 working days from 20 March
    assert application.reply_due == D(2025, 4, 18)


def test_the_amendment_period_runs_from_the_applicants_receipt_of_the_notice(
    world: Any, register: Any, client_for: Any
) -> None:
    application = register(D(2025, 3, 3))
    services.request_amendment(
        application, world.clerk, D(2025, 3, 5), points="写明文号", period_working_days=10
    )
    clock = Clock.of(application, system_calendar())
    shown = shown_deadlines(application, clock, D(2025, 3, 5), 5)
    assert any("暂定" in s.label and s.due == D(2025, 3, 19) for s in shown)
    letter = application.letters.get(kind="amendment_notice")
    assert "自收到本告知书之日起10个工作日内" in letter.body
    with pytest.raises(services.InvalidInput, match="不能早于补正告知书发出之日"):
        services.record_amendment_notice_delivery(
            application, world.clerk, D(2025, 3, 10), delivered_on=D(2025, 3, 4)
        )
    client = client_for(world.clerk)
    url = reverse("applications:step", args=[application.pk, "record_amendment_notice_delivery"])
    assert "申请人收到补正告知书之日" in client.get(url).content.decode()
    response = client.post(url, {"on": "2025-03-10", "delivered_on": "2025-03-10"})
    assert response.status_code == 302
    application.refresh_from_db()
    # 10 working days from 10 March -> 24 March: abandonment only after that, an amendment on time before
    with pytest.raises(services.StepRefused, match="补正期限至2025年3月24日"):
        services.abandon_no_amendment(application, world.clerk, D(2025, 3, 24))
    with pytest.raises(services.StepRefused, match="已登记申请人于2025年3月10日收到补正告知书"):
        services.record_amendment_notice_delivery(application, world.clerk, D(2025, 3, 11))
    services.record_amendment(application, world.clerk, D(2025, 3, 24))
    assert application.state == "amended"


def test_without_a_good_reason_a_late_amendment_ends_in_abandonment(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.request_amendment(
        application, world.clerk, D(2025, 3, 5), points="写明文号", period_working_days=10
    )
    with pytest.raises(services.InvalidInput, match="无正当理由逾期不补正的，应按逾期未补正处理"):
        services.record_amendment(application, world.clerk, D(2025, 3, 20), late_reason="  ")
    services.abandon_no_amendment(application, world.clerk, D(2025, 3, 20))
    assert application.outcome == "other.no_amendment"


# -- point 7: 不存在 and 非本机关 (第三十六条（四）（五）) ------------------------------------------------------


def test_not_held_is_answered_as_absent_with_the_search_or_elsewhere_naming_the_agency(
    world: Any, register: Any, client_for: Any
) -> None:
    application = register(D(2025, 3, 3))
    not_held = "unable_to_provide.not_held"
    with pytest.raises(services.InvalidInput, match="请选择"):
        services.draft_decision(application, world.clerk, D(2025, 3, 4), outcome=not_held, reasons="无")
    with pytest.raises(services.InvalidInput, match="所作的检索"):
        services.draft_decision(
            application, world.clerk, D(2025, 3, 4), outcome=not_held, reasons="无", not_held_kind="absent"
        )
    with pytest.raises(services.InvalidInput, match="负责公开该政府信息的行政机关"):
        services.draft_decision(
            application, world.clerk, D(2025, 3, 4), outcome=not_held, reasons="无", not_held_kind="elsewhere"
        )
    client = client_for(world.clerk)
    url = reverse("applications:step", args=[application.pk, "draft_decision"])
    page = client.get(url).content.decode()
    assert 'id="known-agencies"' in page and '<option value="洪泽区教育局">' in page
    response = client.post(
        url,
        {
            "on": "2025-03-04",
            "outcome": not_held,
            "reasons": "该文件由区住建局制作",
            "not_held_kind": "elsewhere",
            "responsible_agency": "淮安市洪泽区住房和城乡建设局",
            "responsible_contact": "0517-87220000",
        },
    )
    assert response.status_code == 302
    letter = application.letters.get(kind="decision")
    assert "不属于本机关负责公开" in letter.body and "第三十六条第（五）项" in letter.body
    assert "淮安市洪泽区住房和城乡建设局，联系方式：0517-87220000" in letter.body
    assert "不存在" not in letter.body

    other = register(D(2025, 3, 3))
    event = services.draft_decision(
        other,
        world.clerk,
        D(2025, 3, 4),
        outcome=not_held,
        reasons="经检索未找到",
        not_held_kind="absent",
        search_made="检索了本机关2020年以来的发文档案和信息公开目录",
    )
    assert event.data["search_made"] == "检索了本机关2020年以来的发文档案和信息公开目录"
    body = other.letters.get(kind="decision").body
    assert "第三十六条第（四）项" in body and "该政府信息不存在" in body
    assert "检索了本机关2020年以来的发文档案和信息公开目录" in body and "不属于本机关" not in body


# -- point 6: fees (国办函〔2020〕109号) ---------------------------------------------------------------------


def test_a_fee_notice_only_within_the_reply_period(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    assert application.reply_due == D(2025, 3, 31)
    with pytest.raises(services.StepRefused, match="收费通知应在答复期限内发出"):
        services.send_fee_notice(application, world.clerk, D(2025, 4, 1), by_pages=150)
    services.send_fee_notice(application, world.clerk, D(2025, 3, 31), by_pages=150)
    assert application.state == "fee_notified"


def test_by_count_counts_the_applicants_applications_of_the_month_and_a_split(
    world: Any, register: Any, client_for: Any
) -> None:
    earlier = [register(D(2025, 3, 3 + day)) for day in range(10)]  # ten in March by the same applicant
    register(D(2025, 2, 28))  # February: not counted
    stranger = register(D(2025, 3, 4), name="李四", id_number="", phone="13900000000")
    eleventh = register(D(2025, 3, 14))
    with pytest.raises(services.InvalidInput, match="不收费"):
        services.send_fee_notice(stranger, world.clerk, D(2025, 3, 14))
    with pytest.raises(services.InvalidInput, match="拆分理由"):
        services.send_fee_notice(eleventh, world.clerk, D(2025, 3, 14), pieces=3)
    client = client_for(world.clerk)
    url = reverse("applications:step", args=[eleventh.pk, "send_fee_notice"])
    response = client.post(
        url,
        {"on": "2025-03-14", "method": "count", "pieces": "3", "split_reason": "申请了三份互不相关的文件"},
    )
    assert response.status_code == 302
    eleventh.refresh_from_db()
    event = eleventh.events.get(action="send_fee_notice")
    assert "本申请为该申请人2025年3月内第11—13件" in str(event.data["quote"])
    assert (eleventh.pieces, eleventh.split_reason) == (3, "申请了三份互不相关的文件")
    assert earlier[0].number != eleventh.number
    # the next application of the month comes after the three 件
    twelfth = register(D(2025, 3, 17))
    services.send_fee_notice(twelfth, world.clerk, D(2025, 3, 17))
    quote = twelfth.events.get(action="send_fee_notice").data["quote"]
    assert "本申请为该申请人2025年3月内第14件" in str(quote)


# -- point 4: 第三十五条 as a procedure ---------------------------------------------------------------------


def test_refusing_many_repeated_applications_needs_the_reasons_asked_and_the_answer_recorded(
    world: Any, register: Any, client_for: Any
) -> None:
    application = register(D(2025, 3, 3))
    excessive = "not_processed.excessive"
    with pytest.raises(services.InvalidInput, match="应当先要求申请人说明理由"):
        services.draft_decision(
            application, world.clerk, D(2025, 3, 4), outcome=excessive, reasons="一月内80件"
        )
    client = client_for(world.clerk)
    url = reverse("applications:step", args=[application.pk, "request_reasons"])
    response = client.post(url, {"on": "2025-03-04", "matters": "您本月已提交80件内容相同的申请。"})
    assert "请申请人于何日前说明理由" in response.content.decode()  # every error at once: the date missing
    response = client.post(
        url, {"on": "2025-03-04", "matters": "您本月已提交80件内容相同的申请。", "answer_by": "2025-03-11"}
    )
    assert response.status_code == 302
    letter = application.letters.get(kind="reasons_request")
    assert "第三十五条" in letter.body and "2025年3月11日前" in letter.body and "80件" in letter.body
    with pytest.raises(services.InvalidInput, match="请先登记申请人说明的理由"):
        services.draft_decision(
            application, world.clerk, D(2025, 3, 5), outcome=excessive, reasons="一月内80件"
        )
    with pytest.raises(services.InvalidInput, match="请记录申请人说明的理由"):
        services.record_reasons(application, world.clerk, D(2025, 3, 10), answered=True)
    event = services.record_reasons(
        application, world.clerk, D(2025, 3, 10), answered=True, answer="研究需要"
    )
    assert event.data["answer"] == "研究需要"
    with pytest.raises(services.StepRefused, match="已经登记"):
        services.record_reasons(application, world.clerk, D(2025, 3, 10), answered=False)
    services.draft_decision(application, world.clerk, D(2025, 3, 12), outcome=excessive, reasons="理由不合理")
    assert "经要求说明理由" in application.letters.get(kind="decision").body


# -- point 3: the letter to an overridden third party, in time for it to act (第三十二条) -------------------


def test_the_disclosure_reaches_the_applicant_only_after_the_third_party_had_time_to_act(
    world: Any, register: Any, settings: Any
) -> None:
    settings.GONGKAI_THIRD_PARTY_NOTICE_DAYS = 15
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="甲公司")
    services.record_consultation_answer(
        application, world.clerk, D(2025, 3, 6), objects=True, objection_reasons="商业秘密"
    )
    services.draft_decision(
        application, world.clerk, D(2025, 3, 7), outcome="disclosed", public_interest="涉及公共安全"
    )
    services.review_decision(application, world.reviewer, D(2025, 3, 7))
    services.approve_decision(application, world.head, D(2025, 3, 7))
    notice = application.letters.get(kind="third_party_notice")
    assert notice.is_issued and "申请行政复议" in notice.body
    with pytest.raises(services.StepRefused, match="2025年3月22日前不向申请人送达公开决定"):
        services.deliver_decision(application, world.clerk, D(2025, 3, 21))
    event = services.deliver_decision(application, world.clerk, D(2025, 3, 24))
    assert event.data["third_party_notified"] == ["2025-03-07"]


def test_without_a_third_party_notice_the_decision_is_delivered_at_once(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.draft_decision(application, world.clerk, D(2025, 3, 4), outcome="disclosed")
    services.review_decision(application, world.reviewer, D(2025, 3, 4))
    services.approve_decision(application, world.head, D(2025, 3, 4))
    services.deliver_decision(application, world.clerk, D(2025, 3, 4))
    assert application.state == "delivered"


def test_the_date_to_state_reasons_by_may_be_a_day_to_come(
    world: Any, register: Any, client_for: Any
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    application = register(today)
    url = reverse("applications:step", args=[application.pk, "request_reasons"])
    later = (today + dt.timedelta(days=7)).isoformat()
    response = client_for(world.clerk).post(
        url, {"on": today.isoformat(), "matters": "本月80件。", "answer_by": later}
    )
    assert response.status_code == 302


# -- point 4: 第三十五条, a later reasonable reply date -------------------------------------------------------


def test_reasons_found_reasonable_lead_to_a_later_reply_date_with_a_letter(
    world: Any, register: Any, client_for: Any
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    application = register(today)
    statutory = application.reply_due
    assert statutory is not None
    later = statutory + dt.timedelta(days=30)
    with pytest.raises(services.StepRefused, match="尚未登记申请人说明的理由"):
        services.defer_reply(application, world.head, today, reply_by=later, reason="需调取大量档案")
    services.request_reasons(
        application, world.clerk, today, matters="本月已提交80件申请。", answer_by=today + dt.timedelta(7)
    )
    services.record_reasons(application, world.clerk, today, answered=True, answer="课题研究需要")
    with pytest.raises(services.StepRefused, match="只有负责人"):
        services.defer_reply(application, world.clerk, today, reply_by=later, reason="需调取大量档案")
    with pytest.raises(services.InvalidInput, match="应晚于现在的答复期限"):
        services.defer_reply(application, world.head, today, reply_by=statutory, reason="需调取大量档案")
    client = client_for(world.head)
    url = reverse("applications:step", args=[application.pk, "defer_reply"])
    response = client.post(
        url, {"on": today.isoformat(), "reply_by": later.isoformat(), "reason": "需调取大量档案"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    # the clock: the date set is the reply deadline, kept when the deadlines are counted again
    assert application.reply_due == later
    assert Clock.of(application, system_calendar()).reply_due() == later
    services.recompute_deadlines(system_calendar())
    application.refresh_from_db()
    assert application.reply_due == later
    letter = application.letters.get(kind="deferral_notice")
    assert "第三十五条" in letter.body and "申请理由合理" in letter.body and "需调取大量档案" in letter.body
    assert f"将于{date_zh(later)}前作出答复" in letter.body and date_zh(statutory) in letter.body
    services.issue_letter(letter, world.clerk, today)  # a notice, signed by the clerk like the extension's
    # the case page explains it; no 第三十三条 extension on top of it; only once
    page = client_for(world.clerk).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "依照条例第三十五条" in page and date_zh(later) in page
    assert "申请人说明的理由：课题研究需要" in page  # the history shows the answer the head accepted
    with pytest.raises(services.StepRefused, match="不再依照第三十三条延期答复"):
        services.request_extension(application, world.clerk, today, reason="复杂")
    with pytest.raises(services.StepRefused, match="已经确定延迟答复的期限"):
        services.defer_reply(application, world.head, today, reply_by=later, reason="again")
    # the refusal is not chosen here, so its letter never says 经要求说明理由 by itself
    services.draft_decision(application, world.clerk, today, outcome="disclosed")
    assert "经要求说明理由" not in application.letters.get(kind="decision").body


def test_no_later_reply_date_when_the_applicant_gave_no_reasons(world: Any, register: Any) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    application = register(today)
    services.request_reasons(
        application, world.clerk, today, matters="本月已提交80件申请。", answer_by=today + dt.timedelta(7)
    )
    services.record_reasons(application, world.clerk, today, answered=False)
    assert application.reply_due is not None
    with pytest.raises(services.StepRefused, match="申请人未说明理由"):
        services.defer_reply(
            application, world.head, today, reply_by=application.reply_due + dt.timedelta(30), reason="x"
        )


def test_the_lookup_and_the_api_show_the_later_reply_date(world: Any, register: Any) -> None:
    from django.utils import timezone

    from gongkai.api.applications import LookupOut
    from gongkai.online.services import DEFERRED_BASIS, _view

    today = timezone.localdate()
    application = register(today)
    services.request_reasons(
        application, world.clerk, today, matters="本月已提交80件申请。", answer_by=today + dt.timedelta(7)
    )
    services.record_reasons(application, world.clerk, today, answered=True, answer="研究需要")
    assert application.reply_due is not None
    later = application.reply_due + dt.timedelta(days=20)
    services.defer_reply(application, world.head, today, reply_by=later, reason="需调取大量档案")
    letter = application.letters.get(kind="deferral_notice")
    services.issue_letter(letter, world.clerk, today)

    class Online:  # what `_view` reads of an on-line application
        number, agency, submitted_on = "WS1", world.agency_a, today

    Online.application = application  # type: ignore[attr-defined]
    view = _view(Online)  # type: ignore[arg-type]
    assert (view.reply_due, view.reply_due_basis) == (later, DEFERRED_BASIS)
    assert "deferral_notice" in [letter.kind for letter in view.letters]
    assert "reply_due_basis" in LookupOut.model_fields


def test_the_refusal_says_reasons_were_asked_only_when_they_were() -> None:
    from gongkai.law.outcomes import OUTCOMES

    # The words come with the outcome 不予处理·大量反复 alone, which the workflow refuses until the reasons
    # were asked and the answer recorded (test_refusing_many_repeated_applications_needs_…).
    saying = [o.key for o in OUTCOMES if "经要求说明理由" in o.basis_zh]
    assert saying == ["not_processed.excessive"]


def test_elsewhere_names_the_responsible_agencys_contact_from_its_guide(
    world: Any, register: Any, client_for: Any
) -> None:
    from gongkai.proactive.models import ProactiveSettings

    ProactiveSettings.objects.create(
        agency=world.agency_b,
        office_name="洪泽区自然资源局办公室",
        office_address="洪泽区东风路1号",
        office_phone="0517-87221111",
    )
    application = register(D(2025, 3, 3))
    url = reverse("applications:step", args=[application.pk, "draft_decision"])
    page = client_for(world.clerk).get(url).content.decode()
    contact = "洪泽区自然资源局办公室，地址：洪泽区东风路1号，电话：0517-87221111"
    assert f'<option value="洪泽区自然资源局" label="洪泽区自然资源局（{contact}）">' in page
    event = services.draft_decision(
        application,
        world.clerk,
        D(2025, 3, 4),
        outcome="unable_to_provide.not_held",
        reasons="该信息由区自然资源局制作",
        not_held_kind="elsewhere",
        responsible_agency="洪泽区自然资源局",
    )
    assert event.data["responsible_contact"] == contact
    body = application.letters.get(kind="decision").body
    assert f"负责公开该政府信息的行政机关为洪泽区自然资源局，联系方式：{contact}" in body
    # an agency gongkai does not know (or whose guide has no contact) has none suggested
    other = register(D(2025, 3, 3))
    event = services.draft_decision(
        other,
        world.clerk,
        D(2025, 3, 4),
        outcome="unable_to_provide.not_held",
        reasons="该信息由市交通局制作",
        not_held_kind="elsewhere",
        responsible_agency="淮安市交通运输局",
    )
    assert "responsible_contact" not in event.data
    assert "淮安市交通运输局。" in other.letters.get(kind="decision").body
