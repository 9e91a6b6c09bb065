"""Who sees which agencies: the one rule used by every list, detail page and export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core.compiled import CompiledQuery

# Roles that work inside an agency (they see that agency only and may act on its applications).
STAFF_ROLES: frozenset[str] = frozenset({Role.CLERK, Role.REVIEWER, Role.HEAD, Role.AGENCY_ADMIN})


def acts(user: Any) -> bool:
    """Whether `user` is a logged-in, active account: anyone else holds no membership, sees no agency
    and registers nowhere."""
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def _descendant_ids(root_ids: set[int]) -> set[int]:
    """The given agencies and every agency below them (departments, lower governments)."""
    found = set(root_ids)
    frontier = set(root_ids)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


# The queries every page asks, compiled once per process (gongkai.core.compiled; issue 14).
_USER = Membership._meta.get_field("user").target_field
MEMBERSHIPS = CompiledQuery(
    lambda user_id: Membership.objects.filter(user_id=user_id).values_list("agency_id", "role"), _USER
)
ROLES_IN = CompiledQuery(
    lambda user_id, agency_id: Membership.objects.filter(user_id=user_id, agency_id=agency_id).values_list(
        "role"
    ),
    _USER,
    Membership._meta.get_field("agency").target_field,
)


def memberships_of(user: Any) -> tuple[tuple[int, str], ...]:
    """(agency id, role) of every membership `user` holds; none for an anonymous or inactive user.

    Read once, it answers both `visible_agency_ids` and `roles_in` for one request (one query less on
    every application's page; docs/decisions/load-model.md)."""
    if not acts(user):
        return ()
    return tuple(MEMBERSHIPS.rows(user.pk))


def visible_agency_ids(user: Any, memberships: tuple[tuple[int, str], ...] | None = None) -> set[int]:
    """Ids of the agencies whose applications `user` may see (staff: their own; supervisors: the tree).

    `memberships`, when given, is `memberships_of(user)` read earlier in the same request."""
    if not acts(user):
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("id", flat=True))
    staff_ids: set[int] = set()
    supervised: set[int] = set()
    for agency_id, role in memberships if memberships is not None else memberships_of(user):
        (supervised if role == Role.SUPERVISOR else staff_ids).add(agency_id)
    return staff_ids | _descendant_ids(supervised)


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose applications, letters and exports `user` may see."""
    return Agency.objects.filter(id__in=visible_agency_ids(user))


def roles_in(
    user: Any, agency_id: int, memberships: tuple[tuple[int, str], ...] | None = None
) -> frozenset[str]:
    """The roles `user` holds in this very agency (supervision of a tree gives no acting role).

    `memberships`, when given, is `memberships_of(user)` read earlier in the same request."""
    if not acts(user):
        return frozenset()
    if memberships is not None:
        return frozenset(role for held_in, role in memberships if held_in == agency_id)
    return frozenset(role for (role,) in ROLES_IN.rows(user.pk, agency_id))


def staff_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies in which `user` may register and handle applications."""
    if not acts(user):
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user, memberships__role__in=STAFF_ROLES).distinct()


def supervises(user: Any, agency: Agency) -> bool:
    """Whether `user` works in the supervising office of `agency`'s government or of one above it."""
    if not acts(user):
        return False
    supervised = set(
        Membership.objects.filter(user=user, role=Role.SUPERVISOR).values_list("agency_id", flat=True)
    )
    current: Agency | None = agency
    while current is not None and supervised:
        if current.pk in supervised:
            return True
        current = current.parent
    return False
