"""Suggestions become events only through the accept command, with provenance and audit."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event, new_id
from coder.assist import Decision, Provenance, Suggestion, SuggestionQueue
from coder.assist.store import (
    allow_suggestions,
    decisions_path,
    load_suggestions,
    read_decisions,
    save_run,
)
from coder.errors import WorkflowError
from coder.project import Project
from coder.project.audit_log import read_audit

TOOL = Provenance(tool="test-tool", version="0.1", parameters={"threshold": 0.5})


def _suggestions(n: int, code: str = "gaze_mother", start: int = 1000) -> list[Suggestion]:
    return [
        Suggestion(
            id=new_id(), code=code, start_ms=start + 2000 * i, end_ms=start + 2000 * i + 800,
            confidence=0.9, provenance=TOOL,
        )
        for i in range(n)
    ]


def _sessions(project: Project) -> tuple[str, str]:
    codes = sorted(s.code for s in project.sessions)
    sampled = next(a.session for a in project.data.assignments if a.role == "reliability")
    return next(c for c in codes if c != sampled), sampled


def test_accepting_adds_an_event_with_provenance_and_audit(project: Project) -> None:
    solo, _ = _sessions(project)
    save_run(project, "ana", solo, TOOL, _suggestions(3))
    store = project.open_annotations("ana", solo)
    queue = SuggestionQueue(project, store)
    first = queue.next_pending()
    assert first is not None
    event = queue.accept(first, end_ms=first.end_ms + 40)  # adjusted before accepting
    saved = project.load_annotations("ana", solo)
    assert saved is not None and event in saved.events
    (decision,) = read_decisions(project, "ana", solo)
    assert decision.action == "accept" and decision.event_id == event.id and decision.edited
    assert decision.tool == "test-tool" and decision.parameters == {"threshold": 0.5}
    audit = [e for e in read_audit(project.audit_path) if e["action"] == "suggestion_accepted"]
    assert audit[-1]["event"] == event.id and audit[-1]["actor"] == "ana"
    states = {s.suggestion.id: s.decision for s in queue.states()}
    assert states[first.id] is Decision.ACCEPTED


def test_undo_returns_the_suggestion_to_pending_and_rejects_are_kept(project: Project) -> None:
    solo, _ = _sessions(project)
    save_run(project, "ana", solo, TOOL, _suggestions(2))
    store = project.open_annotations("ana", solo)
    queue = SuggestionQueue(project, store)
    first, second = queue.suggestions
    event = queue.accept(first)
    AddEvent(event).revert(store.document)  # what the editor's undo does
    assert {s.suggestion.id: s.decision for s in queue.states()}[first.id] is Decision.PENDING
    queue.reject(second)
    assert [d.action for d in read_decisions(project, "ana", solo)] == ["accept", "reject"]
    assert queue.next_pending() == first


def test_reliability_sessions_get_no_suggestions_unless_allowed(project: Project) -> None:
    _, sampled = _sessions(project)
    with pytest.raises(WorkflowError, match="reliability sample"):
        save_run(project, "ana", sampled, TOOL, _suggestions(1))
    allow_suggestions(project, sampled, by="lead", reason="pilot of the tool")
    save_run(project, "ana", sampled, TOOL, _suggestions(1))
    assert len(load_suggestions(project, "ana", sampled)) == 1
    audit = [e for e in read_audit(project.audit_path) if e["action"] == "suggestions_allowed"]
    assert audit[-1]["session"] == sampled and audit[-1]["reason"] == "pilot of the tool"


def test_a_suggestion_file_placed_on_a_sample_session_shows_nothing(project: Project) -> None:
    solo, sampled = _sessions(project)
    path = save_run(project, "ana", solo, TOOL, _suggestions(2))
    target = path.with_name(f"{sampled}.json")
    data = json.loads(path.read_text())
    data["session"] = sampled
    target.write_text(json.dumps(data))
    assert load_suggestions(project, "ana", sampled) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(st.sampled_from(["accept", "reject", "edit", "undo"]), max_size=12))
def test_no_event_reaches_the_record_without_an_accept_and_its_audit_entry(
    project: Project, actions: list[str]
) -> None:
    solo, _ = _sessions(project)
    project.annotation_path("ana", solo).unlink(missing_ok=True)  # each example starts afresh
    decisions_path(project, "ana", solo).unlink(missing_ok=True)
    save_run(project, "ana", solo, TOOL, _suggestions(6, code="gaze_away", start=20000))
    store = project.open_annotations("ana", solo)
    queue = SuggestionQueue(project, store)
    accepted: list[Event] = []
    own = Event.make("infant_vocal", 500)
    store.execute(AddEvent(own))  # the coder's own keystroke
    for action in actions:
        pending = queue.next_pending()
        if action == "undo" and accepted:
            AddEvent(accepted.pop()).revert(store.document)
        elif pending is not None and action in ("accept", "edit"):
            end = pending.end_ms + 40 if action == "edit" and pending.end_ms else None
            accepted.append(queue.accept(pending, end_ms=end))
        elif pending is not None and action == "reject":
            queue.reject(pending)
    store.close()
    saved = project.load_annotations("ana", solo)
    assert saved is not None
    accepted_ids = {d.event_id for d in read_decisions(project, "ana", solo) if d.action == "accept"}
    audited = {
        e["event"] for e in read_audit(project.audit_path) if e["action"] == "suggestion_accepted"
    }
    for event in saved.events:
        if event.id != own.id:
            assert event.id in accepted_ids and event.id in audited
