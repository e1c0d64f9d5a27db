"""Fixtures of the project tests: the shared demo project and a private copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .demo_fixture import copy_of, demo_template


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared demo project (read only)."""
    return demo_template(tmp_path_factory)


@pytest.fixture
def demo_copy(demo_root: Path, tmp_path: Path) -> Path:
    """A copy of the demo project this test may change."""
    return copy_of(demo_root, tmp_path / "demo")
