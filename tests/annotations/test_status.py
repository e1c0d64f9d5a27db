"""Session status in the core: first edit starts, editing a completed record needs reopening, and
one rule for which records count (reliability and export)."""

from __future__ import annotations

import pytest

from coder.annotations import (
    AddEvent,
    AnnotationDocument,
    AnnotationHeader,
    AnnotationSet,
    Event,
    SessionStatus,
)
from coder.annotations.changes import ChangeKind
from coder.annotations.commands import Compound, RemoveEvent, set_rating, set_status
from coder.annotations.status import (
    ReopenRequired,
    counts_as_finished,
    unfinished_reason,
    with_status_rule,
)
from coder.annotations.undo_stack import CommandStack

HEADER = AnnotationHeader("ana", "S-1", "demo", "1", "0" * 64)


def test_first_edit_starts_the_record_in_the_same_undo_step() -> None:
    doc = AnnotationDocument(AnnotationSet(HEADER))
    stack = CommandStack(doc)
    stack.push(AddEvent(Event.make("g", 0, 400)))
    assert doc.status is SessionStatus.IN_PROGRESS and len(stack) == 1
    stack.undo()
    assert doc.status is SessionStatus.NOT_STARTED and doc.events() == []
    stack.redo()
    assert doc.status is SessionStatus.IN_PROGRESS and len(doc.events()) == 1


def test_editing_a_completed_record_needs_reopening() -> None:
    doc = AnnotationDocument(AnnotationSet(HEADER, status=SessionStatus.COMPLETE))
    stack = CommandStack(doc)
    with pytest.raises(ReopenRequired, match="marked complete"):
        stack.push(AddEvent(Event.make("g", 0, 400)))
    assert doc.events() == [] and len(stack) == 0
    stack.push(AddEvent(Event.make("g", 0, 400)), reopen=True)
    assert doc.status is SessionStatus.IN_PROGRESS
    stack.undo()
    assert doc.status is SessionStatus.COMPLETE
    stack.push(set_status(doc, SessionStatus.IN_PROGRESS))  # changing the status itself is no edit
    assert doc.status is SessionStatus.IN_PROGRESS


def test_the_store_rule_and_the_stack_rule_are_one() -> None:
    doc = AnnotationDocument(AnnotationSet(HEADER, status=SessionStatus.COMPLETE))
    wrapped = with_status_rule(doc, AddEvent(Event.make("g", 0, 400)), reopen=True)
    assert isinstance(wrapped, Compound)
    wrapped.apply(doc)
    assert doc.status is SessionStatus.IN_PROGRESS


def test_only_finished_records_count() -> None:
    done = AnnotationSet(HEADER, status=SessionStatus.COMPLETE)
    half = AnnotationSet(HEADER, events=(Event.make("g", 0, 400),), status=SessionStatus.IN_PROGRESS)
    assert counts_as_finished(done) and not counts_as_finished(half) and not counts_as_finished(None)
    assert unfinished_reason("ana", half) == "ana's record is in progress"
    assert unfinished_reason("ana", None) == "ana's record is not started"
    assert unfinished_reason("ana", done) == ""


def test_changes_name_the_kind_and_the_items_once_per_edit() -> None:
    doc = AnnotationDocument(AnnotationSet(HEADER, events=(Event.make("g", 0, 400, id="e1"),)))
    seen = []
    disconnect = doc.changes.connect(seen.append)
    added = Event.make("o", 500, 900, id="e2")
    Compound((AddEvent(added), RemoveEvent(doc.event("e1")), set_rating(doc, "r", "play1", 3.0))).apply(doc)
    (change,) = seen
    assert change.events == {"e1", "e2"} and change.ratings == {("r", "play1")}
    assert change.kinds == {ChangeKind.EVENTS, ChangeKind.RATINGS} and not change.segments
    with doc.changes.blocked():  # silencing is the emitter's, not a swap of a private list
        AddEvent(Event.make("w", 1000, 1200)).apply(doc)
    assert len(seen) == 1
    disconnect()
    AddEvent(Event.make("w", 2000, 2200)).apply(doc)
    assert len(seen) == 1
