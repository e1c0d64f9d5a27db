"""Values of one coder's work on one session: events, segments, ratings, classification.

Every value is frozen. A state is one interval object (start and end), never two rows paired by
toggling; a point event has ``end_ms = None``. All times are integer ms of media time.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from coder.scheme.model import WHOLE_SESSION


def new_id() -> str:
    """A fresh, unique id for an event or segment (short hex, stable across saves)."""
    return uuid.uuid4().hex[:16]


def modifier_pairs(
    modifiers: Mapping[str, str] | tuple[tuple[str, str], ...],
) -> tuple[tuple[str, str], ...]:
    if not modifiers:
        return ()
    if len(modifiers) == 1:  # the common case, without building and sorting a list
        ((key, value),) = modifiers.items() if isinstance(modifiers, Mapping) else modifiers
        return ((str(key), str(value)),)
    items = modifiers.items() if isinstance(modifiers, Mapping) else modifiers
    pairs = [(str(k), str(v)) for k, v in items]
    if len(pairs) > 1:
        pairs.sort()
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class Event:
    """A timed code: a point (``end_ms is None``) or a state from ``start_ms`` to ``end_ms``.

    Whether a code is a point or a state is the scheme's to say; a state whose ``end_ms`` is None
    is *open*: started by the coder and not yet ended (it is saved that way, so a crash while a
    state runs loses nothing).

    A state's end is exclusive: a state [10000, 20000) covers media time up to but not including
    20000 ms, so the next state in an exclusive stream may start exactly at 20000.
    """

    id: str
    code: str
    start_ms: int
    end_ms: int | None = None
    modifiers: tuple[tuple[str, str], ...] = ()
    comment: str = ""

    @classmethod
    def make(
        cls,
        code: str,
        start_ms: int,
        end_ms: int | None = None,
        *,
        modifiers: Mapping[str, str] | tuple[tuple[str, str], ...] = (),
        comment: str = "",
        id: str | None = None,
    ) -> Event:
        """Build an event with a fresh id and modifiers given as a mapping."""
        return cls(
            id=id or new_id(),
            code=code,
            start_ms=int(start_ms),
            end_ms=None if end_ms is None else int(end_ms),
            modifiers=modifier_pairs(modifiers),
            comment=comment,
        )

    @property
    def duration_ms(self) -> int:
        return 0 if self.end_ms is None else self.end_ms - self.start_ms

    @property
    def modifier_map(self) -> dict[str, str]:
        return dict(self.modifiers)

    def with_times(self, start_ms: int, end_ms: int | None) -> Event:
        return replace(self, start_ms=int(start_ms), end_ms=None if end_ms is None else int(end_ms))

    def with_modifiers(self, modifiers: Mapping[str, str]) -> Event:
        return replace(self, modifiers=modifier_pairs(modifiers))


@dataclass(frozen=True, slots=True)
class Segment:
    """An actual segment or episode of the session, e.g. SSP episode 5 from 612000 to 805000 ms."""

    id: str
    segment: str
    start_ms: int
    end_ms: int
    curtailed: bool = False
    extended: bool = False
    comment: str = ""

    @classmethod
    def make(
        cls,
        segment: str,
        start_ms: int,
        end_ms: int,
        *,
        curtailed: bool = False,
        extended: bool = False,
        comment: str = "",
    ) -> Segment:
        """Build a segment with a fresh id."""
        return cls(new_id(), segment, int(start_ms), int(end_ms), curtailed, extended, comment)

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating item's value in one segment (``WHOLE_SESSION`` for session-wide items)."""

    item: str
    segment: str = WHOLE_SESSION
    value: float | None = None
    comment: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.segment)


@dataclass(frozen=True, slots=True)
class Classification:
    """A classification (e.g. SSP): major category, subgroup, D rating, forced alternative.

    ``forced`` is the best-fitting organised alternative for a D case (a subgroup such as "B3" or
    a major such as "B"). ``low_d_confirmed`` records that the coder confirmed a D classification
    whose D rating is below the scheme's threshold.
    """

    major: str | None = None
    subgroup: str | None = None
    d_rating: float | None = None
    forced: str | None = None
    low_d_confirmed: bool = False
    notes: str = ""

    @property
    def is_empty(self) -> bool:
        return self == Classification()


class SessionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class AnnotationHeader:
    """Who coded what with which scheme: recorded in every annotation file."""

    coder: str
    session: str
    scheme_id: str
    scheme_version: str
    scheme_sha256: str
    video_sha256: str = ""
    created: str = ""
    modified: str = ""
    tool_version: str = ""


@dataclass(frozen=True)
class AnnotationSet:
    """A snapshot of one coder's annotations of one session, as stored in a file."""

    header: AnnotationHeader
    events: tuple[Event, ...] = ()
    segments: tuple[Segment, ...] = ()
    ratings: tuple[Rating, ...] = ()
    classification: Classification = field(default_factory=Classification)
    status: SessionStatus = SessionStatus.NOT_STARTED
