"""Fixtures of the project tests: the shared demo project (tests/conftest.py), a private copy of
it, and the "study" (the demo re-added from video files named and tagged with participant, arm
and timepoint — what a blind package must not leak), built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.project import Project


@pytest.fixture(scope="session")
def demo_root(demo_template: Path) -> Path:
    """The shared demo project (read only)."""
    return demo_template


@pytest.fixture
def demo_copy(demo_path: Path) -> Path:
    """A copy of the demo project this test may change (at ``tmp_path / "demo"``)."""
    return demo_path


@pytest.fixture(scope="session")
def study_master(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The study built from the shared demo (read only; see test_package.build_study)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("needs ffmpeg")
    from .test_package import build_study

    root = tmp_path_factory.mktemp("study") / "study"
    build_study(demo_template, root)
    return root


@pytest.fixture
def study(study_master: Path, tmp_path: Path) -> Project:
    """A copy of the study this test may change (at ``tmp_path / "study"``)."""
    shutil.copytree(study_master, tmp_path / "study")
    return Project.open(tmp_path / "study")
