"""The shared small demo project (built once per test session, see tests/project/demo_fixture.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from project.demo_fixture import demo_template


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared demo project (read only)."""
    return demo_template(tmp_path_factory)
