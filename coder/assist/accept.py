"""Accepting and rejecting suggestions: the only way a suggestion becomes an event.

Accepting logs the decision with the suggestion's provenance (tool, version, parameters, who,
whether the coder adjusted it first) and an audit entry — both before the edit — and then adds
an ordinary event through the store's command path, so it is undoable and autosaved like any
keystroke. Undoing the edit returns the suggestion to pending; the log keeps what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from coder.annotations.commands import AddEvent, Command, PutSegment
from coder.annotations.model import Event, Segment
from coder.assist.model import Decision, DecisionRecord, Suggestion
from coder.assist.store import (
    append_decision,
    decision_of,
    load_suggestions,
    read_decisions,
    suggestions_allowed,
)
from coder.errors import WorkflowError
from coder.project.project import Project
from coder.storage import now_iso
from coder.storage.annotation_store import AnnotationStore


@dataclass(frozen=True, kw_only=True)
class SuggestionState:
    suggestion: Suggestion
    decision: Decision


class SuggestionQueue:
    """A coder's suggestions for one open session, with each one's decision, in time order.

    ``execute`` applies an edit command as one undoable step (the editor's undo stack; by
    default the store's own command path) and returns False when nothing was applied."""

    def __init__(
        self,
        project: Project,
        store: AnnotationStore,
        execute: Callable[[Command], bool | None] | None = None,
    ) -> None:
        self.project = project
        self.store = store
        self._execute = execute or store.execute
        self.coder = store.document.header.coder
        self.session = store.document.header.session
        self.suggestions = load_suggestions(project, self.coder, self.session)

    def reload(self) -> None:
        """Read the suggestions again (after a new run of a tool)."""
        self.suggestions = load_suggestions(self.project, self.coder, self.session)

    def states(self) -> list[SuggestionState]:
        decisions = read_decisions(self.project, self.coder, self.session)
        document = self.store.document
        events = {e.id for e in document.events()} | {s.id for s in document.segments()}
        return [
            SuggestionState(suggestion=s, decision=decision_of(s, decisions, events))
            for s in self.suggestions
        ]

    def next_pending(self, after_ms: int = -1) -> Suggestion | None:
        """The first pending suggestion starting after ``after_ms`` (wrapping to the start)."""
        pending = [s.suggestion for s in self.states() if s.decision is Decision.PENDING]
        later = [s for s in pending if s.start_ms > after_ms]
        choices = later or pending
        return choices[0] if choices else None

    def _check(self, suggestion: Suggestion) -> None:
        if not suggestions_allowed(self.project, self.session):
            raise WorkflowError(f"session {self.session} takes no suggestions")
        if suggestion.id not in {s.id for s in self.suggestions}:
            raise WorkflowError(f"no suggestion {suggestion.id} for this session")

    def accept(
        self, suggestion: Suggestion, *, start_ms: int | None = None, end_ms: int | None = None
    ) -> Event | None:
        """Make ``suggestion`` an event of the coder's record (with the coder's adjusted times
        when given); the decision and the audit entry come first. None when the editor applied
        nothing (the suggestion then stays pending)."""
        self._check(suggestion)
        start = suggestion.start_ms if start_ms is None else int(start_ms)
        end = suggestion.end_ms if end_ms is None else int(end_ms)
        if end is not None and end < start:
            raise WorkflowError("a suggestion cannot end before it starts")
        if suggestion.kind == "segment" and end is None:
            raise WorkflowError("a segment suggestion needs an end")
        event = Event.make(suggestion.code, start, end)
        edited = (start, end) != (suggestion.start_ms, suggestion.end_ms)
        provenance = suggestion.provenance
        self.project.audit(
            "suggestion_accepted",
            actor=self.coder,
            session=self.session,
            suggestion=suggestion.id,
            event=event.id,
            tool=provenance.tool,
            version=provenance.version,
            edited=edited,
        )
        self._decide(suggestion, "accept", event_id=event.id, edited=edited)
        if suggestion.kind == "segment":
            assert end is not None
            segment = Segment(event.id, suggestion.code, start, end)
            current = next(
                (s for s in self.store.document.segments() if s.segment == suggestion.code), None
            )
            applied = self._execute(PutSegment(current, segment))
        else:
            applied = self._execute(AddEvent(event))
        return None if applied is False else event

    def reject(self, suggestion: Suggestion) -> None:
        """Record that the coder rejected ``suggestion`` (kept, so a tool's precision can be
        measured)."""
        self._check(suggestion)
        self._decide(suggestion, "reject")

    def _decide(
        self, suggestion: Suggestion, action: Literal["accept", "reject"], *,
        event_id: str | None = None,
        edited: bool = False,
    ) -> None:
        provenance = suggestion.provenance
        append_decision(
            self.project,
            self.coder,
            self.session,
            DecisionRecord(
                suggestion=suggestion.id,
                action=action,
                by=self.coder,
                at=now_iso(),
                event_id=event_id,
                edited=edited,
                tool=provenance.tool,
                version=provenance.version,
                parameters=provenance.parameters,
            ),
        )
