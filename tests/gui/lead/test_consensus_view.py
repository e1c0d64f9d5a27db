"""The consensus view: disagreements listed, decisions recorded through the consensus API."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.gui.lead.consensus_view import ConsensusView
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
