"""Test media made at test time with the ffmpeg CLI, cached on disk between runs.

Every video frame carries its own index in pixels: a 4×3 grid of 80×80 black/white blocks, one
bit each (bit 0 top left, row by row), so a test can tell which frame it got despite
compression. Files are small (320×240) so generation takes a few seconds once; later runs reuse
the cache in ``tests/.cache/media-v<N>`` (gitignored; delete it to regenerate).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 7
WIDTH, HEIGHT = 320, 240
BLOCK = 80
BITS_X, BITS_Y = WIDTH // BLOCK, HEIGHT // BLOCK
CACHE_DIR = Path(
    os.environ.get(
        "CODER_TEST_MEDIA_CACHE",
        Path(__file__).resolve().parents[1] / ".cache" / f"media-v{GENERATOR_VERSION}",
    )
)

# Variable frame rate like a phone: gaps of 30 and 50 ms alternate, plus 50 ms every 7th frame.
VFR_SETPTS = "settb=1/90000,setpts=(30*N+20*floor(N/2)+50*floor(N/7))/1000/TB"


def pattern_frame(index: int) -> np.ndarray:
    """An RGB (240, 320, 3) uint8 image whose blocks spell ``index`` in binary."""
    bits = np.array([(index >> b) & 1 for b in range(BITS_X * BITS_Y)], dtype=np.uint8)
    grid = (bits.reshape(BITS_Y, BITS_X) * 255).astype(np.uint8)
    image = np.kron(grid, np.ones((BLOCK, BLOCK), dtype=np.uint8))
    # A grey cross-hair keeps the encoder honest about motion without touching block centres.
    image[:, (index * 3) % WIDTH] = 128
    return np.repeat(image[:, :, None], 3, axis=2)


def read_index(image: np.ndarray, rotation: int = 0) -> int:
    """Decode the frame index from an RGB image (rotated ``rotation`` degrees clockwise)."""
    if rotation:
        image = np.rot90(image, k=rotation // 90)
    assert image.shape[:2] == (HEIGHT, WIDTH), image.shape
    # The median of each block's middle ignores the one-pixel moving line.
    cells = image[:, :, 0].reshape(BITS_Y, BLOCK, BITS_X, BLOCK)[:, 20:60, :, 20:60]
    bits = (np.median(cells, axis=(1, 3)) > 128).astype(int).ravel()
    return int(sum(int(bit) << b for b, bit in enumerate(bits)))


@dataclass(frozen=True)
class Sample:
    """A generated file and what it was made from."""

    path: Path
    frames: int
    has_audio: bool = False
    rotation: int = 0


def _run(args: list[str], stdin: bytes | None = None) -> None:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args],
        input=stdin,
        check=True,
        capture_output=True,
    )


def _encode_pattern(
    out: Path,
    frames: int,
    *,
    fps: int = 25,
    audio: bool = False,
    vfilter: str | None = None,
    extra: list[str] | None = None,
    codec: list[str] | None = None,
    audio_codec: bool = True,
) -> None:
    raw = b"".join(pattern_frame(i).tobytes() for i in range(frames))
    args = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{WIDTH}x{HEIGHT}", "-r", str(fps)]
    args += ["-i", "-"]
    if audio:
        seconds = frames / fps
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    if vfilter:
        args += ["-vf", vfilter]
    args += codec or ["-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "250"]
    args += ["-pix_fmt", "yuv420p"]
    if audio and audio_codec:
        args += ["-c:a", "aac", "-b:a", "64k"]
    args += extra or []
    tmp = out.with_suffix(".part" + out.suffix)
    _run([*args, str(tmp)], stdin=raw)
    tmp.replace(out)


def _set_display_rotation(src: Path, out: Path, clockwise: int) -> None:
    """Remux ``src`` with a display matrix (ffmpeg 5.1's CLI cannot write one)."""
    import av

    with av.open(str(src)) as source, av.open(str(out), "w") as target:
        stream = source.streams.video[0]
        copy = target.add_stream_from_template(stream)
        copy.set_display_rotation(-clockwise)  # the matrix angle is counter-clockwise
        for packet in source.demux(stream):
            if packet.dts is not None:
                packet.stream = copy
                target.mux(packet)


def make_all(root: Path) -> dict[str, Sample]:
    root.mkdir(parents=True, exist_ok=True)
    samples = {
        "cfr": Sample(root / "cfr_h264_aac.mp4", 300, has_audio=True),
        "vfr": Sample(root / "vfr_h264.mp4", 200),
        "rotated": Sample(root / "rotated_90.mp4", 60, rotation=90),
        "hevc": Sample(root / "hevc.mp4", 60),
        "short": Sample(root / "short_30fps.mp4", 90),
        "opengop": Sample(root / "open_gop.mkv", 120),
    }
    done = root / "done.json"
    if done.exists():
        return samples
    _encode_pattern(samples["cfr"].path, 300, audio=True, extra=["-movflags", "+faststart"])
    _encode_pattern(
        samples["vfr"].path,
        200,
        vfilter=VFR_SETPTS,
        extra=["-fps_mode", "passthrough", "-enc_time_base:v", "1/90000",
               "-video_track_timescale", "90000"],
    )
    upright = root / "rotated_source.mp4"
    _encode_pattern(upright, 60)
    _set_display_rotation(upright, samples["rotated"].path, clockwise=90)
    _encode_pattern(
        samples["hevc"].path,
        60,
        codec=["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"],
    )
    _encode_pattern(samples["short"].path, 90, fps=30)
    _encode_pattern(
        samples["opengop"].path,
        120,
        codec=["-c:v", "libx264", "-preset", "veryfast", "-bf", "3",
               "-x264-params", "open-gop=1:keyint=24:min-keyint=24:scenecut=0"],
    )
    # Truncated: the first 55% of a faststart file (index up front, media data cut off).
    data = samples["cfr"].path.read_bytes()
    (root / "truncated.mp4").write_bytes(data[: int(len(data) * 0.55)])
    (root / "not_video.mp4").write_text("this is a text file, not a video\n")
    _run(["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", str(root / "audio_only.m4a")])
    # Sound that starts 500 ms after the first frame (a camera that starts its audio late).
    _run(["-i", str(samples["short"].path), "-itsoffset", "0.5", "-f", "lavfi", "-i",
          "sine=frequency=440:sample_rate=48000:duration=2", "-map", "0:v", "-map", "1:a",
          "-c:v", "copy", "-c:a", "aac", str(root / "late_audio.mp4")])
    done.write_text(json.dumps({"version": GENERATOR_VERSION}))
    return samples


def ffprobe_frame_times_ms(path: Path) -> list[int]:
    """Presentation times (ms, first frame 0) of every video frame, as ffprobe reports them."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "frame=pts_time", "-of", "csv=p=0", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout
    times = sorted(float(line.split(",")[0]) for line in out.split() if line.strip())
    return [round((t - times[0]) * 1000) for t in times]


X264_GOP25 = ["-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "25"]
MPEG2 = ["-c:v", "mpeg2video", "-bf", "2", "-g", "15", "-q:v", "3"]

# Files as cameras, camcorders and old capture software write them: name -> frames.
CAMERA_FILES = {
    "camera.ts": 150,  # H.264 + MP2 audio in MPEG-TS
    "camera.mts": 150,  # H.264 in an M2TS (AVCHD) transport stream
    "camera.mpg": 150,  # MPEG-2 + MP2 in an MPEG-PS, open GOPs
    "camera_bframes.avi": 150,  # H.264 with B-frames in AVI
    "cut_copy.mp4": 0,  # a stream-copied cut of cfr (frame count found at test time)
    "interrupted.mp4": 0,  # an MP4 whose recording stopped before its index was written
}


def make_camera_files(root: Path) -> Path:
    """Write ``CAMERA_FILES`` into ``root/camera`` (once) and return that folder."""
    folder = root / "camera"
    done = folder / "done.json"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    mp2 = ["-c:a", "mp2", "-b:a", "64k"]
    _encode_pattern(folder / "camera.ts", 150, audio=True, codec=X264_GOP25,
                    extra=[*mp2, "-f", "mpegts"], audio_codec=False)
    _encode_pattern(folder / "camera.mts", 150, codec=X264_GOP25,
                    extra=["-f", "mpegts", "-mpegts_m2ts_mode", "1"])
    _encode_pattern(folder / "camera.mpg", 150, audio=True, codec=MPEG2,
                    extra=[*mp2, "-f", "mpeg"], audio_codec=False)
    _encode_pattern(folder / "camera_bframes.avi", 150, codec=X264_GOP25)
    cfr = root / "cfr_h264_aac.mp4"
    _run(["-ss", "2.3", "-t", "4", "-i", str(cfr), "-c", "copy", str(folder / "cut_copy.mp4")])
    plain = folder / "plain.mp4"
    _encode_pattern(plain, 30)
    data = plain.read_bytes()
    moov = data.index(b"moov") - 4  # the index comes last without +faststart
    (folder / "interrupted.mp4").write_bytes(data[:moov])
    done.write_text(json.dumps({"version": GENERATOR_VERSION}))
    return folder


def ffmpeg_frame_indexes(path: Path) -> list[int]:
    """The pattern index of every frame the ffmpeg CLI decodes from ``path``, in order (an
    independent sequential decode: every frame it outputs, none duplicated or dropped)."""
    out = subprocess.run(
        ["ffmpeg", "-v", "quiet", "-i", str(path), "-map", "0:v:0", "-fps_mode", "passthrough",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=False,
    ).stdout
    size = WIDTH * HEIGHT
    frames = np.frombuffer(out[: len(out) // size * size], np.uint8).reshape(-1, HEIGHT, WIDTH)
    return [read_index(np.repeat(frame[:, :, None], 3, axis=2)) for frame in frames]
