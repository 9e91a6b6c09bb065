"""The dashboard's per-agency figures (`applications.queries.figures_by_agency`: tallies kept on write,
and the open applications' deadlines) against the same figures counted application by application in
Python: on random applications loaded in bulk (then tallied by `rebuild`), and after every kind of step
taken through the services, its undoing, a ledger import and update, and a voided review case — with the
stored tallies equal to a recount each time, so that a tally that drifts is caught."""

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


def _rebuild() -> None:
    from gongkai.applications import tallies
    from gongkai.applications.models import Application, ApplicationTally

    tallies.rebuild(Application, ApplicationTally)


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
    _rebuild()
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
    _rebuild()
    today = dt.date(2025, 6, 2)
    years = [2022, 2023, 2024, 2025]
    trend = yearly_totals(ids, years, today)
    for year in years:
        figures = figures_by_agency(ids, year, today, system_calendar()).values()
        assert trend[year].received == sum(f.received for f in figures) > 0
        assert trend[year].overdue_in_year == sum(f.overdue_in_year for f in figures)
    assert sum(trend[y].overdue_in_year for y in years) > 0


def _stored_tallies() -> set[tuple[Any, ...]]:
    from gongkai.applications.models import ApplicationTally

    return set(ApplicationTally.objects.exclude(n=0).values_list("agency_id", "year", "measure", "day", "n"))


def _assert_figures_true(world: Any, label: str) -> None:
    """The dashboard's figures equal a count of the stored applications, and the tallies a recount."""
    from gongkai.applications.models import Application
    from gongkai.core.calendar import system_calendar

    calendar = system_calendar()
    agencies = [world.agency_a, world.agency_b]
    stored = _stored_tallies()
    _rebuild()
    assert _stored_tallies() == stored, label
    rows = list(Application.objects.all())
    for today in (dt.date(2025, 1, 15), dt.date(2025, 6, 2)):
        for year in (2024, 2025):
            found = figures_by_agency([a.pk for a in agencies], year, today, calendar)
            for agency in agencies:
                expected = _expected([r for r in rows if r.agency_id == agency.pk], year, today, calendar)
                found[agency.pk].reviews = {}  # review cases: test_voided_review_cases_are_not_counted
                assert found[agency.pk] == expected, (label, year, today, agency.name)


D = dt.date
# One application received in December 2024 and answered late in January 2025 (carried over, a late
# reply, a reply across the year's end), with the steps of test_workflow's longest path on another.
LATE_PATH: list[tuple[str, str, dt.date, dict[str, Any]]] = [
    ("draft_decision", "clerk", D(2025, 1, 20), {"outcome": "withheld.state_secret", "reasons": "涉密"}),
    ("review_decision", "reviewer", D(2025, 1, 20), {}),
    ("approve_decision", "head", D(2025, 1, 21), {}),
    ("deliver_decision", "clerk", D(2025, 1, 22), {"method": "邮寄"}),
    ("file_application", "clerk", D(2025, 1, 23), {}),
]


@pytest.mark.django_db
def test_the_tallies_follow_every_step_and_its_undoing(world: Any, register: Any) -> None:
    from test_workflow import FULL_PATH

    from gongkai.applications import services

    def take(application: Any, action: str, role: str, on: dt.date, details: dict[str, Any]) -> None:
        getattr(services, action)(application, getattr(world, role), on, **details)
        application.refresh_from_db()
        _assert_figures_true(world, f"{application.number} {action}")

    late = register(D(2024, 12, 2))
    register(D(2024, 12, 20), agency=world.agency_b, clerk=world.clerk_b)  # open, overdue in 2025
    _assert_figures_true(world, "registered")
    for action, role, on, details in LATE_PATH:
        take(late, action, role, on, details)
    long = register(D(2025, 3, 3))
    for action, role, on, details, _state, _due in FULL_PATH:
        take(long, action, role, on, details)
    for application in (long, late, late):  # filing undone, then the delivery (a reply taken back)
        services.undo_last_step(application, world.head, reason="办理日期填错")
        application.refresh_from_db()
        _assert_figures_true(world, f"{application.number} undone to {application.state}")
    take(late, "deliver_decision", "clerk", D(2025, 1, 24), {"method": "邮寄"})
    assert late.replied_on == D(2025, 1, 24) and late.replied_on > late.reply_due


@pytest.mark.django_db
def test_the_tallies_follow_a_ledger_import_and_its_update(world: Any) -> None:
    from unittest import mock

    from gongkai.applications.ledger import import_ledger
    from gongkai.ledger import ImportFile

    def ledger(*rows: str) -> Any:
        header = "申请编号,申请人类型,收到日期,办结日期,办理结果"
        return ImportFile("台账.csv", ("\n".join((header, *rows)) + "\n").encode())

    with mock.patch("django.utils.timezone.localdate", return_value=D(2025, 6, 2)):
        import_ledger(
            world.agency_a.name,
            ledger(
                "2024-001,自然人,2024-12-30,2025-01-10,予以公开",
                "2024-002,自然人,2024-11-03,2024-12-01,属于国家秘密",
                "2025-001,自然人,2025-02-03,,",
            ),
            actor=world.clerk,
        )
        _assert_figures_true(world, "imported")
        import_ledger(
            world.agency_a.name,
            ledger(
                "2024-001,自然人,2024-12-02,2024-12-28,予以公开",  # receipt and closing moved back a year
                "2024-002,自然人,2024-11-03,2024-12-01,属于国家秘密",
                "2025-001,自然人,2025-01-03,2025-05-30,部分公开",  # received earlier, now closed
            ),
            actor=world.clerk,
        )
        _assert_figures_true(world, "updated")


@pytest.mark.django_db
def test_voided_review_cases_are_not_counted(world: Any, register: Any) -> None:
    from gongkai.applications import services
    from gongkai.core.calendar import system_calendar

    application = register(D(2025, 3, 3))
    case = services.record_review_case(
        application, world.clerk, number="FY-1", kind="reconsideration", received_on=D(2025, 3, 10)
    )
    ids = [world.agency_a.pk]
    figures = figures_by_agency(ids, 2025, D(2025, 6, 2), system_calendar())
    assert figures[world.agency_a.pk].reviews == {("reconsideration", ""): 1}
    services.void_review_case(case, world.clerk, reason="重复登记")
    figures = figures_by_agency(ids, 2025, D(2025, 6, 2), system_calendar())
    assert figures[world.agency_a.pk].reviews == {}
