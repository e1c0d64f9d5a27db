"""The analysis view shows the core's figure and the same lag numbers as ``coder analyze``."""

from __future__ import annotations

import json

from coder.cli import main


def test_view_and_cli_give_the_same_numbers(project, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coder.gui.lead.analysis_view import AnalysisView

    view = AnalysisView(project)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.figure.pixmap() is not None and not view.figure.pixmap().isNull(), timeout=30000)
    from coder.analysis.plots.session_figure import load_session, session_lag

    def finite_cells(code: str) -> int:
        annotations, scheme, _ = load_session(project, code, "ana")
        return int(session_lag(annotations, scheme, "infant_affect").adjusted_residuals.notna().to_numpy().sum())

    # The session whose table has the most defined residuals (the demo's sessions are short).
    coded = [a.session for a in project.assignments_of("ana")
             if project.session(a.session).scheme == "demo_interaction"]
    session = max(coded, key=finite_cells)

    def choose(combo, text: str) -> None:  # type: ignore[no-untyped-def]
        if combo.currentText() != text:  # a change redraws; wait for the newest figure
            with qtbot.waitSignal(view.refreshed, timeout=30000):
                combo.setCurrentText(text)

    choose(view.session, session)
    choose(view.stream, "infant_affect")
    choose(view.coder, "ana")
    assert not view.figure.pixmap().isNull()
    shown = [[view.table.item(i, j).text() for j in range(view.table.columnCount())]
             for i in range(view.table.rowCount())]
    spec = tmp_path / "one.yaml"
    spec.write_text(f"name: one\nscheme: demo_interaction\nsource: [ana]\nsessions: [{session}]\n"
                    "lag: [{name: affect, streams: [infant_affect]}]\nbudget: null\n")
    out = tmp_path / "r.json"
    assert main(["analyze", str(project.root), "--spec", str(spec), "--json", str(out)]) == 0
    table = json.loads(out.read_text())["lag"]["affect"]
    from_cli = [["—" if z is None else f"{z:.2f} ({int(n)})" for z, n in zip(zr, nr, strict=True)]
                for zr, nr in zip(table["adjusted_residuals"], table["counts"], strict=True)]
    assert shown == from_cli
    assert any(cell != "—" for row in shown for cell in row)
    choose(view.kind, "lag")
    assert not view.figure.pixmap().isNull()
