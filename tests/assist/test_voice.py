"""Voice activity on generated speech (espeak-ng) in noise and music, against the known truth."""

from __future__ import annotations

import itertools
import shutil

import numpy as np
import pytest

from coder.assist.material import speech_in_background
from coder.assist.voice import (
    EnergyVad,
    SileroVad,
    VoiceSettings,
    segments,
    silero_model_path,
    voice_segments,
)
from coder.reliability import time_unit_kappa

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")


def test_segments_have_hysteresis_close_gaps_and_never_overlap() -> None:
    probs = [0.1] * 5 + [0.9] * 10 + [0.4] * 1 + [0.9] * 10 + [0.1] * 20 + [0.6] * 2 + [0.1] * 5
    found = segments(probs, VoiceSettings(threshold=0.5, min_speech_ms=150, min_silence_ms=60, pad_ms=40))
    # 0.4 is above threshold − 0.15, so the first two runs are one; the 64-ms run is too short.
    assert found == [(5 * 32 - 40, 26 * 32 + 40)]
    padded = segments([0.9] * 10 + [0.1] * 3 + [0.9] * 10, VoiceSettings(min_silence_ms=32, pad_ms=100))
    assert all(b[0] >= a[1] for a, b in itertools.pairwise(padded))


def test_silero_model_ships_with_a_package() -> None:
    model = silero_model_path()
    assert model is not None and model.stat().st_size > 1_000_000


@needs_espeak
@pytest.mark.slow
@pytest.mark.parametrize("background", ["noise", "music"])
def test_speech_at_10_db_is_found_with_kappa_of_at_least_085(background: str) -> None:
    material = speech_in_background(snr_db=10, background=background, seconds=60, seed=3)
    found, name, _ = voice_segments(material.samples.astype(np.float32))
    assert name == "silero-vad"
    kappa = time_unit_kappa(
        [("speech", s, e) for s, e in material.truth],
        [("speech", s, e) for s, e in found],
        start_ms=0, end_ms=material.duration_ms, unit_ms=100,
    ).kappa
    assert kappa >= 0.85


@needs_espeak
def test_energy_fallback_works_on_clean_speech() -> None:
    material = speech_in_background(snr_db=30, background="noise", seconds=20, seed=7)
    found, name, _ = voice_segments(material.samples.astype(np.float32), vad=EnergyVad())
    assert name == "energy-vad" and found
    silero = SileroVad(silero_model_path())  # type: ignore[arg-type]
    assert len(silero.probabilities(material.samples.astype(np.float32))) == 20 * 16000 // 512
