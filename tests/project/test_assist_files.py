"""The files of assisted coding as the project keeps them: their forms and where suggestions may be."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from coder.project import Project
from coder.project.assist_files import RegionsFile, in_package, suggestions_allowed


def regions(*names: str) -> dict[str, object]:
    return {
        "format": "coder-regions", "format_version": 1, "session": "S1",
        "regions": [{"name": n, "x": 0, "y": 0, "w": 0.5, "h": 0.5} for n in names],
    }


def test_a_region_set_has_distinct_names() -> None:
    assert RegionsFile.model_validate(regions("mother", "infant")).boxes()[1][0] == "infant"
    with pytest.raises(ValidationError, match="same name"):
        RegionsFile.model_validate(regions("mother", "Mother"))


def test_sample_sessions_take_no_suggestions_in_the_project(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    assert not in_package(project)
    sampled = {a.session for a in project.data.assignments if a.role == "reliability"}
    assert sampled
    for session in project.sessions:
        assert suggestions_allowed(project, session.code) == (session.code not in sampled)
