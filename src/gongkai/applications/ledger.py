"""Importing an agency's ledger (台账) into the system: one transaction, all or nothing.

The files are read by the pure `gongkai.ledger` (whose docstring states the rules users read); this
module writes what it read. Importing the same ledger again changes nothing. A row whose 申请编号
already exists in the agency updates that application when it was itself imported from a ledger and not
handled since, recording the previous and new values as an event; an application registered or handled
in the workbench is never overwritten by a ledger (such a row must agree with it, or it is an error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.services import get_or_create_agency
from gongkai.applications import numbering
from gongkai.applications.actions import Action
from gongkai.applications.events import apply_changes, to_json
from gongkai.applications.models import Application, ApplicationEvent, ReviewCase, State
from gongkai.applications.queries import imported_and_handled
from gongkai.core.calendar import system_calendar
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.deadlines import reply_deadline
from gongkai.ledger import ImportFile, LedgerEntry, LedgerError, ReviewEntry, RowError, read_ledger
from gongkai.ledger.entries import check_references


@dataclass
class ImportSummary:
    """What an import did; unchanged rows are counted, not touched."""

    agency: str
    agency_created: bool = False
    # Why no answer letter of the agency can name its 复议机关 yet ('' when it can): a new agency's level,
    # government and body above are not in a ledger.
    agency_incomplete: str = ""
    applications_created: int = 0
    applications_updated: int = 0
    applications_unchanged: int = 0
    reviews_created: int = 0
    reviews_updated: int = 0
    reviews_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def describe(self) -> str:
        """The summary in Chinese, for the command line and the import page."""
        lines = [
            f"机关：{self.agency}" + ("（新建）" if self.agency_created else ""),
            f"申请：新增 {self.applications_created} 件，更新 {self.applications_updated} 件，"
            f"未变 {self.applications_unchanged} 件",
        ]
        if self.agency_incomplete:
            lines.append(f"机关信息不全：{self.agency_incomplete}在补充之前不能签发答复书。")
        if self.reviews_created or self.reviews_updated or self.reviews_unchanged:
            lines.append(
                f"复议诉讼案件：新增 {self.reviews_created} 件，更新 {self.reviews_updated} 件，"
                f"未变 {self.reviews_unchanged} 件"
            )
        return "\n".join(lines)


def import_ledger(
    agency_name: str, ledger: ImportFile, reviews: ImportFile | None = None, *, actor: Any = None
) -> ImportSummary:
    """Imports a ledger (and a review file) for an agency, all or nothing.

    Raises LedgerError listing every bad row; then nothing at all has been written (not even the agency).
    """
    read = read_ledger(ledger, reviews, today=timezone.localdate())
    return save_entries(
        agency_name,
        read.entries,
        read.review_entries,
        source=ledger.name,
        reviews_label=read.reviews_label,
        actor=actor,
        errors=read.errors,
    )


@transaction.atomic
def save_entries(
    agency_name: str,
    entries: Sequence[LedgerEntry],
    review_entries: Sequence[ReviewEntry] = (),
    *,
    source: str,
    reviews_label: str = "复议诉讼台账",
    actor: Any = None,
    errors: Sequence[RowError] = (),
) -> ImportSummary:
    """Writes parsed entries for an agency (creating it if new) in one transaction, or nothing at all.

    `errors` found while reading the files are passed in so that the errors that need the database
    (unknown 申请编号, a workbench application that disagrees) are reported together with them.
    """
    agency_name = agency_name.strip()
    if not agency_name:
        raise LedgerError([RowError("", 0, "机关名称不能为空")])
    ledger_label = f"申请台账 {source}"
    agency, created = get_or_create_agency(agency_name)
    # The agency's number counters of the ledger's years moved first: the import then holds them to its
    # commit, so that no registration takes one of its numbers meanwhile, and reads the applications
    # only once a registration that had taken one is committed (its number is then a conflict listed).
    numbering.follow(agency.pk, [e.number for e in entries])
    existing = {a.number: a for a in Application.objects.filter(agency=agency)}
    known = {e.number for e in entries} | set(existing)
    found = [*errors, *check_references(review_entries, known, reviews_label)]
    summary = ImportSummary(
        agency=agency.name,
        agency_created=created,
        agency_incomplete=agency.reconsideration_problem(timezone.localdate()) or "",
    )
    if not found:
        found += _write_applications(agency, entries, existing, summary, actor, source)
    if found:
        # Raised inside the transaction: the agency created above is not kept either.
        raise LedgerError(sorted(found, key=lambda e: (e.file != ledger_label, e.file, e.row)))
    _write_reviews(agency, review_entries, summary)
    return summary


# The applicant's particulars a ledger row sets; the workflow fields it sets (closed_on, outcome,
# replied_on, and from them state and reply_due) are recorded as the workbench records them.
_PARTICULARS = ("applicant_category", "received_on", "applicant_name", "content")
_LEDGER_FIELDS = (*_PARTICULARS, "closed_on", "outcome", "replied_on")


def _workflow_values(entry: LedgerEntry, calendar: WorkingCalendar) -> dict[str, Any]:
    """The workflow fields an imported application gets from its row: filed when closed, else registered.

    An open application is 已登记 (registered), with its reply deadline computed from its receipt date, so
    that it joins the clerks' queue and its handling continues in the workbench.
    """
    try:
        due: dt.date | None = reply_deadline(entry.received_on, calendar=calendar).due
    except CalendarMissingError:  # a year whose holidays are not published yet: no deadline shown
        due = None
    return {
        "state": State.FILED if entry.closed_on else State.REGISTERED,
        "reply_due": due,
        "closed_on": entry.closed_on,
        "outcome": entry.outcome,
        "replied_on": entry.replied_on,
    }


def _event_data(
    entry: LedgerEntry, source: str, changes: dict[str, Any], particulars: dict[str, Any]
) -> dict[str, Any]:
    """An import event in the workbench's format: the day of the step and each changed field's [old, new]."""
    return {
        "on": (entry.closed_on or entry.received_on).isoformat(),
        "source": source,
        "row": entry.row,
        "changes": changes,
        "particulars": particulars,
    }


@dataclass
class _Plan:
    """What the ledger's rows do to the agency's applications."""

    new: list[LedgerEntry] = field(default_factory=list)
    changed: list[tuple[Application, LedgerEntry]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _plan(
    agency: Agency,
    entries: Sequence[LedgerEntry],
    existing: Mapping[str, Application],
    summary: ImportSummary,
    source: str,
) -> _Plan:
    """Sort the rows into new applications, updates of imported ones, unchanged rows and conflicts.

    Only an application that came from a ledger and has not been handled since may be updated by one.
    """
    imported, handled = imported_and_handled(agency.pk)
    plan = _Plan()
    for entry in entries:
        current = existing.get(entry.number)
        if current is None:
            plan.new.append(entry)
        elif all(getattr(current, f) == getattr(entry, f) for f in _LEDGER_FIELDS):
            summary.applications_unchanged += 1
        elif current.pk in handled or current.pk not in imported:
            message = f"申请编号 {entry.number} 已在本系统中办理，与台账不一致，不能用台账覆盖"
            plan.errors.append(RowError(f"申请台账 {source}", entry.row, message))
        else:
            plan.changed.append((current, entry))
    return plan


def _write_applications(
    agency: Agency,
    entries: Sequence[LedgerEntry],
    existing: Mapping[str, Application],
    summary: ImportSummary,
    actor: Any,
    source: str,
) -> list[RowError]:
    plan = _plan(agency, entries, existing, summary, source)
    if plan.errors:
        return plan.errors
    calendar = system_calendar()
    log: list[tuple[Application, str, str, dict[str, Any]]] = []
    new = []
    for entry in plan.new:
        application = Application(
            agency=agency, number=entry.number, state="", **{f: getattr(entry, f) for f in _PARTICULARS}
        )
        changes = apply_changes(application, _workflow_values(entry, calendar))
        particulars = {f: to_json(getattr(entry, f)) for f in _PARTICULARS}
        new.append(application)
        log.append((application, Action.LEDGER_IMPORT, "", _event_data(entry, source, changes, particulars)))
    Application.objects.bulk_create(new, batch_size=500)
    ids = dict(
        Application.objects.filter(agency=agency, number__in=[a.number for a in new]).values_list(
            "number", "id"
        )
    )
    for application in new:
        application.pk = ids[application.number]
    for application, entry in plan.changed:
        log.append(_update(application, entry, calendar, source))
    ApplicationEvent.objects.append_all(log, actor=actor)
    summary.applications_created = len(plan.new)
    summary.applications_updated = len(plan.changed)
    return []


def _update(
    application: Application, entry: LedgerEntry, calendar: WorkingCalendar, source: str
) -> tuple[Application, str, str, dict[str, Any]]:
    """Bring an imported application in line with its row; the event that records it, to append."""
    from_state = application.state
    particulars = {
        f: [to_json(getattr(application, f)), to_json(getattr(entry, f))]
        for f in _PARTICULARS
        if getattr(application, f) != getattr(entry, f)
    }
    for f in _PARTICULARS:
        setattr(application, f, getattr(entry, f))
    changes = apply_changes(application, _workflow_values(entry, calendar))
    application.save()
    return application, Action.LEDGER_UPDATE, from_state, _event_data(entry, source, changes, particulars)


def _write_reviews(agency: Agency, entries: Sequence[ReviewEntry], summary: ImportSummary) -> None:
    if not entries:
        return
    applications = dict(
        Application.objects.filter(
            agency=agency, number__in=[e.application_number for e in entries if e.application_number]
        ).values_list("number", "id")
    )
    existing = {c.number: c for c in ReviewCase.objects.filter(agency=agency)}
    new = []
    for entry in entries:
        values = {
            "kind": entry.kind,
            "received_on": entry.received_on,
            "concluded_on": entry.concluded_on,
            "result": entry.result,
            "application_id": applications.get(entry.application_number),
        }
        current = existing.get(entry.number)
        if current is None:
            new.append(ReviewCase(agency=agency, number=entry.number, **values))
        elif all(getattr(current, k) == v for k, v in values.items()):
            summary.reviews_unchanged += 1
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
            summary.reviews_updated += 1
    ReviewCase.objects.bulk_create(new, batch_size=500)
    summary.reviews_created = len(new)
