"""Fixtures of the assisted-coding tests: a small project whose sessions are not all in the
reliability sample, and generated media with a known truth."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.project import Project
from coder.shipped import shipped_schemes_dir


@pytest.fixture
def project(demo_template: Path, tmp_path: Path) -> Project:
    """Two demo videos as sessions of a new project: S1 coded by ana alone, S2 double-coded
    (ana primary, ben reliability)."""
    project = Project.create(
        tmp_path / "p", schemes=[shipped_schemes_dir() / "demo_interaction.yaml"]
    )
    videos = sorted((demo_template / "videos").glob("*"))[:2]
    copies = []
    for i, video in enumerate(videos):
        copy = tmp_path / f"v{i}{video.suffix}"
        shutil.copy(video, copy)
        copies.append(copy)
    sessions = project.add_sessions(copies, scheme="demo_interaction")
    project.add_coder("ana")
    project.add_coder("ben")
    project.assign("ana", [s.code for s in sessions])
    project.assign("ben", [sessions[1].code], role="reliability")
    return project
