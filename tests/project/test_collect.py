"""Collecting a package: round trip, both-sides conflicts kept, tampered packages refused unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event
from coder.cli import main
from coder.errors import WorkflowError
from coder.project import Project, read_audit
from coder.project.collect import collect_package
from coder.project.package import build_package
from coder.storage.annotation_file import load_annotations, save_annotations

from .test_package import SECOND

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def free_play(project: Project) -> str:
    return next(s.code for s in project.sessions if s.scheme == "demo_interaction")


def code_in_package(package: Path, coder: str, session: str, at_ms: int) -> Event:
    """Work as the coder does: open the package as a project and apply an edit command."""
    opened = Project.open(package)
    store = opened.open_annotations(coder, session)
    event = Event.make("infant_vocal", at_ms, modifiers={})
    store.execute(AddEvent(event))
    store.close()
    return event


def test_round_trip(study: Project, tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    session = free_play(study)
    original_video = study.session(session).videos[0].sha256
    others = {
        s.code: study.annotation_path("ana", s.code).read_bytes()
        for s in study.sessions
        if s.code != session
    }
    event = code_in_package(package, "ana", session, 4321)
    result = collect_package(study, package)
    assert result.imported == (session,) and not result.conflicts
    assert len(result.unchanged) == len(study.sessions) - 1
    collected = load_annotations(study.annotation_path("ana", session))
    assert event in collected.events
    assert collected.header.video_sha256 == original_video
    assert {c: study.annotation_path("ana", c).read_bytes() for c in others} == others
    entry = [e for e in read_audit(study.audit_path) if e["action"] == "package_collected"][-1]
    assert entry["imported"] == [session] and entry["coder"] == "ana"
    again = collect_package(study, package)
    assert again.imported == () and session in again.unchanged


def test_work_on_both_sides_in_different_records_is_merged(study: Project, tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    session = free_play(study)
    theirs = code_in_package(package, "ana", session, 1000)
    store = study.open_annotations("ana", session)
    ours = Event.make("mother_vocal", 2000)
    store.execute(AddEvent(ours))
    store.close()
    result = collect_package(study, package)
    assert result.imported == (session,) and not result.conflicts
    events = load_annotations(study.annotation_path("ana", session)).events
    assert theirs in events and ours in events


def _edit_first_event(path: Path, start_ms: int) -> str:
    annotations = load_annotations(path)
    first = annotations.events[0]
    moved = replace(first, start_ms=start_ms, end_ms=None if first.end_ms is None else start_ms + 10)
    save_annotations(path, replace(annotations, events=(moved, *annotations.events[1:])))
    return first.id


def test_collect_again_brings_in_new_work_without_conflict(study: Project, tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    session = free_play(study)
    first = code_in_package(package, "ana", session, 1000)
    assert collect_package(study, package).imported == (session,)
    second = code_in_package(package, "ana", session, 3000)  # the coder keeps working
    again = collect_package(study, package)
    assert again.imported == (session,) and not again.conflicts
    events = load_annotations(study.annotation_path("ana", session)).events
    assert first in events and second in events
    assert not (study.annotation_path("ana", session).parent / "conflicts").exists()
    assert collect_package(study, package).unchanged.count(session) == 1


def test_one_record_changed_on_both_sides_is_a_conflict_with_unique_copies(
    study: Project, tmp_path: Path
) -> None:
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    session = free_play(study)
    mine = study.annotation_path("ana", session)
    theirs = package / "annotations" / "ana" / f"{session}.json"
    event_id = _edit_first_event(theirs, 1111)
    assert _edit_first_event(mine, 2222) == event_id
    before = mine.read_bytes()
    saved = []
    for start in (3333, 4444):  # two conflicts in the same second
        result = collect_package(study, package)
        ((conflict, copy),) = result.conflicts
        assert conflict == session and copy.is_file()
        assert result.conflict_records == ((session, (f"event {event_id}",)),)
        assert mine.read_bytes() == before  # the project's value of that record stays
        saved.append(copy)
        _edit_first_event(theirs, start)
    assert saved[0] != saved[1] and all(p.is_file() for p in saved)
    assert saved[0].parent == mine.parent / "conflicts"
    assert main(["collect", str(study.root), str(package)]) == 1


def test_changed_only_in_project_is_kept(study: Project, tmp_path: Path) -> None:
    build_package(study, "ana", tmp_path / "pkg")
    session = free_play(study)
    store = study.open_annotations("ana", session)
    store.execute(AddEvent(Event.make("mother_vocal", 2000)))
    store.close()
    before = study.annotation_path("ana", session).read_bytes()
    result = collect_package(study, tmp_path / "pkg")
    assert result.kept_project == (session,)
    assert study.annotation_path("ana", session).read_bytes() == before


def _edit_json(path: Path, change: object) -> None:
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))


def _first_annotation(package: Path, coder: str = "ana") -> Path:
    return sorted((package / "annotations" / coder).glob("*.json"))[0]


def _scheme(package: Path) -> None:
    scheme = sorted((package / "schemes").iterdir())[0]
    scheme.write_text(scheme.read_text() + "\n# changed\n")


def _video(package: Path) -> None:
    video = sorted((package / "videos").iterdir())[0]
    with video.open("ab") as handle:
        handle.write(b"\0")


def _package_coder(package: Path) -> None:
    _edit_json(package / "package.json", lambda d: d.update(coder=SECOND))


def _annotation_coder(package: Path) -> None:
    path = _first_annotation(package)
    annotations = load_annotations(path)
    save_annotations(path, replace(annotations, header=replace(annotations.header, coder=SECOND)))


def _other_coder_folder(package: Path) -> None:
    source = _first_annotation(package)
    (package / "annotations" / SECOND).mkdir()
    shutil.copy(source, package / "annotations" / SECOND / source.name)


def _traversal_manifest(package: Path) -> None:
    _edit_json(package / "package.json", lambda d: d["manifest"].update({"../../evil.json": "0"}))


def _traversal_video_name(package: Path) -> None:
    _edit_json(package / "package.json", lambda d: d["sessions"][0].update(videos=["/etc/passwd"]))


def _odd_file_name(package: Path) -> None:
    shutil.copy(_first_annotation(package), package / "annotations" / "ana" / "notes.json")


def _symlink(package: Path) -> None:
    target = _first_annotation(package)
    os.symlink("/etc/hostname", target.with_name("S-LINKED.json"))


def _symlinked_annotation(package: Path) -> None:
    target = _first_annotation(package)
    outside = package.parent / "outside.json"
    shutil.copy(target, outside)
    target.unlink()
    os.symlink(outside, target)


def _unknown_package(package: Path) -> None:
    _edit_json(package / "package.json", lambda d: d.update(package_id="pkg-0123456789abcdef"))


def _project_file_coders(package: Path) -> None:
    _edit_json(
        package / "project.json",
        lambda d: d["coders"].append({"id": SECOND, "name": "", "active": True}),
    )


def _foreign_session(package: Path) -> None:
    source = _first_annotation(package)
    annotations = load_annotations(source)
    save_annotations(
        source.with_name("S-OTHER9.json"),
        replace(annotations, header=replace(annotations.header, session="S-OTHER9")),
    )


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_scheme, "scheme schemes/.* was changed"),
        (_video, "videos/.* was changed"),
        (_package_coder, "issued to 'ana'"),
        (_annotation_coder, f"work of coder '{SECOND}'"),
        (_other_coder_folder, f"annotations of '{SECOND}'"),
        (_traversal_manifest, "unsafe file name"),
        (_traversal_video_name, "unsafe file name"),
        (_odd_file_name, "not named after a session"),
        (_symlink, "symbolic link"),
        (_symlinked_annotation, "symbolic link"),
        (_unknown_package, "not issued by this project"),
        (_project_file_coders, "project.json"),
        (_foreign_session, "not in the package"),
    ],
)
def test_tampered_package_is_refused_and_changes_nothing(
    study: Project,
    tmp_path: Path,
    tamper: object,
    message: str,
) -> None:
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    code_in_package(package, "ana", free_play(study), 777)  # real work in it, too
    tamper(package)  # type: ignore[operator]
    before = tree_hash(study.root)
    with pytest.raises(WorkflowError, match=message) as caught:
        collect_package(study, package)
    assert "nothing in the project was changed" in str(caught.value)
    assert tree_hash(study.root) == before
    assert main(["collect", str(study.root), str(package)]) == 2
    assert tree_hash(study.root) == before


def test_unassigned_since_is_refused(study: Project, tmp_path: Path) -> None:
    build_package(study, SECOND, tmp_path / "pkg")
    session = study.assignments_of(SECOND)[0].session
    study.unassign(SECOND, session)
    before = tree_hash(study.root)
    with pytest.raises(WorkflowError, match="no longer assigned"):
        collect_package(study, tmp_path / "pkg")
    assert tree_hash(study.root) == before



def test_a_record_open_for_editing_refuses_the_collect_and_nothing_is_written(
    study: Project, tmp_path: Path
) -> None:
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    session = free_play(study)
    event = code_in_package(package, "ana", session, 4321)
    store = study.open_annotations("ana", session)  # the coder has it open in the project
    before = tree_hash(study.root)
    try:
        with pytest.raises(WorkflowError, match="close it there, then collect again"):
            collect_package(study, package)
        assert tree_hash(study.root) == before
    finally:
        store.close()
    collect_package(study, package)  # closed: collected
    assert event in load_annotations(study.annotation_path("ana", session)).events
