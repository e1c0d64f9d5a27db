"""Fixtures for the interop tests: the shared small demo project (tests/conftest.py), the real
ELAN/BORIS sample files in ``tests/data/elan`` and ``tests/data/boris``."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.project.project import Project

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ELAN_SAMPLES = REPO / "tests" / "data" / "elan"
BORIS_SAMPLES = REPO / "tests" / "data" / "boris"
EAF_XSD = ELAN_SAMPLES / "EAFv3.0.xsd"


def shared_or_skip(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the sample files are absent)")
    return path


@pytest.fixture
def demo(demo_path: Path) -> Project:
    """A fresh copy of the shared demo project (at ``tmp_path / "demo"``)."""
    return Project.open(demo_path)


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "empty")
