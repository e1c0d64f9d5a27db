"""Which record is exported for each session: consensus, the primary coder's, or a named coder's.

The spec's ``source`` list is tried in order (e.g. consensus, else primary); a session without a
consensus file simply has no consensus record.

Every record passes the door check (``coder.project.record_check``): an invalid value is left
out of the record and listed in ``invalid``; a record whose header names another coder, session
or scheme is not used at all (the next source in the order is tried).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.annotations.model import AnnotationSet
from coder.project.consensus import consensus_path, load_consensus
from coder.project.project import Project
from coder.project.record_check import CheckedRecord, InvalidValue

__all__ = [
    "CONSENSUS",
    "PRIMARY",
    "SessionSource",
    "checked_consensus",
    "choose_source",
    "consensus_path",
    "load_consensus_annotations",
    "primary_coder",
]

CONSENSUS = "consensus"
PRIMARY = "primary"


@dataclass(frozen=True)
class SessionSource:
    """The record chosen for one session: its kind (``consensus`` or ``coder``), coder and file."""

    session: str
    kind: str
    coder: str
    path: Path
    annotations: AnnotationSet
    invalid: tuple[InvalidValue, ...] = ()


def primary_coder(project: Project, session: str) -> str | None:
    """The coder assigned to ``session`` with role primary (the first such assignment), or None."""
    for assignment in project.data.assignments:
        if assignment.session == session and assignment.role == "primary":
            return assignment.coder
    return None


def checked_consensus(project: Project, session: str) -> CheckedRecord | None:
    """The consensus record after the door check, or None when the session has no consensus file."""
    path = consensus_path(project, session)
    record = load_consensus(project, session)
    if record is None:
        return None
    return project.check_annotations(record.annotations, None, session, path=path)


def load_consensus_annotations(project: Project, session: str) -> AnnotationSet | None:
    """The consensus record's valid annotations, or None when the session has no consensus file."""
    checked = checked_consensus(project, session)
    return None if checked is None else checked.annotations


def choose_source(
    project: Project,
    session: str,
    order: Sequence[str],
    invalid: list[InvalidValue] | None = None,
) -> SessionSource | None:
    """The first available record for ``session`` in the spec's ``order``; None when none exists.

    Invalid values of the records read (also of a record not used at all) are added to ``invalid``.
    """
    for entry in order:
        if entry == CONSENSUS:
            checked = checked_consensus(project, session)
            kind, coder = CONSENSUS, CONSENSUS
        else:
            named = primary_coder(project, session) if entry == PRIMARY else entry.removeprefix("coder:")
            if named is None:
                continue
            checked = project.checked_annotations(named, session)
            kind, coder = "coder", named
        if checked is None:
            continue
        if invalid is not None:
            invalid.extend(checked.invalid)
        if checked.annotations is not None:
            return SessionSource(
                session, kind, coder, checked.path, checked.annotations, checked.invalid
            )
    return None
