"""Which record is exported for each session: consensus, the primary coder's, or a named coder's.

The spec's ``source`` list is tried in order (e.g. consensus, else primary); a session without a
consensus file simply has no consensus record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.annotations.model import AnnotationSet
from coder.project.consensus import consensus_path, load_consensus
from coder.project.project import Project

__all__ = [
    "CONSENSUS",
    "PRIMARY",
    "SessionSource",
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


def primary_coder(project: Project, session: str) -> str | None:
    """The coder assigned to ``session`` with role primary (the first such assignment), or None."""
    for assignment in project.data.assignments:
        if assignment.session == session and assignment.role == "primary":
            return assignment.coder
    return None


def load_consensus_annotations(project: Project, session: str) -> AnnotationSet | None:
    """The consensus record's annotations, or None when the session has no consensus file."""
    record = load_consensus(project, session)
    return None if record is None else record.annotations


def choose_source(project: Project, session: str, order: Sequence[str]) -> SessionSource | None:
    """The first available record for ``session`` in the spec's ``order``; None when none exists."""
    for entry in order:
        if entry == CONSENSUS:
            annotations = load_consensus_annotations(project, session)
            if annotations is not None:
                return SessionSource(
                    session, CONSENSUS, CONSENSUS, consensus_path(project, session), annotations
                )
            continue
        coder = primary_coder(project, session) if entry == PRIMARY else entry.removeprefix("coder:")
        if coder is None:
            continue
        loaded = project.load_annotations(coder, session)
        if loaded is not None:
            return SessionSource(
                session, "coder", coder, project.annotation_path(coder, session), loaded
            )
    return None
