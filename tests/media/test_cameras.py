"""Secondary camera angles against the primary's time."""

from __future__ import annotations

import random
import time

from media_samples import Sample, read_index

from coder.media import open_video
from coder.media.camera_follower import FollowedCamera
from coder.media.cameras import drift_frames, offset_from_moment, secondary_frame
from coder.media.decoder_worker import DecoderWorker

TIMES_30 = [round(i * 1000 / 30) for i in range(90)]


def test_positive_offset_starts_later() -> None:
    assert secondary_frame(999, 1000, TIMES_30) is None
    assert secondary_frame(1000, 1000, TIMES_30) == 0
    assert secondary_frame(1034, 1000, TIMES_30) == 1


def test_negative_offset_started_earlier() -> None:
    assert secondary_frame(0, -500, TIMES_30) == 15
    assert secondary_frame(100_000, -500, TIMES_30) == 89  # last frame stays


def test_offset_from_a_clap() -> None:
    assert offset_from_moment(5000, 3500) == 1500
    assert secondary_frame(5000, 1500, TIMES_30) == secondary_frame(3500, 0, TIMES_30)


def test_two_camera_frames_in_sync(samples: dict[str, Sample]) -> None:
    """Decoding both angles at random primary times gives exactly the expected pairs."""
    rng = random.Random(3)
    with open_video(samples["cfr"].path) as primary, open_video(samples["short"].path) as second:
        for offset in (700, -1300):
            for _ in range(25):
                ms = rng.randrange(0, primary.duration_ms)
                index = secondary_frame(ms, offset, second.frame_times_ms)
                assert read_index(primary.frame_at(ms)) == primary.frame_index_at(ms)
                if index is None:
                    assert ms < offset
                    continue
                assert read_index(second.frame(index)) == index
                assert abs(second.frame_times_ms[index] - (ms - offset)) < 34 or index == 89
                assert drift_frames(index, ms, offset, second.frame_times_ms) == 0


def test_follower_keeps_an_angle_within_one_frame(samples: dict[str, Sample]) -> None:
    worker = DecoderWorker(samples["short"].path, queue_frames=3)
    camera = FollowedCamera(worker, 500, worker.frame_times_ms)
    try:
        assert camera.ready_for(100) and camera.frame_for(100) is None  # not started: nothing
        worker.play(0)
        for primary_ms in range(500, 3400, 40):  # a 25 fps primary over a 30 fps angle
            camera.aim(primary_ms)
            deadline = time.monotonic() + 5
            while not camera.ready_for(primary_ms):
                assert time.monotonic() < deadline
                time.sleep(0.002)
            frame = camera.frame_for(primary_ms)
            if frame is not None:
                assert frame.image is not None and read_index(frame.image) == frame.index
                camera.shown = frame.index
            assert camera.drift(primary_ms) <= 1
        assert camera.shown is not None and camera.shown >= 85  # 2880 ms is frame 86
    finally:
        worker.close()
