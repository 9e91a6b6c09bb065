"""Personal data: shown in full only to the staff handling an application, masked everywhere else."""

from __future__ import annotations

from typing import Any

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.applications.models import Application

# Who handles an application: its clerk, and the reviewers and heads who sign its letters.
_HANDLING_ROLES = frozenset({Role.REVIEWER, Role.HEAD})


def may_see_personal_data(user: Any, application: Application, roles: frozenset[str] | None = None) -> bool:
    """The handling clerk, and the agency's reviewers and heads; nobody else (not supervisors).

    `roles`: the user's roles in the application's agency, when the caller knows them (a long export)."""
    if application.handler_id is not None and application.handler_id == getattr(user, "pk", None):
        return True
    roles = roles_in(user, application.agency_id) if roles is None else roles
    if application.handler_id is None and Role.CLERK in roles:
        return True
    return bool(roles & _HANDLING_ROLES)


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳明明 -> 欧***; organisations keep their first four characters and their last two."""
    if len(name) <= 1:
        return name
    if len(name) > 8:
        return name[:4] + "*" * (len(name) - 6) + name[-2:]
    return name[0] + "*" * (len(name) - 1)


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Keep the first and last characters, star the rest (110105********002X)."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[:1] + "***@" + domain) if domain else mask_middle(value, 1, 0)


# field -> masking function, for every personal field of an application
MASKS: dict[str, Any] = {
    "applicant_name": mask_name,
    "id_number": lambda v: mask_middle(v, 6, 4),
    "credit_code": lambda v: v,  # an organisation's public registration code is not personal data
    "phone": lambda v: mask_middle(v, 3, 4),
    "email": mask_email,
    "address": lambda v: v[:6] + "****" if len(v) > 6 else "****" if v else "",
}


def personal_data(application: Application, full: bool) -> dict[str, str]:
    """The applicant's particulars, in full or masked."""
    values = {field: str(getattr(application, field) or "") for field in MASKS}
    if full:
        return values
    masked = {field: (MASKS[field](value) if value else "") for field, value in values.items()}
    if application.applicant_category != "natural_person":
        masked["applicant_name"] = values["applicant_name"]  # an organisation's name is not personal data
    return masked
