"""Generated material with a known truth, for measuring the pre-coders (tests and benchmarks).

Speech is made with espeak-ng (a Debian package; nothing is downloaded) and laid at known times
into a track mixed with noise or synthetic music at a chosen signal-to-noise ratio (speech power
over its voiced parts against the background's power). The truth is where the clean speech
track is voiced (32-ms windows above −35 dBFS, gaps under 150 ms closed).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coder.errors import MediaError
from coder.storage.atomic import atomic_write_bytes

RATE = 16000
FloatArray = npt.NDArray[np.float64]

PHRASES = (
    "Hello little one, look at me.",
    "Where is the ball? Can you find the ball?",
    "Oh, you are smiling today.",
    "Shall we sing a song together?",
    "There you are, peekaboo!",
    "What a clever baby you are.",
    "Look, the duck says quack quack.",
    "Are you getting tired now?",
)


@dataclass(frozen=True)
class Material:
    samples: FloatArray  # 16-kHz mono in [−1, 1]
    truth: tuple[tuple[int, int], ...]  # voiced spans [start_ms, end_ms)
    duration_ms: int


def speak(text: str, *, voice: str = "en", speed: int = 150) -> FloatArray:
    """``text`` spoken by espeak-ng, as 16-kHz mono samples."""
    if shutil.which("espeak-ng") is None:
        raise MediaError("espeak-ng is not installed", hint="apt-get install espeak-ng")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "speech.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(out), text],
            check=True,
            capture_output=True,
        )
        with wave.open(str(out)) as handle:
            rate = handle.getframerate()
            data = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)
    samples = data.astype(np.float64) / 32768.0
    positions = np.arange(0, len(samples), rate / RATE)
    return np.interp(positions, np.arange(len(samples)), samples)


def voiced_spans(samples: FloatArray, *, floor_db: float = -35.0) -> list[tuple[int, int]]:
    """Voiced spans of a clean track: 32-ms windows above ``floor_db``, gaps < 150 ms closed."""
    window = 512
    n = len(samples) // window
    frames = samples[: n * window].reshape(n, window)
    loud = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12) > floor_db
    spans: list[list[int]] = []
    for i, on in enumerate(loud):
        ms = i * 32
        if on:
            if spans and ms - spans[-1][1] < 150:
                spans[-1][1] = ms + 32
            else:
                spans.append([ms, ms + 32])
    return [(s, e) for s, e in spans if e - s >= 96]


def _music(n: int, rng: np.random.Generator) -> FloatArray:
    """Chords of three sine tones with a soft attack, changing every 1–2 s."""
    out = np.zeros(n)
    t0 = 0
    while t0 < n:
        length = int(rng.uniform(1.0, 2.0) * RATE)
        root = rng.choice([196.0, 220.0, 246.9, 261.6, 293.7])
        t = np.arange(min(length, n - t0)) / RATE
        chord = sum(np.sin(2 * np.pi * root * ratio * t) for ratio in (1.0, 1.26, 1.5))
        envelope = np.minimum(1.0, t / 0.05) * np.exp(-t / 1.5)
        out[t0 : t0 + len(t)] = chord * envelope
        t0 += length
    return out


def _pink(n: int, rng: np.random.Generator) -> FloatArray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n)
    spectrum[1:] /= np.sqrt(freqs[1:])
    return np.fft.irfft(spectrum, n)


def speech_in_background(
    *, snr_db: float, background: str = "noise", seconds: int = 60, seed: int = 0
) -> Material:
    """Utterances at random gaps (1–4 s) over ``seconds`` s, mixed with ``background`` ("noise":
    pink noise; "music": synthetic chords) at ``snr_db``."""
    rng = np.random.default_rng(seed)
    n = seconds * RATE
    clean = np.zeros(n)
    at = int(rng.uniform(0.5, 2.0) * RATE)
    phrases = list(PHRASES)
    while True:
        speech = speak(phrases[int(rng.integers(len(phrases)))])
        if at + len(speech) >= n:
            break
        clean[at : at + len(speech)] += speech
        at += len(speech) + int(rng.uniform(1.0, 4.0) * RATE)
    truth = voiced_spans(clean)
    voiced = np.zeros(n, dtype=bool)
    for start, end in truth:
        voiced[start * RATE // 1000 : end * RATE // 1000] = True
    noise = _music(n, rng) if background == "music" else _pink(n, rng)
    speech_power = np.mean(clean[voiced] ** 2)
    noise *= np.sqrt(speech_power / np.mean(noise**2) / 10 ** (snr_db / 10))
    mixed = clean + noise
    mixed /= max(1.0, float(np.max(np.abs(mixed))) / 0.9)
    return Material(samples=mixed, truth=tuple(truth), duration_ms=seconds * 1000)


def write_wav(path: Path, samples: FloatArray, rate: int = RATE) -> None:
    """16-bit mono WAV (for tests and benchmarks that need a file)."""
    data = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    buffer = io.BytesIO()
    with wave.Wave_write(buffer) as handle:  # in memory; the file is written atomically below
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(data.tobytes())
    atomic_write_bytes(path, buffer.getvalue())
