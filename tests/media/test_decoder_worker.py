"""The read-ahead decoder thread."""

from __future__ import annotations

import time

from media_samples import Sample, read_index

from coder.media.decoder_worker import DecodedImage, DecoderWorker


def _wait(worker: DecoderWorker, timeout: float = 10.0) -> DecodedImage:
    """Wait for the worker's next image (core test, no Qt event loop to wait on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        item = worker.take()
        if item is not None:
            return item
        time.sleep(0.002)
    raise AssertionError("no image from the worker")


def test_show_then_play_to_the_end(samples: dict[str, Sample]) -> None:
    worker = DecoderWorker(samples["short"].path, queue_frames=3)
    try:
        worker.show(42)
        item = _wait(worker)
        assert item.index == 42 and item.image is not None and read_index(item.image) == 42
        generation = worker.play(80)
        indexes = []
        while True:
            item = _wait(worker)
            assert item.generation == generation
            if item.end:
                break
            assert item.image is not None and read_index(item.image) == item.index
            indexes.append(item.index)
        assert indexes == list(range(80, 90))
    finally:
        worker.close()


def test_new_request_drops_stale_images(samples: dict[str, Sample]) -> None:
    worker = DecoderWorker(samples["short"].path, queue_frames=2)
    try:
        worker.play(0)
        worker.show(60)
        item = _wait(worker)
        while item.index != 60:  # anything before the new request is dropped on arrival
            assert item.generation == worker.generation
            item = _wait(worker)
        assert item.generation == worker.generation
    finally:
        worker.close()


def test_late_frames_are_skipped(samples: dict[str, Sample]) -> None:
    worker = DecoderWorker(samples["short"].path, queue_frames=2)
    try:
        worker.set_clock_hint(2000)  # the clock is already at frame 60
        worker.play(0)
        assert _wait(worker).index == 60
    finally:
        worker.close()


def test_display_size(samples: dict[str, Sample]) -> None:
    worker = DecoderWorker(samples["short"].path)
    try:
        worker.set_display_size((160, 120))
        worker.show(5)
        image = _wait(worker).image
        assert image is not None and image.shape == (120, 160, 3)
    finally:
        worker.close()


def test_the_decoding_thread_runs_below_the_window_thread(samples: dict[str, Sample]) -> None:
    import os
    import sys

    from coder.thread_priority import DECODING

    worker = DecoderWorker(samples["short"].path, queue_frames=3)
    try:
        worker.show(1)
        _wait(worker)
        thread = worker._thread
        base = os.getpriority(os.PRIO_PROCESS, os.getpid())
        expected = min(19, base + DECODING) if sys.platform.startswith("linux") else base
        assert thread.native_id is not None
        assert os.getpriority(os.PRIO_PROCESS, thread.native_id) == expected
    finally:
        worker.close()
