"""The one writer of the audit log: `record(...)`, called by the login signals and the people services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.accounts.models import AuditAction, AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (behind a trusted proxy, `gongkai serve` puts the
    forwarded address here)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: AuditAction,
    *,
    actor: Any = None,
    user: Any = None,
    username: str = "",
    agency: Any = None,
    role: str = "",
    request: HttpRequest | None = None,
    **data: Any,
) -> AuditEvent:
    """Append one audit record. `user` is the account concerned (default: the actor)."""
    concerned = user if user is not None else actor
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        user=concerned if getattr(concerned, "pk", None) else None,
        username=username or getattr(concerned, "username", "") or "",
        agency=agency,
        role=role,
        address=client_address(request),
        data=data,
    )
