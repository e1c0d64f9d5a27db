"""The lead's training dashboard: certification and drift per coder, accuracy of the selected
coder against the gold — the figures of coder certify and coder drift."""

from __future__ import annotations

from dataclasses import replace

from coder.annotations.model import SessionStatus
from coder.gui.lead.training_view import TrainingView
from coder.project.project import Project
from coder.storage.annotation_file import save_annotations
from coder.training.certification import certify
from coder.training.gold import gold_record, mark_gold
from coder.training.queue import assign_training
from coder.training.settings import DriftSettings, TrainingSettings, save_training_settings


def _trained(project: Project) -> Project:
    sessions = [e.code for e in project.sessions if e.scheme == "demo_interaction"]
    for session in sessions:
        mark_gold(project, session, source="ana", by="lead", reason="expert")
    project.add_coder("tia", "Tia Trainee")
    assign_training(project, "tia", sessions[:2])
    for day, session in enumerate(sessions[:2], start=1):
        gold = gold_record(project, session)
        assert gold is not None
        record = gold.annotations
        header = replace(record.header, coder="tia", modified=f"2026-11-0{day}T09:00:00Z")
        save_annotations(
            project.annotation_path("tia", session),
            replace(record, header=header, status=SessionStatus.COMPLETE),
        )
    # A rule so strict that Ben's reliability sessions with Ana raise an alarm.
    strict = TrainingSettings(drift=DriftSettings(in_control=0.999, shift=0.01, sd=0.01, h=0.5))
    save_training_settings(project, strict, by="lead")
    return project


def _open(project: Project, qtbot) -> TrainingView:  # type: ignore[no-untyped-def]
    view = TrainingView(project)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=60000):
        pass
    return view


def test_status_and_alarms_per_coder(project, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _open(_trained(project), qtbot)
    rows = {
        view.coders.item(r, 0).toolTip(): [
            view.coders.item(r, c).text() for c in range(view.coders.columnCount())
        ]
        for r in range(view.coders.rowCount())
    }
    assert rows["tia"][0] == "Tia Trainee"
    assert rows["tia"][1] == certify(project, "tia").status == "certified"
    assert rows["tia"][3] == "2 scored, 0 to do"
    assert rows["ben"][5].startswith("since ")
    assert "CUSUM" in view.rule.text()


def test_selecting_a_coder_shows_accuracy_and_confusions(project, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _open(_trained(project), qtbot)
    tia = next(r for r in range(view.coders.rowCount()) if view.coders.item(r, 0).toolTip() == "tia")
    view.coders.selectRow(tia)
    assert "2 scored gold sessions" in view.detail.text()
    assert view.chart.rows and all(p.kappa == 1.0 for r in view.chart.rows for p in r.points if p.kappa is not None)
    assert view.confusions.rowCount() == 0  # a perfect trainee confuses nothing
