"""JSON views of annotation values, as shown in consensus decisions and disagreement listings.

They are the records of the annotation file, described once in ``coder.storage.records``.
"""

from __future__ import annotations

from typing import Any

from coder.annotations.model import Classification, Event, Segment
from coder.storage.records import classification_record, event_record, segment_record


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as a JSON object (times in ms; ``end_ms`` None for a point or open state)."""
    return dict(event_record(event))


def segment_to_dict(segment: Segment) -> dict[str, Any]:
    """A segment as a JSON object (times in ms)."""
    return dict(segment_record(segment))


def classification_to_dict(classification: Classification) -> dict[str, Any]:
    """A classification as a JSON object."""
    return dict(classification_record(classification))
