"""Accuracy of the voice-activity pre-coder on generated speech (espeak-ng) in noise and music.

    .venv/bin/python scripts/assist_accuracy.py > docs/assist_accuracy.md

Time-unit κ (100-ms units) of the suggested speech against the truth, for Silero VAD (through
onnxruntime) and the energy fallback, at 20, 10 and 0 dB SNR, on seeds not used for tuning.
"""

from __future__ import annotations

import numpy as np

from coder.assist.material import speech_in_background
from coder.assist.voice import EnergyVad, SileroVad, silero_model_path, voice_segments
from coder.reliability import time_unit_kappa

SEEDS = (3, 4, 5)


def kappa(truth, found, duration_ms):  # type: ignore[no-untyped-def]
    return time_unit_kappa(
        [("speech", s, e) for s, e in truth],
        [("speech", s, e) for s, e in found],
        start_ms=0, end_ms=duration_ms, unit_ms=100,
    ).kappa


def main() -> None:
    model = silero_model_path()
    detectors = [EnergyVad()] + ([SileroVad(model)] if model else [])
    print("| background | SNR (dB) | " + " | ".join(d.name for d in detectors) + " |")
    print("|---|---|" + "---|" * len(detectors))
    for background in ("noise", "music"):
        for snr in (20, 10, 0):
            values = {d.name: [] for d in detectors}
            for seed in SEEDS:
                m = speech_in_background(snr_db=snr, background=background, seconds=60, seed=seed)
                for d in detectors:
                    found, _, _ = voice_segments(m.samples.astype(np.float32), vad=d)
                    values[d.name].append(kappa(m.truth, found, m.duration_ms))
            cells = " | ".join(f"{np.mean(v):.3f} (min {np.min(v):.3f})" for v in values.values())
            print(f"| {background} | {snr} | {cells} |")


if __name__ == "__main__":
    main()
