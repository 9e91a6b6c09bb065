"""What an administrator does to an account: unlock it, reset its password; what a user does: change theirs.

Who may do it to whom is the caller's rule (the agency's people page, `agencies.services`); these
functions do it and write the audit record in the same transaction.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from gongkai.accounts import audit
from gongkai.accounts.models import AuditAction, PasswordRenewal

RENEW_SESSION_KEY = "gongkai_must_renew_password"


def failed_logins(username: str) -> int:
    """Failed logins of the account within the current lock window (all addresses)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return int(total or 0)


def is_locked(username: str) -> bool:
    return failed_logins(username) >= settings.AXES_FAILURE_LIMIT


@transaction.atomic
def unlock(user: Any, actor: Any, *, agency: Any = None, request: HttpRequest | None = None) -> int:
    """Forget the account's failed logins, so that it can log in again at once; returns how many."""
    cleared = failed_logins(user.username)
    reset_attempts(username=user.username)
    audit.record(AuditAction.UNLOCK, actor=actor, user=user, agency=agency, request=request, failures=cleared)
    return cleared


@transaction.atomic
def reset_password(
    user: Any, actor: Any, password: str, *, agency: Any = None, request: HttpRequest | None = None
) -> None:
    """Set a password chosen by an administrator; the owner must replace it at the next login.

    Raises django.core.exceptions.ValidationError (Chinese messages) for a weak password.
    """
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    require_new_password(user, actor)
    audit.record(AuditAction.PASSWORD_RESET, actor=actor, user=user, agency=agency, request=request)


@transaction.atomic
def password_changed(user: Any, request: HttpRequest | None = None) -> None:
    """Record that the owner chose a new password (Django's form has set it)."""
    PasswordRenewal.objects.filter(user=user).delete()
    audit.record(AuditAction.PASSWORD_CHANGED, actor=user, request=request)


def require_new_password(user: Any, set_by: Any) -> None:
    """The owner must choose their own password at the next login (this one was set by `set_by`)."""
    PasswordRenewal.objects.update_or_create(user=user, defaults={"set_by": set_by, "set_at": timezone.now()})
