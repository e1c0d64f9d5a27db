"""The shared small demo project (built once per test session, see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_root(demo_template: Path) -> Path:
    """The shared demo project (read only)."""
    return demo_template
