"""What a key press means: the command that stamps a point, or starts or ends a state.

A point stamps the given time. A state toggles: pressing its key starts it (an open state) and
pressing it again ends it. Starting a state in an exclusive stream ends the stream's open state
at the same time, so the two meet exactly (no "−1 ms" gaps).

An exclusive ("one at a time") stream stays exclusive while coding inside already-coded time:
starting a state inside an ended state of the same stream splits it at that frame (the earlier
part keeps its code, the rest takes the new one), one undo step; a running state ends at the
start of the stream's next coded state at the latest. Pressing a state's key inside a state of
the same code is refused with the reason. Times are integer ms, already snapped to a frame.
"""

from __future__ import annotations

from collections.abc import Mapping

from coder.annotations.commands import AddEvent, ChangeEvent, Command, Compound, RemoveEvent
from coder.annotations.document import AnnotationDocument, event_order
from coder.annotations.model import Event
from coder.errors import AnnotationError
from coder.scheme.model import CodeKind, Scheme


def open_states(doc: AnnotationDocument, scheme: Scheme) -> list[Event]:
    """States the coder has started and not yet ended, in onset order."""
    states = _state_codes(scheme)
    return sorted((e for e in doc.iter_events() if e.end_ms is None and e.code in states), key=event_order)


def _state_codes(scheme: Scheme, row: str | None = None) -> set[str]:
    """The ids of the scheme's state codes (of stream ``row`` only, when given)."""
    return {
        c.id for c in scheme.codes
        if c.kind is CodeKind.STATE and (row is None or scheme.stream_of(c.id) == row)
    }


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
    label = code.label or code_id
    if code.kind is CodeKind.POINT:
        return AddEvent(Event.make(code_id, at_ms, None, modifiers=modifiers or {}))
    running = open_states(doc, scheme)
    own = next((e for e in running if e.code == code_id), None)
    row = scheme.stream_of(code_id)
    exclusive = scheme.is_exclusive(row)
    if own is not None:
        return end_state(own, _end_limit(doc, scheme, own, at_ms) if exclusive else at_ms)
    commands: list[Command] = []
    end_ms: int | None = None
    text = f"Start {label}"
    if exclusive:
        for other in running:
            if scheme.stream_of(other.code) == row:
                commands.append(end_state(other, _end_limit(doc, scheme, other, at_ms)))
        covering = _covering(doc, scheme, row, at_ms)
        if covering is not None and covering.end_ms is not None:
            other_label = (c.label if (c := scheme.code(covering.code)) is not None else covering.code)
            if covering.code == code_id:
                raise AnnotationError(
                    f"'{label}' is already coded here ({covering.start_ms}–{covering.end_ms} ms)",
                    hint="drag its edges on the timeline to change it",
                )
            if covering.start_ms == at_ms:
                commands.append(RemoveEvent(covering))
            else:
                commands.append(ChangeEvent(covering, covering.with_times(covering.start_ms, at_ms)))
            end_ms = covering.end_ms
            text = f"Split {other_label} with {label}"
    commands.append(AddEvent(Event.make(code_id, at_ms, end_ms, modifiers=modifiers or {})))
    if len(commands) == 1:
        return commands[0]
    return Compound(tuple(commands), text=text)


def _stream_states(doc: AnnotationDocument, scheme: Scheme, row: str) -> list[Event]:
    """The states of stream ``row``, in no particular order."""
    states = _state_codes(scheme, row)
    return [e for e in doc.iter_events() if e.code in states]


def _covering(doc: AnnotationDocument, scheme: Scheme, row: str, at_ms: int) -> Event | None:
    """The ended state of stream ``row`` whose time contains ``at_ms`` (start inclusive)."""
    return min(
        (e for e in _stream_states(doc, scheme, row) if e.end_ms is not None and e.start_ms <= at_ms < e.end_ms),
        key=event_order,
        default=None,
    )


def _end_limit(doc: AnnotationDocument, scheme: Scheme, state: Event, at_ms: int) -> int:
    """``at_ms``, or the start of the stream's next coded state if that comes first."""
    row = scheme.stream_of(state.code)
    later = [e.start_ms for e in _stream_states(doc, scheme, row) if e.id != state.id and e.start_ms > state.start_ms]
    return min([at_ms, *later])


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
