"""The event table: in-place edits become ChangeEvents; filter; sort; double-click seeks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event
from coder.gui.event_table import CODE, COMMENT, END, MODIFIERS, START, EventTable
from tests.gui.conftest import saved_events


def table(qtbot: Any, ctx: Any) -> EventTable:
    widget = EventTable(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def fill(ctx: Any) -> None:
    ctx.execute(AddEvent(Event.make("gaze_mother", 2000, 3000)))
    ctx.execute(AddEvent(Event.make("infant_vocal", 1000, modifiers={"voc_tone": "neutral"})))
    ctx.execute(AddEvent(Event.make("gaze_object", 3000, None)))


def cell(widget: EventTable, row: int, column: int) -> Any:
    return widget.proxy.index(row, column)


def test_rows_show_times_labels_and_sort_by_time(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    fill(ctx)
    widget = table(qtbot, ctx)
    rows = [[widget.proxy.data(cell(widget, r, c)) for c in range(5)] for r in range(3)]
    assert rows[0][:4] == ["00:01.000", "", "Infant vocalisation", "Tone: neutral"]  # words, not ids
    assert rows[2][:3] == ["00:03.000", "running", "Gaze to object"]
    widget.view.sortByColumn(START, Qt.SortOrder.DescendingOrder)
    assert widget.proxy.data(cell(widget, 0, START)) == "00:03.000"


def test_editing_a_time_snaps_and_saves_one_undoable_change(qtbot: Any, make_ctx: Any, answers: Any) -> None:
    ctx = make_ctx()
    fill(ctx)
    widget = table(qtbot, ctx)
    row = next(r for r in range(3) if widget.proxy.data(cell(widget, r, CODE)) == "Gaze to mother")
    assert widget.proxy.setData(cell(widget, row, END), "00:00:04.517")
    changed = next(e for e in saved_events(ctx) if e.code == "gaze_mother")
    assert changed.end_ms == 4480  # snapped to the 25 fps frame on screen
    ctx.undo_stack.undo()
    assert next(e for e in saved_events(ctx) if e.code == "gaze_mother").end_ms == 3000
    assert not widget.proxy.setData(cell(widget, row, START), "not a time")
    assert answers.kinds() == ["error"]


def test_editing_code_modifiers_and_comment(qtbot: Any, make_ctx: Any, answers: Any) -> None:
    ctx = make_ctx()
    fill(ctx)
    widget = table(qtbot, ctx)
    assert widget.proxy.setData(cell(widget, 0, MODIFIERS), "negative")
    assert widget.proxy.setData(cell(widget, 0, COMMENT), "loud")
    assert widget.proxy.setData(cell(widget, 0, CODE), "Mother vocalisation")
    (vocal,) = [e for e in saved_events(ctx) if e.start_ms == 1000]
    assert (vocal.code, vocal.modifiers, vocal.comment) == ("mother_vocal", (("voc_tone", "negative"),), "loud")
    assert not widget.proxy.setData(cell(widget, 0, MODIFIERS), "voc_tone=furious")
    assert not widget.proxy.setData(cell(widget, 0, CODE), "no such code")
    assert answers.kinds() == ["error", "error"]


def test_filter_by_code_and_double_click_seeks(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    fill(ctx)
    widget = table(qtbot, ctx)
    widget.filter.setCurrentIndex(widget.filter.findData("gaze_object"))
    assert widget.proxy.rowCount() == 1
    with qtbot.waitSignal(ctx.seek_requested) as sought:
        widget.view.doubleClicked.emit(cell(widget, 0, CODE))
    assert sought.args == [3000]
    widget.filter.setCurrentIndex(0)
    assert widget.proxy.rowCount() == 3


def test_read_only_records_cannot_be_edited(qtbot: Any, make_ctx: Any) -> None:
    fill(make_ctx())
    ctx = make_ctx(read_only=True)
    widget = table(qtbot, ctx)
    assert widget.proxy.rowCount() == 3
    assert not widget.proxy.flags(cell(widget, 0, COMMENT)) & Qt.ItemFlag.ItemIsEditable
    assert not widget.proxy.setData(cell(widget, 0, COMMENT), "x")


def test_choosing_a_row_names_its_event(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    fill(ctx)
    widget = table(qtbot, ctx)
    with qtbot.waitSignal(widget.event_selected) as chosen:
        widget.view.setCurrentIndex(cell(widget, 1, START))
    assert chosen.args == [widget.model.events[widget.proxy.mapToSource(cell(widget, 1, START)).row()].id]
