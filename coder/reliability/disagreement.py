"""``Disagreement``: one place where two coders' records of a session differ.

The one description for every list of disagreements: the reliability report's (what its
statistics counted as different) and the consensus listing's (everything consensus settles).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from coder.project.consensus_model import Target, TargetKind
from coder.timebase import format_timecode


class DisagreementKind(StrEnum):
    EVENT = "event"
    SEGMENT = "segment"
    RATING = "rating"
    CLASSIFICATION = "classification"


@dataclass(frozen=True, kw_only=True)
class Disagreement:
    """One difference between coders ``coder_a`` and ``coder_b`` in ``session``.

    ``row`` is where in the record: the timeline row (stream, or a code without one) of an event,
    ``item@segment`` of a rating, ``segment <id>`` of a segment, the classification's id.
    ``time_ms`` is the earliest onset involved (None for ratings and classifications).
    ``value_a``/``value_b`` are what each coder has there as a JSON value (None: nothing): the
    report gives an event's code, the consensus listing the whole event (a dict), a rating value,
    a segment or classification dict or text. ``detail`` says what differs; ``stream``, ``item``
    and ``segment`` locate it; ``ids`` maps each coder to the id of its event or segment.
    """

    kind: DisagreementKind
    session: str
    row: str
    coder_a: str
    coder_b: str
    value_a: Any
    value_b: Any
    time_ms: int | None = None
    detail: str = ""
    stream: str | None = None
    item: str | None = None
    segment: str | None = None
    ids: tuple[tuple[str, str], ...] = ()

    @property
    def values(self) -> tuple[tuple[str, Any], tuple[str, Any]]:
        """Each coder with its value."""
        return (self.coder_a, self.value_a), (self.coder_b, self.value_b)

    def value_of(self, coder: str) -> Any:
        return dict(self.values).get(coder)

    @property
    def where(self) -> str:
        """Where it is, for a listing: ``00:01:02.300 gaze``, ``sens / play1``, ``segment ep2``."""
        if self.kind is DisagreementKind.EVENT and self.time_ms is not None:
            return f"{format_timecode(self.time_ms)} {self.row}"
        if self.kind is DisagreementKind.RATING and self.item and self.segment:
            return f"{self.item} / {self.segment}"
        return self.row

    @property
    def target(self) -> Target:
        """The consensus target that resolves this disagreement."""
        if self.kind is DisagreementKind.EVENT:
            return Target(TargetKind.EVENTS, event_ids=tuple(i for _c, i in self.ids))
        if self.kind is DisagreementKind.RATING:
            return Target(TargetKind.RATING, item=self.item, segment=self.segment)
        if self.kind is DisagreementKind.SEGMENT:
            return Target(TargetKind.SEGMENT, segment=self.segment)
        return Target(TargetKind.CLASSIFICATION)
