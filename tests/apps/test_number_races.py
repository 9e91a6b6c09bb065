"""Clerks registering at once in one agency, while a ledger is imported into it: every automatic number
is given once, without gaps, and never one the ledger brings (gongkai.applications.numbering)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections

from gongkai.applications import services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads sharing the test database need PostgreSQL"
)

CLERKS = 8
EACH = 5
IMPORTED = "2025-0200"


def _registrations(world: Any, errors: list[BaseException], start: threading.Barrier) -> None:
    try:
        start.wait()
        for _ in range(EACH):
            services.register_application(
                world.agency_a,
                world.clerk,
                channel="in_person",
                arrival={"handed_in": dt.date(2025, 3, 3)},
                applicant=services.Applicant("natural_person", "张三", phone="13812345678"),
                request=services.Request("2024年度学区划分方案"),
                on=dt.date(2025, 3, 3),
            )
    except BaseException as exc:  # reported by the test
        errors.append(exc)
    finally:
        connections.close_all()


def _import(world: Any, errors: list[BaseException], start: threading.Barrier) -> None:
    from gongkai.applications.ledger import save_entries
    from gongkai.ledger import LedgerEntry

    entry = LedgerEntry(
        row=2,
        number=IMPORTED,
        applicant_category="natural_person",
        received_on=dt.date(2025, 1, 6),
        closed_on=None,
        outcome="",
        applicant_name="李四",
        content="某文件",
    )
    try:
        start.wait()
        save_entries(world.agency_a.name, [entry], source="台账.csv")
    except BaseException as exc:
        errors.append(exc)
    finally:
        connections.close_all()


def test_numbers_taken_at_once_are_unique_gap_free_and_miss_the_imported_one(
    transactional_db: None, world: Any
) -> None:
    from gongkai.applications.models import Application, ApplicationEvent, Letter

    errors: list[BaseException] = []
    start = threading.Barrier(CLERKS + 1)
    threads = [threading.Thread(target=_registrations, args=(world, errors, start)) for _ in range(CLERKS)]
    threads.append(threading.Thread(target=_import, args=(world, errors, start)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        int(n.split("-")[1])
        for n in Application.objects.filter(agency=world.agency_a).values_list("number", flat=True)
    )
    registered = [n for n in numbers if n != int(IMPORTED.split("-")[1])]
    assert len(numbers) == CLERKS * EACH + 1 and len(set(numbers)) == len(numbers)
    # Before the import: 1, 2, …; after it: 201, 202, …
    below = [n for n in registered if n < 200]
    above = [n for n in registered if n > 200]
    assert below == list(range(1, len(below) + 1))
    assert above == list(range(201, 201 + len(above)))
    for event in ApplicationEvent.objects.filter(application__agency=world.agency_a, action="register"):
        assert event.data["number"] == event.application.number
    for letter in Letter.objects.filter(application__agency=world.agency_a):
        assert f"申请编号为{letter.application.number}。" in letter.body
