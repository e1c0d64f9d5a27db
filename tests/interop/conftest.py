"""Fixtures for the interop tests: the shared small demo project (tests/conftest.py), the real
ELAN/BORIS sample files in ``tests/data`` (tests/data_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.project.project import Project
from tests.data_files import BORIS_SAMPLES, EAF_XSD, ELAN_SAMPLES

__all__ = ["BORIS_SAMPLES", "EAF_XSD", "ELAN_SAMPLES", "FIXTURES"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def demo(demo_path: Path) -> Project:
    """A fresh copy of the shared demo project (at ``tmp_path / "demo"``)."""
    return Project.open(demo_path)


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "empty")
