"""Fixtures giving generated test media (see ``media_samples``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from media_samples import CACHE_DIR, Sample, make_all


@pytest.fixture(scope="session")
def media_dir() -> Iterator[Path]:
    """The folder of generated test media (made once, then reused)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg CLI is needed to make test media")
    make_all(CACHE_DIR)
    yield CACHE_DIR


@pytest.fixture(scope="session")
def samples(media_dir: Path) -> dict[str, Sample]:
    """Generated pattern videos by name: cfr (with AAC audio), vfr, rotated, hevc, short,
    opengop (Matroska, open GOPs every 24 frames)."""
    return make_all(media_dir)

