"""Per-agency, per-year tallies of the applications for the office's dashboard, kept on write.

Every change of a counted column goes through the event log's one writer (`ApplicationEvent.objects.append`,
whose event carries each changed field's [previous, new]), and the writer hands the application and its
event data to `record` in the same transaction: the tallies the application counted in before the step are
taken back and those it counts in after are added. What depends on today (overdue now, open past a
deadline) is not tallied: it is read from the (agency, state, reply_due) index of the open applications.

Each tally is (agency, year, measure, day, n). The measures:

- received / handled: received / closed in the year;
- settled: received and closed by the end of the year (the later of the two years), so that the
  applications carried over at the end of year Y are sum(received) - sum(settled) over the years <= Y;
- late_reply: replied in the year after the reply deadline; ``outcome.<group>``: replied in the year with
  an outcome of that group (gongkai.law.outcomes.GROUPS);
- replied (day = the reply day) and replied_from (day = its receipt day), replied in the year: the working
  days to reply are the difference of the days' calendar positions, summed (on the calendar as it is when
  read, so loading a year's holidays changes nothing here).

Measures counted per year have the year's first day as `day`. `rebuild` counts everything again from the
applications (after a bulk load that bypassed the log, or to repair).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection

from gongkai.law.outcomes import GROUPS

# The application columns the tallies depend on (besides the agency).
COUNTED_FIELDS: tuple[str, ...] = ("state", "received_on", "closed_on", "replied_on", "reply_due", "outcome")
YEARLY_MEASURES: tuple[str, ...] = (
    "received",
    "handled",
    "settled",
    "late_reply",
    *(f"outcome.{key}" for key in GROUPS),
)
DAY_MEASURES: tuple[str, ...] = ("replied", "replied_from")

Key = tuple[int, int, str, dt.date]  # agency, year, measure, day


def _first_day(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def contributions(agency_id: int, values: Mapping[str, Any]) -> Counter[Key]:
    """The tallies one application counts in, given its counted columns (none before it is registered)."""
    found: Counter[Key] = Counter()
    if not values.get("state"):
        return found
    received: dt.date = values["received_on"]
    closed: dt.date | None = values.get("closed_on")
    replied: dt.date | None = values.get("replied_on")
    found[(agency_id, received.year, "received", _first_day(received.year))] += 1
    if closed is not None:
        found[(agency_id, closed.year, "handled", _first_day(closed.year))] += 1
        settled = max(received.year, closed.year)
        found[(agency_id, settled, "settled", _first_day(settled))] += 1
    if replied is not None:
        year = replied.year
        found[(agency_id, year, "replied", replied)] += 1
        found[(agency_id, year, "replied_from", received)] += 1
        due: dt.date | None = values.get("reply_due")
        if due is not None and replied > due:
            found[(agency_id, year, "late_reply", _first_day(year))] += 1
        outcome = str(values.get("outcome") or "")
        for key in GROUPS:
            if outcome == key or outcome.startswith(f"{key}."):
                found[(agency_id, year, f"outcome.{key}", _first_day(year))] += 1
    return found


def _as_value(field: str, value: Any) -> Any:
    return value if field in ("state", "outcome") else _as_date(value)


def values_before(after: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """The counted columns as they were before the event: its changes' previous values (and, for a
    ledger update, the particulars' — the receipt date) over the values after it."""
    before = dict(after)
    for section in ("changes", "particulars"):
        for field, change in (data.get(section) or {}).items():
            # A new application's particulars are its values, not [previous, new]: its state was ''.
            if field in COUNTED_FIELDS and isinstance(change, list | tuple) and len(change) == 2:
                before[field] = _as_value(field, change[0])
    return before


def counted_values(application: Any) -> dict[str, Any]:
    return {field: getattr(application, field) for field in COUNTED_FIELDS}


def delta(entries: Iterable[tuple[Any, Mapping[str, Any]]]) -> dict[Key, int]:
    """How the tallies move with each (application, event data): from before the event to after it."""
    moved: Counter[Key] = Counter()
    for application, data in entries:
        after = counted_values(application)
        moved.update(contributions(application.agency_id, after))
        moved.subtract(contributions(application.agency_id, values_before(after, data)))
    return {key: n for key, n in moved.items() if n}


def record(table: str, entries: Iterable[tuple[Any, Mapping[str, Any]]]) -> None:
    """Move the tallies of each (application, event data) from before the event to after it."""
    add(table, delta(entries))


def upsert(table: str, rows: Sequence[tuple[Key, int]]) -> tuple[str, list[Any]] | None:
    """The statement adding `rows` (at most `_ROWS_PER_STATEMENT`) to the tallies, creating them as
    needed, and its parameters; None when there is nothing to add."""
    if not rows:
        return None
    quoted = connection.ops.quote_name(table)
    params: list[Any] = []
    for (agency_id, year, measure, day), n in rows:
        params += [agency_id, year, measure, day, n]
    sql = (
        f"INSERT INTO {quoted} (agency_id, year, measure, day, n) VALUES "
        + ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
        + f" ON CONFLICT (agency_id, year, measure, day) DO UPDATE SET n = {quoted}.n + excluded.n"
    )
    return sql, params


def add(table: str, delta: Mapping[Key, int]) -> None:
    """Add `delta` to the tallies in one statement (rows created as needed). The keys are sorted so that
    two transactions lock the rows they share in the same order (no deadlock)."""
    rows = sorted(delta.items())
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        statement = upsert(table, rows[start : start + _ROWS_PER_STATEMENT])
        if statement is not None:
            with connection.cursor() as cursor:
                cursor.execute(*statement)


# SQLite builds before 3.32 take at most 999 parameters in one statement.
_ROWS_PER_STATEMENT = 190


def rebuild(application_model: Any, tally_model: Any, agency_ids: Iterable[int] | None = None) -> int:
    """Count the tallies of the agencies' applications (every agency's by default) again from their
    columns, replacing what was there; returns the number of tally rows. For a bulk load that bypassed
    the event log, and the migration that introduced the tallies (it passes its historical models)."""
    applications = application_model.objects.order_by()
    tallies = tally_model.objects.all()
    if agency_ids is not None:
        ids = list(agency_ids)
        applications, tallies = applications.filter(agency_id__in=ids), tallies.filter(agency_id__in=ids)
    counted: Counter[Key] = Counter()
    rows = applications.values_list("agency_id", *COUNTED_FIELDS).iterator(chunk_size=10_000)
    for agency_id, *columns in rows:
        counted.update(contributions(agency_id, dict(zip(COUNTED_FIELDS, columns, strict=True))))
    tallies.delete()
    tally_model.objects.bulk_create(
        (
            tally_model(agency_id=agency_id, year=year, measure=measure, day=day, n=n)
            for (agency_id, year, measure, day), n in counted.items()
            if n
        ),
        batch_size=_ROWS_PER_STATEMENT,
    )
    return sum(1 for n in counted.values() if n)


def reply_sums(
    table: str, agency_ids: list[int], year: int, position: Callable[[dt.date], int]
) -> dict[int, tuple[int, int]]:
    """Per agency, the replies of `year` and the sum of their working days from receipt to reply: the
    reply days' positions on the calendar (`position`) minus the receipt days', weighted by the tallies
    in the database (the positions are sent as a table of days; at most a few hundred rows come back)."""
    if not agency_ids:
        return {}
    quoted = connection.ops.quote_name(table)
    agencies = ", ".join(["%s"] * len(agency_ids))
    where = f"t.agency_id IN ({agencies}) AND t.year = %s AND t.measure IN ('replied', 'replied_from')"
    # Replies received the year before or in the year are the rule; only receipts before that are looked
    # for (a short range of the key's index), not the least day of every row.
    earliest = dt.date(year - 1, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(t.day) FROM {quoted} t WHERE {where} AND t.day < %s",
            [*agency_ids, year, connection.ops.adapt_datefield_value(earliest)],
        )
        earliest = _as_date(cursor.fetchone()[0]) or earliest
    found: dict[int, list[int]] = {}
    days = [earliest + dt.timedelta(n) for n in range((dt.date(year, 12, 31) - earliest).days + 1)]
    for start in range(0, len(days), _DAYS_PER_STATEMENT):
        chunk = days[start : start + _DAYS_PER_STATEMENT]
        params: list[Any] = []
        for day in chunk:
            params += [connection.ops.adapt_datefield_value(day), position(day)]
        positions = ", ".join(["(%s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.agency_id, t.measure, SUM(t.n), SUM(t.n * p.column2) FROM {quoted} t "
                f"JOIN (VALUES {positions}) p ON t.day = p.column1 WHERE {where} GROUP BY t.agency_id, t.measure",
                [*params, *agency_ids, year],
            )
            for agency_id, measure, n, weighted in cursor.fetchall():
                sums = found.setdefault(agency_id, [0, 0])
                if measure == "replied":
                    sums[0] += int(n)
                    sums[1] += int(weighted)
                else:
                    sums[1] -= int(weighted)
    return {agency_id: (n, days_total) for agency_id, (n, days_total) in found.items()}


# Two parameters a day: well inside SQLite's (32,766 since 3.32) and PostgreSQL's (65,535) limits.
_DAYS_PER_STATEMENT = 1000


def _as_date(value: Any) -> dt.date | None:
    """A date stored as ISO text (in the log's data, or by SQLite) as a date; '' as None."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    return value
