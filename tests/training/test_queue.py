"""Gold sessions in queues: training openly, drift checks concealed in a coder's package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coder.errors import WorkflowError
from coder.project import Project
from coder.project.audit_log import read_audit
from coder.project.package import build_package
from coder.training.queue import assign_training, seed_gold_checks

from .conftest import interaction_sessions


def test_training_gives_every_gold_session_not_yet_had(project: Project) -> None:
    made = assign_training(project, "tia")
    assert sorted(a.session for a in made) == sorted(interaction_sessions(project))
    assert {a.role for a in made} == {"training"}
    with pytest.raises(WorkflowError, match="no gold session left"):
        assign_training(project, "tia")


def test_training_refuses_sessions_that_are_not_gold(project: Project) -> None:
    ssp = next(e.code for e in project.sessions if e.scheme == "ssp")
    with pytest.raises(WorkflowError, match=f"not gold: {ssp}"):
        assign_training(project, "tia", [ssp])


def test_a_seeded_draw_is_reproducible_and_audited(project: Project, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project.root, copy)
    first = seed_gold_checks(project, "tia", count=2, seed=11)
    again = seed_gold_checks(Project.open(copy), "tia", count=2, seed=11)
    assert [a.session for a in first] == [a.session for a in again]
    assert {a.role for a in first} == {"gold_check"}
    drawn = [e for e in read_audit(project.audit_path) if e["action"] == "gold_checks_drawn"]
    assert drawn[-1]["seed"] == 11 and drawn[-1]["count"] == 2
    with pytest.raises(WorkflowError, match="only 2 gold sessions are left"):
        seed_gold_checks(project, "tia", count=3, seed=1)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_a_package_does_not_tell_gold_checks_from_other_sessions(
    project: Project, tmp_path: Path
) -> None:
    sessions = sorted(interaction_sessions(project))
    project.add_coder("cal", "Cal (certified)")
    project.assign("cal", sessions[:2])
    checks = seed_gold_checks(project, "cal", count=2, seed=5)
    assert sorted(a.session for a in checks) == sessions[2:]
    out = tmp_path / "pkg"
    build_package(project, "cal", out)

    files = sorted(p for p in out.rglob("*") if p.is_file())
    for path in files:
        data = path.read_bytes().lower()
        for word in (b"gold", b"training", b"gold_check", b"drift"):
            assert word not in data, (path, word)
    data = json.loads((out / "project.json").read_text())
    assert [a["session"] for a in data["assignments"]] == sessions  # sorted, not by role
    assert {a["role"] for a in data["assignments"]} == {"primary"}
    entries = {s["code"]: s for s in data["sessions"]}
    shapes = {code: sorted(entries[code]) for code in sessions}
    assert len({tuple(v) for v in shapes.values()}) == 1
    videos = sorted(p.name for p in out.rglob("*") if p.suffix in (".mp4", ".mkv", ".mov"))
    assert [Path(v).stem for v in videos] == sessions
    assert not any((out / "annotations" / "cal").iterdir())


def test_a_failed_seeding_leaves_neither_the_draw_nor_the_assignments(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_log = project.audit_path.read_bytes()
    before_file = project.file.read_bytes()

    def broken_assign(*_args: object, **_kwargs: object) -> None:
        raise WorkflowError("the disk went away between the draw and the assignments")

    monkeypatch.setattr(project, "assign", broken_assign)
    with pytest.raises(WorkflowError, match="disk went away"):
        seed_gold_checks(project, "tia", count=2, seed=11)
    assert project.audit_path.read_bytes() == before_log
    assert project.file.read_bytes() == before_file
    assert Project.open(project.root).assignments_of("tia") == []
