"""Change events that say what changed: the kind of change and the items, so views redraw only that.

``Emitter`` is a small, Qt-free signal: listeners connect and get every emitted value; ``blocked``
is a context manager that silences them for a while (used rarely: a batch of edits is reported
once by ``AnnotationDocument.batch``, not by silencing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class ChangeKind(StrEnum):
    """What part of a document a change touched."""

    EVENTS = "events"
    SEGMENTS = "segments"
    RATINGS = "ratings"
    CLASSIFICATION = "classification"
    STATUS = "status"


@dataclass(frozen=True)
class DocumentChange:
    """One reported change: the ids of the events and segments, the (item, segment) keys of the
    ratings, and whether the classification or the status were set."""

    events: frozenset[str] = field(default_factory=frozenset)
    segments: frozenset[str] = field(default_factory=frozenset)
    ratings: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    classification: bool = False
    status: bool = False

    @property
    def kinds(self) -> frozenset[ChangeKind]:
        found = {
            kind
            for kind, touched in (
                (ChangeKind.EVENTS, self.events),
                (ChangeKind.SEGMENTS, self.segments),
                (ChangeKind.RATINGS, self.ratings),
                (ChangeKind.CLASSIFICATION, self.classification),
                (ChangeKind.STATUS, self.status),
            )
            if touched
        }
        return frozenset(found)

    def touches(self, *kinds: ChangeKind) -> bool:
        return bool(self.kinds.intersection(kinds))

    def __bool__(self) -> bool:
        return bool(self.kinds)


EVERYTHING = DocumentChange(classification=True, status=True)  # for a listener that wants a full reload


class Emitter(Generic[T]):
    """Listeners of one kind of value; ``connect`` returns the function that disconnects."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[T], None]] = []
        self._blocked = 0

    def connect(self, listener: Callable[[T], None]) -> Callable[[], None]:
        self._listeners.append(listener)

        def disconnect() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return disconnect

    def emit(self, value: T) -> None:
        if self._blocked:
            return
        for listener in list(self._listeners):
            listener(value)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """Listeners hear nothing inside the ``with`` block (nesting allowed)."""
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1

    def __len__(self) -> int:
        return len(self._listeners)
