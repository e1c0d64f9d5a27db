"""A media clock driven by the wall clock, for playing without an audio device."""

from __future__ import annotations

import time
from collections.abc import Callable


class WallClock:
    """Media time (ms) that runs at ``speed``× real time while started, frozen while stopped."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._base_ms = 0.0
        self._started_at: float | None = None
        self.speed = 1.0

    @property
    def running(self) -> bool:
        """True between ``start`` and ``stop``."""
        return self._started_at is not None

    def start(self, at_ms: int, speed: float = 1.0) -> None:
        """Run from media time ``at_ms`` at ``speed``× real time."""
        self._base_ms = float(at_ms)
        self.speed = speed
        self._started_at = self._now()

    def stop(self) -> int:
        """Freeze the clock; returns the media time (ms) it stopped at."""
        self._base_ms = self._position()
        self._started_at = None
        return round(self._base_ms)

    def set_position(self, ms: int) -> None:
        """Jump to media time ``ms`` (keeps running if it was)."""
        self._base_ms = float(ms)
        if self._started_at is not None:
            self._started_at = self._now()

    def _position(self) -> float:
        if self._started_at is None:
            return self._base_ms
        return self._base_ms + (self._now() - self._started_at) * 1000.0 * self.speed

    def position_ms(self) -> int:
        """Current media time in ms."""
        return round(self._position())
