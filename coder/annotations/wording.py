"""Human words for edits and scheme items: labels from the scheme, never ids (ids stay in exports
and tooltips). Used for undo texts, lists and reports alike."""

from __future__ import annotations

from coder.annotations.commands import (
    AddEvent,
    ChangeEvent,
    Command,
    Compound,
    PutSegment,
    RemoveEvent,
    SetRating,
    SetStatus,
)
from coder.scheme.model import Scheme


def code_label(scheme: Scheme, code_id: str) -> str:
    code = scheme.code(code_id)
    return code.label if code is not None and code.label else code_id


def stream_label(scheme: Scheme, row: str) -> str:
    """The label of a timeline row: its stream's, or the code's for a code in no stream."""
    stream = scheme.stream(row)
    if stream is not None and stream.label:
        return stream.label
    return code_label(scheme, row)


def segment_label(scheme: Scheme, segment_id: str) -> str:
    segment = scheme.segment(segment_id)
    return segment.label if segment is not None and segment.label else segment_id


def rating_label(scheme: Scheme, item_id: str) -> str:
    rating = scheme.rating(item_id)
    if rating is not None and rating.label:
        return rating.label
    composite = next((c for c in scheme.composites if c.id == item_id), None)
    return composite.label if composite is not None and composite.label else item_id


def modifier_label(scheme: Scheme, modifier_id: str) -> str:
    modifier = scheme.modifier(modifier_id)
    return modifier.label if modifier is not None and modifier.label else modifier_id


def command_text(command: Command, scheme: Scheme) -> str:
    """What an edit did, in the scheme's words (e.g. "Add Gaze to object")."""
    if isinstance(command, AddEvent):
        return f"Add {code_label(scheme, command.event.code)}"
    if isinstance(command, RemoveEvent):
        return f"Delete {code_label(scheme, command.event.code)}"
    if isinstance(command, ChangeEvent):
        before, after = command.before, command.after
        if before.code != after.code:
            return f"Change {code_label(scheme, before.code)} to {code_label(scheme, after.code)}"
        if before.modifiers != after.modifiers and (before.start_ms, before.end_ms) == (after.start_ms, after.end_ms):
            return f"Set {code_label(scheme, after.code)} modifiers"
        return f"Edit {code_label(scheme, after.code)}"
    if isinstance(command, PutSegment):
        seg = command.after or command.before
        name = segment_label(scheme, seg.segment) if seg is not None else "segment"
        if command.before is None:
            return f"Mark {name}"
        return f"Remove {name}" if command.after is None else f"Edit {name}"
    if isinstance(command, SetRating):
        return f"Rate {rating_label(scheme, command.item)} in {segment_label(scheme, command.segment)}"
    if isinstance(command, Compound):
        parts = [c for c in command.commands if not isinstance(c, SetStatus)]
        if len(parts) == 1 and len(command.commands) == 2:  # an edit with its status change
            return command_text(parts[0], scheme)
    return command.text
