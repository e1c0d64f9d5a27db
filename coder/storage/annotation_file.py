"""The annotation file ``annotations/<coder>/<session>.json``: one coder's work on one session.

Format ``coder-annotations``, version 1. The file records the coder and session, the scheme id,
version and sha256, the video's sha256, the tool version, timestamps, and every value. Parsing is
validated at the boundary, so a foreign or damaged file is a clear StorageError, never a crash.
The JSON form of each record is described once, in ``coder.storage.records``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.annotations.model import AnnotationHeader, AnnotationSet, SessionStatus
from coder.errors import StorageError
from coder.storage.atomic import atomic_write_bytes, json_records_bytes
from coder.storage.json_file import read_versioned, validation_problem
from coder.storage.records import (
    ANNOTATION_FILE,
    AnnotationFileRecord,
    classification_of,
    classification_record,
    event_of,
    event_record,
    rating_of,
    rating_record,
    scheme_record,
    segment_of,
    segment_record,
    status_of,
)

ANNOTATION_FORMAT = "coder-annotations"
ANNOTATION_FORMAT_VERSION = 1


def annotations_to_dict(annotations: AnnotationSet) -> dict[str, Any]:
    """The file content of an annotation set (canonical order; what ``save`` writes)."""
    h = annotations.header
    content: AnnotationFileRecord = {
        "format": ANNOTATION_FORMAT,
        "format_version": ANNOTATION_FORMAT_VERSION,
        "coder": h.coder,
        "session": h.session,
        "scheme": scheme_record(h),
        "video_sha256": h.video_sha256,
        "tool_version": h.tool_version,
        "created": h.created,
        "modified": h.modified,
        "status": annotations.status.value,
        "events": [event_record(e) for e in annotations.events],
        "segments": [segment_record(s) for s in annotations.segments],
        "ratings": [rating_record(r) for r in annotations.ratings],
        "classification": classification_record(annotations.classification),
    }
    return dict(content)


def annotations_from_dict(data: dict[str, Any], *, path: Path) -> AnnotationSet:
    """Validate file content and build the annotation set; StorageError names what is wrong."""
    try:
        raw = ANNOTATION_FILE.validate_python(data)
        status = status_of(raw)
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


def _annotation_set(raw: AnnotationFileRecord, status: SessionStatus, path: Path) -> AnnotationSet:
    """The annotation set of validated file content; StorageError on duplicate keys."""
    events = tuple(map(event_of, raw.get("events", ())))
    segments = tuple(map(segment_of, raw.get("segments", ())))
    ratings = tuple(map(rating_of, raw.get("ratings", ())))
    # The document keys values by id (and ratings by item and segment): a duplicate would be
    # dropped silently on the next save, so refuse the file instead.
    for what, count, distinct in (
        ("events with the same id", len(events), len({e.id for e in events})),
        ("segments with the same id", len(segments), len({s.id for s in segments})),
        (
            "ratings of the same item in the same segment",
            len(ratings),
            len({r.key for r in ratings}),
        ),
    ):
        if count != distinct:
            raise StorageError(f"has two {what}", path=path)
    scheme = raw["scheme"]
    header = AnnotationHeader(
        coder=raw["coder"],
        session=raw["session"],
        scheme_id=scheme["id"],
        scheme_version=scheme["version"],
        scheme_sha256=scheme["sha256"],
        video_sha256=raw.get("video_sha256", ""),
        created=raw.get("created", ""),
        modified=raw.get("modified", ""),
        tool_version=raw.get("tool_version", ""),
    )
    return AnnotationSet(
        header=header,
        events=events,
        segments=segments,
        ratings=ratings,
        classification=classification_of(raw.get("classification", {})),
        status=status,
    )


def load_annotations(path: str | Path) -> AnnotationSet:
    """Read an annotation file; a corrupt, foreign or newer file is a StorageError, left untouched."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        content = b""  # read_versioned below says why
    return annotations_from_bytes(content, path=path)


def annotations_from_bytes(content: bytes, *, path: Path) -> AnnotationSet:
    """The annotation set of a file's bytes (``path`` names it in errors and is read again
    only when the fast path fails, to migrate an old file or to say what is wrong)."""
    fast = _parse_current(content)
    if fast is not None:
        return _annotation_set(fast[0], fast[1], path)
    data = read_versioned(path, ANNOTATION_FORMAT, ANNOTATION_FORMAT_VERSION)
    return annotations_from_dict(data, path=path)


def _parse_current(content: bytes) -> tuple[AnnotationFileRecord, SessionStatus] | None:
    """Parse and validate a well-formed file of the current format version in one pass
    (pydantic's JSON parser: about twice as fast as json.loads and validating the objects).
    None for anything else — a file to migrate, a damaged one, or one holding text pydantic's
    parser refuses (an escaped lone surrogate): the ordinary path reads it again and names what
    is wrong, so what is accepted and every error stay the same."""
    try:
        raw = ANNOTATION_FILE.validate_json(content)
        status = status_of(raw)
    except ValueError:  # ValidationError included
        return None
    if raw["format"] != ANNOTATION_FORMAT or raw["format_version"] != ANNOTATION_FORMAT_VERSION:
        return None
    return raw, status


def annotation_bytes(annotations: AnnotationSet) -> bytes:
    """The bytes of an annotation file: compact JSON, one record per line, UTF-8."""
    return json_records_bytes(annotations_to_dict(annotations))


def save_annotations(path: str | Path, annotations: AnnotationSet) -> None:
    """Write an annotation file atomically and durably."""
    atomic_write_bytes(path, annotation_bytes(annotations))
