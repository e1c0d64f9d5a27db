"""Stepping through machine suggestions by key: next, adjust, accept (undoable), reject."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from coder.annotations.model import new_id
from coder.assist import Decision, Provenance, Suggestion, allow_suggestions
from coder.assist.store import read_decisions, save_run
from coder.project.project import Project
from tests.gui.conftest import first_session, open_first

TOOL = Provenance(tool="silero-vad", version="6", parameters={"threshold": 0.5})


def _with_suggestions(path: Any) -> str:
    project = Project.open(path)
    session = next(
        a.session for a in project.assignments_of("ana")
        if project.session(a.session).scheme == "demo_interaction"
    )
    allow_suggestions(project, session, by="lead", reason="trying the tool")
    save_run(project, "ana", session, TOOL, [
        Suggestion(id=new_id(), code="gaze_mother", start_ms=start, end_ms=start + 600,
                   confidence=0.9, provenance=TOOL)
        for start in (400, 2000, 3600)
    ])
    return session


def test_step_accept_and_reject_by_key(qtbot: Any, make_window: Any, demo_path: Any) -> None:
    session = _with_suggestions(demo_path)
    window = make_window("ana")
    open_first(qtbot, window, session)
    controller = window.suggestions
    assert controller is not None
    qtbot.keyClick(window, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    first = controller.selected
    assert first is not None and first.start_ms == 400
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = window.project.load_annotations("ana", session)
    accepted = [e for e in saved.events if e.start_ms == 400 and e.code == "gaze_mother"]
    assert len(accepted) == 1 and accepted[0].end_ms == 1000
    assert controller.selected is not None and controller.selected.start_ms == 2000
    qtbot.keyClick(window, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    states = {s.suggestion.start_ms: s.decision for s in controller.states()}
    assert states == {400: Decision.ACCEPTED, 2000: Decision.REJECTED, 3600: Decision.PENDING}
    assert [d.action for d in read_decisions(window.project, "ana", session)] == ["accept", "reject"]
    window.session.ctx.undo_stack.undo()  # undoing the accept returns it to pending
    states = {s.suggestion.start_ms: s.decision for s in controller.states()}
    assert states[400] is Decision.PENDING


def test_sessions_without_suggestions_show_no_panel(qtbot: Any, make_window: Any) -> None:
    window = make_window("ana")
    open_first(qtbot, window, first_session(window))
    assert window.suggestions is None
