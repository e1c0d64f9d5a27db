"""The Strange Situation panel: episodes, the per-episode scale grid and the classification tab."""

from __future__ import annotations

from coder.gui.panels import coding_panels
from coder.gui.panels.ssp_panel import SspPanel
from coder.storage import load_annotations


def _pick(combo, data) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_ssp_panel_scale_grid_rates(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    panel = SspPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.scales is not None and panel.episodes is not None
    assert panel.scales.columns == ["ep2", "ep3", "ep4", "ep5", "ep6", "ep7", "ep8"]
    assert ("SE", "ep5") not in panel.scales.cells
    cell = panel.scales.cells[("AV_M", "ep5")]
    _pick(cell, 7)
    assert ctx.document.rating("AV_M", "ep5").value == 7
    assert next(r.value for r in load_annotations(ctx.store.path).ratings if r.key == ("AV_M", "ep5")) == 7
    _pick(cell, None)
    assert ctx.document.rating("AV_M", "ep5") is None


def test_panels_follow_the_scheme(open_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ssp = [title for title, _ in coding_panels(open_ctx("ssp"))]
    assert ssp == ["Attachment classification", "Ratings"]
    free = coding_panels(open_ctx("demo_interaction"))
    assert [title for title, _ in free] == ["Segments", "Ratings"]
    for _, widget in free:
        qtbot.addWidget(widget)
