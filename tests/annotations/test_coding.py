"""Key presses: points stamp, states toggle, exclusive streams hand over without gaps."""

from __future__ import annotations

import pytest

from coder.annotations import (
    AnnotationDocument,
    Compound,
    code_press,
    end_all_open,
    end_state,
    open_states,
)
from coder.errors import AnnotationError
from coder.scheme import Scheme


def press(doc: AnnotationDocument, scheme: Scheme, code: str, at: int, **kw: object) -> None:
    code_press(doc, scheme, code, at, **kw).apply(doc)  # type: ignore[arg-type]


def test_point_stamps_an_event_without_end(doc: AnnotationDocument, demo_scheme: Scheme) -> None:
    press(doc, demo_scheme, "infant_vocal", 1200, modifiers={"voc_tone": "positive"})
    press(doc, demo_scheme, "infant_vocal", 1200)
    events = doc.events()
    assert len(events) == 2
    assert all(e.end_ms is None and e.start_ms == 1200 for e in events)
    assert {e.modifier_map.get("voc_tone") for e in events} == {"positive", None}
    assert open_states(doc, demo_scheme) == []


def test_state_toggles_open_then_closed(doc: AnnotationDocument, demo_scheme: Scheme) -> None:
    press(doc, demo_scheme, "touch_affectionate", 1000)
    (state,) = doc.events()
    assert state.end_ms is None
    assert open_states(doc, demo_scheme) == [state]
    press(doc, demo_scheme, "touch_affectionate", 2500)
    (closed,) = doc.events()
    assert (closed.id, closed.start_ms, closed.end_ms) == (state.id, 1000, 2500)
    assert open_states(doc, demo_scheme) == []


def test_non_exclusive_stream_keeps_both_states_open(
    doc: AnnotationDocument, demo_scheme: Scheme
) -> None:
    press(doc, demo_scheme, "touch_affectionate", 1000)
    press(doc, demo_scheme, "touch_instrumental", 1500)
    assert [e.code for e in open_states(doc, demo_scheme)] == [
        "touch_affectionate",
        "touch_instrumental",
    ]


def test_exclusive_stream_closes_the_open_state_at_the_same_ms(
    doc: AnnotationDocument, demo_scheme: Scheme
) -> None:
    press(doc, demo_scheme, "gaze_mother", 1000)
    command = code_press(doc, demo_scheme, "gaze_object", 4000)
    assert isinstance(command, Compound)
    command.apply(doc)
    first, second = doc.events()
    assert (first.code, first.start_ms, first.end_ms) == ("gaze_mother", 1000, 4000)
    assert (second.code, second.start_ms, second.end_ms) == ("gaze_object", 4000, None)
    assert first.end_ms == second.start_ms  # no gap, no overlap
    # Another stream's open state is left alone.
    press(doc, demo_scheme, "affect_neutral", 4500)
    press(doc, demo_scheme, "gaze_away", 6000)
    codes = {e.code: e for e in doc.events()}
    assert codes["affect_neutral"].end_ms is None
    assert codes["gaze_object"].end_ms == 6000 == codes["gaze_away"].start_ms


def test_ending_a_state_at_its_start_removes_the_mis_press(
    doc: AnnotationDocument, demo_scheme: Scheme
) -> None:
    press(doc, demo_scheme, "gaze_mother", 1000)
    press(doc, demo_scheme, "gaze_mother", 1000)
    assert doc.events() == []
    # In an exclusive stream the hand-over at the same ms removes the zero-length state.
    press(doc, demo_scheme, "gaze_mother", 2000)
    press(doc, demo_scheme, "gaze_away", 2000)
    assert [(e.code, e.end_ms) for e in doc.events()] == [("gaze_away", None)]


def test_ending_before_the_start_is_refused(doc: AnnotationDocument, demo_scheme: Scheme) -> None:
    press(doc, demo_scheme, "gaze_mother", 3000)
    with pytest.raises(AnnotationError, match="before it started"):
        code_press(doc, demo_scheme, "gaze_mother", 2000)
    (state,) = doc.events()
    with pytest.raises(AnnotationError):
        end_state(state, 10)


def test_unknown_code_is_refused(doc: AnnotationDocument, demo_scheme: Scheme) -> None:
    with pytest.raises(AnnotationError, match="not in scheme"):
        code_press(doc, demo_scheme, "no_such_code", 0)


def test_press_then_undo_restores_the_previous_state(
    doc: AnnotationDocument, demo_scheme: Scheme
) -> None:
    press(doc, demo_scheme, "gaze_mother", 1000)
    before = doc.snapshot()
    command = code_press(doc, demo_scheme, "gaze_away", 3000)
    command.apply(doc)
    command.revert(doc)
    assert doc.snapshot() == before


def test_end_all_open(doc: AnnotationDocument, demo_scheme: Scheme) -> None:
    assert end_all_open(doc, demo_scheme, 5000) is None
    press(doc, demo_scheme, "gaze_mother", 1000)
    press(doc, demo_scheme, "touch_affectionate", 2000)
    press(doc, demo_scheme, "infant_vocal", 2500)
    press(doc, demo_scheme, "affect_positive", 9000)  # starts after the end time: left open
    command = end_all_open(doc, demo_scheme, 8000)
    assert command is not None
    command.apply(doc)
    ends = {e.code: e.end_ms for e in doc.events()}
    assert ends == {
        "gaze_mother": 8000,
        "touch_affectionate": 8000,
        "infant_vocal": None,
        "affect_positive": None,
    }
