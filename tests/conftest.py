"""Suite-wide set-up: Qt runs offscreen (pytest-qt aborts without a display otherwise), and the
one small demo project every package's tests share.

A skip is a failure unless its reason is in ``ALLOWED_SKIPS``: a test that silently does not run
(a missing tool, a missing file) must not pass as green.

The demo (``coder.demo.create_demo``, 8-second videos, seed 7) costs 3–8 s to build, so it is
built once per test session (``demo_template``, read only) and copied for each test that needs
it (``demo_path``). Package conftests keep their own fixture names (``demo``, ``demo_root``,
``demo_copy``, ``project``…) as thin aliases of these.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data_files import SHARED_ABSENT

# The throwaway PostgreSQL cluster and per-test project databases (server, transfer, project
# tests that open a project by its postgresql:// address).
pytest_plugins = ["tests.server.fixtures"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

DEMO_SECONDS = 8
"""Length (s) of each video of the shared demo project."""
DEMO_SEED = 7
"""Seed of the shared demo project (``create_demo``'s default, fixed here)."""


ALLOWED_SKIPS = frozenset({SHARED_ABSENT})
"""The only reasons a test may skip; any other skip fails the run (see ``pytest_sessionfinish``)."""

_unexpected_skips: list[str] = []


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if reason not in ALLOWED_SKIPS:
            _unexpected_skips.append(f"{report.nodeid}: {reason}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _unexpected_skips:
        terminalreporter.section("unexpected skips (the run fails)", red=True)
        for line in _unexpected_skips:
            terminalreporter.line(line)
        terminalreporter.line(
            "Install what the reason names (make test installs everything), or add the reason "
            "to ALLOWED_SKIPS in tests/conftest.py if the skip is intended."
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _unexpected_skips and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def tree_digest(root: Path) -> str:
    """SHA-256 over the relative paths and bytes of every file under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shared demo project (6 sessions coded by ana and ben), built once per test run.

    Read only: a test that changes it fails at the end of the session (copy it with
    ``demo_path`` instead).
    """
    from coder.demo import create_demo

    root = tmp_path_factory.mktemp("demo-template") / "demo"
    create_demo(root, seconds=DEMO_SECONDS, seed=DEMO_SEED)
    before = tree_digest(root)
    yield root
    assert tree_digest(root) == before, f"a test changed the shared demo project {root}"


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the shared demo project for this test, at ``tmp_path / "demo"``."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target
