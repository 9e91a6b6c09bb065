"""Whether a date someone entered is plausible for a step of disclosure work: a check forms can call."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.law.zh import date_zh

# The first 条例 (国务院令第492号) took effect on this day: no disclosure step happened before it.
REGULATIONS_IN_FORCE_SINCE = date(2008, 5, 1)


# A date more than this far ahead is a typing mistake (20255-03-01, 2205-03-01), whatever the field.
FURTHEST_AHEAD = timedelta(days=366)


def range_problem(day: date, today: date, *, label: str = "日期") -> str | None:
    """Why `day` is outside every date gongkai keeps (before 2008-05-01, or more than a year after
    `today`), or None. The bound of every date field and import; `date_problem` is stricter."""
    if day < REGULATIONS_IN_FORCE_SINCE:
        return (
            f"{label}{date_zh(day)}早于《中华人民共和国政府信息公开条例》施行之日"
            f"（{date_zh(REGULATIONS_IN_FORCE_SINCE)}），请检查年份。"
        )
    if day > today + FURTHEST_AHEAD:
        return f"{label}{date_zh(day)}在一年以后，请检查年份。"
    return None


class ImplausibleDateError(ValueError):
    """A date that cannot be right; the message says why, in Chinese."""


def date_problem(
    day: date,
    today: date,
    *,
    label: str = "日期",
    not_before: date | None = None,
    not_before_label: str = "上一步骤",
) -> str | None:
    """Why `day` cannot be the date of a step, or None when it can.

    It may not lie in the future (after `today`), nor before 2008-05-01 (the 条例 took effect), nor before
    `not_before` — the day of the step it follows (`not_before_label` names that step).
    """
    if day > today:
        return f"{label}{date_zh(day)}晚于今天（{date_zh(today)}），不能填写将来的日期。"
    if day < REGULATIONS_IN_FORCE_SINCE:
        return (
            f"{label}{date_zh(day)}早于《中华人民共和国政府信息公开条例》施行之日"
            f"（{date_zh(REGULATIONS_IN_FORCE_SINCE)}），请检查年份。"
        )
    if not_before is not None and day < not_before:
        return f"{label}{date_zh(day)}早于{not_before_label}的日期{date_zh(not_before)}。"
    return None


def check_date(
    day: date,
    today: date,
    *,
    label: str = "日期",
    not_before: date | None = None,
    not_before_label: str = "上一步骤",
) -> date:
    """`day` itself when plausible (see `date_problem`); `ImplausibleDateError` otherwise."""
    problem = date_problem(day, today, label=label, not_before=not_before, not_before_label=not_before_label)
    if problem is not None:
        raise ImplausibleDateError(problem)
    return day
