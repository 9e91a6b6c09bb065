"""Consultations (issue 13 points 2 and 3): windows from the party's receipt, several at once, an agency's
silence, the time actually used, and no 第三方 refusal without consulting the third party."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.applications import services
from gongkai.applications.clock import Clock
from gongkai.applications.deadlines import shown_deadlines
from gongkai.core.calendar import system_calendar
from gongkai.law.deadlines import EXTENSION_PAUSE_NOTE_ZH, Pause, reply_deadline
from gongkai.law.zh import date_zh

D = dt.date


def test_several_consultations_run_at_once(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="甲公司")
    services.start_consultation(application, world.clerk, D(2025, 3, 5), party="洪泽区住建局", kind="agency")
    assert application.state == "consulting"
    services.record_consultation_answer(application, world.clerk, D(2025, 3, 6), objects=False, ref=1)
    assert application.state == "consulting"
    services.record_consultation_answer(application, world.clerk, D(2025, 3, 7), objects=False, ref=2)
    assert application.state == "consulted"
    # the two pauses overlap: 5-7 March excluded once -> 20 working days from 3 March, plus 3 days
    expected = reply_deadline(D(2025, 3, 3), pauses=[Pause(D(2025, 3, 4), D(2025, 3, 7))]).due
    assert application.reply_due == expected == D(2025, 4, 3)
    with pytest.raises(services.StepRefused):
        services.record_consultation_answer(application, world.clerk, D(2025, 3, 7), objects=False, ref=1)


def test_the_window_runs_from_the_partys_receipt_and_is_provisional_until_recorded(
    world: Any, register: Any
) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="甲公司")
    clock = Clock.of(application, system_calendar())
    shown = shown_deadlines(application, clock, D(2025, 3, 4), 5)
    assert any("暂定" in s.label and s.due == D(2025, 3, 25) for s in shown)
    with pytest.raises(services.StepRefused, match="尚未登记甲公司收到征求意见书的日期"):
        services.close_consultation_window(application, world.clerk, D(2025, 3, 26))
    with pytest.raises(services.InvalidInput):
        services.record_consultation_delivery(
            application, world.clerk, D(2025, 3, 10), delivered_on=D(2025, 3, 3)
        )
    services.record_consultation_delivery(
        application, world.clerk, D(2025, 3, 10), delivered_on=D(2025, 3, 10)
    )
    clock = Clock.of(application, system_calendar())
    shown = shown_deadlines(application, clock, D(2025, 3, 10), 5)
    # 15 working days from 10 March -> 31 March, no longer provisional
    assert any(s.due == D(2025, 3, 31) and "暂定" not in s.label for s in shown)
    with pytest.raises(services.StepRefused, match="2025年3月31日"):
        services.close_consultation_window(application, world.clerk, D(2025, 3, 31))
    event = services.close_consultation_window(application, world.clerk, D(2025, 4, 1))
    assert event.data["consented"] is False  # a third party's silence is no consent: the agency decides


def test_an_agencys_silence_is_consent_only_after_its_window(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="洪泽区住建局", kind="agency")
    services.record_consultation_delivery(application, world.clerk, D(2025, 3, 6))
    with pytest.raises(services.StepRefused, match="期满前"):
        services.close_consultation_window(application, world.clerk, D(2025, 3, 27))
    event = services.close_consultation_window(application, world.clerk, D(2025, 3, 28))
    assert event.data["consented"] is True and application.state == "consulted"


def test_the_extension_letter_promises_no_date_assuming_the_pause_runs_to_the_windows_end(
    world: Any, register: Any
) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="甲公司")
    services.approve_extension(application, world.head, D(2025, 3, 6), reason="情况复杂")
    notice = application.letters.get(kind="extension_notice")
    # the consultation so far: 5-6 March; the stored deadline assumes it runs to 25 March
    promised = reply_deadline(D(2025, 3, 3), extended=True, pauses=[Pause(D(2025, 3, 4), D(2025, 3, 6))]).due
    assert promised < application.reply_due
    assert f"本机关将于{date_zh(promised)}前作出答复" in notice.body
    assert EXTENSION_PAUSE_NOTE_ZH in notice.body


def test_no_third_party_refusal_without_a_consultation_or_a_reason(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    with pytest.raises(services.InvalidInput) as refused:
        services.draft_decision(
            application,
            world.clerk,
            D(2025, 3, 4),
            outcome="withheld.third_party_rights",
            reasons="涉及商业秘密",
        )
    assert "no_consultation_reason" in refused.value.errors
    event = services.draft_decision(
        application,
        world.clerk,
        D(2025, 3, 4),
        outcome="withheld.third_party_rights",
        reasons="涉及商业秘密",
        no_consultation_reason="第三方已注销，无法联系",
    )
    assert event.data["no_consultation_reason"] == "第三方已注销，无法联系"


def test_a_third_partys_consent_leads_to_disclosure(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.start_consultation(application, world.clerk, D(2025, 3, 4), party="甲公司")
    services.record_consultation_answer(application, world.clerk, D(2025, 3, 6), objects=False)
    with pytest.raises(services.InvalidInput, match="第三方均同意公开"):
        services.draft_decision(
            application, world.clerk, D(2025, 3, 7), outcome="withheld.third_party_rights", reasons="x"
        )
    services.draft_decision(application, world.clerk, D(2025, 3, 7), outcome="disclosed")


def test_the_notice_to_an_overridden_third_party_names_the_reconsideration_body(
    world: Any, register: Any
) -> None:
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
    assert notice.is_issued
    assert "六十日内向淮安市洪泽区人民政府申请行政复议" in notice.body
    assert "贵方如对本决定不服" in notice.body
