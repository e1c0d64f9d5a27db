"""All-or-nothing changes: intent logged before anything is applied, finished or rolled back on
the next open, leftovers swept and reported."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import ProjectError, StorageError
from coder.project import Project, read_audit
from coder.project.change import PENDING_DIR, Change
from coder.shipped import shipped_schemes_dir

from .kill_harness import run_cli


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "p", schemes=[shipped_schemes_dir() / "ssp.yaml"])


def test_a_change_logs_its_intent_then_applies_then_completes(project: Project) -> None:
    target = project.root / "consensus" / "note.json"
    seen: list[bool] = []
    original = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == target:  # the moment the change is applied, its entry is on disk
            seen.append(any(e["action"] == "noted" for e in read_audit(project.audit_path)))
        original(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", replace)
        with project.change() as change:
            change.write(target, b"{}\n")
            project.audit("noted", what="a note")
            assert not target.exists()  # staged only
    assert seen == [True] and target.read_bytes() == b"{}\n"
    noted, completed = read_audit(project.audit_path)[-2:]
    assert (noted["action"], completed["action"]) == ("noted", "completed")
    assert noted["op"] == completed["op"]
    assert completed["files"] == [{"path": "consensus/note.json", "sha256": completed["files"][0]["sha256"]}]
    assert not (project.root / PENDING_DIR).exists()


def test_an_error_inside_a_change_leaves_no_trace(project: Project) -> None:
    before = (project.file.read_bytes(), project.audit_path.read_bytes())
    with pytest.raises(ProjectError), project.change():
        project.add_coder("ana")
        project.add_coder("ana")  # already there: the whole change goes
    assert (project.file.read_bytes(), project.audit_path.read_bytes()) == before
    assert not project.has_coder("ana")
    assert not (project.root / PENDING_DIR).exists()


def test_an_unwritable_log_changes_nothing(project: Project) -> None:
    before = project.file.read_bytes()
    project.audit_path.unlink()
    project.audit_path.mkdir()
    with pytest.raises(StorageError, match="audit log"):
        project.add_coder("ana")
    assert project.file.read_bytes() == before and not project.has_coder("ana")
    assert not (project.root / PENDING_DIR).exists()


def _run_killed_after_intent(root: Path) -> None:
    """Leave ``root`` as `coder add-coder` killed after its entry, before its completion."""
    for point in range(1, 40):
        probe = root.parent / f"try{point}"
        shutil.copytree(root, probe)
        run = run_cli(["add-coder", str(probe), "ana"], kill_at=point)
        if not run.killed:
            break
        actions = [e["action"] for e in read_audit(probe / "audit.jsonl")]
        if "coder_added" in actions and "completed" not in actions[actions.index("coder_added"):]:
            shutil.rmtree(root)
            shutil.move(probe, root)
            return
    pytest.fail("no kill point between the entry and its completion")


def test_a_change_killed_after_its_intent_is_finished_on_open_and_reported(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os.fsync", lambda _fd: None)  # see kill_harness.run_cli
    _run_killed_after_intent(project.root)
    assert (project.root / PENDING_DIR).is_dir()
    opened = Project.open(project.root)
    assert opened.has_coder("ana")
    assert any("completed after an interruption" in line for line in opened.recovered)
    last = read_audit(project.audit_path)[-1]
    assert last["action"] == "completed" and last["recovered"] is True
    assert not (project.root / PENDING_DIR).exists()


def test_staging_and_temp_files_are_swept_and_validate_reports_them(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = project.root / PENDING_DIR / "op-0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "0.staged").write_bytes(b"half")
    temp = project.root / ".project.json.abc123.tmp"
    temp.write_bytes(b"{")
    capsys.readouterr()
    assert main(["validate", str(project.root)]) == 0
    out = capsys.readouterr()
    assert "unfinished staging removed" in out.err and ".project.json.abc123.tmp" in out.err
    assert not stale.exists() and not temp.exists()
    assert main(["audit", "verify", str(project.root)]) == 0


def test_a_journal_of_a_change_whose_entries_were_not_all_logged_is_rolled_back(
    project: Project,
) -> None:
    folder = project.root / PENDING_DIR / "op-00000000000000aa"
    folder.mkdir(parents=True)
    (folder / "0.staged").write_bytes(b"new")
    journal = {"format": "coder-change-journal", "format_version": 1, "op": folder.name,
               "state": "staged", "entries": 2, "moves": [],
               "files": [{"target": "consensus/x.json", "staged": "0.staged", "backup": "",
                          "before": None, "after": "0" * 64}]}
    (folder / "journal.json").write_text(json.dumps(journal))
    project.audit("noted", op=folder.name)  # one of its two entries
    opened = Project.open(project.root)
    assert any("rolled back" in line for line in opened.recovered)
    assert not (project.root / "consensus" / "x.json").exists()
    assert read_audit(project.audit_path)[-1]["action"] == "rolled_back"


def test_a_change_another_process_is_making_is_left_alone(project: Project) -> None:
    change = Change(project.root)
    staged = change.staging_folder(project.root.parent / "pkg")  # locked while it is built
    assert Project.open(project.root).recovered == [] and staged.is_dir()
    change.release()  # as when its process dies
    assert any("unfinished staging" in line for line in Project.open(project.root).recovered)
    assert not staged.exists() and not (project.root / PENDING_DIR).exists()
