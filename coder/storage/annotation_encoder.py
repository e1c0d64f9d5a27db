"""The bytes of a live document's annotation file, re-encoding only the events a change names.

A save after every edit must not cost the whole record: with 10,000 events, sorting and encoding
every event again is 10–20 ms per keystroke. ``AnnotationEncoder`` keeps each event's encoded
line and the file's event order (by onset, code, id) and, told each DocumentChange, re-encodes
only the events it names. The bytes always equal ``annotation_bytes(document.snapshot())``
(a property test pins it); a change it was not told of (listeners silenced) is noticed by the
document's revision and answered by encoding everything again.
"""

from __future__ import annotations

from bisect import bisect_left

from coder.annotations.changes import DocumentChange
from coder.annotations.document import AnnotationDocument, event_order
from coder.annotations.model import AnnotationSet
from coder.storage.annotation_file import annotations_to_dict
from coder.storage.atomic import json_record_bytes, json_records_bytes
from coder.storage.records import event_record


class AnnotationEncoder:
    """Encodes one document's annotation file; ``note`` every change, then ``encode``."""

    def __init__(self, document: AnnotationDocument) -> None:
        self.document = document
        self._order: list[tuple[int, str, str]] = []  # the events' sort keys, in file order
        self._lines: list[bytes] = []  # each event's encoded record, in the same order
        self._keys: dict[str, tuple[int, str, str]] = {}  # event id -> its sort key
        self._pending: set[str] = set()
        self._revision = -1  # the document revision the lines are of (or will be, with pending)

    def note(self, change: DocumentChange) -> None:
        """The document reported ``change`` (call from its change listener)."""
        if self._revision == self.document.revision - 1:
            self._pending |= change.events
            self._revision = self.document.revision
        else:
            self._revision = -1  # a change went by unnoticed: encode everything next time

    def encode(self) -> bytes:
        """The file's bytes for the document as it is now."""
        document = self.document
        if self._revision != document.revision:
            events = document.events()
            self._order = [event_order(e) for e in events]
            self._lines = [json_record_bytes(event_record(e)) for e in events]
            self._keys = {e.id: key for e, key in zip(events, self._order, strict=True)}
            self._pending.clear()
            self._revision = document.revision
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
