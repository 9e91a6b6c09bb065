"""The top menu: each person sees the entries they can use (a supervising office does not register
applications nor import ledgers; a clerk has no supervision page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.agencies.access import staff_agencies
from gongkai.agencies.models import Membership, Role
from gongkai.applications.queries import import_agencies, register_agencies
from gongkai.supervision.models import CaseState, OversightCase


def menu(request: HttpRequest) -> dict[str, Any]:
    """Template context `menu`: which of the optional entries the user may open."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    registers = register_agencies(user).exists()
    supervises = Membership.objects.filter(user=user, role=Role.SUPERVISOR).exists()
    staff = user.is_superuser or staff_agencies(user).exists()
    # An agency's staff answer the 督办 notices the office sent them: the entry shows once one has come.
    notices = OversightCase.objects.filter(agency__in=staff_agencies(user)) if not supervises else None
    oversight = notices is not None and notices.exists()
    return {
        "menu": {
            "register": registers,
            "online": registers,  # the on-line submissions to confirm
            "ledger_import": user.is_superuser or import_agencies(user).exists(),
            "supervision": user.is_superuser or supervises,
            "proactive": staff,
            "catalogue": staff or supervises,
            "oversight": oversight,
            "oversight_waiting": notices.filter(state=CaseState.SENT).count() if oversight and notices else 0,
        }
    }
