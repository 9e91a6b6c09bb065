"""Managing the people of an agency: roles given by the agency administrator (机关管理员), with a second
person's agreement where one person alone must not decide (docs/decisions/separation-of-duties.md).

- A role that reviews, approves or gives roles (审核人, 负责人, 机关管理员, 政务公开办) takes effect only
  when another administrator of the agency or the supervising office confirms it; nobody confirms a
  request they made or one that concerns themselves. The system administrator's own grants take effect.
- An existing account joins an agency only when its owner accepts (nobody pulls another agency's user in).
- Every change is written to the audit log (`gongkai.accounts.audit`) in the same transaction.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from gongkai.accounts import audit
from gongkai.accounts import services as accounts
from gongkai.accounts.models import AuditAction, AuditEvent
from gongkai.agencies.access import roles_in, supervises
from gongkai.agencies.models import Agency, Membership, Role, RoleRequest
from gongkai.law.reconsideration import ReconsiderationBodyError
from gongkai.wording import join_messages

# Roles one administrator alone may not give: they review or approve decisions, or give roles.
GUARDED_ROLES: frozenset[str] = frozenset({Role.REVIEWER, Role.HEAD, Role.AGENCY_ADMIN, Role.SUPERVISOR})


class PeopleError(Exception):
    """A change to an agency's people that is not allowed; the message (Chinese) says why."""


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def may_manage_people(user: Any, agency: Agency) -> bool:
    """Gives and takes roles: the agency's administrators (and the system administrator)."""
    return _is_superuser(user) or Role.AGENCY_ADMIN in roles_in(user, agency.pk)


def may_oversee_people(user: Any, agency: Agency) -> bool:
    """Sees the people page, confirms roles, unlocks accounts, reads the audit log: the agency's
    administrators and the supervising office above it."""
    return may_manage_people(user, agency) or supervises(user, agency)


def roles_for(agency: Agency) -> list[tuple[str, str]]:
    """The roles that can be given in this agency: supervising offices exist only on governments."""
    return [
        (r.value, str(r.label)) for r in Role if r != Role.SUPERVISOR or agency.kind == Agency.Kind.GOVERNMENT
    ]


def _new_user(username: str, full_name: str, password: str, actor: Any, agency: Agency, request: Any) -> User:
    user = User(username=username, first_name=full_name.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise PeopleError("初始密码不符合要求：" + "".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    accounts.require_new_password(user, actor)
    audit.record(AuditAction.USER_CREATED, actor=actor, user=user, agency=agency, request=request)
    return user


def _refuse_repeat(user: Any, agency: Agency, role: str, username: str, label: str) -> None:
    """Refuse a role the person already has, or one already waiting for confirmation."""
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise PeopleError(f"{username} 已经是本机关的{label}。")
    if RoleRequest.objects.filter(
        user=user, agency=agency, role=role, status=RoleRequest.Status.PENDING
    ).exists():
        raise PeopleError(f"为 {username} 设置{label}的申请已在等待确认。")


@transaction.atomic
def add_member(
    agency: Agency,
    actor: Any,
    *,
    username: str,
    full_name: str,
    role: str,
    password: str,
    request: HttpRequest | None = None,
) -> Membership | RoleRequest:
    """Give `username` a role in the agency, creating the account (with `password`) if new.

    Returns the membership when the role takes effect now, or the request waiting for a second person's
    confirmation and/or the account owner's acceptance.
    """
    if not may_manage_people(actor, agency):
        raise PeopleError("只有本机关的机关管理员可以管理人员。")
    if role not in dict(roles_for(agency)):
        raise PeopleError("该角色不能在本机关设置（政务公开办只设在人民政府）。")
    username = username.strip()
    if not username:
        raise PeopleError("请填写用户名。")
    label = str(Role(role).label)
    user = User.objects.filter(username=username).first()
    if user is None:
        if not password:
            raise PeopleError("新用户需要设置初始密码。")
        user = _new_user(username, full_name, password, actor, agency, request)
        joins = False
    else:
        joins = not Membership.objects.filter(user=user, agency=agency).exists()
    _refuse_repeat(user, agency, role, username, label)
    system_admin = _is_superuser(actor)
    needs_confirmation = role in GUARDED_ROLES and not system_admin
    needs_acceptance = joins and not system_admin
    if not needs_confirmation and not needs_acceptance:
        return _grant(agency, user, role, actor, request)
    pending = RoleRequest.objects.create(
        agency=agency,
        user=user,
        role=role,
        requested_by=actor,
        needs_confirmation=needs_confirmation,
        needs_acceptance=needs_acceptance,
    )
    audit.record(
        AuditAction.ROLE_REQUESTED,
        actor=actor,
        user=user,
        agency=agency,
        role=role,
        request=request,
        needs_confirmation=needs_confirmation,
        needs_acceptance=needs_acceptance,
    )
    return pending


def _grant(agency: Agency, user: Any, role: str, actor: Any, request: Any, **data: Any) -> Membership:
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    audit.record(
        AuditAction.ROLE_GRANTED, actor=actor, user=user, agency=agency, role=role, request=request, **data
    )
    return membership


def _locked_pending(role_request: RoleRequest) -> RoleRequest:
    locked = RoleRequest.objects.select_for_update().select_related("agency", "user").get(pk=role_request.pk)
    if locked.status != RoleRequest.Status.PENDING:
        raise PeopleError(f"该角色设置已{locked.get_status_display()}，无需再办理。")
    return locked


def _record(action: AuditAction, locked: RoleRequest, actor: Any, request: Any) -> None:
    audit.record(
        action, actor=actor, user=locked.user, agency=locked.agency, role=locked.role, request=request
    )


def _close(locked: RoleRequest, status: str, actor: Any) -> None:
    locked.status = status
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save()


def _agreed(locked: RoleRequest, action: AuditAction, actor: Any, request: Any) -> Membership | None:
    """Record one party's agreement; grant the role once nobody else's is awaited."""
    _record(action, locked, actor, request)
    if locked.waiting_for_confirmation or locked.waiting_for_acceptance:
        locked.save()
        return None
    _close(locked, RoleRequest.Status.GRANTED, actor)
    return _grant(locked.agency, locked.user, locked.role, actor, request, role_request=locked.pk)


def may_confirm(user: Any, role_request: RoleRequest) -> bool:
    """A second person: not who asked, not whom it concerns; an administrator of the agency or the
    supervising office above it."""
    if user.pk in {role_request.requested_by_id, role_request.user_id}:
        return False
    return may_oversee_people(user, role_request.agency)


@transaction.atomic
def confirm(role_request: RoleRequest, actor: Any, request: HttpRequest | None = None) -> Membership | None:
    """The second person agrees; returns the membership if the role now takes effect."""
    locked = _locked_pending(role_request)
    if not locked.waiting_for_confirmation:
        raise PeopleError("该角色设置不需要确认。")
    if not may_confirm(actor, locked):
        raise PeopleError("角色设置须由提出人和当事人以外的机关管理员或政务公开办确认。")
    locked.confirmed_by = actor
    return _agreed(locked, AuditAction.ROLE_CONFIRMED, actor, request)


@transaction.atomic
def accept(role_request: RoleRequest, actor: Any, request: HttpRequest | None = None) -> Membership | None:
    """The account's owner agrees to join the agency; returns the membership if the role now takes effect."""
    locked = _locked_pending(role_request)
    if locked.user_id != actor.pk or not locked.waiting_for_acceptance:
        raise PeopleError("只有被邀请的本人可以接受。")
    locked.accepted = True
    return _agreed(locked, AuditAction.ROLE_ACCEPTED, actor, request)


@transaction.atomic
def decline(role_request: RoleRequest, actor: Any, request: HttpRequest | None = None) -> None:
    """The confirmer refuses, the invited person declines, or the requester withdraws."""
    locked = _locked_pending(role_request)
    if actor.pk == locked.requested_by_id:
        status, action = RoleRequest.Status.WITHDRAWN, AuditAction.ROLE_WITHDRAWN
    elif actor.pk == locked.user_id or may_confirm(actor, locked):
        status, action = RoleRequest.Status.DECLINED, AuditAction.ROLE_DECLINED
    else:
        raise PeopleError("您不能办理这项角色设置。")
    _close(locked, status, actor)
    _record(action, locked, actor, request)


@transaction.atomic
def remove_member(membership: Membership, actor: Any, request: HttpRequest | None = None) -> None:
    """Take a role away (the person's past work stays in the applications' logs)."""
    if not may_manage_people(actor, membership.agency):
        raise PeopleError("只有本机关的机关管理员可以管理人员。")
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.AGENCY_ADMIN:
        raise PeopleError("不能取消自己的机关管理员角色，请由其他管理员办理。")
    audit.record(
        AuditAction.ROLE_REVOKED,
        actor=actor,
        user=membership.user,
        agency=membership.agency,
        role=membership.role,
        request=request,
    )
    membership.delete()


# -- accounts of the agency's people -----------------------------------------------------------------------


def _member(agency: Agency, user_id: int) -> User:
    user = User.objects.filter(pk=user_id, memberships__agency=agency).distinct().first()
    if user is None:
        raise PeopleError("该用户不是本机关的人员。")
    return user


def may_reset_password(actor: Any, agency: Agency, user: Any) -> bool:
    """An administrator sets a password only for a clerk wholly of their agencies; the password of
    anyone who reviews, approves or gives roles is reset by the supervising office (or the system
    administrator) — otherwise an administrator could take over the head's account and approve alone."""
    if user.pk == actor.pk:
        return False  # one's own: the password change page
    if _is_superuser(actor):
        return True
    memberships = list(Membership.objects.filter(user=user).select_related("agency", "agency__parent"))
    if not memberships:
        return False
    if all(supervises(actor, m.agency) for m in memberships):
        return True
    return all(m.role not in GUARDED_ROLES and may_manage_people(actor, m.agency) for m in memberships)


def unlock(agency: Agency, actor: Any, user_id: int, request: HttpRequest | None = None) -> User:
    """Lift the login lock of one of the agency's people."""
    if not may_oversee_people(actor, agency):
        raise PeopleError("只有本机关的机关管理员或政务公开办可以解除锁定。")
    user = _member(agency, user_id)
    accounts.unlock(user, actor, agency=agency, request=request)
    return user


def reset_password(
    agency: Agency, actor: Any, user_id: int, password: str, request: HttpRequest | None = None
) -> User:
    """Set a new password for one of the agency's people, who must change it at the next login."""
    user = _member(agency, user_id)
    if not may_reset_password(actor, agency, user):
        raise PeopleError(
            "您不能重置该用户的密码：审核人、负责人、机关管理员的密码由政务公开办或系统管理员重置；"
            "自己的密码请在“修改密码”中修改。"
        )
    try:
        accounts.reset_password(user, actor, password, agency=agency, request=request)
    except ValidationError as exc:
        raise PeopleError("新密码不符合要求：" + "".join(exc.messages)) from None
    return user


# -- what waits for whom; who reads the audit log ----------------------------------------------------------


def invitations(user: Any) -> QuerySet[RoleRequest]:
    """Roles offered to `user` that wait for their acceptance."""
    return RoleRequest.objects.filter(
        user=user, status=RoleRequest.Status.PENDING, needs_acceptance=True, accepted=False
    ).select_related("agency", "requested_by")


def pending_requests(agency: Agency) -> QuerySet[RoleRequest]:
    return agency.role_requests.filter(status=RoleRequest.Status.PENDING).select_related(
        "user", "requested_by", "confirmed_by"
    )


def audit_log(agency: Agency, actor: Any) -> QuerySet[AuditEvent]:
    """What happened to the agency's roles and to its people's accounts (logins included)."""
    if not may_oversee_people(actor, agency):
        raise PeopleError("只有本机关的机关管理员或政务公开办可以查看审计日志。")
    people = Membership.objects.filter(agency=agency).values("user_id")
    return AuditEvent.objects.filter(
        Q(agency=agency) | Q(agency__isnull=True, user__in=people)
    ).select_related("actor", "user", "agency")


# --- agencies created by an import ------------------------------------------------------------------


def agency_kind(name: str) -> str:
    """A new agency's kind from its name: a government when it ends with 人民政府, else a department."""
    return Agency.Kind.GOVERNMENT if name.endswith("人民政府") else Agency.Kind.DEPARTMENT


def agency_code(name: str) -> str:
    """A stable slug for an agency created by an import (names are Chinese, slugs are ASCII)."""
    return "a-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def get_or_create_agency(name: str) -> tuple[Agency, bool]:
    """The agency of that name, created (in the caller's transaction) when an import names a new one."""
    agency = Agency.objects.filter(name=name).first()
    if agency is not None:
        return agency, False
    return Agency.objects.create(name=name, kind=agency_kind(name), code=agency_code(name)), True


# -- the agency's particulars: what its letters need (复议机关, 文号) ------------------------------------------

PLACE_FIELDS = ("kind", "level", "government_name", "above_name", "letter_prefix")


class AgencyError(Exception):
    """Particulars that cannot be saved; `errors` maps fields to Chinese messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(join_messages(errors.values()))
        self.errors = errors


def may_edit_agency(user: Any, agency: Agency) -> bool:
    """The agency's administrators (and the system administrator) keep its particulars."""
    return may_manage_people(user, agency)


@transaction.atomic
def update_agency(agency: Agency, actor: Any, on: Any, **values: str) -> Agency:
    """Save the agency's kind, level, government, body above and document-number prefix — only when its
    letters can then name the 复议机关 (行政复议法第二十四条至第二十八条) on `on`."""
    if not may_edit_agency(actor, agency):
        raise PeopleError("只有本机关管理员或系统管理员可以修改机关信息。")
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    for name in PLACE_FIELDS:
        if name in values:
            setattr(locked, name, str(values[name]).strip())
    try:
        locked.reconsideration_body(on)
    except ReconsiderationBodyError as exc:
        fields = [f for f in exc.missing if f in ("level", "government", "above")] or ["level"]
        names = {"level": "level", "government": "government_name", "above": "above_name"}
        raise AgencyError({names[f]: str(exc) for f in fields}) from None
    locked.save(update_fields=list(PLACE_FIELDS))
    return locked
