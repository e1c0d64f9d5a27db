"""The consensus view: disagreements listed, decisions recorded through the consensus API."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from coder.gui.lead.consensus_view import ConsensusView
from coder.gui.lead.consensus_words import span_of
from coder.project import read_audit
from coder.project.consensus import DecisionKind, load_consensus
from coder.reliability.disagreements import DisagreementKind


def _view(project, qtbot) -> ConsensusView:  # type: ignore[no-untyped-def]
    view = ConsensusView(project, lead="lena")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def _index(view: ConsensusView, kind: DisagreementKind) -> int:
    return next(i for i, item in enumerate(view.items) if item.kind is kind)


def _record(view: ConsensusView, qtbot, button, reason: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not view.record_button.isEnabled()  # a reason is required
    view.reason.setText(reason)
    assert view.record_button.isEnabled()
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.saving, timeout=10000)  # written off the GUI thread


def test_accept_edit_and_no_consensus_round_trip(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    session = next(s.code for s in project.sessions if s.scheme == "ssp")
    originals = {c: project.annotation_path(c, session).read_bytes() for c in ("ana", "ben")}
    view = _view(project, qtbot)
    view.choose_session(session)
    assert view.coders() == ["ana", "ben"]
    assert view.items and view.timelines.records[0][0] == "ana"
    ratings = [i for i, item in enumerate(view.items) if item.kind is DisagreementKind.RATING]

    first = view.items[ratings[0]]
    view.select(ratings[0])
    _record(view, qtbot, view.accept_b, "ben saw the approach at 0:42")
    record = load_consensus(project, session)
    assert record is not None and record.lead == "lena"
    decision = record.decisions[-1]
    assert (decision.kind, decision.chosen_coder, decision.who) == (DecisionKind.ACCEPT_SIDE, "ben", "lena")
    assert decision.reason == "ben saw the approach at 0:42"
    agreed = next(r for r in record.annotations.ratings if (r.item, r.segment) == (first.item, first.segment))
    assert agreed.value == first.value_of("ben")
    assert "took ben" in view.list.topLevelItem(ratings[0]).text(2)

    second = view.items[ratings[1]]
    view.select(ratings[1])
    qtbot.mouseClick(view.edit, Qt.MouseButton.LeftButton)
    assert view.editor is not None and view.editor.isEnabled()
    view.editor.value_box.setCurrentIndex(view.editor.value_box.findData(7))
    view.reason.setText("conference: clear avoidance")
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.saving, timeout=10000)  # written off the GUI thread
    record = load_consensus(project, session)
    agreed = next(r for r in record.annotations.ratings if (r.item, r.segment) == (second.item, second.segment))
    assert agreed.value == 7 and record.decisions[-1].kind is DecisionKind.EDIT

    view.select(_index(view, DisagreementKind.CLASSIFICATION))
    _record(view, qtbot, view.no_consensus, "tape quality too poor in ep8")
    record = load_consensus(project, session)
    assert record.decisions[-1].kind is DecisionKind.NO_CONSENSUS
    assert len(record.decisions) == 3
    actions = [entry["action"] for entry in read_audit(project.audit_path)]
    assert actions.count("consensus_decision") == 3 and "consensus_started" in actions
    assert "3 decided" in view.status.text()
    assert {c: project.annotation_path(c, session).read_bytes() for c in originals} == originals


def test_event_disagreement_accept_side(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    view = _view(project, qtbot)
    index = _index(view, DisagreementKind.EVENT)
    item = view.items[index]
    view.select(index)
    assert view.timelines.mark is not None
    _record(view, qtbot, view.accept_b, "ben's onset matches the frame")
    record = load_consensus(project, view.session())
    ben = item.value_of("ben")
    if ben is not None:
        assert any(e.id == ben["id"] for e in record.annotations.events)
    ana = item.value_of("ana")
    if ana is not None and ben is None:
        assert all(e.id != ana["id"] for e in record.annotations.events)


def test_the_workspace_decides_by_keyboard_with_the_video_looping(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from coder.gui.lead import lead_actions

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    consensus_action = next(a for a in lead_actions(window, project, lead="lena") if "Consensus" in a.text())
    consensus_action.trigger()
    view = window.findChild(QWidget, "lead-consensus")
    assert view.isMaximized() or view.windowState() & Qt.WindowState.WindowMaximized  # full size
    session = next(s.code for s in project.sessions if s.scheme == "demo_interaction")
    view.choose_session(session)
    qtbot.waitUntil(lambda: view.player.controller is not None, timeout=20000)  # the session's video
    assert "lena" in view.lead_label.text()  # who opened the project, not the operating system's user
    events = [i for i, item in enumerate(view.items) if item.kind is DisagreementKind.EVENT]
    view.select(events[0])
    item = view.items[events[0]]
    where = view.list.topLevelItem(events[0])
    assert not any(raw in where.text(0) + where.text(1) for raw in (item.stream, "gaze_", "touch_", "affect_"))
    start, end = span_of(item)
    loop = view.player.looping
    assert loop is not None and loop[0] <= start and loop[1] >= end and view.player.controller.playing
    view.player.controller.seek_ms(loop[1] + 40)  # past the span: back to its start
    qtbot.waitUntil(lambda: view.player.controller.current_ms < loop[1], timeout=5000)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_B)
    assert view.accept_b.isChecked() and view.reason.hasFocus()
    qtbot.keyClicks(view.reason, "ben's timing matches the video")
    qtbot.keyClick(view.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.saving, timeout=10000)  # written off the GUI thread
    record = load_consensus(project, session)
    assert record is not None and record.decisions[-1].who == "lena" and record.decisions[-1].chosen_coder == "ben"
    assert not view.reason.hasFocus() and QApplication.focusWidget() is view.list  # back to the list
    assert view.current() is not item  # on to the next undecided disagreement
    qtbot.keyClick(view.list, Qt.Key.Key_N)
    qtbot.keyClicks(view.reason, "cannot tell")
    qtbot.keyClick(view.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.saving, timeout=10000)  # written off the GUI thread
    assert load_consensus(project, session).decisions[-1].kind is DecisionKind.NO_CONSENSUS
    assert "2 decided" in view.status.text()
    view.close()


def test_decisions_queued_when_the_lead_moves_on_or_closes_are_all_saved(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ssp = [s.code for s in project.sessions if s.scheme == "ssp"]
    view = _view(project, qtbot)
    view.choose_session(ssp[0])
    ratings = [i for i, item in enumerate(view.items) if item.kind is DisagreementKind.RATING][:3]
    for index in ratings:  # three decisions in a row, without waiting for the writes
        view.select(index)
        qtbot.mouseClick(view.accept_a, Qt.MouseButton.LeftButton)
        view.reason.setText(f"decision {index}")
        qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    view.choose_session(ssp[1])  # the lead moves on at once
    view.select(next(i for i, item in enumerate(view.items) if item.kind is DisagreementKind.RATING))
    qtbot.mouseClick(view.accept_b, Qt.MouseButton.LeftButton)
    view.reason.setText("other session")
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    view.close()  # closing writes whatever is still queued
    first, second = load_consensus(project, ssp[0]), load_consensus(project, ssp[1])
    assert first is not None and [d.reason for d in first.decisions] == [f"decision {i}" for i in ratings]
    assert second is not None and [d.reason for d in second.decisions] == ["other session"]


def test_a_record_that_fails_the_door_check_is_a_message_not_a_traceback(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    import json

    session = next(s.code for s in project.sessions if s.scheme == "ssp")
    path = project.annotation_path("ben", session)
    data = json.loads(path.read_bytes())
    data["ratings"][0]["value"] = 99
    path.write_text(json.dumps(data))
    view = _view(project, qtbot)
    view.choose_session(session)
    text = view.problems.text()
    assert view.problems.isVisibleTo(view) and f"{session}.json" in text and "ben" in text
    assert "ratings[0].value = 99" in text and "restore the file from its backup" in text
    assert view.items  # the valid part is still compared
    assert all(item.value_of("ben") != 99 for item in view.items if item.kind is DisagreementKind.RATING)

    path.write_text('{"format": "coder-annotations", "ratings": [')  # cut off mid-write
    view.reload()
    text = view.problems.text()
    assert "cannot be read" in text and f"{session}.json" in text and "Traceback" not in text
    assert view.items == [] and [name for name, _r in view.timelines.records] == ["ana"]
    assert "error" not in answers.kinds()


def test_stepping_between_disagreements_refills_the_editor_it_can(project, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from coder.gui.lead.decision_editor import DecisionEditor

    view = _view(project, qtbot)
    session = next(s.code for s in project.sessions if s.scheme == "ssp")
    view.choose_session(session)
    ratings = [i for i, item in enumerate(view.items) if item.kind is DisagreementKind.RATING]
    first, second = next((a, b) for a in ratings for b in ratings
                         if a < b and view.items[a].item == view.items[b].item)
    view.select(first)
    editor = view.editor
    view.select(second)
    assert view.editor is editor and not editor.isEnabled()  # the same widgets, refilled
    item = view.items[second]
    assert editor.item is item
    assert editor.value_box.currentData() == next(v for _c, v in item.values if v is not None)
    other = next(i for i in ratings if view.items[i].item != item.item)
    view.select(other)
    assert view.editor is not editor  # other fields: a new editor

    # an event of the same stream is refilled too, and its edited value is the new one's
    session = next(s.code for s in project.sessions if s.scheme == "demo_interaction"
                   and any(i.kind is DisagreementKind.EVENT for i in (view.choose_session(s.code), view.items)[1]))
    event = next(i for i in view.items if i.kind is DisagreementKind.EVENT)
    moved = [v and {**v, "start_ms": v["start_ms"] + 400} for v in (event.value_a, event.value_b)]
    later = replace(event, value_a=moved[0], value_b=moved[1])
    scheme = project.scheme_for(session)
    editor = DecisionEditor(scheme, event)
    qtbot.addWidget(editor)
    assert editor.reuse_for(scheme, later) and editor.item is later
    seed = next(v for _c, v in later.values if v is not None)
    assert editor.value()[0].start_ms == seed["start_ms"] and editor.value()[0].code == seed["code"]
