"""Logins, failed logins and logouts go to the audit log as Django announces them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from gongkai.accounts import audit
from gongkai.accounts.models import AuditAction, PasswordRenewal
from gongkai.accounts.services import RENEW_SESSION_KEY


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(AuditAction.LOGIN, actor=user, request=request)
    if request is not None and PasswordRenewal.objects.filter(user=user).exists():
        request.session[RENEW_SESSION_KEY] = True


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(AuditAction.LOGOUT, actor=user, request=request)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")[:150]
    account = get_user_model().objects.filter(username=username).first() if username else None
    # Connected after axes's own receiver (INSTALLED_APPS order), which marks a login refused because
    # the account or the address is locked.
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(AuditAction.LOGIN_FAILED, user=account, username=username, request=request, locked=locked)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="gongkai_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="gongkai_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="gongkai_audit_login_failed")
