"""Who may use the supervising office's pages: its members (政务公开办) over their government's tree,
and the system administrator; everyone else gets a 404, as for any page they may not see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from gongkai.agencies.access import acts, visible_agencies
from gongkai.agencies.models import Agency, Membership, Role


def is_office(user: Any) -> bool:
    if not acts(user):
        return False
    return bool(user.is_superuser) or Membership.objects.filter(user=user, role=Role.SUPERVISOR).exists()


def office_agencies(user: Any) -> list[Agency]:
    """The agencies of the user's area, governments first; 404 for someone who is not an office."""
    if not is_office(user):
        raise Http404("只有政务公开主管部门可以查看。")
    return list(visible_agencies(user).select_related("parent").order_by("-kind", "name"))


def office_government(user: Any) -> Agency:
    """The government whose office the user works in (the highest one, for the administrator)."""
    if not is_office(user):
        raise Http404("只有政务公开主管部门可以查看。")
    membership = (
        Membership.objects.filter(user=user, role=Role.SUPERVISOR)
        .select_related("agency")
        .order_by("agency__pk")
        .first()
    )
    if membership is not None:
        return membership.agency
    root = Agency.objects.filter(parent=None).order_by("pk").first()
    if root is None:
        raise Http404("系统中还没有机关。")
    return root
