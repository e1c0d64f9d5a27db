"""Files as cameras write them: every frame index against an independent decode by ffmpeg."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from media_samples import CAMERA_FILES, ffmpeg_frame_indexes, make_camera_files, read_index

from coder.errors import MediaError
from coder.media import open_video
from coder.media.audio import pcm_chunks

STREAMS = ["camera.ts", "camera.mts", "camera.mpg", "camera_bframes.avi", "cut_copy.mp4"]


@pytest.fixture(scope="module")
def camera_dir(media_dir: Path) -> Path:
    return make_camera_files(media_dir)


def _check_every_frame(path: Path) -> tuple[int, bool]:
    """Open ``path``; every frame in order, then in random order, equals ffmpeg's; returns
    the frame count and ``truncated``."""
    reference = ffmpeg_frame_indexes(path)
    with open_video(path) as video:
        assert video.frame_count == len(reference)
        order = list(range(video.frame_count))
        assert [read_index(video.frame(i)) for i in order] == reference
        random.Random(path.name).shuffle(order)
        for index in order:  # each seek lands on the exact frame, first and last GOPs too
            assert read_index(video.frame(index)) == reference[index], index
        return video.frame_count, video.truncated


@pytest.mark.parametrize("name", STREAMS)
def test_every_frame_of_camera_files(camera_dir: Path, name: str) -> None:
    count, truncated = _check_every_frame(camera_dir / name)
    if CAMERA_FILES[name]:
        assert count == CAMERA_FILES[name]
    assert not truncated  # a complete cut is not a truncated file


def test_times_of_a_transport_stream_start_at_zero(camera_dir: Path) -> None:
    with open_video(camera_dir / "camera.ts") as video:
        assert video.frame_times_ms[:3] == (0, 40, 80)
        assert video.frame_times_ms[-1] == 149 * 40
        assert read_index(video.frame_at(100 * 40)) == 100


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9, 0.97])
def test_truncated_files_count_only_decodable_frames(
    media_dir: Path, tmp_path: Path, fraction: float
) -> None:
    data = (media_dir / "cfr_h264_aac.mp4").read_bytes()  # index at the front (+faststart)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: int(len(data) * fraction)])
    count, truncated = _check_every_frame(cut)
    assert truncated and 0 < count < 300


def test_mp2_audio_in_a_transport_stream_decodes(camera_dir: Path) -> None:
    # The MP2 decoder announces planar floats and delivers planar 16-bit samples.
    with open_video(camera_dir / "camera.ts") as video:
        assert video.audio is not None and video.audio.codec == "mp2"
        origin = video.origin_s
    for speed in (1.0, 0.5, 2.0):
        chunks = list(pcm_chunks(camera_dir / "camera.ts", start_ms=0, origin_s=origin,
                                 speed=speed))
        seconds = sum(len(chunk.data) for chunk in chunks) / (2 * 2 * 48000)
        assert seconds == pytest.approx(6.0 / speed, rel=0.05)
        assert any(any(chunk.data) for chunk in chunks)  # sound, not silence


def test_interrupted_recording_says_what_happened(camera_dir: Path) -> None:
    with pytest.raises(MediaError, match="recording was interrupted") as caught:
        open_video(camera_dir / "interrupted.mp4")
    hint = caught.value.hint or ""
    assert "reference" in hint and "repair tool" in hint
    assert "ffmpeg -i" not in str(caught.value)


@pytest.mark.parametrize("name", ["camera.ts", "camera.mpg", "camera_bframes.avi"])
def test_reading_straight_through(camera_dir: Path, name: str) -> None:
    path = camera_dir / name
    reference = ffmpeg_frame_indexes(path)
    with open_video(path) as video:
        got = [(i, read_index(image)) for i, image in video.frames()]
        assert got == list(enumerate(reference))
        gray = dict(video.frames(40, 60, pixel_format="gray"))
        assert sorted(gray) == list(range(40, 60)) and gray[40].shape == (240, 320)
        # A look elsewhere in the middle of a read does not disturb it.
        seen = []
        for index, image in video.frames(10, 30):
            seen.append((index, read_index(image)))
            if index == 15:
                assert read_index(video.frame(120)) == reference[120]
        assert seen == [(i, reference[i]) for i in range(10, 30)]


def test_a_transport_stream_that_starts_inside_a_gop(camera_dir: Path, tmp_path: Path) -> None:
    # A camcorder's continuation file, or a cut at any byte: the first frames lack references.
    data = (camera_dir / "camera.ts").read_bytes()
    start = len(data) // 3 // 188 * 188  # on a TS packet boundary
    (tmp_path / "continued.ts").write_bytes(data[start:])
    count, truncated = _check_every_frame(tmp_path / "continued.ts")
    assert 0 < count < 150 and not truncated
