"""Session status and its transitions, for every caller (workstation, CLI, import, collect).

- A record nobody touched is *not started*; the first edit makes it *in progress*, in the same
  undo step as the edit.
- Editing a *complete* record reopens it (back to in progress, again in the same step) only when
  the caller says so (``reopen=True``): the workstation asks the coder first and records it.
- Which records count as finished work is decided here once (``counts_as_finished``), so the
  reliability report and the export include the same sessions.
"""

from __future__ import annotations

from coder.annotations.commands import Command, Compound, SetStatus
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationSet, SessionStatus
from coder.errors import AnnotationError

STATUS_TEXT = {
    SessionStatus.NOT_STARTED: "not started",
    SessionStatus.IN_PROGRESS: "in progress",
    SessionStatus.COMPLETE: "complete",
}


class ReopenRequired(AnnotationError):
    """An edit of a completed record was asked for without agreeing to reopen it."""


def status_of(annotations: AnnotationSet | None) -> SessionStatus:
    """Not started (no record, or nothing coded), in progress, or complete."""
    if annotations is None:
        return SessionStatus.NOT_STARTED
    if annotations.status is SessionStatus.COMPLETE:
        return SessionStatus.COMPLETE
    coded = annotations.events or annotations.segments or any(r.value is not None for r in annotations.ratings)
    if annotations.status is SessionStatus.IN_PROGRESS or coded:
        return SessionStatus.IN_PROGRESS
    return SessionStatus.NOT_STARTED


def needs_reopen(doc: AnnotationDocument, command: Command) -> bool:
    """True when ``command`` would edit a record marked complete."""
    return doc.status is SessionStatus.COMPLETE and not isinstance(command, SetStatus)


def with_status_rule(doc: AnnotationDocument, command: Command, *, reopen: bool = False) -> Command:
    """``command`` together with the status change it implies (one undo step).

    Raises ReopenRequired when the record is complete and ``reopen`` is False.
    """
    if isinstance(command, SetStatus) or doc.status is SessionStatus.IN_PROGRESS:
        return command
    if doc.status is SessionStatus.COMPLETE and not reopen:
        raise ReopenRequired(
            "this session is marked complete",
            hint="reopen it to edit (it must then be marked complete again)",
        )
    to_progress = SetStatus(doc.status, SessionStatus.IN_PROGRESS)
    return Compound((command, to_progress), text=command.text)


def counts_as_finished(annotations: AnnotationSet | None) -> bool:
    """Whether a record is finished work (marked complete): what reliability and export count."""
    return annotations is not None and annotations.status is SessionStatus.COMPLETE


def unfinished_reason(who: str, annotations: AnnotationSet | None) -> str:
    """Why a record does not count, in words for a report (empty when it counts)."""
    if counts_as_finished(annotations):
        return ""
    return f"{who}'s record is {STATUS_TEXT[status_of(annotations)]}"
