"""Timeline geometry without Qt: time ↔ x, bisection of visible events, hit-testing, drags."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.annotations.commands import AddEvent, Compound, RemoveEvent, change_event, remove_event
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event
from coder.annotations.undo_stack import CommandStack
from coder.gui.timeline.timeline_model import (
    EDGE_GRAB,
    LABEL_WIDTH,
    ROW_HEIGHT,
    Part,
    TimelineModel,
    dragged,
)
from coder.scheme import load_scheme
from coder.shipped import shipped_schemes_dir

SCHEME = load_scheme(shipped_schemes_dir() / "demo_interaction.yaml")


def model(width: int = 1150, duration: int = 100_000) -> TimelineModel:
    m = TimelineModel(SCHEME, duration, width)
    m.show_all()
    return m


def test_time_and_x_round_trip_and_zoom_keeps_the_anchor() -> None:
    m = model()
    assert m.ms_per_px == pytest.approx(100)  # 100 s over 1000 px
    assert m.x_of(0) == LABEL_WIDTH and m.ms_at(LABEL_WIDTH + 500) == 50_000
    x = m.x_of(30_000)
    m.zoom(4, 30_000)
    assert m.ms_per_px == pytest.approx(25) and m.x_of(30_000) == pytest.approx(x, abs=1)
    m.zoom(1e9)
    assert m.ms_per_px == 1.0  # never closer than 1 ms per pixel
    m.zoom(1e-9)
    assert m.ms_per_px == pytest.approx(100)  # never wider than the session
    assert m.start_ms == 0


def test_resizing_keeps_the_whole_session_in_view_until_zoomed() -> None:
    m = model(width=650)
    m.resize(1150)
    assert m.end_ms == pytest.approx(100_000)
    m.zoom(2)
    m.resize(2150)
    assert m.end_ms < 100_000 * 1.01 and m.fit is False


def test_visible_finds_exactly_the_overlapping_events_among_10000() -> None:
    rng = random.Random(3)
    events = []
    for i in range(10_000):
        start = rng.randrange(0, 99_000)
        code = ("gaze_mother", "touch_affectionate", "infant_vocal")[i % 3]
        end = None if code == "infant_vocal" else start + rng.randrange(1, 3000)
        events.append(Event.make(code, start, end))
    m = model()
    m.set_events(events, 0)
    m.zoom(20, 40_000)
    t0, t1 = m.start_ms, m.end_ms + 1
    for row in m.rows:
        expected = {
            e.id for e in events
            if SCHEME.stream_of(e.code) == row and e.start_ms <= t1 and (e.end_ms or e.start_ms) >= t0
        }
        assert {e.id for e in m.visible(row)} == expected


def test_open_states_that_began_long_ago_are_still_visible() -> None:
    m = model()
    running = Event.make("gaze_mother", 1000, None)
    m.set_events([running, Event.make("gaze_object", 2000, 2500)], 90_000)
    m.scroll_to(80_000)
    m.zoom(10, 85_000)
    assert running in m.visible("infant_gaze")
    _left, right = m.span_px(running)
    assert right == pytest.approx(m.x_of(90_000))


def test_hit_prefers_edges_then_bodies_and_finds_points() -> None:
    m = model()
    state = Event.make("gaze_mother", 20_000, 40_000)
    point = Event.make("infant_vocal", 60_000)
    m.set_events([state, point], 0)
    gaze_y = m.row_top(m.rows.index("infant_gaze")) + ROW_HEIGHT / 2
    vocal_y = m.row_top(m.rows.index("vocal")) + ROW_HEIGHT / 2
    assert m.hit(m.x_of(20_000) + EDGE_GRAB - 1, gaze_y).part is Part.START  # type: ignore[union-attr]
    assert m.hit(m.x_of(40_000) - 2, gaze_y).part is Part.END  # type: ignore[union-attr]
    assert m.hit(m.x_of(30_000), gaze_y).part is Part.BODY  # type: ignore[union-attr]
    assert m.hit(m.x_of(50_000), gaze_y) is None
    assert m.hit(m.x_of(60_000) + 1, vocal_y).event == point  # type: ignore[union-attr]
    assert m.hit(m.x_of(30_000), 2) is None  # the ruler


def test_dragging_snaps_and_keeps_states_non_empty() -> None:
    def snap(ms: int) -> int:
        return ms // 40 * 40

    state = Event.make("gaze_mother", 1000, 2000)
    assert dragged(state, Part.START, 517, snap).start_ms == 1480
    assert dragged(state, Part.START, 5000, snap).start_ms == 1999
    assert dragged(state, Part.END, -333, snap).end_ms == 1640
    moved = dragged(state, Part.BODY, 101, snap)
    assert (moved.start_ms, moved.end_ms) == (1080, 2080)
    point = Event.make("infant_vocal", 500)
    assert dragged(point, Part.BODY, -1000, snap).start_ms == 0


# --- the index kept up to date edit by edit equals the one rebuilt from scratch ----------------
def _index_state(m: TimelineModel) -> dict[str, object]:
    """Everything drawing and hit-testing read of each row's index, codes by name."""
    found: dict[str, object] = {}
    for row, index in m.index.items():
        if not index.events:
            continue  # an emptied row and a row never used draw the same
        found[row] = (
            [e.id for e in index.events], index.starts, index.longest, index.lanes, index.lane_of,
            [e.id for e in index.open], index.starts_a.tolist(), index.ends_a.tolist(),
            [index.codes[c] for c in index.codes_a.tolist()], index.point_a.tolist(),
            index.open_a.tolist(), index.lane_a.tolist(),
        )
    return found


CODES = ("gaze_mother", "gaze_object", "touch_affectionate", "infant_vocal", "mother_vocal")
_times = st.integers(0, 60).map(lambda t: t * 250)  # coarse, so events often meet and overlap
_events = st.builds(
    lambda code, start, length, open_: Event.make(
        code, start, None if open_ or code.endswith("vocal") else start + 1 + length
    ),
    st.sampled_from(CODES), _times, _times, st.booleans(),
)
_steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), _events),
        st.tuples(st.just("remove"), st.integers(0, 10**6)),
        st.tuples(st.just("change"), st.integers(0, 10**6), _events),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
        st.tuples(st.just("batch"), st.lists(_events, max_size=4), st.integers(0, 10**6)),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(_events, max_size=25), steps=_steps)
def test_index_updated_edit_by_edit_equals_the_rebuilt_one(start: list[Event], steps: list[tuple]) -> None:
    document = AnnotationDocument(AnnotationSet(header=AnnotationHeader("ana", "S1", SCHEME.id, SCHEME.version, "")))
    stack = CommandStack(document)
    stack.push(Compound(tuple(AddEvent(e) for e in start)))
    m = model(duration=20_000)
    m.set_events(document.events(), 0)
    document.changes.connect(
        lambda change: m.update_events(
            {i: document.event(i) if document.has_event(i) else None for i in change.events}
        )
    )
    for step in steps:
        ids = [e.id for e in document.events()]
        if step[0] == "add":
            stack.push(AddEvent(step[1]))
        elif step[0] == "remove" and ids:
            stack.push(remove_event(document, ids[step[1] % len(ids)]))
        elif step[0] == "change" and ids:
            target = document.event(ids[step[1] % len(ids)])
            edited = step[2]
            stack.push(change_event(document, Event(target.id, edited.code, edited.start_ms, edited.end_ms)))
        elif step[0] == "undo":
            stack.undo()
        elif step[0] == "redo":
            stack.redo()
        elif step[0] == "batch":
            drop = [RemoveEvent(document.event(ids[step[2] % len(ids)]))] if ids else []
            stack.push(Compound((*drop, *(AddEvent(e) for e in step[1]))))
        rebuilt = model(duration=20_000)
        rebuilt.set_events(document.events(), 0)
        assert _index_state(m) == _index_state(rebuilt)
        assert m.row_heights == rebuilt.row_heights
