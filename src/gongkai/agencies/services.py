"""Managing the people of an agency: the agency administrator (机关管理员) gives and takes roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Membership, Role


class PeopleError(Exception):
    """A change to an agency's people that is not allowed; the message (Chinese) says why."""


def may_manage_people(user: Any, agency: Agency) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Role.AGENCY_ADMIN in roles_in(user, agency.pk)


def roles_for(agency: Agency) -> list[tuple[str, str]]:
    """The roles that can be given in this agency: supervising offices exist only on governments."""
    return [
        (r.value, str(r.label)) for r in Role if r != Role.SUPERVISOR or agency.kind == Agency.Kind.GOVERNMENT
    ]


@transaction.atomic
def add_member(
    agency: Agency, actor: Any, *, username: str, full_name: str, role: str, password: str
) -> Membership:
    """Give `username` a role in the agency, creating the user (with `password`) if new."""
    if not may_manage_people(actor, agency):
        raise PeopleError("只有本机关的机关管理员可以管理人员。")
    if role not in dict(roles_for(agency)):
        raise PeopleError("该角色不能在本机关设置（政务公开办只设在人民政府）。")
    username = username.strip()
    if not username:
        raise PeopleError("请填写用户名。")
    user = User.objects.filter(username=username).first()
    if user is None:
        if len(password) < 8:
            raise PeopleError("新用户的初始密码至少8位。")
        user = User.objects.create_user(username=username, password=password, first_name=full_name.strip())
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise PeopleError(f"{username} 已经是本机关的{Role(role).label}。")
    return Membership.objects.create(user=user, agency=agency, role=role)


@transaction.atomic
def remove_member(membership: Membership, actor: Any) -> None:
    """Take a role away (the person's past work stays in the applications' logs)."""
    if not may_manage_people(actor, membership.agency):
        raise PeopleError("只有本机关的机关管理员可以管理人员。")
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.AGENCY_ADMIN:
        raise PeopleError("不能取消自己的机关管理员角色，请由其他管理员办理。")
    membership.delete()
