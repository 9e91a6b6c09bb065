"""Plausible dates for a step: not in the future, not before the 条例, not before the step it follows."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.dates import ImplausibleDateError, check_date, date_problem

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("day", "kwargs", "problem"),
    [
        (date(2026, 12, 3), {}, None),
        (date(2008, 5, 1), {}, None),
        (
            date(2026, 12, 4),
            {"label": "收到申请日期"},
            "收到申请日期2026年12月4日晚于今天（2026年12月3日），不能填写将来的日期。",
        ),
        (
            date(2008, 4, 30),
            {},
            "日期2008年4月30日早于《中华人民共和国政府信息公开条例》施行之日（2008年5月1日），请检查年份。",
        ),
        (date(206, 1, 5), {}, "日期206年1月5日早于《中华人民共和国政府信息公开条例》施行之日"),
        (
            date(2026, 11, 2),
            {"label": "答复日期", "not_before": date(2026, 11, 3), "not_before_label": "收到申请"},
            "答复日期2026年11月2日早于收到申请的日期2026年11月3日。",
        ),
        (date(2026, 11, 3), {"not_before": date(2026, 11, 3)}, None),
    ],
)
def test_date_problem(day: date, kwargs: dict[str, object], problem: str | None) -> None:
    found = date_problem(day, TODAY, **kwargs)  # type: ignore[arg-type]
    if problem is None:
        assert found is None
        assert check_date(day, TODAY, **kwargs) == day  # type: ignore[arg-type]
    else:
        assert found is not None and found.startswith(problem)
        with pytest.raises(ImplausibleDateError) as caught:
            check_date(day, TODAY, **kwargs)  # type: ignore[arg-type]
        assert isinstance(caught.value, ValueError) and str(caught.value) == found
