"""Commands: apply/revert restore exact snapshots; undo keeps only the values it replaces."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.annotations import (
    AddEvent,
    AnnotationDocument,
    AnnotationSet,
    ChangeEvent,
    Classification,
    Command,
    Compound,
    Event,
    PutSegment,
    Rating,
    RemoveEvent,
    Segment,
    SessionStatus,
    SetRating,
    change_event,
    remove_event,
    set_classification,
    set_rating,
    set_status,
)

from .conftest import HEADER

CODES = ["gaze_mother", "gaze_away", "infant_vocal", "touch_affectionate"]
ITEMS = ["m_sensitivity", "m_intrusive"]
SEGMENTS = ["play1", "play2", "session"]


def _base_doc() -> AnnotationDocument:
    return AnnotationDocument(
        AnnotationSet(
            header=HEADER,
            events=(
                Event.make("gaze_mother", 0, 1000, id="e0"),
                Event.make("infant_vocal", 500, None, modifiers={"voc_tone": "neutral"}, id="e1"),
            ),
            segments=(Segment("s0", "play1", 0, 20000),),
            classification=Classification(major="B", subgroup="B3", d_rating=2),
        )
    )


# One step: a function of the document (and drawn data) that returns the next command.
@st.composite
def command_for(draw: st.DrawFn, doc: AnnotationDocument) -> Command:
    events = doc.events()
    segments = doc.segments()
    kinds = ["add", "rating", "classification", "status", "segment_add"]
    if events:
        kinds += ["remove", "change"]
    if segments:
        kinds += ["segment_change", "segment_remove"]
    kind = draw(st.sampled_from(kinds))
    ms = st.integers(0, 600_000)
    if kind == "add":
        start = draw(ms)
        end = draw(st.none() | st.integers(start + 1, start + 10_000))
        comment = draw(st.text(max_size=5))
        return AddEvent(Event.make(draw(st.sampled_from(CODES)), start, end, comment=comment))
    if kind == "remove":
        return remove_event(doc, draw(st.sampled_from(events)).id)
    if kind == "change":
        old = draw(st.sampled_from(events))
        start = draw(ms)
        new = Event.make(
            draw(st.sampled_from(CODES)),
            start,
            draw(st.none() | st.integers(start + 1, start + 5000)),
            comment=draw(st.text(max_size=3)),
            id=old.id,
        )
        return change_event(doc, new)
    if kind == "rating":
        value = draw(st.none() | st.integers(1, 7).map(float) | st.sampled_from([1.5, 6.5]))
        return set_rating(doc, draw(st.sampled_from(ITEMS)), draw(st.sampled_from(SEGMENTS)), value)
    if kind == "classification":
        major = draw(st.sampled_from([None, "A", "B", "D", "CC"]))
        return set_classification(
            doc, Classification(major=major, d_rating=draw(st.none() | st.integers(1, 9)))
        )
    if kind == "status":
        return set_status(doc, draw(st.sampled_from(list(SessionStatus))))
    if kind == "segment_add":
        start = draw(ms)
        return PutSegment(
            None, Segment.make(draw(st.sampled_from(SEGMENTS[:2])), start, start + 1000)
        )
    seg = draw(st.sampled_from(segments))
    if kind == "segment_remove":
        return PutSegment(seg, None)
    return PutSegment(
        seg, Segment(seg.id, seg.segment, seg.start_ms, seg.end_ms + 40, curtailed=True)
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data(), length=st.integers(1, 25), compound_every=st.integers(2, 6))
def test_random_commands_then_all_reverted_restore_the_original(
    data: st.DataObject, length: int, compound_every: int
) -> None:
    doc = _base_doc()
    original = doc.snapshot()
    done: list[Command] = []
    snapshots = [original]
    for step in range(length):
        if step % compound_every == compound_every - 1:
            # A compound of independent edits built on the current state.
            first = data.draw(command_for(doc))
            first.apply(doc)
            second = data.draw(command_for(doc))
            first.revert(doc)
            command: Command = Compound((first, second), text="two")
        else:
            command = data.draw(command_for(doc))
        command.apply(doc)
        done.append(command)
        snapshots.append(doc.snapshot())
    for command, expected in zip(reversed(done), reversed(snapshots[:-1]), strict=True):
        command.revert(doc)
        assert doc.snapshot() == expected
    assert doc.snapshot() == original
    # Redo the whole history: every state comes back exactly.
    for command, expected in zip(done, snapshots[1:], strict=True):
        command.apply(doc)
        assert doc.snapshot() == expected


def test_revert_uses_stored_values_not_a_copy_of_the_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _base_doc()
    original = doc.snapshot()

    def no_copy(*_args: object, **_kw: object) -> object:
        raise AssertionError("undo must not deep-copy the document")

    monkeypatch.setattr(copy, "deepcopy", no_copy)
    monkeypatch.setattr(copy, "copy", no_copy)
    commands: list[Command] = [
        AddEvent(Event.make("gaze_away", 1000, 2000)),
        change_event(doc, Event.make("gaze_mother", 0, 900, id="e0")),
        set_rating(doc, "m_sensitivity", "play1", 5.0),
        set_classification(doc, Classification(major="D", forced="A1", d_rating=7)),
        set_status(doc, SessionStatus.COMPLETE),
    ]
    for command in commands:
        command.apply(doc)
    # Each command holds frozen values only: a handful of small objects, not the document.
    for command in commands:
        assert not any(isinstance(v, AnnotationDocument) for v in vars(command).values())
    for command in reversed(commands):
        command.revert(doc)
    assert doc.snapshot() == original


def test_primitive_commands_notify_listeners_once_per_apply_and_revert() -> None:
    doc = _base_doc()
    calls: list[int] = []
    unsubscribe = doc.subscribe(lambda d: calls.append(d.revision))
    command = remove_event(doc, "e1")
    command.apply(doc)
    command.revert(doc)
    assert len(calls) == 2
    unsubscribe()
    command.apply(doc)
    assert len(calls) == 2


def test_compound_notifies_listeners_once() -> None:
    doc = _base_doc()
    calls: list[int] = []
    doc.subscribe(lambda d: calls.append(len(d.events())))
    inner = Compound((AddEvent(Event.make("gaze_away", 5000, 6000)),), text="inner")
    compound = Compound(
        (
            AddEvent(Event.make("gaze_away", 2000, 3000)),
            RemoveEvent(doc.event("e1")),
            set_rating(doc, "m_sensitivity", "play1", 4.0),
            inner,
        ),
        text="several",
    )
    compound.apply(doc)
    assert calls == [3]  # e0 + added + inner added, e1 removed: one notification
    compound.revert(doc)
    assert calls == [3, 2]


def test_change_event_must_keep_the_id() -> None:
    with pytest.raises(ValueError, match="id"):
        ChangeEvent(Event.make("a", 0, id="x"), Event.make("a", 0, id="y"))


def test_set_rating_keeps_the_comment_and_clears_with_none() -> None:
    doc = _base_doc()
    first = Rating("m_sensitivity", "play1", 3.0, "hm")
    SetRating("m_sensitivity", "play1", None, first).apply(doc)
    assert doc.rating("m_sensitivity", "play1") == first
    set_rating(doc, "m_sensitivity", "play1", 4.0).apply(doc)
    assert doc.rating("m_sensitivity", "play1") == Rating("m_sensitivity", "play1", 4.0, "hm")
    command = set_rating(doc, "m_sensitivity", "play1", None)
    command.apply(doc)
    assert doc.rating("m_sensitivity", "play1") is None
    command.revert(doc)
    assert doc.rating("m_sensitivity", "play1") == Rating("m_sensitivity", "play1", 4.0, "hm")


def test_command_texts() -> None:
    seg = Segment.make("play1", 0, 10)
    assert PutSegment(None, seg).text == "Mark play1"
    assert PutSegment(seg, None).text == "Remove play1"
    assert PutSegment(seg, seg).text == "Edit play1"
    assert set_status(_base_doc(), SessionStatus.IN_PROGRESS).text == "Mark in progress"
    assert AddEvent(Event.make("gaze_away", 0)).text == "Add gaze_away"
