"""Fixtures: a tiny generated project whose kappas are computable by hand, and the demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coder.annotations.model import (
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
)
from coder.project.model import SessionEntry, VideoEntry
from coder.project.project import Project
from coder.storage import save_annotations

TINY_SCHEME = """\
format_version: 1
id: tiny
version: "1.0"
title: Tiny
segments:
  - {id: part, label: Part}
streams:
  - {id: s, label: Stream, exclusive: true}
codes:
  - {id: x, label: X, kind: state, stream: s}
  - {id: y, label: Y, kind: state, stream: s}
ratings:
  - {id: r, label: R, min: 1, max: 5, segments: [session]}
"""

Writer = Callable[..., None]


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Project, Writer]:
    """An empty project on the tiny scheme (one exclusive stream x/y), coders a, b, c, and a
    writer ``write(coder, session, events, segments=(), ratings=(), classification=None,
    modified="")`` that saves an annotation file directly."""
    scheme_file = tmp_path / "tiny.yaml"
    scheme_file.write_text(TINY_SCHEME, encoding="utf-8")
    project = Project.create(tmp_path / "p", name="tiny", schemes=[scheme_file])
    for coder in ("a", "b", "c"):
        project.add_coder(coder)
    return project, _writer(project)


def _writer(project: Project) -> Writer:
    def write(
        coder: str,
        session: str,
        events: list[tuple[str, int, int | None]],
        segments: list[tuple[str, int, int]] = (),  # type: ignore[assignment]
        ratings: list[tuple[str, str, float]] = (),  # type: ignore[assignment]
        classification: Classification | None = None,
        modified: str = "",
        scheme_id: str | None = None,
        duration_ms: int = 10_000,
    ) -> None:
        scheme = project.scheme(scheme_id or project.data.schemes[0].id)
        if all(s.code != session for s in project.data.sessions):
            project.register_session(
                SessionEntry(
                    code=session,
                    scheme=scheme.id,
                    duration_ms=duration_ms,
                    videos=(VideoEntry(path=f"{session}.mp4", size=0, sha256="0" * 64),),
                ),
                action="session_added",
            )
        header = AnnotationHeader(
            coder,
            session,
            scheme.id,
            scheme.version,
            scheme.sha256,
            "0" * 64,
            modified,
            modified,
            "test",
        )
        record = AnnotationSet(
            header,
            tuple(Event.make(c, s, e) for c, s, e in events),
            tuple(Segment.make(n, s, e) for n, s, e in segments),
            tuple(Rating(i, g, v) for i, g, v in ratings),
            classification or Classification(),
            status=SessionStatus.COMPLETE,  # finished work: what reliability counts
        )
        save_annotations(project.annotation_path(coder, session), record)

    return write


@pytest.fixture
def demo(demo_path: Path) -> Project:
    """A copy of the shared small demo project (6 sessions coded by ana and ben; tests/conftest.py)."""
    return Project.open(demo_path)


@pytest.fixture
def writer() -> Callable[[Project], Writer]:
    return _writer
