"""Fixtures: a copy of the shared small demo project (tests/conftest.py) for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, Segment, SessionStatus
from coder.project.project import Project
from coder.scheme.loader import load_scheme
from coder.scheme.model import Scheme
from coder.shipped import shipped_schemes_dir

SCHEMES = shipped_schemes_dir()


@pytest.fixture
def demo(demo_path: Path) -> Project:
    """A fresh copy of the shared demo project (at ``tmp_path / "demo"``)."""
    return Project.open(demo_path)


@pytest.fixture(scope="session")
def interaction() -> Scheme:
    return load_scheme(SCHEMES / "demo_interaction.yaml")


@pytest.fixture(scope="session")
def ssp() -> Scheme:
    return load_scheme(SCHEMES / "ssp.yaml")


def annotation_set(
    scheme: Scheme,
    events: list[Event] = (),  # type: ignore[assignment]
    segments: list[Segment] = (),  # type: ignore[assignment]
    **kw: object,
) -> AnnotationSet:
    header = AnnotationHeader("ana", "S-TEST1", scheme.id, scheme.version, scheme.sha256)
    return AnnotationSet(
        header, tuple(events), tuple(segments), status=SessionStatus.COMPLETE, **kw  # type: ignore[arg-type]
    )
