"""Inserts compiled once (gongkai.core.compiled.CompiledInsert) send what Django's own insert sends: the
same statement with the same values, the same row stored, the same id given back; expressions among the
values still go through Django. On SQLite and PostgreSQL (whichever the tests run on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import connection, models
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.sql.compiler import SQLInsertCompiler
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from gongkai.applications.models import Application, ApplicationEvent, Letter
from gongkai.core.compiled import CompiledInsert

HOSTILE = '\'; DROP TABLE x; -- %s %% %(a)s {0} 申请\r\n\t\\ "<b>" — ☃'
FIXED = dt.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC)  # what auto_now(_add) write


def _application(world: Any, number: str, **values: Any) -> Application:
    return Application(
        agency=world.agency_a,
        number=number,
        applicant_category="natural_person",
        applicant_name=HOSTILE,
        id_number="11010519491231002X",
        address=HOSTILE * 3,
        content=HOSTILE * 40,
        received_on=dt.date(2025, 2, 28),
        arrived_on=dt.date(1000, 1, 1),
        pieces=7,
        reply_due=None,
        handler=world.clerk,
        **values,
    )


def _saved_both_ways(make: Callable[[], models.Model], **save: Any) -> tuple[list[Any], list[Any]]:
    """Saves one object made by `make` through Django's insert and another through the compiled one; the
    first row is deleted before the second is stored (unique columns). Returns, for each: the statements
    sent, the row read back (without its id), the id's type and the object's state after the save."""
    found: list[list[Any]] = []
    for django in (True, False):
        obj = make()
        patch = mock.patch.object(CompiledInsert, "_do_insert", models.Model._do_insert)
        with (
            mock.patch("django.utils.timezone.now", return_value=FIXED),
            CaptureQueriesContext(connection) as sent,
        ):
            if django:
                with patch:
                    obj.save(**save)
            else:
                obj.save(**save)
        model = type(obj)
        row = model_to_dict(model.objects.get(pk=obj.pk))
        row.pop("id")
        found.append(
            [[q["sql"] for q in sent.captured_queries], row, type(obj.pk), obj._state.adding, obj._state.db]
        )
        model.objects.filter(pk=obj.pk).delete()
    return found[0], found[1]


@pytest.mark.django_db
def test_an_application_letter_and_event_are_inserted_as_django_inserts_them(world: Any) -> None:
    application = _application(world, "T-0")
    application.save()
    event = ApplicationEvent.objects.append(
        application, "register", actor=world.clerk, data={"on": "2025-02-28"}
    )
    makers: list[Callable[[], models.Model]] = [
        lambda: _application(world, "T-1"),
        lambda: _application(world, "T-2", email="a@b.c", state="drafted", outcome=HOSTILE[:60]),
        lambda: Letter(
            application=application,
            agency=world.agency_a,
            event=event,
            kind="receipt",
            recipient=HOSTILE,
            body=HOSTILE * 100,
            year=2025,
            seq=None,
            issued_at=dt.datetime(2025, 3, 1, 9, 30, 1, 5, tzinfo=dt.UTC),
            withdrawn=True,
        ),
        lambda: ApplicationEvent(
            application=application,
            seq=99,
            at=dt.datetime(2025, 3, 1, 23, 59, 59, 999999, tzinfo=dt.UTC),
            actor=None,
            action="note",
            data={"text": HOSTILE, "n": [1, 2.5, None, True], "深": {"嵌套": "值"}},
            from_state="registered",
            to_state="registered",
        ),
    ]
    for make in makers:
        django, compiled = _saved_both_ways(make)
        assert compiled == django
        assert django[2] is int and django[3] is False and django[4] == "default"
        assert len(django[0]) == 1 and django[0][0].startswith("INSERT INTO")


@pytest.mark.django_db
def test_an_object_with_its_id_given_is_inserted_as_django_inserts_it(world: Any) -> None:
    django, compiled = _saved_both_ways(lambda: _application(world, "T-3", pk=2**31 - 5), force_insert=True)
    assert compiled == django and f"{2**31 - 5}" in django[0][0]


@pytest.mark.django_db
def test_an_insert_compiled_once_is_not_compiled_again_and_expressions_still_go_through_django(
    world: Any,
) -> None:
    _application(world, "T-4").save()  # compiled now, if not before
    with mock.patch.object(
        SQLInsertCompiler, "as_sql", autospec=True, side_effect=SQLInsertCompiler.as_sql
    ) as compile_:
        made = _application(world, "T-5")
        made.save()
        assert compile_.call_count == 0
        expressed = _application(world, "T-6", outcome=Upper(Value("granted")))
        expressed.save()
        assert compile_.call_count == 1
    assert Application.objects.get(pk=expressed.pk).outcome == "GRANTED"
    assert Application.objects.get(pk=made.pk).content == HOSTILE * 40
