"""Fixtures: a small demo project made once per test session and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, Segment, SessionStatus
from coder.demo import create_demo
from coder.project.project import Project
from coder.scheme.loader import load_scheme
from coder.scheme.model import Scheme

SCHEMES = Path(__file__).resolve().parents[2] / "coding_schemes"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export-demo") / "demo"
    create_demo(root, seconds=8)
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    yield Project.open(target)


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
