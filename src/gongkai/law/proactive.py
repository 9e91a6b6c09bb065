"""Proactive disclosure (主动公开) in time: the 20 working days of 条例 第二十六条."""

from __future__ import annotations

from datetime import date

from gongkai.law.calendar import WorkingCalendar
from gongkai.law.deadlines import proactive_publication_deadline


def publication_due(formed_on: date, calendar: WorkingCalendar) -> date:
    """The last day to publish information formed or changed on `formed_on` (第二十六条: within 20
    working days of its forming or change), counted on `calendar` like every other deadline: the day
    itself is not counted. CalendarMissingError when the calendar lacks a year the count needs."""
    return proactive_publication_deadline(formed_on, calendar=calendar).due
