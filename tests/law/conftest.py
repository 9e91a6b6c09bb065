"""Fixtures for the law's tests: `gongkai deadline` never reads the developer's own var/calendar/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.law.calendar import CALENDAR_DIR_ENV


@pytest.fixture(scope="session", autouse=True)
def isolated_calendar_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty administrator's directory for the whole session: chinesecalendar + the project's data only."""
    directory = tmp_path_factory.mktemp("calendar")
    previous = os.environ.get(CALENDAR_DIR_ENV)
    os.environ[CALENDAR_DIR_ENV] = str(directory)
    yield directory
    if previous is None:
        os.environ.pop(CALENDAR_DIR_ENV, None)
    else:
        os.environ[CALENDAR_DIR_ENV] = previous


@pytest.fixture
def admin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh administrator's directory for one test (not created: a command creates it when needed)."""
    directory = tmp_path / "calendar"
    monkeypatch.setenv(CALENDAR_DIR_ENV, str(directory))
    yield directory
