"""The editable annotation document: one coder's work on one session, changed only by commands.

The document holds frozen values in dictionaries keyed by id, so an edit replaces one value and
undo never copies the whole document. Listeners are told after every change (autosave, views).
"""

from __future__ import annotations

from collections.abc import Callable

from coder.annotations.model import (
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
)
from coder.errors import AnnotationError

Listener = Callable[["AnnotationDocument"], None]


def event_order(event: Event) -> tuple[int, str, str]:
    """Stable order of events: by onset, then code, then id."""
    return (event.start_ms, event.code, event.id)


class AnnotationDocument:
    """Mutable container of frozen annotation values. Change it through ``coder.annotations.commands``."""

    def __init__(self, snapshot: AnnotationSet) -> None:
        self.header: AnnotationHeader = snapshot.header
        self._events: dict[str, Event] = {e.id: e for e in snapshot.events}
        self._segments: dict[str, Segment] = {s.id: s for s in snapshot.segments}
        self._ratings: dict[tuple[str, str], Rating] = {r.key: r for r in snapshot.ratings}
        self.classification: Classification = snapshot.classification
        self.status: SessionStatus = snapshot.status
        self._listeners: list[Listener] = []
        self.revision = 0

    # --- reading -------------------------------------------------------------------------
    def events(self) -> list[Event]:
        """All events in onset order."""
        return sorted(self._events.values(), key=event_order)

    def event(self, event_id: str) -> Event:
        try:
            return self._events[event_id]
        except KeyError:
            raise AnnotationError(f"no event with id '{event_id}' in this session") from None

    def has_event(self, event_id: str) -> bool:
        return event_id in self._events

    def segments(self) -> list[Segment]:
        """Marked segments in onset order."""
        return sorted(self._segments.values(), key=lambda s: (s.start_ms, s.segment, s.id))

    def segment(self, segment_id: str) -> Segment:
        try:
            return self._segments[segment_id]
        except KeyError:
            raise AnnotationError(f"no segment with id '{segment_id}' in this session") from None

    def segment_named(self, name: str) -> Segment | None:
        """The marked instance of scheme segment ``name`` (e.g. 'ep5'), if any."""
        return next((s for s in self._segments.values() if s.segment == name), None)

    def segment_at(self, ms: int) -> Segment | None:
        """The marked segment that contains media time ``ms`` (end exclusive), if any."""
        return next((s for s in self.segments() if s.start_ms <= ms < s.end_ms), None)

    def ratings(self) -> list[Rating]:
        return sorted(self._ratings.values(), key=lambda r: (r.segment, r.item))

    def rating(self, item: str, segment: str) -> Rating | None:
        return self._ratings.get((item, segment))

    def snapshot(self) -> AnnotationSet:
        """An immutable copy of the current state, in a canonical order (for saving and comparing)."""
        return AnnotationSet(
            header=self.header,
            events=tuple(self.events()),
            segments=tuple(self.segments()),
            ratings=tuple(self.ratings()),
            classification=self.classification,
            status=self.status,
        )

    # --- listening -----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(document)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def changed(self) -> None:
        """Tell listeners the document changed (commands call this once per apply/revert)."""
        self.revision += 1
        for listener in list(self._listeners):
            listener(self)

    # --- primitive mutations: used by commands only --------------------------------------
    def put_event(self, event: Event) -> None:
        self._events[event.id] = event

    def drop_event(self, event_id: str) -> None:
        self._events.pop(event_id, None)

    def put_segment(self, segment: Segment) -> None:
        self._segments[segment.id] = segment

    def drop_segment(self, segment_id: str) -> None:
        self._segments.pop(segment_id, None)

    def put_rating(self, item: str, segment: str, rating: Rating | None) -> None:
        if rating is None:
            self._ratings.pop((item, segment), None)
        else:
            self._ratings[(item, segment)] = rating
