"""The dashboard's per-agency figures (`applications.queries.figures_by_agency`, grouped queries) against
the same figures counted application by application in Python, on random applications."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from gongkai.applications.queries import AgencyFigures, figures_by_agency
from gongkai.applications.workflow import OPEN
from gongkai.law.calendar import CalendarMissingError

STATES = ("registered", "reviewed", "replied", "filed", "abandoned")
OUTCOMES = ("disclosed", "withheld.state_secret", "other.other", "")


def _expected(apps: list[Any], year: int, today: dt.date, calendar: Any) -> AgencyFigures:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    f = AgencyFigures()
    for a in apps:
        f.received += first <= a.received_on <= last
        f.handled += a.closed_on is not None and first <= a.closed_on <= last
        f.carried_over += a.received_on <= last and (a.closed_on is None or a.closed_on > last)
        is_open = a.state in OPEN
        f.overdue_now += is_open and a.reply_due is not None and a.reply_due < today
        replied = a.replied_on is not None and first <= a.replied_on <= last
        late = replied and a.reply_due is not None and a.replied_on > a.reply_due
        f.late_replies += late
        open_late = is_open and a.reply_due is not None and first <= a.reply_due < min(last, today)
        f.overdue_in_year += late + open_late
        if replied:
            try:
                days = calendar.working_days_between(a.received_on, a.replied_on)
            except CalendarMissingError:
                pass
            else:
                f.replies += 1
                f.reply_working_days += days
            if a.outcome:
                group = a.outcome.split(".")[0]
                f.outcomes[group] = f.outcomes.get(group, 0) + 1
    return f


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grouped_figures_equal_the_figures_counted_one_by_one(world: Any, seed: int) -> None:
    from gongkai.applications.models import Application
    from gongkai.core.calendar import system_calendar

    calendar = system_calendar()
    rng = random.Random(seed)
    agencies = [world.agency_a, world.agency_b, world.government]
    rows = []
    for n in range(400):
        received = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        state = rng.choice(STATES)
        closed = received + dt.timedelta(days=rng.randint(0, 90)) if state in ("filed", "abandoned") else None
        replied = closed or (received + dt.timedelta(days=rng.randint(0, 40)) if state == "replied" else None)
        rows.append(
            Application(
                agency=rng.choice(agencies),
                number=f"N{n}",
                applicant_category="natural_person",
                received_on=received,
                reply_due=received + dt.timedelta(days=rng.randint(20, 40)) if rng.random() > 0.05 else None,
                replied_on=replied,
                closed_on=closed,
                outcome=rng.choice(OUTCOMES) if replied else "",
                state=state,
            )
        )
    Application.objects.bulk_create(rows)
    today = dt.date(2025, 6, 2)
    for year in (2023, 2024, 2025):
        found = figures_by_agency([a.pk for a in agencies], year, today, calendar)
        for agency in agencies:
            expected = _expected([r for r in rows if r.agency_id == agency.pk], year, today, calendar)
            assert found[agency.pk] == expected, (year, agency.name)
        assert sum(f.replies for f in found.values()) > 50  # the working days are counted


@pytest.mark.django_db
def test_the_trend_counts_each_year_as_the_figures_of_that_year(world: Any) -> None:
    from gongkai.applications.models import Application
    from gongkai.applications.queries import yearly_totals
    from gongkai.core.calendar import system_calendar

    rng = random.Random(5)
    ids = [world.agency_a.pk, world.agency_b.pk]
    Application.objects.bulk_create(
        Application(
            agency_id=rng.choice(ids),
            number=f"T{n}",
            applicant_category="natural_person",
            received_on=(received := dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))),
            reply_due=received + dt.timedelta(days=30),
            replied_on=(replied := received + dt.timedelta(days=rng.randint(5, 60)) if n % 3 else None),
            closed_on=replied,
            state="filed" if replied else "registered",
        )
        for n in range(300)
    )
    today = dt.date(2025, 6, 2)
    years = [2022, 2023, 2024, 2025]
    trend = yearly_totals(ids, years, today)
    for year in years:
        figures = figures_by_agency(ids, year, today, system_calendar()).values()
        assert trend[year].received == sum(f.received for f in figures) > 0
        assert trend[year].overdue_in_year == sum(f.overdue_in_year for f in figures)
    assert sum(trend[y].overdue_in_year for y in years) > 0
