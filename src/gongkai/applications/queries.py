"""Read-side queries: which applications a user may see, the clerk's queue, filters, due-date reports,
and what other apps ask of the applications (fees paid, objections, decided outcomes) — they ask here
instead of reading the event log's JSON.

Every list, detail page and export starts from `visible_applications(user)`, which rests on
`gongkai.agencies.access.visible_agencies`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_noop

from gongkai.agencies.access import acts, memberships_of, staff_agencies, visible_agency_ids
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import tallies
from gongkai.applications.actions import Action
from gongkai.applications.clock import ConsultationRecord, consultation_records, history_of
from gongkai.applications.deadlines import due_status, is_provisional, open_deadline_unknown
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationTally,
    Attachment,
    Letter,
    ReviewCase,
    State,
)
from gongkai.applications.privacy import MASKS
from gongkai.applications.tallies import YEARLY_MEASURES
from gongkai.applications.workflow import AWAITING_REPLY, CLOSED, OPEN, REGISTRARS
from gongkai.core import params as query_params
from gongkai.core.compiled import CompiledQuery
from gongkai.core.people import person_name
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar

# What the application's page lists of an application, in the models' order, with SQL compiled once per
# process (gongkai.core.compiled; issue 14): `LETTERS.objects(application.pk)` is
# `list(application.letters.all())`.
_APPLICATION_ID = Application._meta.pk
LETTERS = CompiledQuery(lambda pk: Letter.objects.filter(application_id=pk), _APPLICATION_ID)
ATTACHMENTS = CompiledQuery(lambda pk: Attachment.objects.filter(application_id=pk), _APPLICATION_ID)
REVIEW_CASES = CompiledQuery(lambda pk: ReviewCase.objects.filter(application_id=pk), _APPLICATION_ID)
# An application with what its pages show of it (see `visible_application`).
APPLICATION = CompiledQuery(
    lambda pk: Application.objects.filter(pk=pk).select_related("agency", "agency__parent", "handler"),
    _APPLICATION_ID,
)

# Marked for translation; the pages translate them when shown.
URGENCY_LABELS: dict[str, str] = {
    "red": gettext_noop("已逾期"),
    "yellow": gettext_noop("即将到期"),
    "green": gettext_noop("期限内"),
    "done": gettext_noop("已办结"),
    "unknown": gettext_noop("期限待定"),
}


def soon_working_days() -> int:
    return int(getattr(settings, "GONGKAI_DUE_SOON_WORKING_DAYS", 5))


def visible_applications(
    user: Any, memberships: tuple[tuple[int, str], ...] | None = None
) -> QuerySet[Application]:
    """The applications `user` may see: own agency for staff, the supervised tree for supervisors.

    `memberships`, when given, is `memberships_of(user)` read earlier in the same request."""
    return applications_of(visible_agency_ids(user, memberships))


# What the list page shows of an application (and reads: without a masked field, one query per row).
LIST_COLUMNS = (
    "pk",
    "number",
    "agency_id",
    *MASKS,
    "applicant_category",
    "received_on",
    "reply_due",
    "state",
    "outcome",
    "closed_on",
)
LIST_ORDER = ("-received_on", "-pk")
_AGENCY_ID = Agency._meta.pk
# The list's first pages and the agencies of its filter, with SQL compiled once per shape (how many
# visible agencies, which filters): Django compiled them on every list page (issue 14).
_FIRST_PAGES: dict[tuple[Any, ...], CompiledQuery] = {}
_AGENCIES: dict[int, CompiledQuery] = {}


def first_page(agency_ids: set[int], filters: Filters, size: int) -> list[Application] | None:
    """`list(filtered(applications_of(agency_ids), filters, ...).order_by(*LIST_ORDER)
    .only(*LIST_COLUMNS)[:size])`, or None where the ORM reads it: a search, a year, overdue (a date
    among the parameters) or no agency."""
    if (
        filters.q
        or filters.year is not None
        or filters.status not in ("", "open", "closed")
        or not agency_ids
    ):
        return None
    has_agency, has_state = filters.agency is not None, bool(filters.state)
    shape = (len(agency_ids), has_agency, has_state, filters.status, size)
    query = _FIRST_PAGES.get(shape)
    if query is None:
        n, status = len(agency_ids), filters.status

        def build(*values: Any) -> QuerySet[Application]:
            chosen = Filters(
                agency=values[n] if has_agency else None,
                state=values[n + has_agency] if has_state else "",
                status=status,
            )
            ordered = filtered(applications_of(set(values[:n])), chosen, dt.date.min).order_by(*LIST_ORDER)
            return ordered.only(*LIST_COLUMNS)[:size]

        fields = [_AGENCY_ID] * (n + has_agency) + [Application._meta.get_field("state")] * has_state
        query = _FIRST_PAGES[shape] = CompiledQuery(build, *fields)
    chosen = [filters.agency] if has_agency else []
    return query.objects(*agency_ids, *chosen, *([filters.state] if has_state else []))


def agencies_of(agency_ids: set[int]) -> list[Agency]:
    """`list(Agency.objects.filter(id__in=agency_ids))`, with SQL compiled once per number of agencies."""
    if not agency_ids:
        return []
    n = len(agency_ids)
    query = _AGENCIES.get(n)
    if query is None:
        query = _AGENCIES[n] = CompiledQuery(
            lambda *ids: Agency.objects.filter(id__in=ids), *[_AGENCY_ID] * n
        )
    return query.objects(*agency_ids)


def applications_of(agency_ids: set[int]) -> QuerySet[Application]:
    """The applications of these agencies: `visible_applications` when they are `visible_agency_ids(user)`,
    for a page that asks those once for its applications and its agencies alike."""
    return Application.objects.filter(agency_id__in=agency_ids)


def visible_application(
    user: Any, pk: int | str, memberships: tuple[tuple[int, str], ...] | None = None
) -> Application | None:
    """`visible_applications(user, memberships).select_related("agency", "agency__parent", "handler")
    .get(pk=pk)`, None where that raises DoesNotExist: the row read by its id with SQL compiled once
    (issue 14), its agency checked in Python against the same visible agencies. As the ORM, no query
    when the user sees no agency, and none for an id beyond the column's range."""
    key: int = _APPLICATION_ID.get_prep_value(pk)  # as the lookup: "12" from a URL's regex is 12
    visible = visible_agency_ids(user, memberships)
    if not visible:
        return None
    connection = connections[router.db_for_read(Application)]
    low, high = connection.ops.integer_field_range(_APPLICATION_ID.get_internal_type())
    if (low is not None and key < low) or (high is not None and key > high):
        return None
    found = APPLICATION.objects(key)
    return found[0] if found and found[0].agency_id in visible else None


def open_applications() -> QuerySet[Application]:
    """The applications whose applicant still waits for the reply (approved but undelivered included)."""
    return Application.objects.filter(state__in=AWAITING_REPLY)


@dataclass(frozen=True)
class QueueItem:
    """An application in someone's queue, with the date that matters and its colour."""

    application: Application
    due: dt.date | None
    status: str
    provisional: bool = False  # the due date rests on a year whose arrangement is not loaded (暂定)

    @property
    def status_label(self) -> str:
        return URGENCY_LABELS[self.status]


QUEUE_LIMIT = 100


def due_soon_before(today: dt.date, calendar: WorkingCalendar) -> dt.date:
    """The first due date that is no longer 'due soon': due dates before it are yellow (or red).

    When the warning period runs past the years the calendar covers, every known due date (all lie in
    covered years) is within it: the first day of the missing year is the bound — nothing is guessed.
    """
    try:
        return calendar.add_working_days(today, soon_working_days() + 1)
    except CalendarMissingError as exc:
        return dt.date(max(exc.year, today.year + 1), 1, 1)


def items(
    queryset: QuerySet[Application], today: dt.date, calendar: WorkingCalendar, limit: int = QUEUE_LIMIT
) -> list[QueueItem]:
    """The first `limit` applications by due date (none last), with their colours."""
    soon = soon_working_days()
    ordered = queryset.select_related("agency", "handler").order_by(F("reply_due").asc(nulls_last=True), "pk")
    return [
        QueueItem(a, a.reply_due, due_status(a, today, soon, calendar), is_provisional(a, calendar))
        for a in ordered[:limit]
    ]


def my_queue(user: Any) -> QuerySet[Application]:
    """What waits for `user`: a clerk's own open applications (and unassigned ones), drafts for
    reviewers, reviewed drafts for heads."""
    agency_roles = Membership.objects.filter(user=user, agency__in=staff_agencies(user)).values_list(
        "agency_id", "role"
    )
    condition = Q(pk__in=[])
    for agency_id, role in agency_roles:
        if role == Role.CLERK:
            condition |= Q(agency_id=agency_id, state__in=OPEN - {State.DRAFTED, State.REVIEWED}) & (
                Q(handler=user) | Q(handler__isnull=True)
            )
            condition |= Q(agency_id=agency_id, state=State.APPROVED)
        elif role == Role.REVIEWER:
            condition |= Q(agency_id=agency_id, state=State.DRAFTED)
        elif role == Role.HEAD:
            condition |= Q(agency_id=agency_id, state=State.REVIEWED)
    return Application.objects.filter(condition)


def agency_overview(user: Any) -> QuerySet[Application]:
    """Every open application of the agencies `user` sees (for supervisors)."""
    return visible_applications(user).filter(state__in=OPEN)


def overdue(queryset: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    """Past the reply deadline and not delivered (an approved decision still in the office is overdue)."""
    return queryset.filter(state__in=AWAITING_REPLY, reply_due__lt=today)


def due_soon(
    queryset: QuerySet[Application], today: dt.date, calendar: WorkingCalendar
) -> QuerySet[Application]:
    return queryset.filter(
        state__in=AWAITING_REPLY, reply_due__gte=today, reply_due__lt=due_soon_before(today, calendar)
    )


# -- the list page's filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The list page's filters, read from the query string."""

    q: str = ""
    agency: int | None = None
    state: str = ""
    year: int | None = None
    status: str = ""  # 'open' | 'closed' | 'overdue'

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        return cls(
            q=query_params.text(params, "q"),
            agency=query_params.number(params, "agency"),
            state=query_params.choice(params, "state", State.values),
            year=query_params.year(params),
            status=query_params.choice(params, "status", ("open", "closed", "overdue")),
        )


def filtered(queryset: QuerySet[Application], filters: Filters, today: dt.date) -> QuerySet[Application]:
    if filters.agency is not None:
        queryset = queryset.filter(agency_id=filters.agency)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.year is not None:
        queryset = queryset.filter(
            received_on__gte=dt.date(filters.year, 1, 1), received_on__lte=dt.date(filters.year, 12, 31)
        )
    if filters.status == "open":
        queryset = queryset.filter(state__in=OPEN)
    elif filters.status == "closed":
        queryset = queryset.filter(state__in=CLOSED)
    elif filters.status == "overdue":
        queryset = overdue(queryset, today)
    if filters.q:
        queryset = searched(queryset, filters.q)
    return queryset


# What a typed 申请编号 (or its beginning) looks like: no spaces, no Chinese, e.g. 2025-0001 or 2025-00.
_NUMBER_LIKE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-_/.]*")
# Above every character a number may hold: number >= q AND number < q + this is "starts with q".
_AFTER_PREFIX = "\U0010ffff"
_FEW_MATCHES = 1000


def searched(queryset: QuerySet[Application], q: str) -> QuerySet[Application]:
    """Applications matching `q`: when it looks like a 申请编号, those whose number starts with it (read
    from the (agency, number) index); otherwise, or when no number starts with it, those whose number,
    applicant or content contains it (a scan of the agency's applications)."""
    if _NUMBER_LIKE.fullmatch(q):
        by_number = queryset.filter(number__gte=q, number__lt=q + _AFTER_PREFIX)
        # Fetch a few matches' ids first, in no order, so that the database reads the number index
        # rather than walking the whole agency in date order to find them.
        ids = list(by_number.values_list("pk", flat=True)[: _FEW_MATCHES + 1])
        if len(ids) > _FEW_MATCHES:
            return by_number  # many match: the date-ordered walk finds a page of them at once
        if ids:
            return queryset.filter(pk__in=ids)
    return queryset.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(content__icontains=q))


# -- reminders (gongkai remind) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    agency: str
    person: str
    number: str
    due: dt.date | None  # None: the reply deadline cannot be computed yet
    status: str  # 'red' overdue | 'yellow' due soon | 'unknown' waiting for a year's holidays
    state: str
    provisional: bool = False  # `due` rests on a year whose arrangement is not loaded (暂定)


def reminders(today: dt.date, calendar: WorkingCalendar, agency_names: Iterable[str] = ()) -> list[Reminder]:
    """Open applications overdue or due within the warning period, per agency and person."""
    queryset = (
        open_applications()
        .filter(reply_due__lt=due_soon_before(today, calendar))
        .select_related("agency", "handler")
    )
    unknown = open_deadline_unknown(Application.objects.all()).select_related("agency", "handler")
    names = list(agency_names)
    if names:
        queryset = queryset.filter(agency__name__in=names)
        unknown = unknown.filter(agency__name__in=names)
    found: list[Reminder] = []
    for application in [*queryset, *unknown]:
        due = application.reply_due
        found.append(
            Reminder(
                agency=application.agency.name,
                person=person_name(application.handler, "（未指定经办人）"),
                number=application.number,
                due=due,
                status="unknown" if due is None else "red" if due < today else "yellow",
                state=str(State(application.state).label),
                provisional=is_provisional(application, calendar),
            )
        )
    return sorted(found, key=lambda r: (r.agency, r.person, r.due or dt.date.max, r.number))


# -- what other apps ask of the applications ------------------------------------------------------------------


def fees_paid(agency_id: int, year: int) -> Decimal:
    """The 信息处理费 paid in `year` to the agency: each payment pays the last fee notice sent before it.

    Applications imported from a ledger carry no fee records, so this is what the system knows, which
    the clerk confirms or corrects on the annual report's form.
    """
    paid_ids = ApplicationEvent.objects.filter(
        application__agency_id=agency_id, action=Action.RECORD_PAYMENT, data__on__startswith=f"{year}-"
    ).values("application_id")
    events = ApplicationEvent.objects.filter(
        application_id__in=paid_ids, action__in=(Action.SEND_FEE_NOTICE, Action.RECORD_PAYMENT)
    ).order_by("application_id", "seq")
    total = Decimal(0)
    quoted = Decimal(0)
    current = None
    for event in events.only("application_id", "action", "data"):
        if event.application_id != current:
            current, quoted = event.application_id, Decimal(0)
        if event.action == Action.SEND_FEE_NOTICE:
            quoted = Decimal(str((event.data.get("quote") or {}).get("yuan") or 0))
        elif str(event.data.get("on", "")).startswith(f"{year}-"):
            total += quoted
    return total


@dataclass(frozen=True)
class Objection:
    """A third party's reasoned refusal of disclosure (第三十二条)."""

    party: str
    reasons: str


def consultations(application: Application) -> list[ConsultationRecord]:
    """Every consultation of the application (several may run at once), as its log tells it."""
    return consultation_records(history_of(application))


def reasoned_objections(application: Application) -> list[Objection]:
    """The third parties consulted on this application who objected to disclosure with reasons."""
    return [
        Objection(record.party, record.objection_reasons)
        for record in consultations(application)
        if record.kind == "third_party" and record.objects and record.objection_reasons.strip()
    ]


def latest_details(application: Application, action: str) -> dict[str, Any]:
    """The details of the latest step `action` on the application ({} before any): the clerk's reasoning
    shown to the approvers, the draft a return pre-fills, the extension the clerk asked for."""
    event = application.events.filter(action=action).order_by("-seq").first()
    if event is None:
        return {}
    return {**event.data, "actor": person_name(event.actor, "系统")}


def decided_outcome(application: Application) -> str:
    """The outcome chosen in the latest decision draft ('' before any; the workflow then refuses delivery)."""
    draft = next((s for s in reversed(history_of(application)) if s.action == Action.DRAFT_DECISION), None)
    return str(draft.data["outcome"]) if draft is not None else ""


def imported_and_handled(agency_id: int) -> tuple[set[int], set[int]]:
    """Ids of the agency's applications that came from a ledger, and of those handled in the system."""
    events = ApplicationEvent.objects.filter(application__agency_id=agency_id)
    ledger_actions = (Action.LEDGER_IMPORT, Action.LEDGER_UPDATE)
    imported = set(events.filter(action=Action.LEDGER_IMPORT).values_list("application_id", flat=True))
    handled = set(events.exclude(action__in=ledger_actions).values_list("application_id", flat=True))
    return imported, handled


# Roles that may import an agency's ledger (besides the system administrator).
IMPORTERS = frozenset({Role.CLERK, Role.HEAD, Role.AGENCY_ADMIN})


def register_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies where `user` may register applications: where they are clerk or head (one join, so
    that the role is the user's own, not another member's)."""
    if not acts(user):
        return Agency.objects.none()
    return _registering_in(user.pk)


def _registering_in(user_id: int) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(memberships__user_id=user_id, memberships__role__in=REGISTRARS)
        .distinct()
        .order_by("name")
    )


REGISTER_AGENCIES = CompiledQuery(_registering_in, Membership._meta.get_field("user").target_field)


def registering(user: Any) -> list[Agency]:
    """`list(register_agencies(user))`, with SQL compiled once per process (the registration form)."""
    if not acts(user):
        return []
    return REGISTER_AGENCIES.objects(user.pk)


def may_register(user: Any, memberships: tuple[tuple[int, str], ...] | None = None) -> bool:
    """Whether `register_agencies(user)` holds any agency, read from the user's memberships (SQL compiled
    once per process, gongkai.core.compiled) rather than by a query Django compiles on every list page.

    `memberships`, when given, is `memberships_of(user)` read earlier in the same request."""
    held = memberships_of(user) if memberships is None else memberships
    return any(role in REGISTRARS for _agency, role in held)


def import_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose ledger `user` may import: where they are clerk, head or administrator."""
    if user.is_superuser:
        return Agency.objects.order_by("name")
    return (
        Agency.objects.filter(memberships__user=user, memberships__role__in=IMPORTERS)
        .distinct()
        .order_by("name")
    )


# --- figures per agency for the supervising office's dashboard ----------------------------------------


@dataclass
class AgencyFigures:
    """One agency's applications in a year (received in it, replied or closed in it), as the office sees them.

    `overdue_in_year`: replied after the deadline in the year, or still open past a deadline that fell
    in it. `reply_working_days` / `replies`: the average working days from receipt to the reply.
    `outcomes`: replies by outcome group (law.outcomes.GROUPS); `reviews`: review cases received in the
    year by (kind, result; '' while pending).
    """

    received: int = 0
    handled: int = 0
    carried_over: int = 0
    overdue_now: int = 0
    overdue_in_year: int = 0
    late_replies: int = 0
    replies: int = 0
    reply_working_days: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    reviews: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def overdue_rate(self) -> float | None:
        base = self.replies + (self.overdue_in_year - self.late_replies)
        return self.overdue_in_year / base if base else None

    @property
    def average_reply_days(self) -> float | None:
        return self.reply_working_days / self.replies if self.replies else None


def _per_agency(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return list(queryset.values("agency_id", *fields).annotate(n=Count("pk")).order_by())


def figures_by_agency(
    agency_ids: Iterable[int], year: int, today: dt.date, calendar: WorkingCalendar
) -> dict[int, AgencyFigures]:
    """Every agency's figures of `year`: what the year's events fixed from the tallies kept on write
    (gongkai.applications.tallies), what depends on today from the open applications' deadline index,
    and the review cases."""
    ids = list(agency_ids)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = {agency_id: AgencyFigures() for agency_id in ids}
    tallied = ApplicationTally.objects.filter(agency_id__in=ids)
    for agency_id, measure, n in tallied.filter(year=year, measure__in=YEARLY_MEASURES).values_list(
        "agency_id", "measure", "n"
    ):
        _count(figures[agency_id], measure, n)
    for agency_id, measure, n in (
        tallied.filter(year__lte=year, measure__in=("received", "settled"))
        .values_list("agency_id", "measure")
        .annotate(Sum("n"))
        .order_by()
    ):
        figures[agency_id].carried_over += n if measure == "received" else -n
    _open_figures(figures, ids, first, min(last, today), today)
    if any(y not in calendar.years for y in range(REGULATIONS_YEAR, year + 1)):
        # A year without its holidays: count from the applications themselves (`_reply_days` leaves out
        # the replies it cannot count; the tallies do not keep which receipt goes with which reply).
        replied = Application.objects.filter(agency_id__in=ids, replied_on__range=(first, last))
        _reply_days(figures, replied, year, calendar)
    else:
        _tallied_reply_days(figures, ids, year, calendar)
    cases = ReviewCase.objects.filter(
        agency_id__in=ids, received_on__range=(first, last), voided_on__isnull=True
    )  # a case voided as a mistake never was (as in table 四)
    for row in _per_agency(cases, "kind", "result"):
        figures[row["agency_id"]].reviews[(row["kind"], row["result"])] = row["n"]
    return figures


def _count(f: AgencyFigures, measure: str, n: int) -> None:
    if measure == "received":
        f.received = n
    elif measure == "handled":
        f.handled = n
    elif measure == "late_reply":
        f.late_replies = n
        f.overdue_in_year += n
    elif measure.startswith("outcome.") and n:
        f.outcomes[measure.removeprefix("outcome.")] = n


def _open_figures(
    figures: dict[int, AgencyFigures], ids: list[int], first: dt.date, end: dt.date, today: dt.date
) -> None:
    """Overdue now, and open past a deadline that fell in the year before today, from the open
    applications' (agency, state, reply_due) index."""
    late_in_year = Q(reply_due__gte=first, reply_due__lt=end)
    rows = (
        Application.objects.filter(agency_id__in=ids, state__in=OPEN, reply_due__lt=today)
        .values("agency_id")
        .annotate(now=Count("reply_due"), in_year=Count("reply_due", filter=late_in_year))
        .order_by()
    )
    for row in rows:
        f = figures[row["agency_id"]]
        f.overdue_now = row["now"]
        f.overdue_in_year += row["in_year"]


def _tallied_reply_days(
    figures: dict[int, AgencyFigures], ids: list[int], year: int, calendar: WorkingCalendar
) -> None:
    """Replies and working days from receipt to reply, summed per agency from the reply days' and the
    receipt days' tallies (the days' positions on the calendar, weighted in the database)."""
    table = ApplicationTally._meta.db_table
    for agency_id, (replies, days) in tallies.reply_sums(
        table, ids, year, lambda d: _position(calendar, d)
    ).items():
        figures[agency_id].replies += replies
        figures[agency_id].reply_working_days += days


def _reply_days(
    figures: dict[int, AgencyFigures], replied: QuerySet[Application], year: int, calendar: WorkingCalendar
) -> None:
    """Working days from receipt to reply, summed per agency.

    The working days between two dates are the difference of the dates' positions on the calendar, so
    their sum over the replies is (sum of the reply days' positions) - (sum of the receipt days'
    positions): two queries grouped by agency and one date (a few hundred rows per agency), not one row
    per pair of dates. As before, a reply is left out of the average when a year from its receipt to
    its reply has no holiday arrangement loaded.
    """
    # Replied in `year`: a missing year at or before it excludes the replies received at or before it.
    missing = [y for y in range(REGULATIONS_YEAR, year + 1) if y not in calendar.years]
    if missing:
        replied = replied.exclude(received_on__lte=dt.date(max(missing), 12, 31))
    positions: dict[dt.date, int] = {}
    for field_name, sign in (("replied_on", 1), ("received_on", -1)):
        for row in _per_agency(replied, field_name):
            f = figures[row["agency_id"]]
            day = row[field_name]
            if day not in positions:
                positions[day] = _position(calendar, day)
            f.reply_working_days += sign * positions[day] * row["n"]
            if sign > 0:
                f.replies += row["n"]


REGULATIONS_YEAR = 2008  # no application is received before the 条例 took effect


def _position(calendar: WorkingCalendar, day: dt.date) -> int:
    """Working days from the start of the run of loaded years that holds `day` up to `day`: differences of
    positions within one run are working days between (a reply counted spans no missing year)."""
    first = day.year
    while first - 1 in calendar.years:
        first -= 1
    return calendar.working_days_between(dt.date(first, 1, 1), day)


def yearly_totals(
    agency_ids: Iterable[int], years: Iterable[int], today: dt.date
) -> dict[int, AgencyFigures]:
    """The trend: applications received and overdue in each year (as `figures_by_agency` counts them),
    summed over the agencies: received and late replies from the tallies, the applications still open
    past a deadline of the year from the open applications' deadline index."""
    chosen = sorted(set(years))
    if not chosen:
        return {}
    ids = list(agency_ids)
    found = {y: AgencyFigures() for y in chosen}
    tallied = (
        ApplicationTally.objects.filter(
            agency_id__in=ids, year__in=chosen, measure__in=("received", "late_reply")
        )
        .values_list("year", "measure")
        .annotate(Sum("n"))
        .order_by()
    )
    for year, measure, n in tallied:
        _count(found[year], measure, n)
    start, end = dt.date(chosen[0], 1, 1), dt.date(chosen[-1], 12, 31)
    open_late = Application.objects.filter(
        agency_id__in=ids, state__in=OPEN, reply_due__range=(start, end)
    ).aggregate(
        **{
            f"y{y}": Count(
                "reply_due",
                filter=Q(reply_due__gte=dt.date(y, 1, 1), reply_due__lt=min(dt.date(y, 12, 31), today)),
            )
            for y in chosen
        }
    )
    for y in chosen:
        found[y].overdue_in_year += open_late[f"y{y}"]
    return found
