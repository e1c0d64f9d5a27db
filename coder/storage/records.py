"""The JSON form of each annotation record, described once for reading and for writing.

Each record type is a TypedDict: its keys, value types and constraints are what an annotation
file holds, what ``validate`` accepts (pydantic, strict) and what ``*_record`` writes (mypy
checks the writer against the same TypedDict). Consensus decisions, disagreement listings and
exports show records in this same form by calling these functions; no other module spells out
a record's keys.

Records are typed dicts, not models: files hold up to millions of events, and pydantic-core
validates typed dicts in one pass without building an object per row.
"""

from __future__ import annotations

from typing import Annotated, NotRequired

from pydantic import AfterValidator, ConfigDict, TypeAdapter, with_config
from typing_extensions import TypedDict

from coder.annotations.model import (
    AnnotationHeader,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
    modifier_pairs,
)


def _non_empty(value: str) -> str:
    # Not StringConstraints: pydantic-core refuses a constrained string holding a lone
    # surrogate, which a record may hold (stored escaped).
    if not value:
        raise ValueError("String should have at least 1 character")
    return value


NonEmpty = Annotated[str, AfterValidator(_non_empty)]
Number = int | float

_STRICT = ConfigDict(extra="forbid", strict=True)


@with_config(_STRICT)
class EventRecord(TypedDict):
    """A timed code. ``end_ms`` None: a point, or a state not yet ended."""

    id: NonEmpty
    code: NonEmpty
    start_ms: int
    end_ms: NotRequired[int | None]
    modifiers: NotRequired[dict[str, str]]
    comment: NotRequired[str]


@with_config(_STRICT)
class SegmentRecord(TypedDict):
    id: NonEmpty
    segment: NonEmpty
    start_ms: int
    end_ms: int
    curtailed: NotRequired[bool]
    extended: NotRequired[bool]
    comment: NotRequired[str]


@with_config(_STRICT)
class RatingRecord(TypedDict):
    item: NonEmpty
    segment: NonEmpty
    value: NotRequired[Number | None]
    comment: NotRequired[str]


@with_config(_STRICT)
class ClassificationRecord(TypedDict, total=False):
    major: str | None
    subgroup: str | None
    d_rating: Number | None
    forced: str | None
    low_d_confirmed: bool
    notes: str


@with_config(_STRICT)
class SchemeRecord(TypedDict):
    id: str
    version: str
    sha256: str


@with_config(_STRICT)
class AnnotationFileRecord(TypedDict):
    """The whole annotation file (format ``coder-annotations``)."""

    format: str
    format_version: int
    coder: NonEmpty
    session: NonEmpty
    scheme: SchemeRecord
    video_sha256: NotRequired[str]
    tool_version: NotRequired[str]
    created: NotRequired[str]
    modified: NotRequired[str]
    status: NotRequired[str]
    events: NotRequired[list[EventRecord]]
    segments: NotRequired[list[SegmentRecord]]
    ratings: NotRequired[list[RatingRecord]]
    classification: NotRequired[ClassificationRecord]


ANNOTATION_FILE = TypeAdapter(AnnotationFileRecord)
"""Validates an annotation file's content (``validate_python``, or ``validate_json`` on bytes)."""


def _number(value: float | None) -> Number | None:
    # Integral values are written as integers so files stay readable and round-trip exactly.
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


# --- writing -------------------------------------------------------------------------------
def event_record(e: Event) -> EventRecord:
    """An event as a JSON object (times in ms; ``end_ms`` None for a point or open state)."""
    return {
        "id": e.id,
        "code": e.code,
        "start_ms": e.start_ms,
        "end_ms": e.end_ms,
        "modifiers": dict(e.modifiers),
        "comment": e.comment,
    }


def segment_record(s: Segment) -> SegmentRecord:
    """A marked segment as a JSON object (times in ms)."""
    return {
        "id": s.id,
        "segment": s.segment,
        "start_ms": s.start_ms,
        "end_ms": s.end_ms,
        "curtailed": s.curtailed,
        "extended": s.extended,
        "comment": s.comment,
    }


def rating_record(r: Rating) -> RatingRecord:
    """A rating as a JSON object (integral values written as integers)."""
    return {"item": r.item, "segment": r.segment, "value": _number(r.value), "comment": r.comment}


def classification_record(c: Classification) -> ClassificationRecord:
    """A classification as a JSON object."""
    return {
        "major": c.major,
        "subgroup": c.subgroup,
        "d_rating": _number(c.d_rating),
        "forced": c.forced,
        "low_d_confirmed": c.low_d_confirmed,
        "notes": c.notes,
    }


def scheme_record(h: AnnotationHeader) -> SchemeRecord:
    return {"id": h.scheme_id, "version": h.scheme_version, "sha256": h.scheme_sha256}


# --- reading (records already validated) ----------------------------------------------------
def event_of(r: EventRecord) -> Event:
    # Built directly (not through Event.make): files hold up to millions of events.
    return Event(
        r["id"],
        r["code"],
        r["start_ms"],
        r.get("end_ms"),
        modifier_pairs(r.get("modifiers", {})),
        r.get("comment", ""),
    )


def segment_of(r: SegmentRecord) -> Segment:
    return Segment(
        r["id"],
        r["segment"],
        r["start_ms"],
        r["end_ms"],
        r.get("curtailed", False),
        r.get("extended", False),
        r.get("comment", ""),
    )


def rating_of(r: RatingRecord) -> Rating:
    return Rating(r["item"], r["segment"], r.get("value"), r.get("comment", ""))


def classification_of(r: ClassificationRecord) -> Classification:
    return Classification(
        major=r.get("major"),
        subgroup=r.get("subgroup"),
        d_rating=r.get("d_rating"),
        forced=r.get("forced"),
        low_d_confirmed=r.get("low_d_confirmed", False),
        notes=r.get("notes", ""),
    )


def status_of(r: AnnotationFileRecord) -> SessionStatus:
    """The session status; ValueError when the file names an unknown one."""
    return SessionStatus(r.get("status", SessionStatus.NOT_STARTED.value))
