"""Hypothesis strategies: annotation sets for the demo scheme that a coder could make, and a
helper that puts such events into a coder's file of the demo project.

Exclusive streams hold disjoint states; in the non-exclusive touch stream states of different
codes may overlap but a code never overlaps itself; points carry an optional tone modifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from hypothesis import strategies as st

from coder.annotations.model import Event
from coder.project.project import Project
from coder.storage.annotation_file import save_annotations

EXCLUSIVE = {
    "infant_gaze": ["gaze_mother", "gaze_object", "gaze_away"],
    "infant_affect": ["affect_positive", "affect_neutral", "affect_negative", "affect_uncodable"],
}
FREE_STATES = ["touch_affectionate", "touch_instrumental"]
POINTS = ["infant_vocal", "mother_vocal"]
TONES = ["positive", "neutral", "negative"]
MEDIA_MS = 8_000
"""Length of the demo's videos (tests/conftest.py DEMO_SECONDS): no coder can code past it."""


@st.composite
def disjoint_intervals(draw: st.DrawFn, limit_ms: int = MEDIA_MS) -> list[tuple[int, int]]:
    cuts = sorted(draw(st.sets(st.integers(0, limit_ms), max_size=12)))
    spans = list(zip(cuts[::2], cuts[1::2], strict=False))
    return [(a, b) for a, b in spans if b > a]


@st.composite
def demo_events(draw: st.DrawFn) -> list[Event]:
    events: list[Event] = []
    for codes in EXCLUSIVE.values():
        for start, end in draw(disjoint_intervals()):
            events.append(Event.make(draw(st.sampled_from(codes)), start, end))
    for code in FREE_STATES:
        for start, end in draw(disjoint_intervals()):
            events.append(Event.make(code, start, end))
    for _ in range(draw(st.integers(0, 8))):
        tone = draw(st.none() | st.sampled_from(TONES))
        events.append(
            Event.make(
                draw(st.sampled_from(POINTS)),
                draw(st.integers(0, MEDIA_MS)),
                modifiers={"voc_tone": tone} if tone else {},
            )
        )
    return events


def event_keys(events: list[Event]) -> list[tuple[object, ...]]:
    """What a round trip must keep: code, start, end (ms) and modifiers."""
    return sorted((e.code, e.start_ms, e.end_ms, e.modifiers) for e in events)


def give_events(project: Project, coder: str, session: str, events: Sequence[Event]) -> None:
    """Replace ``coder``'s events of ``session`` with ``events`` (the rest of the file is kept)."""
    original = project.load_annotations(coder, session)
    assert original is not None
    save_annotations(project.annotation_path(coder, session), replace(original, events=tuple(events)))
