"""The agency's 申请编号 per year (2025-0001, 2025-0002, …): a counter row per agency and year, taken as the
registration's last statement, so that clerks registering at once queue for it only until their commit.

The counter holds the highest number of the form YEAR-digits the agency has in the year, whoever gave it:
the next automatic number is one more (gap-free, as the numbers are taken inside the registration's
transaction). Numbers given by hand (the registration form's 申请编号) and imported from a ledger move it
up (`follow`) before they are written, in the same transaction, so that an automatic number never takes
one already given. `rebuild` sets the counters from the stored numbers (the migration that introduced them,
or a repair after numbers were changed by other means than these two).

A registration inserts its application, event and receipt letter under a placeholder number first, then
`assign` takes the next number and writes it into all three and moves the agency-year's tallies (the
other row every registration of the agency changes) — on PostgreSQL in one statement, so that the row
locks are held for one round trip and the commit. On SQLite the transaction holds the database's write
lock from its start anyway (BEGIN IMMEDIATE), and the same steps run one after the other.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, connection

from gongkai.applications import tallies
from gongkai.applications.errors import StepRefused
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationNumberCounter,
    ApplicationTally,
    Letter,
)

_NUMBERED = re.compile(r"([1-9][0-9]{0,3})-([0-9]+)")
# A sequence this long does not fit the counter's column (a 64-bit integer); such a number, only ever
# typed by hand, is kept as given and does not move the counter.
_LARGEST = 2**63 - 2


def parse(number: str) -> tuple[int, int] | None:
    """(year, sequence) of a number of the form YEAR-digits ("2025-0012" → (2025, 12)), else None."""
    match = _NUMBERED.fullmatch(number)
    if match is None:
        return None
    sequence = int(match.group(2))
    return (int(match.group(1)), sequence) if sequence <= _LARGEST else None


def formatted(year: int, sequence: int) -> str:
    """The number as registration gives it: the year and at least four digits."""
    return f"{year}-{sequence:04d}"


def placeholder() -> str:
    """A number no other application has, for the new application until `assign` numbers it."""
    return f"PENDING-{uuid.uuid4().hex}"


def highest(numbers: Iterable[str]) -> dict[int, int]:
    """The highest sequence of each year among `numbers` (those of the form YEAR-digits)."""
    found: dict[int, int] = {}
    for number in numbers:
        parsed = parse(number)
        if parsed is not None:
            year, sequence = parsed
            found[year] = max(found.get(year, 0), sequence)
    return found


_TABLE = ApplicationNumberCounter._meta.db_table
_TALLIES = ApplicationTally._meta.db_table


def _upsert(agency_id: int, year: int, moved: str) -> tuple[str, list[Any]]:
    """The statement creating the counter of (agency, year) with the value given as its third parameter,
    or else setting it to `moved` (SQL of `{last}`, its value, and `excluded.last`, the value given), and
    returning its value."""
    quoted = connection.ops.quote_name(_TABLE)
    sql = (
        f"INSERT INTO {quoted} (agency_id, year, last) VALUES (%s, %s, %s) "
        f"ON CONFLICT (agency_id, year) DO UPDATE SET last = {moved.format(last=f'{quoted}.last')} "
        "RETURNING last"
    )
    return sql, [agency_id, year]


def follow(agency_id: int, numbers: Iterable[str]) -> None:
    """Move the agency's counters up to the numbers given (by hand or by a ledger), which are about to be
    stored in this transaction; years in ascending order, so that two imports lock them in one order."""
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    for year, sequence in sorted(highest(numbers).items()):
        sql, params = _upsert(agency_id, year, greatest + "({last}, excluded.last)")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, sequence])


def assign(
    application: Application, event: ApplicationEvent, letters: list[Letter], tally_delta: Mapping[Any, int]
) -> str:
    """Take the next number of the application's agency and receipt year and write it where the
    registration put the placeholder (`application.number`): the application, its event's data and its
    letters; and add the registration's tallies. The objects given are updated too. The caller's
    transaction holds the counter's row lock until it commits: nothing else should follow."""
    pending = application.number
    try:
        number = _assign(application, event, letters, tally_delta)
    except IntegrityError:
        # Only a number stored by other means than registration and import (which move the counter) can
        # be taken; `rebuild` sets the counters right again.
        raise StepRefused("申请编号分配冲突，请重试。") from None
    application.number = number
    event.data["number"] = number
    for letter in letters:
        letter.body = letter.body.replace(pending, number)
    return number


def _assign(
    application: Application, event: ApplicationEvent, letters: list[Letter], tally_delta: Mapping[Any, int]
) -> str:
    pending = application.number
    year = application.received_on.year
    if connection.vendor == "postgresql":
        number = _assign_in_one_statement(application, event, letters, tally_delta)
    else:
        sql, params = _upsert(application.agency_id, year, "{last} + 1")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, 1])
            number = formatted(year, cursor.fetchone()[0])
        tallies.add(_TALLIES, tally_delta)
        Application.objects.filter(pk=application.pk).update(number=number)
        # The log is append-only for everyone else: this event was written by this transaction, which no
        # one else sees yet, and only its placeholder is replaced.
        ApplicationEvent.objects.filter(pk=event.pk).update(data={**event.data, "number": number})
        for letter in letters:
            Letter.objects.filter(pk=letter.pk).update(body=letter.body.replace(pending, number))
    return number


def _assign_in_one_statement(
    application: Application, event: ApplicationEvent, letters: list[Letter], tally_delta: Mapping[Any, int]
) -> str:
    """`assign` on PostgreSQL: the counter moved, the number written into the three tables and the tallies
    added by one statement. The main query reads the counter, so that it runs first (the rows of the
    agency-year's tallies are locked after the counter's, in the order every other writer of both takes
    them); the other parts are data-modifying WITH clauses, which PostgreSQL runs to completion after it.
    The number is formatted in SQL as `formatted` does in Python."""
    quote = connection.ops.quote_name
    counter_sql, counter_params = _upsert(application.agency_id, application.received_on.year, "{last} + 1")
    prefix = f"{application.received_on.year}-"
    parts = [
        f"counter AS ({counter_sql})",
        "numbered AS (SELECT %s || CASE WHEN last < 10000 THEN lpad(last::text, 4, '0') ELSE last::text END"
        " AS number FROM counter)",
        f"app AS (UPDATE {quote(Application._meta.db_table)} SET number = numbered.number FROM numbered"
        " WHERE id = %s)",
        f"event AS (UPDATE {quote(ApplicationEvent._meta.db_table)}"
        " SET data = jsonb_set(data, '{number}', to_jsonb(numbered.number)) FROM numbered WHERE id = %s)",
    ]
    params: list[Any] = [*counter_params, 1, prefix, application.pk, event.pk]
    if letters:
        parts.append(
            f"letter AS (UPDATE {quote(Letter._meta.db_table)} SET body = replace(body, %s, numbered.number)"
            " FROM numbered WHERE id IN (" + ", ".join(["%s"] * len(letters)) + "))"
        )
        params += [application.number, *(letter.pk for letter in letters)]
    tally = tallies.upsert(_TALLIES, sorted(tally_delta.items()))
    if tally is not None:
        parts.append(f"tally AS ({tally[0]})")
        params += tally[1]
    with connection.cursor() as cursor:
        cursor.execute("WITH " + ", ".join(parts) + " SELECT number FROM numbered", params)
        return str(cursor.fetchone()[0])


def rebuild(application_model: Any = Application, counter_model: Any = ApplicationNumberCounter) -> int:
    """Set every agency's counters from its stored numbers (the migration passes its historical models);
    returns the number of counters."""
    found: dict[tuple[int, int], int] = {}
    rows = application_model.objects.order_by().values_list("agency_id", "number").iterator(chunk_size=10_000)
    for agency_id, number in rows:
        parsed = parse(number)
        if parsed is not None:
            key = (agency_id, parsed[0])
            found[key] = max(found.get(key, 0), parsed[1])
    counter_model.objects.all().delete()
    counter_model.objects.bulk_create(
        (
            counter_model(agency_id=agency_id, year=year, last=last)
            for (agency_id, year), last in found.items()
        ),
        batch_size=500,
    )
    return len(found)
