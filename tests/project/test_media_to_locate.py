"""Sessions whose media is not here: made by the imports "to locate", listed by validate, attached
by ``coder relink`` with duration, hash and annotation-length checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder import shipped
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event
from coder.errors import ProjectError
from coder.project.media_to_locate import add_session_to_locate, relink, sessions_to_locate
from coder.project.project import Project
from coder.project.validation import project_problems
from coder.storage.annotation_file import save_annotations

SCHEME = shipped.shipped_scheme("demo_interaction")


@pytest.fixture
def demo(demo_path: Path) -> Project:
    return Project.open(demo_path)


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "empty")


def _imported(
    project: Project, tmp_path: Path, end: int = 6000, duration_ms: int | None = None
) -> str:
    """A session to locate (as an import makes it) with one coder's events up to ``end`` ms."""
    assert SCHEME is not None
    scheme = project.add_scheme(SCHEME)
    entry = add_session_to_locate(
        project, [(str(tmp_path / "missing.wav"), 0)], scheme=scheme.id, source="test",
        duration_ms=duration_ms,
    )
    header = AnnotationHeader("ana", entry.code, scheme.id, scheme.version, scheme.sha256)
    events = (Event.make("gaze_mother", 1000, 3000), Event.make("gaze_away", 3000, end))
    save_annotations(project.annotation_path("ana", entry.code), AnnotationSet(header, events))
    return entry.code


def test_import_makes_a_session_to_locate_that_validate_lists(
    empty_project: Project, tmp_path: Path
) -> None:
    code = _imported(empty_project, tmp_path)
    project = Project.open(empty_project.root)
    assert sessions_to_locate(project) == [(code, 0, str(tmp_path / "missing.wav"))]
    problems = [p for p in project_problems(project) if "media to locate" in p.message]
    assert len(problems) == 1 and problems[0].severity.value == "warning"
    assert code in problems[0].message and "coder relink" in problems[0].message


def test_relink_attaches_the_file_and_records_size_hash_and_duration(
    empty_project: Project, demo: Project, tmp_path: Path
) -> None:
    code = _imported(empty_project, tmp_path)
    video = demo.video_path(demo.sessions[0].code)
    entry = relink(Project.open(empty_project.root), code, video)
    project = Project.open(empty_project.root)
    session = project.session(code)
    assert not session.videos[0].to_locate and session.videos[0].sha256 == entry.sha256
    assert session.videos[0].size == video.stat().st_size and session.duration_ms
    assert sessions_to_locate(project) == []
    assert any(line.startswith('{"action": "media_relinked"') or "media_relinked" in line
               for line in project.audit_path.read_text().splitlines())


def test_relink_refuses_a_file_shorter_than_the_annotations(
    empty_project: Project, demo: Project, tmp_path: Path
) -> None:
    code = _imported(empty_project, tmp_path, end=60_000)  # the demo videos last 8 s
    with pytest.raises(ProjectError, match="annotations up to 60000 ms"):
        relink(Project.open(empty_project.root), code, demo.video_path(demo.sessions[0].code))
    assert Project.open(empty_project.root).session(code).videos[0].to_locate


def test_relink_checks_a_known_duration_and_a_known_hash(
    empty_project: Project, demo: Project, tmp_path: Path
) -> None:
    code = _imported(empty_project, tmp_path, duration_ms=30_000)
    project = Project.open(empty_project.root)
    video = demo.video_path(demo.sessions[0].code)
    with pytest.raises(ProjectError, match="recording lasted 30000 ms"):
        relink(Project.open(project.root), code, video)
    # A session that had its file: only the same bytes may be attached.
    located = demo.sessions[1].code
    with pytest.raises(ProjectError, match="content differs"):
        relink(demo, located, video)
    moved = tmp_path / "moved.mp4"
    shutil.copy(demo.video_path(located), moved)
    assert relink(demo, located, moved).path == str(moved.resolve())
