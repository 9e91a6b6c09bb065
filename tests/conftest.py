"""Fixtures shared by all tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's ../shared folder (real reports and their expected readings); skip where it is absent."""
    if not (SHARED_DIR / "seeds").is_dir():
        pytest.skip("../shared is absent (fresh clone): real-report tests skipped")
    return SHARED_DIR
