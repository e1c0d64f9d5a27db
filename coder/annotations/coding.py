"""What a key press means: the command that stamps a point, or starts or ends a state.

A point stamps the given time. A state toggles: pressing its key starts it (an open state) and
pressing it again ends it. Starting a state in an exclusive stream ends the stream's open state
at the same time, so the two meet exactly (no "−1 ms" gaps). Times are integer ms, already
snapped to a frame by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping

from coder.annotations.commands import AddEvent, ChangeEvent, Command, Compound, RemoveEvent
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import Event
from coder.errors import AnnotationError
from coder.scheme.model import CodeKind, Scheme


def open_states(doc: AnnotationDocument, scheme: Scheme) -> list[Event]:
    """States the coder has started and not yet ended, in onset order."""
    return [
        e
        for e in doc.events()
        if e.end_ms is None
        and (code := scheme.code(e.code)) is not None
        and code.kind is CodeKind.STATE
    ]


def code_press(
    doc: AnnotationDocument,
    scheme: Scheme,
    code_id: str,
    at_ms: int,
    *,
    modifiers: Mapping[str, str] | None = None,
) -> Command:
    """The command for pressing ``code_id``'s key at media time ``at_ms``."""
    code = scheme.code(code_id)
    if code is None:
        raise AnnotationError(f"code '{code_id}' is not in scheme '{scheme.id}'")
    if code.kind is CodeKind.POINT:
        return AddEvent(Event.make(code_id, at_ms, None, modifiers=modifiers or {}))
    running = open_states(doc, scheme)
    own = next((e for e in running if e.code == code_id), None)
    if own is not None:
        return end_state(own, at_ms)
    commands: list[Command] = []
    row = scheme.stream_of(code_id)
    if scheme.is_exclusive(row):
        for other in running:
            if scheme.stream_of(other.code) == row:
                commands.append(end_state(other, at_ms))
    commands.append(AddEvent(Event.make(code_id, at_ms, None, modifiers=modifiers or {})))
    if len(commands) == 1:
        return commands[0]
    return Compound(tuple(commands), text=f"Start {code_id}")


def end_state(state: Event, at_ms: int) -> Command:
    """End an open state at ``at_ms``; a state ended where it began is removed (a mis-press)."""
    if at_ms < state.start_ms:
        raise AnnotationError(
            f"cannot end '{state.code}' at {at_ms} ms before it started ({state.start_ms} ms)",
            hint="move the playhead after the state's start",
        )
    if at_ms == state.start_ms:
        return RemoveEvent(state)
    return ChangeEvent(state, state.with_times(state.start_ms, at_ms))


def end_all_open(doc: AnnotationDocument, scheme: Scheme, at_ms: int) -> Command | None:
    """End every open state at ``at_ms`` (e.g. at the end of the media); None when none is open."""
    running = [e for e in open_states(doc, scheme) if e.start_ms <= at_ms]
    if not running:
        return None
    return Compound(tuple(end_state(e, at_ms) for e in running), text="End open states")
