"""JSON views of annotation values, as shown in consensus decisions and disagreement listings."""

from __future__ import annotations

from typing import Any

from coder.annotations.model import Classification, Event, Segment


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as a JSON object (times in ms; ``end_ms`` None for a point or open state)."""
    return {
        "id": event.id,
        "code": event.code,
        "start_ms": event.start_ms,
        "end_ms": event.end_ms,
        "modifiers": dict(event.modifiers),
        "comment": event.comment,
    }


def segment_to_dict(segment: Segment) -> dict[str, Any]:
    """A segment as a JSON object (times in ms)."""
    return {
        "id": segment.id,
        "segment": segment.segment,
        "start_ms": segment.start_ms,
        "end_ms": segment.end_ms,
        "curtailed": segment.curtailed,
        "extended": segment.extended,
        "comment": segment.comment,
    }


def classification_to_dict(classification: Classification) -> dict[str, Any]:
    """A classification as a JSON object."""
    return {
        "major": classification.major,
        "subgroup": classification.subgroup,
        "d_rating": _number(classification.d_rating),
        "forced": classification.forced,
        "low_d_confirmed": classification.low_d_confirmed,
        "notes": classification.notes,
    }
