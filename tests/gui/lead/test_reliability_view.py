"""The reliability view computes in the background and shows tables, flags and disagreements."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.gui.lead.reliability_view import ReliabilityView


def test_computes_tables_and_disagreements(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    view = ReliabilityView(project)
    qtbot.addWidget(view)
    assert (view.coder_a.currentData(), view.coder_b.currentData()) == ("ana", "ben")
    assert view.session_box.count() == 6
    view.choose_session(project.sessions[0].code)
    view.tolerance.setValue(500)
    with qtbot.waitSignal(view.computed, timeout=30000):
        qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    result = view.result
    assert result is not None, answers.seen
    assert result.params.tolerance_ms == 500 and "±500 ms" in view.parameters.text()
    statistics = {(r.what, r.statistic) for r in result.timed}
    assert ("Infant gaze", "time-unit κ") in statistics and ("Infant gaze", "event κ") in statistics
    assert ("Maternal touch", "time-unit κ") not in statistics  # not an exclusive stream
    assert view.timed_model.rowCount() == len(result.timed)
    assert {r.statistic for r in result.ratings} == {"ICC(A,1)", "α ordinal"}
    assert result.classification and result.classification[0].statistic == "κ (major)"
    assert view.disagreement_list.count() == len(result.disagreements)
    assert view.compute_button.isEnabled()


def test_below_threshold_rows_are_flagged(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    project.data = project.data.model_copy(
        update={"settings": project.data.settings.model_copy(update={"icc_threshold": 0.99})}
    )
    view = ReliabilityView(project)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.start()
    flagged = view.below_threshold()
    assert flagged and all(row.statistic == "ICC(A,1)" or row.below for row in flagged)
    row = next(i for i, r in enumerate(view.ratings_model.rows) if r.below)
    assert view.ratings_model.text(row, 2).endswith("▼")
    assert view.ratings_model.data(view.ratings_model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is not None


def test_lead_actions_open_views(project, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from coder.gui.lead import lead_actions

    window = QWidget()
    qtbot.addWidget(window)
    actions = lead_actions(window, project)
    assert [a.text() for a in actions] == ["&Reliability…", "&Consensus…", "&Export dataset…"]
    for action in actions:
        action.trigger()
    names = {w.objectName() for w in window.findChildren(QWidget) if w.isWindow()}
    assert {"lead-reliability", "lead-consensus", "lead-export"} <= names
    actions[0].trigger()  # the same window again, not a second one
    assert len([w for w in window.findChildren(QWidget) if w.objectName() == "lead-reliability"]) == 1
