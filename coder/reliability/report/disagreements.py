"""The disagreement list for consensus: sorted by session, then time (untimed ones last)."""

from __future__ import annotations

from collections.abc import Iterable

from coder.reliability.disagreement import Disagreement

_KIND_ORDER = {"event": 0, "rating": 1, "classification": 2}


def sorted_disagreements(found: Iterable[Disagreement]) -> tuple[Disagreement, ...]:
    """Disagreements ordered by session, time (ms; ratings and classifications after the timed
    ones), kind, row and coders."""
    return tuple(
        sorted(
            found,
            key=lambda d: (
                d.session,
                d.time_ms is None,
                d.time_ms or 0,
                _KIND_ORDER.get(d.kind, 9),
                d.row,
                d.coder_a,
                d.coder_b,
            ),
        )
    )
