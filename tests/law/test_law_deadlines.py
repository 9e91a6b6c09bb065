"""Deadlines around the holidays, computed by hand from the State Council's notices (not by this code).

Each expected date below was counted on a paper calendar: day 1 is the first working day after the event;
weekends and holidays are skipped; the make-up working days (调休上班) count.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.calendar import CalendarMissingError, WorkingCalendar, builtin_calendar
from gongkai.law.deadlines import (
    PAUSE_REASONS,
    DayKind,
    Pause,
    amendment_notice_deadline,
    consultation_deadline,
    fee_payment_deadline,
    proactive_publication_deadline,
    reply_deadline,
)

# (received, reply due, amendment-notice due)
HAND_COUNTED = [
    # 国庆 2024: 10/1–10/7 off; Sun 9/29 and Sat 10/12 worked.
    # 9/29 d1, 9/30 d2, 10/8–10/11 d3–6, 10/12 d7, 10/14–18 d8–12, 10/21–25 d13–17, 10/28–30 d18–20.
    (date(2024, 9, 27), date(2024, 10, 30), date(2024, 10, 12)),
    (date(2024, 9, 28), date(2024, 10, 30), date(2024, 10, 12)),  # received on a Saturday
    # received on the worked Sunday: 9/30 d1, 10/8–11 d2–5, 10/12 d6, 10/14 d7 … 10/31 d20
    (date(2024, 9, 29), date(2024, 10, 31), date(2024, 10, 14)),
    # 10/8–11 d1–4, 10/12 d5, 10/14–15 d6–7 … 11/1 d20
    (date(2024, 9, 30), date(2024, 11, 1), date(2024, 10, 15)),
    (date(2024, 10, 3), date(2024, 11, 1), date(2024, 10, 15)),  # received during the holiday
    # 春节 2025: 1/28–2/4 off; Sun 1/26 and Sat 2/8 worked.
    # 1/26 d1, 1/27 d2, 2/5–7 d3–5, 2/8 d6, 2/10–14 d7–11, 2/17–21 d12–16, 2/24–27 d17–20.
    (date(2025, 1, 24), date(2025, 2, 27), date(2025, 2, 10)),
    # 元旦 2025 (Wed 1/1) then 春节: 1/2–3 d1–2, 1/6–10 d3–7, 1/13–17 d8–12, 1/20–24 d13–17,
    # 1/26 d18, 1/27 d19, 2/5 d20.
    (date(2024, 12, 31), date(2025, 2, 5), date(2025, 1, 10)),
    # 劳动节 2025: 5/1–5/5 off; Sun 4/27 worked.
    # 4/27 d1, 4/28–30 d2–4, 5/6–9 d5–8, 5/12–16 d9–13, 5/19–23 d14–18, 5/26–27 d19–20.
    (date(2025, 4, 25), date(2025, 5, 27), date(2025, 5, 8)),
    # 春节 2026: 2/15–2/23 off; Sat 2/14 and Sat 2/28 worked.
    # 2/12–13 d1–2, 2/14 d3, 2/24–27 d4–7, 2/28 d8, 3/2–6 d9–13, 3/9–13 d14–18, 3/16–17 d19–20.
    (date(2026, 2, 11), date(2026, 3, 17), date(2026, 2, 27)),
    # 元旦 2026: 1/1–1/3 off; Sun 1/4 worked. 1/4 d1, 1/5–9 d2–6, 1/12–16 d7–11, 1/19–23 d12–16, 1/26–29 d17–20.
    (date(2025, 12, 31), date(2026, 1, 29), date(2026, 1, 12)),
    # New Year on a Sunday (2023): 2022-12-31 to 2023-01-02 off. 1/3–6 d1–4, 1/9–13 d5–9, 1/16–20 d10–14,
    # 春节 1/21–27 off, Sat 1/28 and Sun 1/29 worked d15–16, 1/30–2/2 d17–20.
    (date(2022, 12, 30), date(2023, 2, 2), date(2023, 1, 11)),
    # New Year on a Saturday (2022): 1/1–1/3 off. 1/4–7 d1–4, 1/10–14 d5–9, 1/17–21 d10–14, 1/24–28 d15–19,
    # Sat 1/29 worked (春节 2022) d20: a deadline on a Saturday.
    (date(2021, 12, 31), date(2022, 1, 29), date(2022, 1, 12)),
]


@pytest.mark.parametrize(("received", "reply_due", "notice_due"), HAND_COUNTED)
def test_reply_and_amendment_notice_deadlines(received: date, reply_due: date, notice_due: date) -> None:
    reply = reply_deadline(received)
    assert reply.due == reply_due
    assert reply.working_days == 20
    assert reply.start == received
    assert amendment_notice_deadline(received).due == notice_due


def test_deadlines_on_the_builtin_calendar_compare_equal_however_it_was_named() -> None:
    received = date(2024, 9, 27)
    assert reply_deadline(received) == reply_deadline(received, calendar=builtin_calendar())
    other = WorkingCalendar(builtin_calendar().arrangement(year) for year in (2024,))
    assert reply_deadline(received, calendar=other).calendar is other
    assert reply_deadline(received, calendar=other).explanation == reply_deadline(received).explanation


def test_extension_adds_twenty_working_days() -> None:
    # After 10/30 (d20): 10/31 d21, 11/1 d22, 11/4–8 d23–27, 11/11–15 d28–32, 11/18–22 d33–37, 11/25–27 d38–40.
    extended = reply_deadline(date(2024, 9, 27), extended=True)
    assert extended.due == date(2024, 11, 27)
    assert extended.working_days == 40


def test_the_amended_application_restarts_the_clock() -> None:
    # Amended application received Mon 2025-01-27: 2/5–7 d1–3, 2/8 d4, 2/10–14 d5–9, 2/17–21 d10–14,
    # 2/24–28 d15–19, 3/3 d20.
    reply = reply_deadline(date(2025, 1, 20), amended=date(2025, 1, 27))
    assert (reply.start, reply.due) == (date(2025, 1, 27), date(2025, 3, 3))
    with pytest.raises(ValueError, match="早于原申请的收到日期"):
        reply_deadline(date(2025, 1, 20), amended=date(2025, 1, 19))


def test_a_consultation_pause() -> None:
    # Consultation sent Wed 10/9 (d4), answer Tue 10/15: 10/10, 10/11, 10/12 (worked Saturday), 10/14, 10/15
    # are not counted — 5 working days, so 10/30 moves to 10/31, 11/1, 11/4, 11/5, 11/6.
    pause = Pause(date(2024, 10, 9), date(2024, 10, 15), PAUSE_REASONS["consultation"])
    reply = reply_deadline(date(2024, 9, 27), pauses=[pause])
    assert reply.due == date(2024, 11, 6)
    paused = [day.day for day in reply.explanation if day.kind is DayKind.PAUSED]
    assert paused == [
        date(2024, 10, 10),
        date(2024, 10, 11),
        date(2024, 10, 12),
        date(2024, 10, 14),
        date(2024, 10, 15),
    ]


def test_a_pause_over_a_holiday_removes_only_its_working_days() -> None:
    # Pause from Sun 9/29 (d1, itself counted) to Tue 10/8: 9/30 and 10/8 not counted. 10/30 + 2 = 11/1.
    reply = reply_deadline(date(2024, 9, 27), pauses=[(date(2024, 9, 29), date(2024, 10, 8))])
    assert reply.due == date(2024, 11, 1)


def test_overlapping_and_irrelevant_pauses() -> None:
    overlapping = [(date(2024, 10, 9), date(2024, 10, 14)), (date(2024, 10, 11), date(2024, 10, 15))]
    assert reply_deadline(date(2024, 9, 27), pauses=overlapping).due == date(2024, 11, 6)
    after_due = [(date(2024, 10, 30), date(2024, 11, 20))]
    assert reply_deadline(date(2024, 9, 27), pauses=after_due).due == date(2024, 10, 30)
    before_start = [(date(2024, 9, 1), date(2024, 9, 27))]
    assert reply_deadline(date(2024, 9, 27), pauses=before_start).due == date(2024, 10, 30)
    same_day = [(date(2024, 10, 9), date(2024, 10, 9))]
    assert reply_deadline(date(2024, 9, 27), pauses=same_day).due == date(2024, 10, 30)


def test_a_pause_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="早于开始日"):
        Pause(date(2024, 10, 9), date(2024, 10, 8))


def test_other_periods() -> None:
    # 15 working days from Fri 2024-09-27: … 10/18 d12, 10/21 d13, 10/22 d14, 10/23 d15.
    assert consultation_deadline(date(2024, 9, 27)).due == date(2024, 10, 23)
    # Fee: 20 working days from the day after the notice is received.
    assert fee_payment_deadline(date(2024, 9, 27)).due == date(2024, 10, 30)
    assert proactive_publication_deadline(date(2025, 1, 24)).due == date(2025, 2, 27)


def test_the_explanation_accounts_for_every_day() -> None:
    reply = reply_deadline(date(2024, 9, 27))
    by_day = {entry.day: entry for entry in reply.explanation}
    assert len(reply.explanation) == (reply.due - reply.start).days + 1
    assert by_day[date(2024, 9, 27)].kind is DayKind.START
    assert by_day[date(2024, 9, 28)].kind is DayKind.WEEKEND
    assert (by_day[date(2024, 9, 29)].kind, by_day[date(2024, 9, 29)].count) == (DayKind.MAKEUP, 1)
    assert "调休上班" in by_day[date(2024, 9, 29)].note_zh
    assert by_day[date(2024, 10, 3)].kind is DayKind.HOLIDAY
    assert "国庆节" in by_day[date(2024, 10, 3)].note_zh
    assert (by_day[date(2024, 10, 12)].kind, by_day[date(2024, 10, 12)].count) == (DayKind.MAKEUP, 7)
    assert (by_day[date(2024, 10, 30)].kind, by_day[date(2024, 10, 30)].count) == (DayKind.COUNTED, 20)


def test_explain_zh() -> None:
    text = reply_deadline(date(2024, 9, 27)).explain_zh()
    assert (
        text.splitlines()[0]
        == "答复期限：自2024年9月27日起计算20个工作日，届满日为2024年10月30日（星期三）。"
    )
    assert "2024年9月29日（星期日）：第1个工作日，调休上班（国庆节）" in text
    assert "2024年10月1日（星期二）至10月7日（星期一）：国庆节假期，不计（7天）" in text
    assert "2024年10月28日（星期一）至10月30日（星期三）：第18至第20个工作日" in text
    paused = reply_deadline(
        date(2024, 9, 27), pauses=[Pause(date(2024, 10, 9), date(2024, 10, 15), "征求第三方意见")]
    )
    assert "中止计算：2024年10月9日之后至2024年10月15日（含）的工作日，征求第三方意见" in paused.explain_zh()


def test_a_deadline_running_into_a_year_without_data_is_refused() -> None:
    with pytest.raises(CalendarMissingError, match="2027年"):
        reply_deadline(date(2026, 12, 20))
    with pytest.raises(CalendarMissingError, match="2027年"):
        reply_deadline(date(2026, 12, 1), pauses=[(date(2026, 12, 2), date(2027, 1, 5))])


def test_as_dict_is_plain_json() -> None:
    data = reply_deadline(date(2024, 9, 27), pauses=[(date(2024, 10, 9), date(2024, 10, 15))]).as_dict()
    assert data["due"] == "2024-11-06"
    assert data["pauses"] == [{"from": "2024-10-09", "to": "2024-10-15", "reason": "中止计算"}]
    explanation = data["explanation"]
    assert isinstance(explanation, list)
    assert explanation[2] == {
        "date": "2024-09-29",
        "kind": "makeup",
        "count": 1,
        "note": "调休上班（国庆节）",
    }
