"""The annotation file ``annotations/<coder>/<session>.json``: one coder's work on one session.

Format ``coder-annotations``, version 1. The file records the coder and session, the scheme id,
version and sha256, the video's sha256, the tool version, timestamps, and every value. Parsing is
validated at the boundary, so a foreign or damaged file is a clear StorageError, never a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NotRequired

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, with_config
from typing_extensions import TypedDict

from coder.annotations.model import (
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
    modifier_pairs,
)
from coder.errors import StorageError
from coder.storage.atomic import atomic_write_text, dumps_json_records
from coder.storage.json_file import read_versioned, validation_problem

ANNOTATION_FORMAT = "coder-annotations"
ANNOTATION_FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# Events are validated as typed dicts, not models: files hold up to millions of events and
# building a model object per row would triple the time to open a large project.
@with_config(ConfigDict(extra="forbid", strict=True))
class _EventRow(TypedDict):
    id: Annotated[str, StringConstraints(min_length=1)]
    code: Annotated[str, StringConstraints(min_length=1)]
    start_ms: int
    end_ms: NotRequired[int | None]
    modifiers: NotRequired[dict[str, str]]
    comment: NotRequired[str]


class _SegmentRow(_Strict):
    id: str = Field(min_length=1)
    segment: str = Field(min_length=1)
    start_ms: int
    end_ms: int
    curtailed: bool = False
    extended: bool = False
    comment: str = ""


class _RatingRow(_Strict):
    item: str = Field(min_length=1)
    segment: str = Field(min_length=1)
    value: int | float | None = None
    comment: str = ""


class _ClassificationRow(_Strict):
    major: str | None = None
    subgroup: str | None = None
    d_rating: int | float | None = None
    forced: str | None = None
    low_d_confirmed: bool = False
    notes: str = ""


class _SchemeRef(_Strict):
    id: str
    version: str
    sha256: str


class _AnnotationFile(_Strict):
    format: str
    format_version: int
    coder: str = Field(min_length=1)
    session: str = Field(min_length=1)
    scheme: _SchemeRef
    video_sha256: str = ""
    tool_version: str = ""
    created: str = ""
    modified: str = ""
    status: str = SessionStatus.NOT_STARTED.value
    events: list[_EventRow] = Field(default_factory=list)
    segments: list[_SegmentRow] = Field(default_factory=list)
    ratings: list[_RatingRow] = Field(default_factory=list)
    classification: _ClassificationRow = Field(default_factory=_ClassificationRow)


def _number(value: float | None) -> float | int | None:
    # Integral values are written as integers so files stay readable and round-trip exactly.
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def annotations_to_dict(annotations: AnnotationSet) -> dict[str, Any]:
    """The file content of an annotation set (canonical order; what ``save`` writes)."""
    h = annotations.header
    c = annotations.classification
    return {
        "format": ANNOTATION_FORMAT,
        "format_version": ANNOTATION_FORMAT_VERSION,
        "coder": h.coder,
        "session": h.session,
        "scheme": {"id": h.scheme_id, "version": h.scheme_version, "sha256": h.scheme_sha256},
        "video_sha256": h.video_sha256,
        "tool_version": h.tool_version,
        "created": h.created,
        "modified": h.modified,
        "status": annotations.status.value,
        "events": [
            {
                "id": e.id,
                "code": e.code,
                "start_ms": e.start_ms,
                "end_ms": e.end_ms,
                "modifiers": dict(e.modifiers),
                "comment": e.comment,
            }
            for e in annotations.events
        ],
        "segments": [
            {
                "id": s.id,
                "segment": s.segment,
                "start_ms": s.start_ms,
                "end_ms": s.end_ms,
                "curtailed": s.curtailed,
                "extended": s.extended,
                "comment": s.comment,
            }
            for s in annotations.segments
        ],
        "ratings": [
            {"item": r.item, "segment": r.segment, "value": _number(r.value), "comment": r.comment}
            for r in annotations.ratings
        ],
        "classification": {
            "major": c.major,
            "subgroup": c.subgroup,
            "d_rating": _number(c.d_rating),
            "forced": c.forced,
            "low_d_confirmed": c.low_d_confirmed,
            "notes": c.notes,
        },
    }


def annotations_from_dict(data: dict[str, Any], *, path: Path) -> AnnotationSet:
    """Validate file content and build the annotation set; StorageError names what is wrong."""
    try:
        raw = _AnnotationFile.model_validate(data)
        status = SessionStatus(raw.status)
    except ValidationError as error:
        raise StorageError(
            f"is not a valid annotation file: {validation_problem(error)}",
            path=path,
            hint="restore it from its backup; the file was left unchanged",
        ) from None
    except ValueError:
        raise StorageError(
            f"has an unknown session status '{data.get('status')}'", path=path
        ) from None
    return _annotation_set(raw, status, path)


def _annotation_set(raw: _AnnotationFile, status: SessionStatus, path: Path) -> AnnotationSet:
    """The annotation set of validated file content; StorageError on duplicate keys."""
    # The document keys values by id (and ratings by item and segment): a duplicate would be
    # dropped silently on the next save, so refuse the file instead.
    for what, keys in (
        ("events with the same id", [e["id"] for e in raw.events]),
        ("segments with the same id", [s.id for s in raw.segments]),
        (
            "ratings of the same item in the same segment",
            [(r.item, r.segment) for r in raw.ratings],
        ),
    ):
        if len(set(keys)) != len(keys):
            raise StorageError(f"has two {what}", path=path)
    header = AnnotationHeader(
        coder=raw.coder,
        session=raw.session,
        scheme_id=raw.scheme.id,
        scheme_version=raw.scheme.version,
        scheme_sha256=raw.scheme.sha256,
        video_sha256=raw.video_sha256,
        created=raw.created,
        modified=raw.modified,
        tool_version=raw.tool_version,
    )
    c = raw.classification
    return AnnotationSet(
        header=header,
        events=tuple(
            # Built directly (not through Event.make): files hold up to millions of events.
            Event(
                e["id"],
                e["code"],
                e["start_ms"],
                e.get("end_ms"),
                modifier_pairs(e.get("modifiers", {})),
                e.get("comment", ""),
            )
            for e in raw.events
        ),
        segments=tuple(
            Segment(s.id, s.segment, s.start_ms, s.end_ms, s.curtailed, s.extended, s.comment)
            for s in raw.segments
        ),
        ratings=tuple(Rating(r.item, r.segment, r.value, r.comment) for r in raw.ratings),
        classification=Classification(
            major=c.major,
            subgroup=c.subgroup,
            d_rating=c.d_rating,
            forced=c.forced,
            low_d_confirmed=c.low_d_confirmed,
            notes=c.notes,
        ),
        status=status,
    )


def load_annotations(path: str | Path) -> AnnotationSet:
    """Read an annotation file; a corrupt, foreign or newer file is a StorageError, left untouched."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        content = b""  # read_versioned below says why
    fast = _parse_current(content)
    if fast is not None:
        return _annotation_set(fast[0], fast[1], path)
    data = read_versioned(path, ANNOTATION_FORMAT, ANNOTATION_FORMAT_VERSION)
    return annotations_from_dict(data, path=path)


def _parse_current(content: bytes) -> tuple[_AnnotationFile, SessionStatus] | None:
    """Parse and validate a well-formed file of the current format version in one pass
    (pydantic's JSON parser: about twice as fast as json.loads and validating the objects).
    None for anything else — a file to migrate or a damaged one: the ordinary path reads it
    again and names what is wrong, so what is accepted and every error stay the same."""
    try:
        raw = _AnnotationFile.model_validate_json(content)
        status = SessionStatus(raw.status)
    except ValueError:  # ValidationError included
        return None
    if raw.format != ANNOTATION_FORMAT or raw.format_version != ANNOTATION_FORMAT_VERSION:
        return None
    return raw, status


def save_annotations(path: str | Path, annotations: AnnotationSet) -> None:
    """Write an annotation file atomically and durably."""
    atomic_write_text(path, dumps_json_records(annotations_to_dict(annotations)))


def annotation_file_bytes(annotations: AnnotationSet) -> bytes:
    """The bytes :func:`save_annotations` writes (for a write staged in a project change)."""
    return dumps_json_records(annotations_to_dict(annotations)).encode("utf-8")
