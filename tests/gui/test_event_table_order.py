"""The event table keeps its rows in the sort column's order through any edits: the same rows
a fresh sort gives, with the selection following an edited event to its new place."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt

from coder.annotations.commands import AddEvent, change_event, remove_event
from coder.annotations.model import Event
from coder.gui.event_table import CODE, COMMENT, END, START, EventTable

CODES = ["gaze_mother", "gaze_object", "touch_affectionate", "infant_vocal"]


def test_rows_stay_in_order_through_edits_undos_and_resorts(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    widget = EventTable(ctx)
    qtbot.addWidget(widget)
    model = widget.model
    rng = random.Random(3)
    for step in range(150):
        events = list(ctx.document.events())
        roll = rng.random()
        if roll < 0.4 or not events:
            code = rng.choice(CODES)
            start = rng.randrange(0, 8000, 40)
            end = None if code == "infant_vocal" or rng.random() < 0.2 else start + rng.randrange(40, 2000, 40)
            ctx.execute(AddEvent(Event.make(code, start, end, comment=rng.choice(["", "b", "a"]))))
        elif roll < 0.55:
            ctx.execute(remove_event(ctx.document, rng.choice(events).id))
        elif roll < 0.8:
            event = rng.choice(events)
            moved = event.with_times(max(0, event.start_ms + rng.choice((-2000, -40, 40, 2000))), event.end_ms)
            recoded = replace(event, code=rng.choice(CODES[:3]), end_ms=event.end_ms or event.start_ms + 40)
            ctx.execute(change_event(ctx.document, moved if rng.random() < 0.7 else recoded))
        elif roll < 0.9:
            ctx.undo_stack.undo()
        else:
            order = rng.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
            widget.view.sortByColumn(rng.choice([START, END, CODE, COMMENT]), order)
        expected = sorted(ctx.document.events(), key=model._key, reverse=model._descending)
        assert [e.id for e in model.events] == [e.id for e in expected], f"step {step}"
        assert all(model._row_of[e.id] == row for row, e in enumerate(model.events))
        shown = [widget.proxy.mapToSource(widget.proxy.index(r, 0)).row() for r in range(widget.proxy.rowCount())]
        assert shown == list(range(len(model.events)))


def test_the_selection_follows_an_edited_event_to_its_new_row(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    for start in (1000, 2000, 3000, 4000):
        ctx.execute(AddEvent(Event.make("gaze_mother", start, start + 500)))
    widget = EventTable(ctx)
    qtbot.addWidget(widget)
    first = widget.model.events[0]
    widget.view.selectionModel().setCurrentIndex(
        widget.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    ctx.execute(change_event(ctx.document, first.with_times(3500, 3900)))
    current = widget.proxy.mapToSource(widget.view.currentIndex())
    assert widget.model.events[current.row()].id == first.id
    assert [e.start_ms for e in widget.model.events] == [2000, 3000, 3500, 4000]
