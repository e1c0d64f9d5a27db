"""Fixtures of the training tests: a copy of the shared demo with a trainee and gold sessions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coder.annotations.model import AnnotationSet, SessionStatus
from coder.project import Project
from coder.storage.annotation_file import save_annotations
from coder.training.gold import mark_gold


@pytest.fixture
def project(demo_path: Path) -> Project:
    """The demo with the interaction sessions marked gold from Ana's records and a trainee."""
    project = Project.open(demo_path)
    for entry in project.sessions:
        if entry.scheme == "demo_interaction":
            mark_gold(project, entry.code, source="ana", by="lead", reason="expert record")
    project.add_coder("tia", "Tia (trainee)")
    return project


def interaction_sessions(project: Project) -> list[str]:
    return [e.code for e in project.sessions if e.scheme == "demo_interaction"]


def submit(
    project: Project, coder: str, record: AnnotationSet, *, modified: str = "2026-11-02T10:00:00Z"
) -> None:
    """Save ``record`` as ``coder``'s complete record of its session."""
    header = replace(record.header, coder=coder, modified=modified)
    save_annotations(
        project.annotation_path(coder, record.header.session),
        replace(record, header=header, status=SessionStatus.COMPLETE),
    )
