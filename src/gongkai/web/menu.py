"""The top menu: each person sees the entries they can use (a supervising office does not register
applications nor import ledgers; a clerk has no supervision page)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from gongkai.agencies.access import STAFF_ROLES
from gongkai.agencies.models import Membership, Role
from gongkai.applications.queries import IMPORTERS
from gongkai.applications.workflow import REGISTRARS
from gongkai.supervision.models import CaseState, OversightCase


def menu(request: HttpRequest) -> dict[str, Any]:
    """Template context `menu`: which of the optional entries the user may open.

    Every page shows the menu, so it costs two queries at most: the user's memberships (the same roles
    `register_agencies`, `import_agencies` and `staff_agencies` ask about) and, for an agency's staff,
    the 督办 notices sent to their agencies.
    """
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = (
        list(Membership.objects.filter(user=user).values_list("agency_id", "role")) if user.is_active else []
    )
    roles = {role for _agency, role in memberships}
    supervises = Role.SUPERVISOR in roles
    staff_ids = {agency for agency, role in memberships if role in STAFF_ROLES}
    staff = user.is_superuser or bool(staff_ids)
    # An agency's staff answer the 督办 notices the office sent them: the entry shows once one has come.
    notices = {"sent": 0, "waiting": 0}
    if staff_ids and not supervises:
        notices = OversightCase.objects.filter(agency__in=staff_ids).aggregate(
            sent=Count("pk"), waiting=Count("pk", filter=Q(state=CaseState.SENT))
        )
    registers = bool(roles & REGISTRARS)
    return {
        "menu": {
            "register": registers,
            "online": registers,  # the on-line submissions to confirm
            "ledger_import": user.is_superuser or bool(roles & IMPORTERS),
            "supervision": user.is_superuser or supervises,
            "proactive": staff,
            "catalogue": staff or supervises,
            "oversight": bool(notices["sent"]),
            "oversight_waiting": notices["waiting"],
        }
    }
