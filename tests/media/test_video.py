"""Exact frames by index and by time on every kind of generated file."""

from __future__ import annotations

import random
from itertools import pairwise

import numpy as np
import pytest
from media_samples import Sample, ffprobe_frame_times_ms, read_index

from coder.media import open_video, probe
from coder.timebase import frame_at_ms

KINDS = ["cfr", "vfr", "rotated", "hevc", "short", "opengop"]


@pytest.mark.parametrize("kind", KINDS)
def test_frame_times_match_ffprobe(samples: dict[str, Sample], kind: str) -> None:
    sample = samples[kind]
    with open_video(sample.path) as video:
        assert list(video.frame_times_ms) == ffprobe_frame_times_ms(sample.path)
        assert video.frame_count == sample.frames
        assert video.frame_times_ms[0] == 0


def test_vfr_file_really_is_variable(samples: dict[str, Sample]) -> None:
    times = ffprobe_frame_times_ms(samples["vfr"].path)
    gaps = {b - a for a, b in pairwise(times)}
    assert len(gaps) >= 3, gaps


@pytest.mark.parametrize("kind", KINDS)
def test_random_indexes_are_exact(samples: dict[str, Sample], kind: str) -> None:
    sample = samples[kind]
    rng = random.Random(kind)
    with open_video(sample.path) as video:
        for index in rng.sample(range(video.frame_count), min(60, video.frame_count)):
            image = video.frame(index)
            assert image.dtype == np.uint8 and image.shape == (video.height, video.width, 3)
            assert read_index(image, sample.rotation) == index


@pytest.mark.parametrize("kind", KINDS)
def test_random_times_are_exact(samples: dict[str, Sample], kind: str) -> None:
    sample = samples[kind]
    rng = random.Random(kind + "ms")
    with open_video(sample.path) as video:
        times = video.frame_times_ms
        probes = [rng.randrange(0, video.duration_ms) for _ in range(50)]
        probes += [times[i] for i in rng.sample(range(len(times)), 10)]  # exactly on a frame
        probes += [times[i] - 1 for i in rng.sample(range(1, len(times)), 10)]  # just before
        for ms in probes:
            expected = frame_at_ms(times, ms)
            assert video.frame_index_at(ms) == expected
            assert read_index(video.frame_at(ms), sample.rotation) == expected, ms


@pytest.mark.parametrize("kind", ["cfr", "vfr", "opengop"])
def test_stepping_forward_then_back_through_every_frame(
    samples: dict[str, Sample], kind: str
) -> None:
    with open_video(samples[kind].path) as video:
        count = video.frame_count
        assert [read_index(video.frame(i)) for i in range(count)] == list(range(count))
        back = [read_index(video.frame(i)) for i in range(count - 1, -1, -1)]
        assert back == list(range(count - 1, -1, -1))


def test_stepping_back_fills_the_cache(samples: dict[str, Sample]) -> None:
    with open_video(samples["cfr"].path) as video:
        video.frame(140)
        video.frame(139)  # one re-decode of the GOP up to 139 ...
        cached = len(video._cache)
        assert cached > 30
        for index in range(138, 110, -1):  # ... then every step back is a cache hit
            assert index in video._cache
            assert read_index(video.frame(index)) == index


def test_display_sized_frames(samples: dict[str, Sample]) -> None:
    with open_video(samples["rotated"].path) as video:
        assert (video.width, video.height, video.rotation) == (240, 320, 90)
        small = video.frame(7, size=(120, 160))
        assert small.shape == (160, 120, 3)
    with open_video(samples["cfr"].path) as video:
        for width in (301, 302, 303, 317):  # odd widths get padded rows from FFmpeg
            for pixel_format, channels in (("rgb24", 3), ("bgra", 4)):
                image = video.frame(3, size=(width, 200), pixel_format=pixel_format)
                assert image.flags.c_contiguous and image.shape[1:] == (width, channels)


def test_facts(samples: dict[str, Sample]) -> None:
    with open_video(samples["cfr"].path) as video:
        assert video.fps == pytest.approx(25.0)
        assert video.duration_ms == 12000
        assert video.audio is not None and video.audio.sample_rate == 48000
        assert video.audio.start_ms == 0
        assert not video.truncated
        assert video.info.codec == "h264"
    with open_video(samples["vfr"].path) as video:
        assert video.audio is None
    info = probe(samples["rotated"].path)
    assert (info.frame_count, info.width, info.height, info.rotation) == (60, 240, 320, 90)


def test_first_frame_needs_no_index(samples: dict[str, Sample]) -> None:
    with open_video(samples["short"].path) as video:
        assert read_index(video.frame(0)) == 0
        assert read_index(video.frame(1)) == 1


def test_index_outside_the_video(samples: dict[str, Sample]) -> None:
    with open_video(samples["short"].path) as video, pytest.raises(IndexError):
        video.frame(video.frame_count)
