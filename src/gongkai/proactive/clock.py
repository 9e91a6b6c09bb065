"""The publication clock (第二十六条): each document's stored `publication_due`, counted on the system's
calendar when the document is formed or changed, and again when a year's holidays are loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.dispatch import receiver

from gongkai.core.calendar import calendar_changed
from gongkai.law.calendar import CalendarMissingError, WorkingCalendar
from gongkai.law.proactive import publication_due
from gongkai.proactive.models import Document


def due_for(formed_on: dt.date, calendar: WorkingCalendar) -> dt.date | None:
    """The last day to publish, or None while a year's holidays the count needs are not loaded."""
    try:
        return publication_due(formed_on, calendar)
    except CalendarMissingError:
        return None


def recompute_due(calendar: WorkingCalendar, years: Collection[int] | None = None) -> int:
    """Count again the deadlines of unpublished documents formed in `years` (None: all) or still unknown;
    the number changed."""
    candidates = Document.objects.filter(published_on__isnull=True, disclosure="proactive")
    changed = 0
    for document in candidates.only("pk", "formed_on", "publication_due").iterator():
        if (
            years is not None
            and document.publication_due is not None
            and document.formed_on.year not in years
        ):
            continue
        due = due_for(document.formed_on, calendar)
        if due != document.publication_due:
            Document.objects.filter(pk=document.pk).update(publication_due=due)
            changed += 1
    return changed


@receiver(calendar_changed, dispatch_uid="gongkai.proactive.clock")
def _calendar_changed(sender: Any, *, calendar: WorkingCalendar, years: Collection[int], **_: Any) -> str:
    """A year's arrangement is being loaded: the publication deadlines are counted again in its transaction."""
    # A year's holidays move deadlines of documents formed in the year before too (they run into it).
    affected = {year for y in years for year in (y - 1, y)}
    changed = recompute_due(calendar, affected)
    return f"主动公开：重新计算{changed}件政府信息的公开期限。"
