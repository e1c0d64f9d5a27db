"""The ratings panel: scale clicks become saved ratings; composites and totals follow live."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.annotations.model import AnnotationHeader
from coder.gui.edit_context import EditContext
from coder.gui.panels.ratings_panel import RatingsPanel
from coder.scheme import load_scheme
from coder.shipped import shipped_schemes_dir
from coder.storage import load_annotations
from coder.storage.annotation_store import AnnotationStore


def _rating_on_disk(ctx, item: str, segment: str):  # type: ignore[no-untyped-def]
    saved = load_annotations(ctx.store.path)
    return next((r.value for r in saved.ratings if (r.item, r.segment) == (item, segment)), None)


def test_click_rates_the_segment_under_the_playhead_and_saves(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("demo_interaction")
    play2 = ctx.document.segment_named("play2")
    ctx.set_position(play2.start_ms + 10)
    panel = RatingsPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.segment_group is not None and panel.segment_group.segment == "play2"
    scale = panel.segment_group.scales["m_sensitivity"]
    qtbot.mouseClick(scale.button_for(7), Qt.MouseButton.LeftButton)
    assert ctx.document.rating("m_sensitivity", "play2").value == 7
    assert _rating_on_disk(ctx, "m_sensitivity", "play2") == 7
    assert scale.button_for(7).isChecked()


def test_composite_updates_live_with_reverse_keyed_item(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("demo_interaction")
    panel = RatingsPanel(ctx)
    qtbot.addWidget(panel)
    panel.choose_segment("play1")
    group = panel.segment_group
    assert group is not None
    qtbot.mouseClick(group.scales["m_sensitivity"].button_for(6), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(group.scales["m_intrusive"].button_for(2), Qt.MouseButton.LeftButton)
    # m_quality = mean(6, reversed 2 on 1–7 = 6) = 6
    assert "<b>6</b>" in group.summary.text()
    qtbot.mouseClick(group.scales["m_intrusive"].clear_button, Qt.MouseButton.LeftButton)
    assert ctx.document.rating("m_intrusive", "play1") is None
    assert _rating_on_disk(ctx, "m_intrusive", "play1") is None
    assert "NA (1 of 2 rated)" in group.summary.text()


def test_undo_restores_previous_rating(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("demo_interaction")
    panel = RatingsPanel(ctx)
    qtbot.addWidget(panel)
    panel.choose_segment("play3")
    before = ctx.document.rating("i_involvement", "play3")
    new_value = 1 if before is None or before.value != 1 else 2
    scale = panel.segment_group.scales["i_involvement"]  # type: ignore[union-attr]
    qtbot.mouseClick(scale.button_for(new_value), Qt.MouseButton.LeftButton)
    assert ctx.document.rating("i_involvement", "play3").value == new_value
    ctx.undo_stack.undo()
    assert ctx.document.rating("i_involvement", "play3") == before
    assert scale.value() == (before.value if before else None)
    assert _rating_on_disk(ctx, "i_involvement", "play3") == (before.value if before else None)


def test_follows_the_playhead_and_says_when_nothing_is_marked(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("demo_interaction")
    panel = RatingsPanel(ctx)
    qtbot.addWidget(panel)
    ctx.set_position(ctx.document.segment_named("play3").start_ms)
    assert panel.segment_group is not None and panel.segment_group.segment == "play3"
    ctx.set_position(ctx.duration_ms + 1000)
    assert panel.segment_group is None
    assert "No marked segment" in panel.note.text()


def test_sum_constraint_status(project, qtbot) -> None:  # type: ignore[no-untyped-def]
    scheme = load_scheme(shipped_schemes_dir() / "care_index.yaml")
    header = AnnotationHeader("ana", "S-CARE1", scheme.id, scheme.version, scheme.sha256)
    store = AnnotationStore.open(project.root / "care.json", header)
    ctx = EditContext(store, scheme, duration_ms=180000)
    panel = RatingsPanel(ctx)
    qtbot.addWidget(panel)
    segment = scheme.segments[0].id
    panel.choose_segment(segment)
    group = panel.segment_group
    assert group is not None
    qtbot.mouseClick(group.scales["A_SENSITIVE"].button_for(8), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(group.scales["A_CONTROLLING"].button_for(4), Qt.MouseButton.LeftButton)
    assert "12 / 14" in group.summary.text()
    qtbot.mouseClick(group.scales["A_UNRESPONSIVE"].button_for(2), Qt.MouseButton.LeftButton)
    assert "✓ Adult scales total 14: <b>14 / 14</b>" in group.summary.text()
    ctx.close()
