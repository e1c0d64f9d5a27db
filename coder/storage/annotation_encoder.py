"""The bytes of a live document's annotation file, re-encoding only the events a change names.

A save after every edit must not cost the whole record: with 10,000 events, sorting and encoding
every event again is 10–20 ms per keystroke. ``AnnotationEncoder`` keeps each event's encoded
line and the file's event order (by onset, code, id) and, told each DocumentChange, re-encodes
only the events it names. The bytes always equal ``annotation_bytes(document.snapshot())``
(a property test pins it); a change it was not told of (listeners silenced) is noticed by the
document's revision and answered by encoding everything again.
"""

from __future__ import annotations

from bisect import bisect_left, insort

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
        self._lines: dict[str, tuple[tuple[int, str, str], bytes]] = {}  # id -> key, encoded record
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
            self._lines = {e.id: (event_order(e), json_record_bytes(event_record(e))) for e in document.events()}
            self._order = [key for key, _line in self._lines.values()]
            self._order.sort()
            self._pending.clear()
            self._revision = document.revision
        for event_id in self._pending:
            old = self._lines.pop(event_id, None)
            if old is not None:
                del self._order[bisect_left(self._order, old[0])]
            if document.has_event(event_id):
                event = document.event(event_id)
                key = event_order(event)
                self._lines[event_id] = (key, json_record_bytes(event_record(event)))
                insort(self._order, key)
        self._pending.clear()
        lines = self._lines
        rest = AnnotationSet(
            header=document.header, segments=tuple(document.segments()), ratings=tuple(document.ratings()),
            classification=document.classification, status=document.status,
        )
        content = annotations_to_dict(rest)  # all but the events: a few records
        return json_records_bytes(content, encoded={"events": [lines[key[2]][1] for key in self._order]})
