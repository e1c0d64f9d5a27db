"""Motion energy per region finds movement in known intervals; synchrony beats its baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coder.assist.motion import Region, bursts, motion_energy, segment_means, smooth, synchrony
from coder.errors import MediaError
from coder.reliability import time_unit_kappa

from .media_material import moving_video

MOVES = {"mother": [(2000, 5000), (9000, 12000), (15000, 16000)], "infant": [(4000, 7000), (11000, 14500)]}
REGIONS = (Region(name="mother", x=0, y=0, w=0.5, h=1), Region(name="infant", x=0.5, y=0, w=0.5, h=1))


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return moving_video(tmp_path_factory.mktemp("motion") / "moving.mp4", MOVES)


@pytest.mark.slow
def test_bursts_match_the_known_movement(video: Path) -> None:
    series = motion_energy(video, REGIONS)
    for region in REGIONS:
        found = bursts(series.times_ms, smooth(series.energy[region.name], 5))
        k = time_unit_kappa(
            [("move", a, b) for a, b in MOVES[region.name]],
            [("move", a, b) for a, b in found],
            start_ms=0, end_ms=20000, unit_ms=100,
        ).kappa
        assert k >= 0.85, (region.name, found, k)
    means = segment_means(series, [("first", 0, 8000), ("second", 8000, 20000)])
    assert means[("first", "infant")] > 0 and set(means) == {
        (s, r.name) for s in ("first", "second") for r in REGIONS
    }


def test_synchrony_of_coupled_series_beats_the_shuffled_baseline() -> None:
    rng = np.random.default_rng(1)
    a = smooth(rng.random(2000), 9)
    b = np.roll(a, 10) + 0.02 * rng.standard_normal(2000)  # b follows a by 10 frames
    coupled = synchrony(a, b, frame_ms=40, window_ms=4000, max_lag_ms=1000, surrogates=30)
    assert coupled.observed > 0.9 and coupled.difference > 0.3
    independent = synchrony(a, smooth(rng.random(2000), 9), frame_ms=40, surrogates=30)
    assert abs(independent.difference) < 0.1


def test_a_region_outside_the_picture_is_refused() -> None:
    with pytest.raises(MediaError, match="not inside the picture"):
        Region(name="x", x=0.8, y=0, w=0.5, h=1)
