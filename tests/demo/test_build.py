"""The demo project: complete, valid, two coders who mostly agree, readable videos, a full key."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.annotations import SessionStatus, annotation_problems
from coder.media import open_video
from coder.project import Project
from coder.project.validation import project_problems


@pytest.fixture(scope="module")
def project(demo_root: Path) -> Project:
    return Project.open(demo_root)


def test_validates_clean(project: Project) -> None:
    assert project_problems(project, verify_hashes=True) == []


def test_sessions_coders_files_and_key(project: Project) -> None:
    sessions = project.sessions
    assert len(sessions) == 6
    assert sorted(s.scheme for s in sessions) == ["demo_interaction"] * 4 + ["ssp"] * 2
    assert [c.id for c in project.coders] == ["ana", "ben"]
    for coder in ("ana", "ben"):
        files = sorted((project.root / "annotations" / coder).glob("*.json"))
        assert [f.stem for f in files] == sorted(s.code for s in sessions)
        assert {a.session for a in project.assignments_of(coder)} == {s.code for s in sessions}
    roles = {(a.coder, a.role) for a in project.data.assignments}
    assert roles == {("ana", "primary"), ("ben", "reliability")}
    key = {row["session"]: row for row in project.key()}
    assert set(key) == {s.code for s in sessions}
    assert {(r["participant"], r["arm"]) for r in key.values()} == {
        ("P101", "PIP"),
        ("P102", "TAU"),
    }
    assert sorted(r["timepoint"] for r in key.values()) == ["t0", "t0", "t1", "t1", "t2", "t2"]
    # Nothing in a session code or video name gives the participant, arm or timepoint away.
    for session in sessions:
        name = session.videos[0].path
        assert not any(word in name for word in ("P101", "P102", "PIP", "TAU", "t0", "t1", "t2"))


def test_annotations_are_complete_and_valid(project: Project) -> None:
    for session in project.sessions:
        scheme = project.scheme_for(session.code)
        for coder in ("ana", "ben"):
            annotations = project.load_annotations(coder, session.code)
            assert annotations is not None
            assert annotations.status is SessionStatus.COMPLETE
            assert annotations.header.video_sha256 == session.videos[0].sha256
            assert annotation_problems(annotations, scheme, duration_ms=session.duration_ms) == []
            if session.scheme == "ssp":
                assert len(annotations.segments) == 8
                assert annotations.classification.major in {"B", "D"}
            else:
                assert len(annotations.events) > 5


def test_two_coders_mostly_but_not_entirely_agree(project: Project) -> None:
    matched = exact = total = 0
    for session in project.sessions:
        ana = project.load_annotations("ana", session.code)
        ben = project.load_annotations("ben", session.code)
        assert ana is not None and ben is not None
        theirs = [(e.code, e.start_ms, e.end_ms) for e in ben.events]
        for event in ana.events:
            total += 1
            mine = (event.code, event.start_ms, event.end_ms)
            exact += mine in theirs
            # Same code with an onset within 200 ms (a few frames): the same event seen twice.
            matched += any(c == event.code and abs(s - event.start_ms) <= 200 for c, s, _ in theirs)
        ratings_a = {r.key: r.value for r in ana.ratings}
        ratings_b = {r.key: r.value for r in ben.ratings}
        assert ratings_a.keys() == ratings_b.keys()
        assert all(abs(ratings_a[k] - ratings_b[k]) <= 1 for k in ratings_a)  # type: ignore[operator]
    assert total > 20
    assert 0.7 < matched / total < 1.0
    assert exact < total


def test_ssp_coders_disagree_on_subgroup_only(project: Project) -> None:
    for session in (s for s in project.sessions if s.scheme == "ssp"):
        ana = project.load_annotations("ana", session.code)
        ben = project.load_annotations("ben", session.code)
        assert ana is not None and ben is not None
        assert ana.classification.major == ben.classification.major
        assert ana.classification != ben.classification


def test_videos_are_readable(project: Project) -> None:
    for session in project.sessions:
        expected = 8000 if session.scheme == "demo_interaction" else 16000
        assert session.duration_ms is not None
        assert abs(session.duration_ms - expected) <= 100
        with open_video(project.video_path(session.code)) as video:
            assert abs(video.duration_ms - expected) <= 100
            assert video.frame_count > 100
            frame = video.frame(video.frame_count - 1)
            assert frame.shape == (video.height, video.width, 3)
            assert str(frame.dtype) == "uint8"
