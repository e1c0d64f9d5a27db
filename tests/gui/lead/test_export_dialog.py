"""The export dialog runs ``run_export`` in the background and shows what it wrote."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.gui.lead.export_dialog import ExportDialog, shipped_specs_dir


def test_runs_an_export_and_lists_files(project, qtbot, answers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.choose_spec(shipped_specs_dir() / "demo_long.yaml")
    assert dialog.format_boxes["csv"].isChecked()
    dialog.format_boxes["xlsx"].setChecked(True)
    dialog.out_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export_result is not None, answers.seen
    names = [dialog.files.item(i).text() for i in range(dialog.files.count())]
    assert {"demo_long.csv", "demo_long.xlsx", "manifest.json"} <= set(names)
    assert (tmp_path / "out" / "demo_long.csv").exists()
    assert dialog.progress.value() == 1000
    assert dialog.export_button.isEnabled()


def test_error_is_shown_not_raised(project, qtbot, answers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (project.root / "key.csv").write_text("session,participant\nS-NOPE,P1\n", encoding="utf-8")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.choose_spec(shipped_specs_dir() / "demo_long.yaml")
    dialog.out_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export_result is None
    assert answers.kinds() == ["error"]
    assert "failed" in dialog.summary.text()


def test_motion_variables_from_the_drawn_regions(project, qtbot, answers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coder.assist.motion import Region
    from coder.assist.regions import save_regions

    session = next(s.code for s in project.sessions if s.scheme == "demo_interaction")
    save_regions(project, session, [Region(name="mother", x=0, y=0, w=0.5, h=1),
                                    Region(name="infant", x=0.5, y=0, w=0.5, h=1)], by="lead")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.choose_spec(shipped_specs_dir() / "demo_motion.yaml")
    dialog.out_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export_result is not None, answers.seen
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert any("no region 'mother', 'infant' drawn" in n for n in notes)  # the other sessions
    assert "motion_mother_mean" in (tmp_path / "out" / "demo_motion.csv").read_text(encoding="utf-8")


def test_an_unfinished_consensus_is_refused_in_words(project, qtbot, answers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coder.project.consensus import DecisionKind, record_decision, start_consensus
    from coder.reliability.disagreements import disagreements

    session = next(s.code for s in project.sessions if s.scheme == "demo_interaction" and len(project.coders_of(s.code)) == 2)
    items = disagreements(project, session, ["ana", "ben"])
    record = start_consensus(project, session, ["ana", "ben"], "lead")
    record_decision(project, record, who="lead", kind=DecisionKind.ACCEPT_SIDE, target=items[0].target,
                    chosen_coder="ben", reason="clearer on video")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.progress.isVisible()  # no empty bar that reads as a text field
    dialog.choose_spec(shipped_specs_dir() / "demo_long.yaml")
    dialog.out_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export_result is None and answers.kinds() == ["error"]
    assert f"{session} (1 of {len(items)} disagreements decided)" in answers.seen[0][2]
    assert not (tmp_path / "out" / "demo_long.csv").exists()
