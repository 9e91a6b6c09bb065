"""Properties of the statutory clock, and the indexed arithmetic against a naive walk over chinesecalendar."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.calendar import builtin_calendar
from gongkai.law.deadlines import DayKind, Deadline, Pause, reply_deadline

# Timing belongs in bench/, not in tests: a busy machine must not fail a property.
untimed = settings(deadline=None)

# Later starts could run, extended and paused, into 2027, for which there is no data yet; a pause may
# begin up to 5 days before the start, so starts from 8 January 2004 keep it inside the covered years.
starts = st.dates(min_value=date(2004, 1, 8), max_value=date(2026, 6, 30))


@st.composite
def pauses(draw: st.DrawFn, start: date) -> list[Pause]:
    count = draw(st.integers(min_value=0, max_value=3))
    result = []
    for _ in range(count):
        begin = start + timedelta(days=draw(st.integers(min_value=-5, max_value=60)))
        result.append(Pause(begin, begin + timedelta(days=draw(st.integers(min_value=0, max_value=20)))))
    return result


def naive_due(start: date, n: int, paused: list[Pause]) -> date:
    """Walk day by day with chinesecalendar's own is_workday: an oracle independent of our index."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day) and not any(p.start < day <= p.end for p in paused):
            counted += 1
    return day


@settings(max_examples=300, deadline=None)
@given(st.data(), starts, st.booleans())
def test_agrees_with_a_day_by_day_walk(data: st.DataObject, start: date, extended: bool) -> None:
    paused = data.draw(pauses(start))
    due = reply_deadline(start, extended=extended, pauses=paused).due
    assert due == naive_due(start, 40 if extended else 20, paused)


@untimed
@given(starts, starts, st.booleans())
def test_a_later_receipt_never_gives_an_earlier_deadline(a: date, b: date, extended: bool) -> None:
    early, late = sorted((a, b))
    assert reply_deadline(early, extended=extended).due <= reply_deadline(late, extended=extended).due


@untimed
@given(st.data(), starts)
def test_a_pause_never_shortens(data: st.DataObject, start: date) -> None:
    paused = data.draw(pauses(start))
    assert reply_deadline(start, pauses=paused).due >= reply_deadline(start).due
    extra = paused[:-1]
    assert reply_deadline(start, pauses=paused).due >= reply_deadline(start, pauses=extra).due


@untimed
@given(st.data(), starts)
def test_an_extension_adds_exactly_twenty_working_days(data: st.DataObject, start: date) -> None:
    paused = data.draw(pauses(start))
    plain = reply_deadline(start, pauses=paused)
    extended = reply_deadline(start, extended=True, pauses=paused)
    calendar = builtin_calendar()
    between = calendar.working_days_between(plain.due, extended.due)
    paused_between = sum(
        1
        for n in range((extended.due - plain.due).days)
        if calendar.is_working_day(day := plain.due + timedelta(days=n + 1))
        and any(p.covers(day) for p in paused)
    )
    assert between - paused_between == 20


@untimed
@given(st.data(), starts, st.booleans())
def test_every_deadline_falls_on_a_working_day(data: st.DataObject, start: date, extended: bool) -> None:
    deadline = reply_deadline(start, extended=extended, pauses=data.draw(pauses(start)))
    assert builtin_calendar().is_working_day(deadline.due)
    assert not any(p.covers(deadline.due) for p in deadline.pauses)


def check_explanation(deadline: Deadline) -> None:
    explanation = deadline.explanation
    assert [entry.day for entry in explanation] == [
        deadline.start + timedelta(days=n) for n in range((deadline.due - deadline.start).days + 1)
    ]
    assert explanation[0].kind is DayKind.START
    counted = [entry for entry in explanation if entry.kind in (DayKind.COUNTED, DayKind.MAKEUP)]
    assert [entry.count for entry in counted] == list(range(1, deadline.working_days + 1))
    assert explanation[-1] is counted[-1]
    assert all(entry.note_zh for entry in explanation if entry.kind not in (DayKind.COUNTED,))
    assert len(deadline.explain_zh().splitlines()) >= 3


@untimed
@given(st.data(), starts, st.booleans())
def test_explanations_account_for_every_calendar_day(
    data: st.DataObject, start: date, extended: bool
) -> None:
    check_explanation(reply_deadline(start, extended=extended, pauses=data.draw(pauses(start))))
