"""Three-way merge of one coder's record of a session, record by record, for collecting again.

The base is the version last collected (or issued); "ours" is the project's file now, "theirs"
the package's. A record is an event (by id), a rating (item and segment), a segment (by id),
the classification, or the session status. A record changed on one side since the base takes
that side's value; changed on both sides to different values, it is a conflict and keeps the
project's value (the package's whole file is then saved beside it by the caller).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from coder.annotations.model import AnnotationSet, Classification

T = TypeVar("T")


@dataclass(frozen=True)
class MergeResult:
    """The merged record, and the records changed on both sides (e.g. ``event e12``)."""

    merged: AnnotationSet
    conflicts: tuple[str, ...]


def _by_key(items: tuple[T, ...], key: Callable[[T], Hashable]) -> dict[Hashable, T]:
    return {key(item): item for item in items}


def _merge_map(base: dict[Hashable, Any], ours: dict[Hashable, Any], theirs: dict[Hashable, Any],
               label: Callable[[Hashable], str], conflicts: list[str]) -> list[Any]:
    merged = []
    for key in list(dict.fromkeys([*ours, *theirs, *base])):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            conflicts.append(label(key))
            value = o
        if value is not None:
            merged.append(value)
    return merged


def _single(base: Any, ours: Any, theirs: Any, label: str, conflicts: list[str]) -> Any:
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    conflicts.append(label)
    return ours


def merge_annotations(
    base: AnnotationSet | None, ours: AnnotationSet, theirs: AnnotationSet
) -> MergeResult:
    """Merge ``theirs`` (the package) into ``ours`` (the project) since ``base``."""
    empty = replace(ours, events=(), segments=(), ratings=(), classification=Classification())
    base = base if base is not None else empty
    conflicts: list[str] = []
    events = _merge_map(
        _by_key(base.events, lambda e: e.id), _by_key(ours.events, lambda e: e.id),
        _by_key(theirs.events, lambda e: e.id), lambda k: f"event {k}", conflicts,
    )
    segments = _merge_map(
        _by_key(base.segments, lambda s: s.id), _by_key(ours.segments, lambda s: s.id),
        _by_key(theirs.segments, lambda s: s.id), lambda k: f"segment {k}", conflicts,
    )

    def rating_key(r: Any) -> Hashable:
        return (r.item, r.segment)

    ratings = _merge_map(
        _by_key(base.ratings, rating_key), _by_key(ours.ratings, rating_key),
        _by_key(theirs.ratings, rating_key),
        lambda k: f"rating {k[0]} in {k[1]}",  # type: ignore[index]
        conflicts,
    )
    classification = _single(base.classification, ours.classification, theirs.classification,
                             "classification", conflicts)
    status = _single(base.status, ours.status, theirs.status, "status", conflicts)
    modified = max(ours.header.modified, theirs.header.modified)
    merged = replace(
        ours,
        header=replace(ours.header, modified=modified),
        events=tuple(sorted(events, key=lambda e: (e.start_ms, e.code, e.id))),
        segments=tuple(sorted(segments, key=lambda s: (s.start_ms, s.segment, s.id))),
        ratings=tuple(sorted(ratings, key=lambda r: (r.segment, r.item))),
        classification=classification,
        status=status,
    )
    return MergeResult(merged, tuple(conflicts))


def same_records(a: AnnotationSet, b: AnnotationSet) -> bool:
    """True when two versions hold the same values (headers' timestamps aside)."""
    return (
        sorted(a.events, key=lambda e: e.id) == sorted(b.events, key=lambda e: e.id)
        and sorted(a.segments, key=lambda s: s.id) == sorted(b.segments, key=lambda s: s.id)
        and sorted(a.ratings, key=lambda r: (r.item, r.segment))
        == sorted(b.ratings, key=lambda r: (r.item, r.segment))
        and a.classification == b.classification
        and a.status == b.status
    )
