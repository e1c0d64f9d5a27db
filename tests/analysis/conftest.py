"""Fixtures for the analysis tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.project import Project


@pytest.fixture
def demo(demo_path: Path) -> Project:
    """A fresh copy of the shared demo project (6 sessions coded by ana and ben)."""
    return Project.open(demo_path)
