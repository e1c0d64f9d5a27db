"""The reliability view shows the project's reliability report (the CLI's), computed in the
background when it opens, with flags, parameters, disagreements and the save buttons."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from coder.gui.lead.reliability_view import ReliabilityView
from coder.gui.lead.rows_model import FigureRow, FigureRowsModel
from coder.reliability.report import Figure, ReliabilityReport


def _open(project, qtbot, **params) -> ReliabilityView:  # type: ignore[no-untyped-def]
    """The view on ``project``, its first (automatic) report awaited, then recomputed with
    ``params`` (unit, tolerance, bootstrap, seed) when any are given."""
    view = ReliabilityView(project)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=60000):
        pass
    if params:
        for name, value in params.items():
            getattr(view, name).setValue(value)
        with qtbot.waitSignal(view.computed, timeout=60000):
            qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    return view


def test_report_computed_on_opening(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    view = _open(project, qtbot)
    report = view.report
    assert isinstance(report, ReliabilityReport), answers.seen
    shown = {(r.what, r.statistic) for r in view.timed_model.rows}
    title = project.scheme("demo_interaction").title  # the scheme's words, not its ids
    assert (f"{title} · Infant gaze", "time-unit κ") in shown
    assert (f"{title} · Infant gaze", "event κ") in shown
    assert (f"{title} · Maternal touch: Affectionate touch", "event %") in shown
    places = {view.disagreement_table.item(r, 3).text() for r in range(view.disagreement_table.rowCount())}
    assert "Infant gaze" in places and not any("@" in place for place in places)
    assert "demo_interaction" not in view.caution.text()
    assert view.sessions_model.rowCount() > view.timed_model.rowCount()
    assert {"ICC(A,1)", "weighted κ", "α ordinal"} <= {r.statistic for r in view.ratings_model.rows}
    assert view.class_model.rows and view.class_model.rows[0].statistic == "κ"
    assert view.disagreement_table.rowCount() == len(report.disagreements) > 0
    assert view.drift_table.rowCount() == len(report.drift.points)
    # the parameters are stated, and the demo's few sessions draw a caution
    settings = project.data.settings
    assert f"±{settings.tolerance_ms} ms" in view.summary.text()
    assert f"{settings.unit_ms} ms units" in view.summary.text()
    assert view.parameter_table.rowCount() >= 20
    assert not view.caution.isHidden() and "degenerate" in view.caution.text()
    assert view.compute_button.isEnabled() and all(b.isEnabled() for b in view.save_buttons)


def test_parameters_are_used(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    view = _open(project, qtbot, tolerance=500, bootstrap=0, seed=3)
    assert view.report is not None
    p = view.report.parameters
    assert (p.tolerance_ms, p.bootstrap, p.seed) == (500, 0, 3)
    assert "±500 ms" in view.summary.text()
    assert all(r.figure.ci_low is None for r in view.timed_model.rows)
    assert view.caution.isHidden()  # no bootstrap, no degenerate CIs


def test_below_threshold_rows_are_flagged(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    project.update_settings(icc_threshold=0.99)
    view = _open(project, qtbot)
    flagged = view.below_threshold()
    assert any(row.statistic == "ICC(A,1)" for row in flagged)
    row = next(i for i, r in enumerate(view.ratings_model.rows) if r.below)
    assert view.ratings_model.text(row, 2).endswith("▼")
    index = view.ratings_model.index(row, 0)
    assert view.ratings_model.data(index, Qt.ItemDataRole.BackgroundRole) is not None


def test_missing_estimate_shows_its_note() -> None:
    model = FigureRowsModel(
        [FigureRow("x", "event κ", Figure(statistic="kappa", estimate=None, n=3, note="one code"))]
    )
    assert model.text(0, 2) == "–" and model.text(0, 7) == "one code"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None


def test_pooled_figures_equal_the_cli(project, qtbot, answers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from coder.cli import main

    out = tmp_path / "r.json"
    assert main(["reliability", str(project.root), "--json", str(out), "--bootstrap", "200"]) == 0
    cli = json.loads(out.read_text(encoding="utf-8"))
    view = _open(project, qtbot, bootstrap=200)
    shown = {(r.what, r.statistic): r.figure for r in view.timed_model.rows}
    compared = 0
    for t in cli["timed"]:
        if t["code"] is not None:
            continue
        what = f"{project.scheme(t['scheme']).title} · {t['label']}"
        for key, statistic in (("unit_exact", "time-unit κ"), ("event", "event κ")):
            if (what, statistic) not in shown:
                continue
            figure = shown[(what, statistic)]
            expected = t[key]
            assert (figure.estimate, figure.ci_low, figure.ci_high, figure.n) == (
                expected["estimate"],
                expected["ci_low"],
                expected["ci_high"],
                expected["n"],
            ), (what, statistic)
            compared += 1
    assert compared >= 4


def test_save_buttons_write_the_report(project, qtbot, answers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = _open(project, qtbot, bootstrap=0)
    view.save_html(tmp_path / "r.html")
    view.save_json(tmp_path / "r.json")
    written = view.save_csv(tmp_path / "csv")
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["format"]
    assert written and all(p.exists() for p in written)


def test_double_click_opens_consensus(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    from coder.gui.lead import lead_actions

    window = QWidget()
    qtbot.addWidget(window)
    actions = lead_actions(window, project)
    actions[0].trigger()
    view = window.findChild(QWidget, "lead-reliability")
    assert isinstance(view, ReliabilityView)
    with qtbot.waitSignal(view.computed, timeout=60000):
        pass
    assert view.report is not None
    index = next(i for i, d in enumerate(view.report.disagreements) if d.kind == "event")
    item = view.report.disagreements[index]
    consensus = view.open_consensus(index)
    assert "ask" not in answers.kinds()  # a double-click is the request: no question
    assert consensus is window.findChild(QWidget, "lead-consensus")
    assert consensus.session() == item.session  # type: ignore[union-attr]
    current = consensus.current()  # type: ignore[union-attr]
    assert current is not None and (current.stream, current.time_ms) == (item.row, item.time_ms)


def test_lead_actions_open_views(project, qtbot) -> None:  # type: ignore[no-untyped-def]
    from coder.gui.lead import lead_actions

    window = QWidget()
    qtbot.addWidget(window)
    actions = lead_actions(window, project)
    assert [a.text() for a in actions] == [
        "&Reliability…", "&Consensus…", "&Export dataset…", "&Training and drift…", "&Analysis plots…"
    ]
    for action in actions:
        action.trigger()
    names = {w.objectName() for w in window.findChildren(QWidget) if w.isWindow()}
    assert {"lead-reliability", "lead-consensus", "lead-export", "lead-training", "lead-analysis"} <= names
    actions[0].trigger()  # the same window again, not a second one
    assert len([w for w in window.findChildren(QWidget) if w.objectName() == "lead-reliability"]) == 1
    view = window.findChild(QWidget, "lead-reliability")
    with qtbot.waitSignal(view.computed, timeout=60000):  # let its report finish
        pass


def test_an_unknown_coder_is_an_error_not_an_empty_report(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    view = _open(project, qtbot)
    shown = view.report
    view.coders.setText("ana, zed")
    assert view.start() is False
    assert answers.seen[-1][0] == "error" and "zed" in answers.seen[-1][2]
    assert view.report is shown and view.compute_button.isEnabled()


def test_an_estimate_is_shown_on_the_side_of_the_threshold_it_is_flagged() -> None:
    from coder.gui.lead.rows_model import FigureRowsModel

    just_under = Figure(statistic="weighted_kappa", estimate=0.5983, n=40, threshold=0.60, below_threshold=True)
    clearly = Figure(statistic="weighted_kappa", estimate=0.4512, n=40, threshold=0.60, below_threshold=True)
    model = FigureRowsModel([FigureRow("a", "weighted κ", just_under), FigureRow("b", "weighted κ", clearly)])
    assert model.text(0, 2) == "0.598  ▼"  # not "0.60 ▼" under a 0.60 threshold
    assert model.text(1, 2) == "0.45  ▼"
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert "0.5983 is below the lab's threshold of 0.60" in tip and "more decimals" in tip
