"""The editable annotation document: one coder's work on one session, changed only by commands.

The document holds frozen values in dictionaries keyed by id, so an edit replaces one value and
undo never copies the whole document. After every change ``changes`` emits a DocumentChange that
names what changed (autosave listens through ``subscribe``; views update only the items named).
Several edits inside ``batch()`` are reported once, as one change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from coder.annotations.changes import DocumentChange, Emitter
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
        self._classification: Classification = snapshot.classification
        self._status: SessionStatus = snapshot.status
        self.changes: Emitter[DocumentChange] = Emitter()
        self.revision = 0
        self._batch_depth = 0
        self._touched_events: set[str] = set()
        self._touched_segments: set[str] = set()
        self._touched_ratings: set[tuple[str, str]] = set()
        self._touched_classification = False
        self._touched_status = False

    @property
    def classification(self) -> Classification:
        return self._classification

    @classification.setter
    def classification(self, value: Classification) -> None:  # used by commands only
        self._classification = value
        self._touched_classification = True

    @property
    def status(self) -> SessionStatus:
        return self._status

    @status.setter
    def status(self, value: SessionStatus) -> None:  # used by commands only
        self._status = value
        self._touched_status = True

    # --- reading -------------------------------------------------------------------------
    def events(self) -> list[Event]:
        """All events in onset order."""
        return sorted(self._events.values(), key=event_order)

    def iter_events(self) -> Iterator[Event]:
        """All events in no particular order (for a scan that needs no order: no sort per call)."""
        return iter(self._events.values())

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

    def snapshot(self, *, events: bool = True) -> AnnotationSet:
        """An immutable copy of the current state, in a canonical order (for saving and comparing);
        ``events=False`` leaves the events out (what is checked of segments never needs them,
        and sorting a long session's events is the costly part)."""
        return AnnotationSet(
            header=self.header,
            events=tuple(self.events()) if events else (),
            segments=tuple(self.segments()),
            ratings=tuple(self.ratings()),
            classification=self.classification,
            status=self.status,
        )

    # --- listening -----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(document)`` after every change; returns a function that unsubscribes."""
        return self.changes.connect(lambda _change: listener(self))

    def changed(self) -> None:
        """Report what the primitive mutations since the last report touched (commands call this
        once per apply/revert); inside ``batch()`` the report waits for the batch's end."""
        if self._batch_depth:
            return
        change = DocumentChange(
            events=frozenset(self._touched_events),
            segments=frozenset(self._touched_segments),
            ratings=frozenset(self._touched_ratings),
            classification=self._touched_classification,
            status=self._touched_status,
        )
        self._touched_events.clear()
        self._touched_segments.clear()
        self._touched_ratings.clear()
        self._touched_classification = self._touched_status = False
        self.revision += 1
        self.changes.emit(change)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Edits inside the block are reported once, at its end, as one change."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                self.changed()

    # --- primitive mutations: used by commands only --------------------------------------
    def put_event(self, event: Event) -> None:
        self._events[event.id] = event
        self._touched_events.add(event.id)

    def drop_event(self, event_id: str) -> None:
        self._events.pop(event_id, None)
        self._touched_events.add(event_id)

    def put_segment(self, segment: Segment) -> None:
        self._segments[segment.id] = segment
        self._touched_segments.add(segment.id)

    def drop_segment(self, segment_id: str) -> None:
        self._segments.pop(segment_id, None)
        self._touched_segments.add(segment_id)

    def put_rating(self, item: str, segment: str, rating: Rating | None) -> None:
        self._touched_ratings.add((item, segment))
        if rating is None:
            self._ratings.pop((item, segment), None)
        else:
            self._ratings[(item, segment)] = rating
