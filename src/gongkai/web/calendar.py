"""The system administrator loads a year's holiday arrangement in the web system (issue 13, point 16):
the same file `gongkai calendar load` takes, uploaded; the same use case (`load_arrangement`: every stored
deadline the year changes counted again in one transaction, the 暂定 ones made exact), recorded in the
audit log."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.http import HttpRequest

from gongkai.accounts import audit
from gongkai.accounts.models import AuditAction
from gongkai.annual.sources.bounded import ARRANGEMENT, FileRefused, check_size, clean_name
from gongkai.core.calendar import Loaded, describe_arrangement, load_arrangement, system_calendar
from gongkai.law.calendar import ARRANGEMENT_SUFFIXES, Arrangement, WorkingCalendar


class ArrangementForm(forms.Form):
    file = forms.FileField(
        label="节假日安排文件（.toml 或 .json）",
        widget=forms.FileInput(attrs={"accept": ",".join(ARRANGEMENT_SUFFIXES)}),
        error_messages={"required": "请选择要载入的节假日安排文件。", "empty": "文件是空的。"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = clean_name(upload.name or "", "节假日安排")
        if Path(name).suffix.lower() not in ARRANGEMENT_SUFFIXES:
            raise forms.ValidationError(
                "文件应为 .toml 或 .json 格式（与 gongkai calendar load 所用文件相同）。"
            )
        try:
            check_size(upload.size or 0, ARRANGEMENT)
        except FileRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


@dataclass(frozen=True)
class YearShown:
    year: int
    source: str
    provisional: bool


def years_shown(calendar: WorkingCalendar) -> list[YearShown]:
    """Every year the system counts on, latest first, saying which are provisional (暂定)."""
    return [
        YearShown(year, calendar.arrangement(year).source, year in calendar.provisional_years)
        for year in sorted(calendar.years, reverse=True)
    ]


def load_upload(upload: Any, actor: Any, request: HttpRequest | None = None) -> Loaded:
    """Load the uploaded arrangement: checked, deadlines recomputed, installed and recorded, or nothing
    changed (CalendarDataError / CalendarMissingError, with a Chinese message)."""
    name = clean_name(upload.name or "", "节假日安排")
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="gongkai-calendar-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        check_size(path.stat().st_size, ARRANGEMENT)

        def record(arrangement: Arrangement, summaries: tuple[str, ...]) -> None:
            audit.record(
                AuditAction.CALENDAR_LOADED,
                actor=actor,
                request=request,
                year=arrangement.year,
                source=arrangement.source,
                file=name,
                summaries=list(summaries),
            )

        return load_arrangement(path, source=name, record=record)


def describe(loaded: Loaded) -> list[str]:
    """What the page says once a year is loaded."""
    return [
        f"已载入{loaded.arrangement.year}年节假日安排（{loaded.arrangement.source}）。",
        *describe_arrangement(loaded.arrangement).splitlines(),
        *loaded.summaries,
    ]


def current_years() -> list[YearShown]:
    return years_shown(system_calendar())
