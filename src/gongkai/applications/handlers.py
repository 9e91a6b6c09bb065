"""The handling clerk of an application, and giving it to another clerk of the agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.applications.actions import Action
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import note
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.core.people import person_name
from gongkai.law.dates import date_problem

REASSIGNERS = frozenset({Role.HEAD, Role.AGENCY_ADMIN})


def clerks_of(agency_id: int) -> QuerySet[Any]:
    """The clerks of an agency, who may be made an application's handler."""
    return (
        get_user_model()
        .objects.filter(memberships__agency_id=agency_id, memberships__role=Role.CLERK, is_active=True)
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def reassign_handler(
    application: Application, actor: Any, handler: Any, on: dt.date, *, reason: str = ""
) -> ApplicationEvent:
    """The head or the agency administrator makes another clerk of the agency the application's handler."""
    if not roles_in(actor, application.agency_id) & REASSIGNERS:
        raise StepRefused("只有本机关的负责人或机关管理员可以更换经办人。")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.state == State.FILED:
        raise StepRefused("已归档的申请不能更换经办人。")
    if handler is None or not clerks_of(locked.agency_id).filter(pk=handler.pk).exists():
        raise InvalidInput({"handler": "新经办人应为本机关的经办人。"})
    if handler.pk == locked.handler_id:
        raise InvalidInput({"handler": "新经办人与现经办人相同。"})
    problem = date_problem(
        on, timezone.localdate(), label="日期", not_before=locked.received_on, not_before_label="收到申请"
    )
    if problem is not None:
        raise InvalidInput({"on": problem})
    previous = locked.handler
    locked.handler = handler
    locked.save(update_fields=["handler", "updated_at"])
    event = note(
        locked,
        actor,
        Action.REASSIGN_HANDLER,
        on,
        handler_from=person_name(previous, "（未指定）"),
        handler_to=person_name(handler),
        handler=handler.get_username(),
        reassign_reason=reason.strip(),
    )
    application.handler = handler
    return event
