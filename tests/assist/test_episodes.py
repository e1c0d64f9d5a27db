"""Episode boundaries from scene cuts, silences and motion changes, against known boundaries."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coder.assist import episodes as ep
from coder.assist.motion import Region, motion_energy

from .media_material import moving_video

# A still-face-like session: the mother plays (moves) 0–8 s, holds still 8–16 s, and plays again
# from 16 s, when the camera angle changes (a scene cut).
TRUTH = (8000, 16000)


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    moves = {"mother": [(0, 8000), (16000, 24000)], "infant": [(0, 24000)]}
    return moving_video(
        tmp_path_factory.mktemp("episodes") / "still_face.mp4", moves, seconds=24, cut_at_ms=16000
    )


@pytest.mark.slow
def test_boundaries_are_found_within_a_second(video: Path) -> None:
    settings = ep.EpisodeSettings()
    series = motion_energy(video, (Region(name="mother", x=0, y=0, w=0.5, h=1),))
    cues = ep.scene_cuts(video, settings)
    cues += ep.motion_changes(series.times_ms, series.energy["mother"], settings)
    merged = ep.merge_cues(cues, settings.merge_ms)
    spans = ep.episode_spans(merged, ["play", "still_face", "reunion"], 24000)
    assert [s[0] for s in spans] == ["play", "still_face", "reunion"]
    found = [spans[1][1], spans[2][1]]
    errors = [abs(f - t) for f, t in zip(found, TRUTH, strict=True)]
    assert float(np.median(errors)) <= 1000, (found, cues)
    assert spans[0][1] == 0 and spans[-1][2] == 24000


def test_silences_give_cues_at_pause_midpoints() -> None:
    speech = [(0, 5000), (9000, 12000), (12500, 20000)]
    cues = ep.silences(speech, 30000, ep.EpisodeSettings(min_silence_ms=1500))
    assert [c.time_ms for c in cues] == [7000]  # the silence after the last word ends no episode


def test_nearby_cues_merge_and_agreeing_cues_rank_higher() -> None:
    cues = [
        ep.Cue(time_ms=1000, source="cut", strength=0.6),
        ep.Cue(time_ms=1500, source="silence", strength=0.3),
        ep.Cue(time_ms=9000, source="motion", strength=0.7),
    ]
    merged = ep.merge_cues(cues, 2000)
    assert [(c.time_ms, c.source) for c in merged] == [(1000, "cut+silence"), (9000, "motion")]
    assert merged[0].strength == pytest.approx(0.9)
    spans = ep.episode_spans(merged, ["a", "b"], 10000)
    assert [(s, a, b) for s, a, b, _ in spans] == [("a", 0, 1000), ("b", 1000, 10000)]
