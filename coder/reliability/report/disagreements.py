"""The report's disagreements: one per difference of a coded pair, sorted by session, then time
(untimed ones last)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coder.reliability.disagreement import Disagreement, DisagreementKind
from coder.reliability.report.pairs import CodedPair

_KIND_ORDER = {"event": 0, "rating": 1, "classification": 2}


def pair_disagreement(
    pair: CodedPair,
    kind: DisagreementKind,
    row: str,
    value_a: Any,
    value_b: Any,
    *,
    time_ms: int | None = None,
    stream: str | None = None,
    item: str | None = None,
    segment: str | None = None,
) -> Disagreement:
    """A difference between the two coders of ``pair`` at ``row``."""
    return Disagreement(
        kind=kind,
        session=pair.session,
        row=row,
        coder_a=pair.coder_a,
        coder_b=pair.coder_b,
        value_a=value_a,
        value_b=value_b,
        time_ms=time_ms,
        stream=stream,
        item=item,
        segment=segment,
    )


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
