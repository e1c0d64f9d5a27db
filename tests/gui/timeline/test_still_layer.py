"""The timeline's still layer kept in parts: after any edits, selections and undos the picture is
the one a freshly built timeline draws, and an edit draws again only the rows it touched."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtGui import QImage

from coder.annotations.commands import AddEvent, change_event, remove_event
from coder.annotations.model import Event
from coder.gui.timeline.timeline_view import TimelineView

STATES = ["gaze_mother", "gaze_object", "touch_affectionate", "touch_instrumental"]
POINTS = ["infant_vocal", "mother_vocal"]


def view_of(qtbot: Any, ctx: Any) -> TimelineView:
    view = TimelineView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 420)
    view.model.resize(900)
    return view


def picture(view: TimelineView) -> QImage:
    view.resize(900, max(420, view.model.height))
    return view.still.picture(view.size(), 1.0, view._parts(), view._paint_labels).copy()


def test_the_picture_after_edits_is_the_one_a_new_timeline_draws(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    view = view_of(qtbot, ctx)
    rng = random.Random(7)
    for step in range(60):
        events = list(ctx.document.events())
        action = rng.random()
        if action < 0.45 or not events:
            code = rng.choice(STATES + POINTS)
            start = rng.randrange(0, 7000, 40)
            end = None if code in POINTS else start + rng.randrange(200, 3000, 40)
            ctx.execute(AddEvent(Event.make(code, start, end)))
        elif action < 0.6:
            ctx.execute(remove_event(ctx.document, rng.choice(events).id))
        elif action < 0.75:
            event = rng.choice(events)
            ctx.execute(change_event(ctx.document, event.with_times(event.start_ms + 400, event.end_ms)))
        elif action < 0.88:
            view.select(rng.choice(events).id)
        else:
            ctx.undo_stack.undo()
        fresh = view_of(qtbot, ctx)
        fresh.select(view.selected_id)
        assert picture(view) == picture(fresh), f"step {step}"


def test_an_edit_draws_again_only_the_row_it_touched(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    for start in range(0, 6000, 1000):
        ctx.execute(AddEvent(Event.make("gaze_mother", start, start + 500)))
        ctx.execute(AddEvent(Event.make("touch_affectionate", start, start + 500)))
    view = view_of(qtbot, ctx)
    picture(view)
    ctx.execute(AddEvent(Event.make("touch_instrumental", 200, 700)))  # a second sub-lane
    picture(view)
    assert view.still.drawn == [("row", "mother_touch")]
    picture(view)
    assert view.still.drawn == []  # nothing changed: nothing drawn
    view.select(next(e.id for e in ctx.document.events() if e.code == "gaze_mother"))
    picture(view)
    assert view.still.drawn == [("row", "infant_gaze")]


def _paint_runs_as_rectangles(view: TimelineView, painter: Any, row: str, number: int) -> None:
    """The reference: a rectangle per run of covered columns, as QPainter draws it."""
    from PySide6.QtCore import QRectF, Qt

    from coder.gui.timeline.timeline_model import LABEL_WIDTH
    from coder.gui.timeline.timeline_view import CodeLook

    m = view.model
    keys, covered = m.index[row].coverage(m.start_ms, m.ms_per_px, m.track_width)
    painter.setPen(Qt.PenStyle.NoPen)
    for (code_id, lane), columns in zip(keys, covered, strict=True):
        painter.setBrush((view._looks.get(code_id) or CodeLook.of(None)).fill)
        y, height = m.lane_box(number, lane)
        edges = [x for x in range(1, len(columns)) if columns[x] != columns[x - 1]]
        starts = ([0] if columns[0] else []) + [x for x in edges if columns[x]]
        ends = [x for x in edges if not columns[x]] + ([len(columns)] if columns[-1] else [])
        painter.drawRects([QRectF(LABEL_WIDTH + a, y, b - a, height) for a, b in zip(starts, ends, strict=True)])


def test_dense_rows_look_as_a_rectangle_per_run_would_draw_them(qtbot: Any, make_ctx: Any, monkeypatch: Any) -> None:
    ctx = make_ctx()
    rng = random.Random(5)
    for _ in range(1200):  # more events than pixels tell apart: every row is drawn dense
        code = rng.choice([*STATES, "affect_positive", "affect_negative", *POINTS])
        start = rng.randrange(0, 7900)
        ctx.execute(AddEvent(Event.make(code, start, None if code in POINTS else start + rng.randrange(40, 600))))
    view = view_of(qtbot, ctx)
    assert all(view.model.is_dense(row) for row in view.model.rows)
    drawn = picture(view)
    reference = view_of(qtbot, ctx)
    monkeypatch.setattr(TimelineView, "_paint_runs", _paint_runs_as_rectangles)
    assert picture(reference) == drawn
