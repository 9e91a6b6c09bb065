"""Consultations counted from receipt, the time they actually take, several at once; promised reply dates;
the amendment period from receipt of the notice and 逾期补正 with a good reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.law.calendar import default_calendar
from gongkai.law.deadlines import (
    AmendmentStatus,
    Consultation,
    ConsultationState,
    ConsultedKind,
    Pause,
    amendment_status,
    amendment_window,
    consultation_deadline,
    promised_reply_deadline,
    reply_deadline,
    treated_as_abandoned,
)

D = date
# March 2025 has no holiday; 清明 is Friday 4 April 2025 (4–6 April off).
RECEIVED = D(2025, 3, 3)  # a Monday: 20 working days end on Monday 31 March


def test_reply_deadline_without_consultation() -> None:
    assert reply_deadline(RECEIVED).due == D(2025, 3, 31)


def test_the_window_runs_from_the_partys_receipt() -> None:
    """Sent Wednesday 3-5, received Friday 3-7: 15 working days from 3-7 end Friday 3-28 (from the day sent,
    as before, they would end 3-26)."""
    consultation = Consultation(D(2025, 3, 5), D(2025, 3, 7))
    window = consultation.window()
    assert (window.due, window.delivery_recorded, window.provisional) == (D(2025, 3, 28), True, False)
    assert consultation_deadline(D(2025, 3, 5)).due == D(2025, 3, 26)
    unknown = Consultation(D(2025, 3, 5)).window()
    assert (unknown.due, unknown.delivery_recorded, unknown.provisional) == (D(2025, 3, 26), False, True)
    assert unknown.as_dict()["provisional"] is True


@pytest.mark.parametrize(
    ("consultation", "excluded_to", "due"),
    [
        # answered 3-12: paused 3-6, 3-7, 3-10…3-12 (5 days); 3-4 d1, 3-5 d2, 3-13 d3 … 4-3 d18, 4-7 d19, 4-8 d20
        (Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 3, 12)), D(2025, 3, 12), D(2025, 4, 8)),
        # no answer: paused to the window's end 3-28 (17 days); 3-31 d3 … 4-24 d20
        (Consultation(D(2025, 3, 5), D(2025, 3, 7)), D(2025, 3, 28), D(2025, 4, 24)),
        # a late answer does not lengthen the pause beyond the window
        (Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 4, 2)), D(2025, 3, 28), D(2025, 4, 24)),
        # receipt not recorded but an answer came: the time actually used
        (Consultation(D(2025, 3, 5), None, D(2025, 3, 12)), D(2025, 3, 12), D(2025, 4, 8)),
    ],
)
def test_the_time_actually_used_is_excluded(consultation: Consultation, excluded_to: date, due: date) -> None:
    assert consultation.pause() == Pause(
        D(2025, 3, 5),
        excluded_to,
        "征求第三方或者其他机关意见（条例第三十三条第二款：所需时间不计算在答复期限内）",
    )
    deadline = reply_deadline(RECEIVED, consultations=[consultation])
    assert deadline.due == due
    assert deadline.pauses == (consultation.pause(),)


def test_several_consultations_overlapping_count_once() -> None:
    """3-5→3-12 and 3-10→3-20 together pause 3-6 … 3-20 (11 working days): due 4-16."""
    first = Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 3, 12))
    second = Consultation(D(2025, 3, 10), D(2025, 3, 11), D(2025, 3, 20), kind=ConsultedKind.AGENCY)
    together = reply_deadline(RECEIVED, consultations=[first, second])
    assert together.due == D(2025, 4, 16)
    assert together.due == reply_deadline(RECEIVED, pauses=[(D(2025, 3, 5), D(2025, 3, 20))]).due
    assert reply_deadline(RECEIVED, consultations=[second, first]).due == together.due
    assert sum(1 for day in together.explanation if day.kind == "paused") == 11


def test_consultation_with_other_pauses_and_extension() -> None:
    consultation = Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 3, 12))
    fee = (D(2025, 4, 1), D(2025, 4, 3), "收费")
    extended = reply_deadline(RECEIVED, extended=True, pauses=[fee], consultations=[consultation])
    plain = reply_deadline(RECEIVED, extended=True, pauses=[fee, consultation.pause()])  # type: ignore[list-item]
    assert extended.due == plain.due
    assert len(extended.pauses) == 2


def test_extension_promises_only_what_is_known() -> None:
    """Extension letter on 3-14 while the consultation (received 3-7) is unanswered; it is answered 3-20.

    The lawful extended deadline pauses 3-6…3-20. A promise assuming the pause runs to the window's end
    (3-28) would be 6 working days too late; the promise counts the pause up to 3-14 only."""
    answered_later = Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 3, 20))
    lawful = reply_deadline(RECEIVED, extended=True, consultations=[answered_later]).due
    to_window_end = reply_deadline(
        RECEIVED, extended=True, consultations=[Consultation(D(2025, 3, 5), D(2025, 3, 7))]
    )
    promised = promised_reply_deadline(RECEIVED, D(2025, 3, 14), consultations=[answered_later])
    assert promised.pauses == (Pause(D(2025, 3, 5), D(2025, 3, 14), promised.pauses[0].reason),)
    assert promised.due <= lawful < to_window_end.due
    assert default_calendar().working_days_between(lawful, to_window_end.due) == 6
    assert default_calendar().working_days_between(promised.due, lawful) == 4  # 3-17 … 3-20
    # a consultation sent after the letter, and a pause starting that day, are not known to it
    later = Consultation(D(2025, 3, 17), D(2025, 3, 18))
    plain = reply_deadline(RECEIVED, extended=True)
    assert promised_reply_deadline(RECEIVED, D(2025, 3, 14), consultations=[later]) == plain
    assert (
        promised_reply_deadline(RECEIVED, D(2025, 3, 14), pauses=[(D(2025, 3, 14), D(2025, 3, 20))]) == plain
    )
    # already answered when the letter is written: the answer ends the pause
    answered = Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 3, 12))
    assert (
        promised_reply_deadline(RECEIVED, D(2025, 3, 14), consultations=[answered]).due
        == reply_deadline(RECEIVED, extended=True, consultations=[answered]).due
    )


def test_silence_of_another_agency_consents_only_after_its_window() -> None:
    agency = Consultation(D(2025, 3, 5), D(2025, 3, 7), kind=ConsultedKind.AGENCY)
    third = Consultation(D(2025, 3, 5), D(2025, 3, 7))
    assert agency.state(D(2025, 3, 28)) is ConsultationState.AWAITING  # the window's last day
    assert agency.state(D(2025, 3, 31)) is ConsultationState.CONSENTED
    assert third.state(D(2025, 3, 31)) is ConsultationState.LAPSED
    unreceived = Consultation(D(2025, 3, 5), kind=ConsultedKind.AGENCY)
    assert unreceived.state(D(2025, 6, 30)) is ConsultationState.AWAITING  # its window has not started
    answered = Consultation(D(2025, 3, 5), D(2025, 3, 7), D(2025, 3, 12))
    assert answered.state(D(2025, 3, 11)) is ConsultationState.AWAITING
    assert answered.state(D(2025, 3, 12)) is ConsultationState.ANSWERED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sent": D(2025, 3, 5), "delivered": D(2025, 3, 4)}, "送达日期2025年3月4日早于发出日期2025年3月5日"),
        (
            {"sent": D(2025, 3, 5), "delivered": D(2025, 3, 7), "answered": D(2025, 3, 6)},
            "早于征求意见书送达日期",
        ),
        ({"sent": D(2025, 3, 5), "answered": D(2025, 3, 4)}, "早于征求意见书发出日期"),
    ],
)
def test_impossible_consultation_dates(kwargs: dict[str, date], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Consultation(**kwargs)


consultations = st.builds(
    lambda sent, delay, answer, kind: Consultation(
        sent,
        sent + timedelta(days=delay) if delay is not None else None,
        sent + timedelta(days=(delay or 0) + answer) if answer is not None else None,
        kind,
    ),
    st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30)),
    st.one_of(st.none(), st.integers(0, 20)),
    st.one_of(st.none(), st.integers(0, 40)),
    st.sampled_from(list(ConsultedKind)),
)


@settings(max_examples=200, deadline=None)
@given(
    received=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30)),
    found=st.lists(consultations, max_size=3),
)
def test_consultation_never_shortens_and_order_does_not_matter(
    received: date, found: list[Consultation]
) -> None:
    plain = reply_deadline(received)
    with_consultations = reply_deadline(received, consultations=found)
    assert with_consultations.due >= plain.due
    assert reply_deadline(received, consultations=list(reversed(found))).due == with_consultations.due


@settings(max_examples=200, deadline=None)
@given(
    received=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30)),
    sent_after=st.integers(0, 10),
    delivery=st.integers(0, 10),
    letter_after=st.integers(0, 30),
    answer_after=st.one_of(st.none(), st.integers(0, 40)),
)
def test_a_promise_is_never_later_than_the_lawful_deadline(
    received: date, sent_after: int, delivery: int, letter_after: int, answer_after: int | None
) -> None:
    """Whatever happens after the extension letter, the date it promised is not after the lawful one."""
    sent = received + timedelta(days=sent_after)
    delivered = sent + timedelta(days=delivery)
    on = received + timedelta(days=letter_after)
    answered = delivered + timedelta(days=answer_after) if answer_after is not None else None
    assume(on >= received)
    facts = Consultation(sent, delivered, answered)
    known_then = Consultation(sent, delivered, answered if answered is not None and answered <= on else None)
    promised = promised_reply_deadline(received, on, consultations=[known_then])
    lawful = reply_deadline(received, extended=True, consultations=[facts])
    assert promised.due <= lawful.due
    # an earlier answer never makes the lawful deadline later
    if answered is not None and answered > delivered:
        earlier = Consultation(sent, delivered, answered - timedelta(days=1))
        assert reply_deadline(received, extended=True, consultations=[earlier]).due <= lawful.due


# --- the amendment period (第三十条) ------------------------------------------------------------------------


def test_amendment_period_from_receipt_of_the_notice() -> None:
    """Notice sent 3-5 and received 3-7: 15 working days from 3-7 end 3-28; until recorded, from 3-5: 3-26."""
    window = amendment_window(D(2025, 3, 5), delivered=D(2025, 3, 7))
    assert (window.due, window.provisional) == (D(2025, 3, 28), False)
    assert window.deadline.name_zh == "补正期限"
    pending = amendment_window(D(2025, 3, 5))
    assert (pending.due, pending.provisional) == (D(2025, 3, 26), True)
    assert amendment_window(D(2025, 3, 5), 5, delivered=D(2025, 3, 7)).due == D(2025, 3, 14)
    with pytest.raises(ValueError, match="补正告知书的送达日期"):
        amendment_window(D(2025, 3, 5), delivered=D(2025, 3, 4))
    with pytest.raises(ValueError, match="至少为1个工作日"):
        amendment_window(D(2025, 3, 5), 0)


@pytest.mark.parametrize(
    ("today", "amended_on", "late_reason", "status"),
    [
        (D(2025, 3, 20), None, "", AmendmentStatus.WAITING),
        (D(2025, 3, 28), None, "", AmendmentStatus.WAITING),  # the period's last day
        (D(2025, 3, 31), D(2025, 3, 28), "", AmendmentStatus.AMENDED),
        (D(2025, 3, 31), None, "", AmendmentStatus.ABANDONED),
        (D(2025, 3, 31), None, "  ", AmendmentStatus.ABANDONED),
        (D(2025, 3, 31), None, "申请人住院，4月7日出院", AmendmentStatus.OVERDUE_EXCUSED),
        (D(2025, 4, 9), D(2025, 4, 8), "申请人住院，4月7日出院", AmendmentStatus.AMENDED_LATE_EXCUSED),
        (D(2025, 4, 9), D(2025, 4, 8), "", AmendmentStatus.ABANDONED),
    ],
)
def test_only_unexcused_lateness_ends_the_application(
    today: date, amended_on: date | None, late_reason: str, status: AmendmentStatus
) -> None:
    due = D(2025, 3, 28)
    assert amendment_status(due, today, amended_on=amended_on, late_reason=late_reason) is status
    abandoned = treated_as_abandoned(due, today, amended_on=amended_on, late_reason=late_reason)
    assert abandoned is (status is AmendmentStatus.ABANDONED)
