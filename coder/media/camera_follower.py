"""Keeping a secondary camera angle on the frame that matches the primary's.

The player shows a primary frame only once every secondary angle has its matching frame (within
one frame) ready, so angles never drift apart; a secondary that cannot keep up makes both skip
ahead together rather than fall out of step. Qt-free: the player's timer drives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coder.media.cameras import secondary_frame
from coder.media.decoder_worker import DecodedImage, DecoderWorker

BLANK = DecodedImage(generation=-1, index=-1, ms=0)  # "show nothing": the angle has not started


@dataclass
class FollowedCamera:
    """One secondary angle: its decoder, its offset (ms) and the frame (index) on screen."""

    worker: DecoderWorker
    offset_ms: int
    times: Sequence[int]
    shown: int | None = None
    _pending: DecodedImage | None = None  # taken from the queue, not shown yet

    def expected(self, primary_ms: int) -> int | None:
        """The frame this angle should show at primary time ``primary_ms`` (None: nothing)."""
        return secondary_frame(primary_ms, self.offset_ms, self.times)

    def aim(self, primary_ms: int) -> None:
        """Tell the decoder which frame is due now, so it skips frames already too late."""
        expected = self.expected(primary_ms)
        self.worker.set_clock_hint(None if expected is None else self.times[expected])

    def reset(self) -> None:
        """Forget frames taken for an earlier request (after a seek)."""
        self._pending = None

    def ready_for(self, primary_ms: int) -> bool:
        """Take decoded frames up to the expected one; True once one within a frame of it is
        on screen or waiting (or the angle shows nothing then)."""
        expected = self.expected(primary_ms)
        if expected is None:
            return True
        while (head := self.worker.peek()) is not None and not head.end:
            if head.error is None and head.index > expected:
                break
            self._pending = self.worker.take()
        best = self._pending.index if self._pending is not None else self.shown
        if best is not None and abs(best - expected) <= 1:
            return True
        head = self.worker.peek()
        if head is not None and not head.end and head.index > expected + 1:
            self._pending = None
            self.worker.play(expected)  # ahead of the primary (it jumped back): restart
        return False

    def frame_for(self, primary_ms: int) -> DecodedImage | None:
        """What to show with the primary frame at ``primary_ms``: a frame, BLANK, or None to
        keep what is on screen."""
        expected = self.expected(primary_ms)
        if expected is None:
            return None if self.shown is None else BLANK
        pending, self._pending = self._pending, None
        return pending if pending is not None and pending.image is not None else None

    def drift(self, primary_ms: int) -> int:
        """Frames between what is on screen and what should be."""
        expected = self.expected(primary_ms)
        if expected is None or self.shown is None:
            return 0 if expected == self.shown else 1
        return abs(self.shown - expected)
