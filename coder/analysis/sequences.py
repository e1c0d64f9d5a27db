"""Code sequences and intervals from annotation sets: one stream, or several streams merged in time.

A sequence lists the codes of a stream's events in onset order (event-based sequential data:
states count by their onset, points by their time). Merging the dyad's streams interleaves the
events of several streams by onset; events with the same onset follow the order of the streams
as given, then the scheme's code order. ``start_ms``/``end_ms`` keep only onsets in
[start_ms, end_ms). Open states (never ended) are left out of intervals but kept in sequences
(their onset is known).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coder.annotations.model import AnnotationSet
from coder.errors import AnalysisError
from coder.scheme.model import Scheme


def _stream_codes(scheme: Scheme, stream: str) -> list[str]:
    codes = [c.id for c in scheme.codes_in_stream(stream)]
    if not codes:
        raise AnalysisError(f"scheme '{scheme.id}' has no stream or code '{stream}'",
                            hint="streams: " + ", ".join(scheme.rows()))
    return codes


def merged_sequence(
    annotations: AnnotationSet,
    scheme: Scheme,
    streams: Sequence[str],
    *,
    start_ms: int | None = None,
    end_ms: int | None = None,
    collapse_repeats: bool = False,
) -> list[str]:
    """The codes of ``streams`` in onset order (one stream: that stream's sequence)."""
    rank: dict[str, tuple[int, int]] = {}
    for s, stream in enumerate(streams):
        for c, code in enumerate(_stream_codes(scheme, stream)):
            rank.setdefault(code, (s, c))
    events = [
        e for e in annotations.events
        if e.code in rank
        and (start_ms is None or e.start_ms >= start_ms)
        and (end_ms is None or e.start_ms < end_ms)
    ]
    events.sort(key=lambda e: (e.start_ms, rank[e.code]))
    codes = [e.code for e in events]
    if collapse_repeats:
        codes = [c for i, c in enumerate(codes) if i == 0 or c != codes[i - 1]]
    return codes


def stream_sequence(annotations: AnnotationSet, scheme: Scheme, stream: str, **options: object) -> list[str]:
    """The codes of one stream in onset order."""
    return merged_sequence(annotations, scheme, [stream], **options)  # type: ignore[arg-type]


def intervals(annotations: AnnotationSet, codes: Sequence[str] | str) -> np.ndarray:
    """(start_ms, end_ms) of the events of ``codes`` (points: start = end); open states left out."""
    wanted = {codes} if isinstance(codes, str) else set(codes)
    rows = [
        (e.start_ms, e.start_ms if e.end_ms is None else e.end_ms)
        for e in annotations.events if e.code in wanted
    ]
    return np.array(sorted(rows), dtype=np.int64).reshape(-1, 2)


def session_end_ms(annotations: AnnotationSet, duration_ms: int | None) -> int:
    """The session's end: the video duration, else the last annotated time."""
    if duration_ms:
        return int(duration_ms)
    ends = [e.end_ms or e.start_ms for e in annotations.events] + [s.end_ms for s in annotations.segments]
    return max(ends, default=0)
