"""Session ▸ Suggest movement…: the drawn regions measured in the background, suggestions shown."""

from __future__ import annotations

from typing import Any

import pytest

from coder.assist import run
from coder.assist.motion import Region
from coder.assist.regions import save_regions
from coder.assist.store import allow_suggestions, load_suggestions, suggestions_allowed
from tests.gui.conftest import first_session, open_first


def test_movement_suggestions_run_in_the_background_from_the_drawn_regions(
    qtbot: Any, make_window: Any, answers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo videos hold little movement; which bursts are found is tested in tests/assist.
    monkeypatch.setattr(run, "bursts", lambda *_a, **_k: [(1000, 2000)])
    window = make_window("ana")
    session = first_session(window)
    project = window.project
    if not suggestions_allowed(project, session):
        allow_suggestions(project, session, by="lead", reason="trying the tool")
    open_first(qtbot, window, session)
    window.suggest_motion_action.trigger()  # no regions yet: said so, nothing runs
    assert answers.seen[-1][0] == "inform" and "Regions" in answers.seen[-1][2]
    save_regions(project, session, [Region(name="mother", x=0, y=0, w=0.5, h=1),
                                    Region(name="infant", x=0.5, y=0, w=0.5, h=1)], by="ana")
    answers.replies["choose"] = "Gaze to mother"  # offered by label
    window.suggest_motion_action.trigger()
    asked = [text for kind, _title, text in answers.seen if kind == "choose"]
    assert asked == ["Movement in region 'mother' becomes which code?",
                     "Movement in region 'infant' becomes which code?"]
    qtbot.waitUntil(lambda: window.suggestions is not None, timeout=60000)
    assert "2 movement suggestion(s)" in window.statusBar().currentMessage()
    found = load_suggestions(project, "ana", session)
    assert found and {s.provenance.tool for s in found} == {"motion-energy"}
    assert len(window.suggestions.states()) == len(found)
    assert project.load_annotations("ana", session) is None or not any(
        e.code == "gaze_mother" and e.start_ms == found[0].start_ms
        for e in project.load_annotations("ana", session).events
    )  # suggestions, not events
