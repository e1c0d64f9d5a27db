"""Pre-coder speed: voice activity and motion energy against decoding alone, in the same run.

Run: ``.venv/bin/python benchmarks/bench_assist.py``. Writes ``benchmarks/results/assist.json``.

- Voice activity: 10 minutes of generated speech in noise (espeak-ng) as a 48-kHz AAC file;
  decoding to 16-kHz mono alone, then Silero VAD on the decoded samples. Target: VAD ≥ 30× real
  time.
- Motion energy at 720p: a 60-s 1280×720 H.264 video (ffmpeg's testsrc2); decoding every frame
  through the same API at the analysis size alone, then the whole motion-energy pass (two
  regions). Target ≥ 4× real time.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from coder.assist.material import speech_in_background, write_wav  # noqa: E402
from coder.assist.motion import Region, motion_energy  # noqa: E402
from coder.assist.voice import detector, read_mono  # noqa: E402
from coder.media import open_video  # noqa: E402

RESULTS = ROOT / "results" / "assist.json"


def _seconds(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def voice(folder: Path) -> dict[str, float]:
    pieces = [speech_in_background(snr_db=10, seconds=60, seed=s).samples for s in range(10)]
    wav = folder / "speech.wav"
    write_wav(wav, np.concatenate(pieces))
    audio = folder / "speech.m4a"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-ar", "48000", "-c:a", "aac", str(audio)],
        check=True,
    )
    decode_s, samples = _seconds(lambda: read_mono(audio))
    duration = len(samples) / 16000
    vad = detector()
    vad_s, _ = _seconds(lambda: vad.probabilities(samples))
    return {
        "audio_s": duration,
        "decode_s": decode_s,
        "decode_x_realtime": duration / decode_s,
        "vad_s": vad_s,
        "vad_x_realtime": duration / vad_s,
        "vad": vad.name,
        "target_x_realtime": 30.0,
    }


def motion(folder: Path) -> dict[str, float]:
    video = folder / "720p.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
         "-t", "60", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(video)],
        check=True,
    )

    def decode() -> int:
        with open_video(video) as opened:
            for i in range(opened.frame_count):
                opened.frame(i, (160, 90), fast=True)
            return opened.frame_count

    decode_s, frames = _seconds(decode)
    regions = (Region(name="left", x=0, y=0, w=0.5, h=1), Region(name="right", x=0.5, y=0, w=0.5, h=1))
    motion_s, _ = _seconds(lambda: motion_energy(video, regions))
    duration = frames / 25
    return {
        "video_s": duration,
        "decode_s": decode_s,
        "decode_x_realtime": duration / decode_s,
        "motion_s": motion_s,
        "motion_x_realtime": duration / motion_s,
        "motion_over_decode": motion_s / decode_s,
        "target_x_realtime": 4.0,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        results = {
            "machine": platform.platform(),
            "voice": voice(Path(folder)),
            "motion_720p": motion(Path(folder)),
        }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    v, m = results["voice"], results["motion_720p"]
    print(f"voice activity ({v['vad']}): {v['vad_x_realtime']:.0f}× real time "
          f"(decoding alone {v['decode_x_realtime']:.0f}×; target ≥ 30×)")
    print(f"motion energy 720p: {m['motion_x_realtime']:.1f}× real time "
          f"(decoding alone {m['decode_x_realtime']:.1f}×; target ≥ 4×)")


if __name__ == "__main__":
    main()
