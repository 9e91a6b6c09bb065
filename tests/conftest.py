"""Fixtures shared by all tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis's per-example deadline is a timed assertion: on a loaded 2-core CI machine it fails tests that
# are right. Speed belongs to bench/, so no example has a deadline.
settings.register_profile("gongkai", deadline=None)
settings.load_profile("gongkai")

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's ../shared folder (real reports and their expected readings); skip where it is absent."""
    if not (SHARED_DIR / "seeds").is_dir():
        pytest.skip("../shared is absent (fresh clone): real-report tests skipped")
    return SHARED_DIR
