"""The bytes of a live document's annotation file, re-encoding only the events a change names.

A save after every edit must not cost the whole record: with 10,000 events, sorting and encoding
every event again is 10–20 ms per keystroke. ``AnnotationEncoder`` keeps each event's encoded
line and the file's event order (by onset, code, id) and, told each DocumentChange, re-encodes
only the events it names. The bytes always equal ``annotation_bytes(document.snapshot())``
(a property test pins it); a change it was not told of (listeners silenced) is noticed by the
document's revision and answered by encoding everything again.

Encoding every event the first time (50 ms for 10,000) need not wait for the first keystroke:
``prepare`` gives work to run on another thread over a copy of the events, ``adopt`` takes its
result in, with the changes made meanwhile still to re-encode.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from coder.annotations.changes import DocumentChange
from coder.annotations.document import AnnotationDocument, event_order
from coder.annotations.model import AnnotationSet, Event
from coder.storage.annotation_file import annotations_to_dict
from coder.storage.atomic import json_record_bytes, json_records_bytes
from coder.storage.records import event_record


@dataclass(frozen=True)
class EncodedEvents:
    """Every event of a document at ``revision``, encoded (``AnnotationEncoder.prepare``)."""

    revision: int
    order: list[tuple[int, str, str]]
    lines: list[bytes]


def _encoded(events: list[Event], revision: int) -> EncodedEvents:
    events.sort(key=event_order)
    return EncodedEvents(revision, [event_order(e) for e in events], [json_record_bytes(event_record(e)) for e in events])


class AnnotationEncoder:
    """Encodes one document's annotation file; ``note`` every change, then ``encode``."""

    def __init__(self, document: AnnotationDocument) -> None:
        self.document = document
        self._order: list[tuple[int, str, str]] = []  # the events' sort keys, in file order
        self._lines: list[bytes] = []  # each event's encoded record, in the same order
        self._keys: dict[str, tuple[int, str, str]] = {}  # event id -> its sort key
        self._pending: set[str] = set()
        self._revision = -1  # the document revision the lines are of (or will be, with pending)
        self._since: tuple[int, int, set[str]] | None = None  # after ``prepare``: at, seen, ids changed

    def note(self, change: DocumentChange) -> None:
        """The document reported ``change`` (call from its change listener)."""
        revision = self.document.revision
        if self._revision == revision - 1:
            self._pending |= change.events
            self._revision = revision
        else:
            self._revision = -1  # a change went by unnoticed: encode everything next time
        if self._since is not None:
            at, seen, ids = self._since
            self._since = (at, revision, ids | change.events) if seen == revision - 1 else None

    def prepare(self) -> Callable[[], EncodedEvents]:
        """Work that encodes every event as the document is now, safe to run on another thread
        (it reads a copy of the events); give its result to ``adopt``."""
        events, revision = list(self.document.iter_events()), self.document.revision
        self._since = (revision, revision, set())
        return lambda: _encoded(events, revision)

    def adopt(self, encoded: EncodedEvents) -> None:
        """Take in prepared lines; the events changed since are re-encoded by the next ``encode``
        (nothing is taken when a save encoded everything meanwhile, or a change went unnoticed)."""
        since, self._since = self._since, None
        revision = self.document.revision
        if since is None or since[0] != encoded.revision or since[1] != revision or self._revision == revision:
            return
        self._take(encoded, since[2])

    def _take(self, encoded: EncodedEvents, changed: set[str]) -> None:
        self._order, self._lines = encoded.order, encoded.lines
        self._keys = {key[2]: key for key in encoded.order}
        self._pending = set(changed)
        self._revision = self.document.revision

    def encode(self) -> bytes:
        """The file's bytes for the document as it is now."""
        document = self.document
        if self._revision != document.revision:
            self._take(_encoded(list(document.iter_events()), document.revision), set())
        for event_id in self._pending:
            old = self._keys.pop(event_id, None)
            if old is not None:
                at = bisect_left(self._order, old)
                del self._order[at], self._lines[at]
            if document.has_event(event_id):
                event = document.event(event_id)
                key = self._keys[event_id] = event_order(event)
                at = bisect_left(self._order, key)
                self._order.insert(at, key)
                self._lines.insert(at, json_record_bytes(event_record(event)))
        self._pending.clear()
        rest = AnnotationSet(
            header=document.header, segments=tuple(document.segments()), ratings=tuple(document.ratings()),
            classification=document.classification, status=document.status,
        )
        content = annotations_to_dict(rest)  # all but the events: a few records
        return json_records_bytes(content, encoded={"events": self._lines})
