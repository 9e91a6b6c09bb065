"""Correcting a step taken by mistake (a wrong day, the wrong action): it is undone, never deleted.

`undo_last_step` appends an `Action.UNDO_STEP` event naming the undone event (`undoes`: its seq) and the
reason; its `changes` put the tracked fields back as they were before the step, so the log still rebuilds
the application (`events.rebuild_state`), and the clock leaves both events out (`clock.history_of`). The
letters the undone step produced are withdrawn with it. One transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Role
from gongkai.applications.actions import Action
from gongkai.applications.clock import Clock, history_of
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.applications.events import TRACKED_FIELDS, apply_changes, from_json
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.steps import reply_due_after
from gongkai.applications.workflow import TRANSITIONS
from gongkai.core.calendar import system_calendar
from gongkai.law.calendar import CalendarMissingError


def last_step(
    application: Application, events: Sequence[ApplicationEvent] | None = None
) -> ApplicationEvent | None:
    """The latest workflow step still in force (not the registration, not one already undone); found among
    `events` (all the application's, oldest first) when they are already read."""
    if events is not None:
        undone_seqs = {int(e.data["undoes"]) for e in events if e.action == Action.UNDO_STEP}
        return next(
            (
                e
                for e in reversed(events)
                if e.action in TRANSITIONS and e.action != Action.REGISTER and e.seq not in undone_seqs
            ),
            None,
        )
    undone = {
        int(data["undoes"])
        for data in application.events.filter(action=Action.UNDO_STEP).values_list("data", flat=True)
    }
    steps = application.events.filter(action__in=list(TRANSITIONS)).exclude(action=Action.REGISTER)
    return steps.exclude(seq__in=undone).order_by("-seq").select_related("actor").first()


def may_undo(
    actor: Any, application: Application, step: ApplicationEvent, roles: frozenset[str] | None = None
) -> bool:
    """The head undoes any step; the one who took a step may undo it while still in a role that takes it.

    `roles`, when given, is `roles_in(actor, application.agency_id)` read earlier in the same request."""
    if roles is None:
        roles = roles_in(actor, application.agency_id)
    if Role.HEAD in roles:
        return True
    return step.actor_id == getattr(actor, "pk", None) and bool(roles & TRANSITIONS[step.action].roles)


@transaction.atomic
def undo_last_step(application: Application, actor: Any, *, reason: str) -> ApplicationEvent:
    """Undo the application's latest step with the reason given; raises StepRefused (Chinese) if it may not."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    step = last_step(locked)
    if step is None:
        raise StepRefused("本申请还没有可以撤销的办理步骤（登记申请不能撤销）。")
    if not may_undo(actor, locked, step):
        raise StepRefused("只有本机关负责人或办理该步骤的人员可以撤销该步骤。")
    if not reason.strip():
        raise InvalidInput({"reason": "请写明撤销的理由（如：办理日期填错、误操作）。"})
    previous = {
        field: from_json(field, old)
        for field, (old, _new) in step.data.get("changes", {}).items()
        if field != "reply_due"
    }
    data: dict[str, Any] = {
        "on": timezone.localdate().isoformat(),
        "undoes": step.seq,
        "undone_action": step.action,
        "undo_reason": reason.strip(),
    }
    amended_on = previous.get("amended_on", locked.amended_on)
    history = history_of(locked, leaving_out={step.seq})
    clock = Clock(locked.received_on, amended_on, history, system_calendar())
    try:
        reply_due = reply_due_after(locked, previous.get("state", locked.state), clock)
    except CalendarMissingError as exc:
        reply_due, data["calendar_missing"] = None, exc.year
    from_state = locked.state
    data["changes"] = apply_changes(locked, {**previous, "reply_due": reply_due})
    withdrawn = list(step.letters.filter(withdrawn=False).values_list("pk", flat=True))
    step.letters.filter(pk__in=withdrawn).update(withdrawn=True)
    data["letters_withdrawn"] = withdrawn
    locked.save()
    event = ApplicationEvent.objects.append(
        locked, Action.UNDO_STEP, actor=actor, data=data, from_state=from_state
    )
    for field in TRACKED_FIELDS:
        setattr(application, field, getattr(locked, field))
    return event
