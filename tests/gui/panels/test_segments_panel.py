"""The segments panel: boundaries marked at the playhead, flags where allowed, seek, validation."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.annotations.commands import PutSegment
from coder.gui.panels.segments_panel import SegmentsPanel
from coder.storage import load_annotations


def _clear_segments(ctx) -> None:  # type: ignore[no-untyped-def]
    for segment in ctx.document.segments():
        ctx.execute(PutSegment(segment, None))


def test_mark_start_and_end_at_the_playhead(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("demo_interaction")
    _clear_segments(ctx)
    panel = SegmentsPanel(ctx)
    qtbot.addWidget(panel)
    row = panel.rows["play2"]
    ctx.set_position(1200)
    qtbot.mouseClick(row.mark_start, Qt.MouseButton.LeftButton)
    marked = ctx.document.segment_named("play2")
    assert marked is not None and marked.start_ms == 1200
    ctx.set_position(4321)
    qtbot.mouseClick(row.mark_end, Qt.MouseButton.LeftButton)
    marked = ctx.document.segment_named("play2")
    assert (marked.start_ms, marked.end_ms) == (1200, 4321)
    saved = load_annotations(ctx.store.path)
    assert [(s.segment, s.start_ms, s.end_ms) for s in saved.segments] == [("play2", 1200, 4321)]
    assert row.start.text() == "00:01.200" and row.end.text() == "00:04.321"
    assert row.length.text() == "3.1 s / 20.0 s"
    ctx.undo_stack.undo()
    assert ctx.document.segment_named("play2").end_ms != 4321


def test_marks_snap_to_frames(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    from coder.gui.edit_context import EditContext

    session = next(s for s in project.sessions if s.scheme == "demo_interaction")
    store = project.open_annotations("ana", session.code)
    frames = list(range(0, 8000, 40))
    ctx = EditContext(store, project.scheme("demo_interaction"), frame_times_ms=frames)
    _clear_segments(ctx)
    panel = SegmentsPanel(ctx)
    qtbot.addWidget(panel)
    ctx.set_position(1234)
    qtbot.mouseClick(panel.rows["play1"].mark_start, Qt.MouseButton.LeftButton)
    assert ctx.document.segment_named("play1").start_ms == 1200
    ctx.close()


def test_flags_only_where_the_scheme_allows_and_saved(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    panel = SegmentsPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.rows["ep4"].curtailed is not None and panel.rows["ep4"].extended is None
    assert panel.rows["ep5"].extended is not None and panel.rows["ep5"].curtailed is None
    assert panel.rows["ep8"].curtailed is None and panel.rows["ep8"].extended is None
    box = panel.rows["ep6"].curtailed
    was = ctx.document.segment_named("ep6").curtailed
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert ctx.document.segment_named("ep6").curtailed is (not was)
    saved = load_annotations(ctx.store.path)
    assert next(s for s in saved.segments if s.segment == "ep6").curtailed is (not was)


def test_click_name_seeks_to_start(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    panel = SegmentsPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(ctx.seek_requested) as blocker:
        qtbot.mouseClick(panel.rows["ep5"].name, Qt.MouseButton.LeftButton)
    assert blocker.args == [ctx.document.segment_named("ep5").start_ms]


def test_validation_shown_inline_and_remove(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("demo_interaction")
    panel = SegmentsPanel(ctx)
    qtbot.addWidget(panel)
    ctx.set_position(ctx.document.segment_named("play2").start_ms - 100)
    qtbot.mouseClick(panel.rows["play3"].mark_start, Qt.MouseButton.LeftButton)
    # play3 now starts inside play1: it overlaps and is out of scheme order
    assert any(text.startswith("play3:") for text in panel.problems.errors())
    assert "color" in panel.rows["play3"].name.styleSheet()
    assert panel.problems.isVisibleTo(panel)
    qtbot.mouseClick(panel.rows["play3"].remove, Qt.MouseButton.LeftButton)
    assert ctx.document.segment_named("play3") is None
    assert panel.problems.errors() == []
    assert panel.rows["play3"].start.text() == "–"
