"""The top menu: each person sees the entries they can use (a supervising office does not register
applications nor import ledgers; a clerk has no supervision page)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from gongkai.agencies.access import STAFF_ROLES
from gongkai.agencies.models import Membership, Role
from gongkai.applications.queries import IMPORTERS
from gongkai.applications.workflow import REGISTRARS
from gongkai.core.compiled import CompiledQuery
from gongkai.supervision.models import CaseState, OversightCase


def menu(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """Template context `menu`: which of the optional entries the user may open.

    Every page shows the menu, so it costs one query: the user's memberships (the same roles
    `register_agencies`, `import_agencies` and `staff_agencies` ask about), each with the 督办 notices
    sent to its agency.
    """
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = _memberships(user) if user.is_active else []
    roles = {role for _agency, role, _sent, _waiting in memberships}
    supervises = Role.SUPERVISOR in roles
    # One row per membership, each with its agency's notices: counted once per agency.
    staff = {agency: (sent, waiting) for agency, role, sent, waiting in memberships if role in STAFF_ROLES}
    # An agency's staff answer the 督办 notices the office sent them: the entry shows once one has come.
    notices = {"sent": 0, "waiting": 0}
    if staff and not supervises:
        notices = {
            "sent": sum(sent for sent, _waiting in staff.values()),
            "waiting": sum(waiting for _sent, waiting in staff.values()),
        }
    registers = bool(roles & REGISTRARS)
    shown: dict[str, Any] = {
        "register": registers,
        "online": registers,  # the on-line submissions to confirm
        "ledger_import": user.is_superuser or bool(roles & IMPORTERS),
        "supervision": user.is_superuser or supervises,
        "proactive": user.is_superuser or bool(staff),
        "catalogue": user.is_superuser or bool(staff) or supervises,
        "oversight": bool(notices["sent"]),
        "oversight_waiting": notices["waiting"],
    }
    # What the menu's entries depend on, as the key of its rendered HTML (web/base.html's cache tag).
    shown["key"] = "|".join(f"{name}={value}" for name, value in shown.items())
    return {"menu": shown}


def _memberships_query(user_id: int) -> QuerySet[Any, Any]:
    cases = OversightCase.objects.filter(agency=OuterRef("agency_id")).order_by().values("agency")
    return (
        Membership.objects.filter(user_id=user_id)
        .annotate(
            sent=Coalesce(Subquery(cases.annotate(n=Count("pk")).values("n")), 0),
            waiting=Coalesce(
                Subquery(cases.annotate(n=Count("pk", filter=Q(state=CaseState.SENT))).values("n")), 0
            ),
        )
        .values_list("agency_id", "role", "sent", "waiting")
    )


# Compiled once per process and database: Django took ~12% of the server's CPU compiling it (issue 14).
MEMBERSHIPS = CompiledQuery(_memberships_query, Membership._meta.get_field("user").target_field)


def _memberships(user: Any) -> list[tuple[int, str, int, int]]:
    """(agency, role, 督办 notices sent to the agency, of which waiting for its answer) per membership."""
    return MEMBERSHIPS.rows(user.pk)
