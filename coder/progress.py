"""How long work reports how far it has come: one signature for every caller.

A ``Progress`` is called with the fraction done (0–1) and what is being done now. The export,
the reliability report and anything else that runs long take one; the GUI relays it to a progress
bar, the command line may print it, tests collect it.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """``progress(fraction, message)``: ``fraction`` (0–1) of the work is done; now ``message``."""

    def __call__(self, fraction: float, message: str, /) -> None: ...


def no_progress(fraction: float, message: str, /) -> None:
    """A ``Progress`` that reports nowhere."""


def within(progress: Progress, start: float, stop: float) -> Progress:
    """A ``Progress`` for one stage of the work: its 0–1 is ``start``–``stop`` of the whole."""

    def report(fraction: float, message: str, /) -> None:
        progress(start + (stop - start) * min(max(fraction, 0.0), 1.0), message)

    return report
