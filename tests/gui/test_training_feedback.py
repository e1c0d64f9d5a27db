"""The trainee's feedback dialog shows every difference from the gold in the scheme's words."""

from __future__ import annotations

from dataclasses import replace

from coder.annotations.model import SessionStatus
from coder.gui.training_feedback import TrainingFeedbackDialog
from coder.project.project import Project
from coder.storage.annotation_file import save_annotations
from coder.training.feedback import training_feedback
from coder.training.gold import gold_record, mark_gold
from coder.training.queue import assign_training
from coder.training.settings import TrainingSettings, save_training_settings


def test_the_dialog_lists_the_differences(demo_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(demo_path)
    session = next(e.code for e in project.sessions if e.scheme == "demo_interaction")
    mark_gold(project, session, source="ana", by="lead", reason="expert")
    project.add_coder("tia")
    assign_training(project, "tia", [session])
    save_training_settings(project, TrainingSettings(feedback=True), by="lead")
    gold = gold_record(project, session)
    assert gold is not None
    events = tuple(
        replace(e, code="gaze_away") if e.code == "gaze_mother" else e
        for e in gold.annotations.events
    )
    header = replace(gold.annotations.header, coder="tia")
    save_annotations(
        project.annotation_path("tia", session),
        replace(gold.annotations, header=header, events=events, status=SessionStatus.COMPLETE),
    )
    feedback = training_feedback(project, "tia", session)
    dialog = TrainingFeedbackDialog(feedback)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(feedback.items) > 0
    shown = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert "Gaze to mother" in shown
