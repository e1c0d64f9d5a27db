"""A read-ahead decoder thread feeding a bounded queue of display-ready frames.

The player never decodes on its own thread: it asks a DecoderWorker to show one frame (a seek
or a step) or to play forward from a frame, and picks finished images off the queue. Every
request bumps a generation number, so images made for an earlier request are dropped, never
shown. While playing, the worker skips frames the media clock has already passed (told through
``set_clock_hint``), so a slow machine drops frames instead of falling behind.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coder.errors import MediaError
from coder.media.media_source import MediaSource, open_media
from coder.thread_priority import DECODING, lower_this_thread
from coder.timebase import frame_at_ms


@dataclass(frozen=True)
class DecodedImage:
    """One finished frame (``index``, shown from ``ms``), the end of the video, or an error."""

    generation: int
    index: int
    ms: int
    image: np.ndarray | None = None
    end: bool = False
    error: MediaError | None = None


class DecoderWorker:
    """Decodes one video in its own thread; images wait in a queue of at most ``queue_frames``.

    ``notify`` is called from the worker thread whenever an image is ready (the GUI turns it
    into a queued Qt signal); ``pixel_format`` is "rgb24" or "bgra" (see ``Video.frame``). The Video is opened in the caller's thread, so a bad file raises
    MediaError here, at once.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        queue_frames: int = 6,
        notify: Callable[[], None] | None = None,
        pixel_format: str = "rgb24",
        decode_threads: int = 0,
    ) -> None:
        self._video: MediaSource = open_media(path, decode_threads=decode_threads)
        self.frame_times_ms = self._video.frame_times_ms  # also waits for the index
        self.info = self._video.info
        self.origin_s = self._video.origin_s
        self._notify = notify or (lambda: None)
        self._pixel_format = pixel_format
        self._max = max(1, queue_frames)
        self._cv = threading.Condition()
        self._out: deque[DecodedImage] = deque()
        self._generation = 0
        self._mode = "idle"
        self._target = 0
        self._size: tuple[int, int] | None = None
        self._clock_hint: int | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="decoder", daemon=True)
        self._thread.start()

    # -- requests (any thread) -------------------------------------------------------------

    def show(self, index: int) -> int:
        """Decode just frame ``index`` (a seek or a step); returns the request's generation."""
        return self._request("single", index)

    def play(self, index: int) -> int:
        """Decode frames from ``index`` onwards until told otherwise; returns the generation."""
        return self._request("play", index)

    def stop(self) -> None:
        """Stop decoding ahead and drop queued images."""
        self._request("idle", self._target)

    def set_display_size(self, size: tuple[int, int] | None) -> None:
        """Make later images ``size`` (upright width, height in px); None gives full size."""
        if size is not None:
            size = (min(size[0], self.info.width), min(size[1], self.info.height))
        with self._cv:
            self._size = size

    def set_clock_hint(self, ms: int | None) -> None:
        """Media time (ms) the display has reached; frames before it are not worth decoding."""
        self._clock_hint = ms

    def _request(self, mode: str, index: int) -> int:
        with self._cv:
            self._generation += 1
            self._mode = mode
            self._target = index
            self._out.clear()
            self._cv.notify_all()
            return self._generation

    # -- results (the consumer's thread) ---------------------------------------------------

    def peek(self) -> DecodedImage | None:
        """The oldest current image without taking it, or None."""
        with self._cv:
            return self._out[0] if self._out else None

    def take(self) -> DecodedImage | None:
        """Take the oldest current image, or None when none is ready (never blocks)."""
        with self._cv:
            if not self._out:
                return None
            item = self._out.popleft()
            self._cv.notify_all()
            return item

    @property
    def generation(self) -> int:
        """Generation of the latest request."""
        return self._generation

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        lower_this_thread(DECODING)
        while True:
            with self._cv:
                while self._mode == "idle" and not self._closed:
                    self._cv.wait()
                if self._closed:
                    return
                generation, mode, index = self._generation, self._mode, self._target
                if mode == "single":
                    self._mode = "idle"
            try:
                if mode == "single":
                    self._put(generation, self._decode(generation, index, fast=False))
                else:
                    self._play(generation, index)
            except MediaError as error:
                self._put(generation, DecodedImage(generation, index, 0, error=error))
                with self._cv:
                    if self._generation == generation:
                        self._mode = "idle"

    def _decode(self, generation: int, index: int, fast: bool) -> DecodedImage:
        """Frame ``index`` as an image; ``fast`` (while playing) scales more cheaply, while a
        paused frame, looked at closely, gets the smoother filter."""
        index = min(max(index, 0), len(self.frame_times_ms) - 1)
        image = self._video.frame(
            index, self._size, pixel_format=self._pixel_format, fast=fast
        )
        return DecodedImage(generation, index, self.frame_times_ms[index], image)

    def _play(self, generation: int, index: int) -> None:
        last = len(self.frame_times_ms) - 1
        while index <= last:
            hint = self._clock_hint
            if hint is not None:
                index = max(index, frame_at_ms(self.frame_times_ms, hint))
            if not self._put(generation, self._decode(generation, index, fast=True), wait=True):
                return
            index += 1
        end_ms = self.info.duration_ms
        self._put(generation, DecodedImage(generation, last + 1, end_ms, end=True))
        with self._cv:
            if self._generation == generation:
                self._mode = "idle"

    def _put(self, generation: int, item: DecodedImage, wait: bool = False) -> bool:
        """Queue ``item`` if its request is still current; False once it is not."""
        with self._cv:
            while wait and len(self._out) >= self._max and self._current(generation):
                self._cv.wait()
            if not self._current(generation):
                return False
            self._out.append(item)
        self._notify()
        return True

    def _current(self, generation: int) -> bool:
        return generation == self._generation and not self._closed

    def close(self) -> None:
        """Stop the thread and release the file."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        self._thread.join(timeout=5)
        self._video.close()
