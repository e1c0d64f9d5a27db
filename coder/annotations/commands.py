"""Edit commands: small Qt-free objects with ``apply`` and ``revert``.

Each command stores only the values it replaces, so undo is unlimited and never copies the
document. The GUI wraps each in one QUndoCommand adapter; the CLI and tests apply them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from coder.annotations.document import AnnotationDocument
from coder.annotations.model import Classification, Event, Rating, Segment, SessionStatus


class Command(Protocol):
    """An edit of an annotation document that can be undone."""

    @property
    def text(self) -> str: ...

    def apply(self, doc: AnnotationDocument) -> None: ...

    def revert(self, doc: AnnotationDocument) -> None: ...


class _Primitive:
    """A command built from do/undo halves that each change the document once."""

    text = ""

    def _do(self, doc: AnnotationDocument) -> None:
        raise NotImplementedError

    def _undo(self, doc: AnnotationDocument) -> None:
        raise NotImplementedError

    def apply(self, doc: AnnotationDocument) -> None:
        self._do(doc)
        doc.changed()

    def revert(self, doc: AnnotationDocument) -> None:
        self._undo(doc)
        doc.changed()


@dataclass(frozen=True)
class AddEvent(_Primitive):
    event: Event

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Add {self.event.code}"

    def _do(self, doc: AnnotationDocument) -> None:
        doc.put_event(self.event)

    def _undo(self, doc: AnnotationDocument) -> None:
        doc.drop_event(self.event.id)


@dataclass(frozen=True)
class RemoveEvent(_Primitive):
    event: Event

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Delete {self.event.code}"

    def _do(self, doc: AnnotationDocument) -> None:
        doc.drop_event(self.event.id)

    def _undo(self, doc: AnnotationDocument) -> None:
        doc.put_event(self.event)


@dataclass(frozen=True)
class ChangeEvent(_Primitive):
    """Replace an event by an edited version with the same id (times, code, modifiers, comment)."""

    before: Event
    after: Event

    def __post_init__(self) -> None:
        if self.before.id != self.after.id:
            raise ValueError("ChangeEvent must keep the event id")

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Edit {self.after.code}"

    def _do(self, doc: AnnotationDocument) -> None:
        doc.put_event(self.after)

    def _undo(self, doc: AnnotationDocument) -> None:
        doc.put_event(self.before)


@dataclass(frozen=True)
class PutSegment(_Primitive):
    """Add (before=None), change, or remove (after=None) a marked segment."""

    before: Segment | None
    after: Segment | None

    @property
    def text(self) -> str:  # type: ignore[override]
        seg = self.after or self.before
        name = seg.segment if seg is not None else "segment"
        if self.before is None:
            return f"Mark {name}"
        return f"Remove {name}" if self.after is None else f"Edit {name}"

    def _swap(self, doc: AnnotationDocument, old: Segment | None, new: Segment | None) -> None:
        if old is not None:
            doc.drop_segment(old.id)
        if new is not None:
            doc.put_segment(new)

    def _do(self, doc: AnnotationDocument) -> None:
        self._swap(doc, self.before, self.after)

    def _undo(self, doc: AnnotationDocument) -> None:
        self._swap(doc, self.after, self.before)


@dataclass(frozen=True)
class SetRating(_Primitive):
    """Set (or clear, with after=None) one item's rating in one segment."""

    item: str
    segment: str
    before: Rating | None
    after: Rating | None

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Rate {self.item}"

    def _do(self, doc: AnnotationDocument) -> None:
        doc.put_rating(self.item, self.segment, self.after)

    def _undo(self, doc: AnnotationDocument) -> None:
        doc.put_rating(self.item, self.segment, self.before)


@dataclass(frozen=True)
class SetClassification(_Primitive):
    before: Classification
    after: Classification
    text: str = "Set classification"

    def _do(self, doc: AnnotationDocument) -> None:
        doc.classification = self.after

    def _undo(self, doc: AnnotationDocument) -> None:
        doc.classification = self.before


@dataclass(frozen=True)
class SetStatus(_Primitive):
    before: SessionStatus
    after: SessionStatus

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Mark {self.after.value.replace('_', ' ')}"

    def _do(self, doc: AnnotationDocument) -> None:
        doc.status = self.after

    def _undo(self, doc: AnnotationDocument) -> None:
        doc.status = self.before


@dataclass(frozen=True)
class Compound:
    """Several commands applied as one edit (one undo step, one save, one change reported)."""

    commands: tuple[Command, ...]
    text: str = "Edit"

    def apply(self, doc: AnnotationDocument) -> None:
        with doc.batch():
            for command in self.commands:
                command.apply(doc)

    def revert(self, doc: AnnotationDocument) -> None:
        with doc.batch():
            for command in reversed(self.commands):
                command.revert(doc)


# --- builders that read the "before" values from the document -------------------------------
def remove_event(doc: AnnotationDocument, event_id: str) -> RemoveEvent:
    return RemoveEvent(doc.event(event_id))


def change_event(doc: AnnotationDocument, after: Event) -> ChangeEvent:
    return ChangeEvent(doc.event(after.id), after)


def set_rating(doc: AnnotationDocument, item: str, segment: str, value: float | None) -> SetRating:
    before = doc.rating(item, segment)
    comment = before.comment if before is not None else ""
    after = (
        None if value is None else Rating(item=item, segment=segment, value=value, comment=comment)
    )
    return SetRating(item, segment, before, after)


def set_classification(doc: AnnotationDocument, after: Classification) -> SetClassification:
    return SetClassification(doc.classification, after)


def set_status(doc: AnnotationDocument, after: SessionStatus) -> SetStatus:
    return SetStatus(doc.status, after)
