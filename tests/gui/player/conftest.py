"""Fixtures for the player tests: the generated media of ``tests/media`` and controllers."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "media"))
from media_samples import CACHE_DIR, Sample, make_all


@pytest.fixture(scope="session")
def samples() -> dict[str, Sample]:
    """Generated pattern videos by name (see tests/media/media_samples.py)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg CLI is needed to make test media")
    return make_all(CACHE_DIR)


@pytest.fixture
def make_controller(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    """Build PlayerControllers that are closed after the test."""
    from coder.gui.player import PlayerController

    made = []

    def make(paths: list[Path], offsets: list[int] | None = None) -> PlayerController:
        controller = PlayerController([str(p) for p in paths], offsets or [])
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.close()
