"""The process-wide frame index cache: one build per file version, shared across threads."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from coder.media.frame_index import (
    CACHE_ENTRIES,
    FrameIndex,
    IndexCancelled,
    cached_frame_index,
    clear_frame_index_cache,
    index_from_packets,
)
from coder.media.video import open_video


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    clear_frame_index_cache()
    yield
    clear_frame_index_cache()


class CountingBuild:
    """A stand-in for build_frame_index that counts its calls (and can be held back)."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.calls = 0
        self.gate = gate
        self.started = threading.Event()

    def __call__(self, path: str | Path, cancel: threading.Event | None) -> FrameIndex:
        self.calls += 1
        self.started.set()
        if self.gate is not None:
            while not self.gate.wait(0.01):
                if cancel is not None and cancel.is_set():
                    raise IndexCancelled(str(path))
        return index_from_packets([(0, True), (3000, False)], Fraction(1, 90000))


def test_the_cache_returns_the_same_index(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x" * 10)
    build = CountingBuild()
    first = cached_frame_index(video, build=build)
    assert cached_frame_index(tmp_path / "." / "v.mp4", build=build) is first
    assert build.calls == 1


def test_a_changed_file_is_indexed_again(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x" * 10)
    build = CountingBuild()
    cached_frame_index(video, build=build)
    stat = video.stat()
    os.utime(video, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # touched
    cached_frame_index(video, build=build)
    assert build.calls == 2
    video.write_bytes(b"x" * 11)  # grew
    os.utime(video, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    cached_frame_index(video, build=build)
    assert build.calls == 3


def test_only_the_last_few_files_are_kept(tmp_path: Path) -> None:
    build = CountingBuild()
    files = [tmp_path / f"v{i}.mp4" for i in range(CACHE_ENTRIES + 1)]
    for file in files:
        file.write_bytes(b"x")
        cached_frame_index(file, build=build)
    cached_frame_index(files[-1], build=build)
    assert build.calls == CACHE_ENTRIES + 1
    cached_frame_index(files[0], build=build)  # the oldest was dropped
    assert build.calls == CACHE_ENTRIES + 2


def test_concurrent_requests_build_once(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    gate = threading.Event()
    build = CountingBuild(gate)
    results: list[FrameIndex] = []
    threads = [
        threading.Thread(target=lambda: results.append(cached_frame_index(video, build=build)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    assert build.started.wait(5)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert build.calls == 1
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_a_cancelled_build_leaves_the_waiter_to_build_it(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    gate = threading.Event()
    build = CountingBuild(gate)
    cancel = threading.Event()
    outcome: list[object] = []

    def first() -> None:
        try:
            cached_frame_index(video, cancel, build=build)
        except IndexCancelled as error:
            outcome.append(error)

    builder = threading.Thread(target=first)
    builder.start()
    assert build.started.wait(5)
    waiter_result: list[FrameIndex] = []
    waiter = threading.Thread(target=lambda: waiter_result.append(cached_frame_index(video, build=build)))
    waiter.start()
    cancel.set()  # the first Video closed while indexing
    builder.join(5)
    gate.set()
    waiter.join(5)
    assert isinstance(outcome[0], IndexCancelled)
    assert len(waiter_result) == 1 and build.calls == 2


def test_errors_are_not_cached(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"not a video")
    calls = 0

    def failing(path: str | Path, cancel: threading.Event | None) -> FrameIndex:
        nonlocal calls
        calls += 1
        raise ValueError("boom")

    for _ in range(2):
        with pytest.raises(ValueError):
            cached_frame_index(video, build=failing)
    assert calls == 2


def test_a_second_video_on_the_same_file_shares_the_index(samples: dict) -> None:
    path = samples["cfr"].path
    with open_video(path) as first, open_video(path) as second:
        assert first.index is second.index
        assert second.frame_times_ms == first.frame_times_ms
