"""The coders' tracks: replacing one record (a decision) regroups and redraws only what changed."""

from __future__ import annotations

from dataclasses import replace

from coder.annotations.model import AnnotationHeader, AnnotationSet, Event
from coder.gui.lead.coder_timelines import CoderTimelines
from coder.scheme import load_scheme
from coder.shipped import shipped_schemes_dir

SCHEME = load_scheme(shipped_schemes_dir() / "demo_interaction.yaml")


def _record(coder: str, events: list[Event]) -> AnnotationSet:
    return AnnotationSet(header=AnnotationHeader(coder, "S1", SCHEME.id, SCHEME.version, ""), events=tuple(events))


def test_replacing_the_agreed_record_equals_showing_it_afresh(qtbot) -> None:  # type: ignore[no-untyped-def]
    gaze = Event.make("gaze_mother", 1000, 4000)
    touch = Event.make("touch_affectionate", 2000, 6000)
    vocal = Event.make("infant_vocal", 3000)
    ana, agreed = _record("ana", [gaze, touch, vocal]), _record("consensus", [gaze, touch, vocal])
    tracks = CoderTimelines(SCHEME)
    qtbot.addWidget(tracks)
    tracks.resize(800, tracks.sizeHint().height())
    tracks.set_records([("ana", ana), ("agreed", agreed)], 10_000)
    tracks.grab()  # the still image drawn once
    # a decision: the gaze moved to another row's code, the touch removed, a vocalisation added
    decided = replace(agreed, events=(replace(gaze, code="affect_positive"), vocal, Event.make("mother_vocal", 5000)))
    tracks.replace_record("agreed", decided)
    assert tracks._dirty == {(1, "infant_gaze"), (1, "infant_affect"), (1, "mother_touch"), (1, "vocal")}
    fresh = CoderTimelines(SCHEME)
    qtbot.addWidget(fresh)
    fresh.set_records([("ana", ana), ("agreed", decided)], 10_000)
    assert tracks._lanes == fresh._lanes
    tracks.grab()
    assert not tracks._dirty  # drawn into the still image
    # the same record again: nothing to redraw
    tracks.replace_record("agreed", decided)
    assert not tracks._dirty
