"""``coder validate`` lists the conflict copies sync services and Coder left in a project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.annotations import Severity
from coder.cli.main import main
from coder.project import Project
from coder.project.validation import project_problems


def test_conflict_copies_are_listed_for_the_lead(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = Project.open(demo_copy)
    coder = next(c for c in project.coders_of(project.sessions[0].code))
    session = project.sessions[0].code
    original = project.annotation_path(coder, session)
    folder = original.parent
    made = {
        folder / f"{session} (conflicted copy 2026-11-29).json": "Dropbox",
        folder / f"{session}.sync-conflict-20261129-140203-ABCDEF7.json": "Syncthing",
        folder / f"{session} (1).json": "Google Drive",
        folder / "conflicts" / f"{session}.conflict-20261129T140203Z-lab.json": "Coder",
        demo_copy / "project (conflicted copy 2026-11-29).json": "Dropbox",
    }
    (folder / "conflicts").mkdir()
    for path in made:
        shutil.copy(original if path.suffix == ".json" and path.parent != demo_copy else project.file, path)
    problems = [p for p in project_problems(project) if "conflict copy" in p.message]
    assert sorted(p.path for p in problems) == sorted(str(p.relative_to(demo_copy)) for p in made)
    assert all(p.severity is Severity.WARNING for p in problems)
    by_path = {p.path: p.message for p in problems}
    rel = original.relative_to(demo_copy).as_posix()
    assert f"conflict copy of {rel} (made by Syncthing)" in by_path[
        str((folder / f"{session}.sync-conflict-20261129-140203-ABCDEF7.json").relative_to(demo_copy))
    ]
    assert "conflict copy of project.json" in by_path["project (conflicted copy 2026-11-29).json"]
    # Not also reported as a file of the wrong session.
    assert not [p for p in project_problems(project) if "belongs to" in p.message]

    assert main(["validate", str(demo_copy)]) == 0  # warnings only
    err = capsys.readouterr().err
    assert err.count("conflict copy of") == len(made)
