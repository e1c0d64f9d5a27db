"""Fixtures for the interop tests: a small demo project (made once, copied per test), the real
ELAN/BORIS sample files in ``<repo>/../shared/samples`` (tests using them skip without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.demo import create_demo
from coder.project.project import Project

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ELAN_SAMPLES = SHARED / "samples" / "elan"
BORIS_SAMPLES = SHARED / "samples" / "boris"
EAF_XSD = ELAN_SAMPLES / "EAFv3.0.xsd"


def shared_or_skip(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared samples are absent)")
    return path


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-master") / "demo"
    create_demo(root, seconds=8)
    return root


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Project:
    target = tmp_path / "demo"
    shutil.copytree(demo_master, target)
    return Project.open(target)


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "empty")
