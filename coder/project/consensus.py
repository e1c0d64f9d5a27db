"""Consensus: the agreed record of a double-coded session, built by the lead decision by decision.

``consensus/<session>.json`` holds the agreed record and every decision (who, when, what, which
coder's side, the value before and after, why); each decision is also appended to the audit log.
The coders' own annotation files are only read, never changed. Disagreements between two coders
are listed by :func:`coder.reliability.disagreements.disagreements` (a layer above: the
record is project data, finding disagreements is reliability's pairing of events).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from coder import __version__
from coder.annotations.commands import (
    AddEvent,
    Command,
    PutSegment,
    RemoveEvent,
    SetClassification,
    SetRating,
)
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import (
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    new_id,
)
from coder.errors import WorkflowError
from coder.project.consensus_model import (
    CONSENSUS_CODER,
    ConsensusRecord,
    Decision,
    DecisionKind,
    Target,
    TargetKind,
    consensus_from_dict,
    consensus_to_dict,
)
from coder.project.project import Project
from coder.project.record_header import record_header
from coder.project.record_values import (
    classification_to_dict,
    event_to_dict,
    segment_to_dict,
)
from coder.scheme.model import Scheme
from coder.storage.annotation_store import now_iso

__all__ = [
    "ConsensusFile",
    "ConsensusRecord",
    "Decision",
    "DecisionKind",
    "Target",
    "TargetKind",
    "accept_record",
    "consensus_path",
    "load_consensus",
    "record_decision",
    "save_consensus",
    "start_consensus",
]


def consensus_path(project: Project, session: str) -> Path:
    """``consensus/<session>.json`` of the project."""
    project.session(session)  # an unknown code is an error, and never becomes a path
    return project.store.consensus_label(session)


def load_consensus(project: Project, session: str) -> ConsensusRecord | None:
    """The session's consensus record, or None when consensus has not been started."""
    path = consensus_path(project, session)
    stored = project.store.read_consensus(session)
    return None if stored is None else consensus_from_dict(stored.content, path=path)


class ConsensusFile:
    """One session's consensus record as this process last read or wrote it.

    ``load`` reads the file again only when it changed since (inode, size and modification
    time differ: another lead, the CLI or a sync service wrote it), so decisions made one after
    another do not each parse and validate the whole record again. ``remember`` is told the
    record just saved.
    """

    def __init__(self, project: Project, session: str) -> None:
        self.project = project
        self.session = session
        self._known: tuple[tuple[int, int, int], ConsensusRecord] | None = None
        self._sides: dict[str, tuple[tuple[int, int, int], AnnotationSet | None]] = {}

    def _key(self) -> tuple[int, int, int] | None:
        try:
            status = os.stat(consensus_path(self.project, self.session))
        except FileNotFoundError:
            return None
        return (status.st_ino, status.st_size, status.st_mtime_ns)

    def load(self) -> ConsensusRecord | None:
        """The record as stored now (None: consensus not started)."""
        if not self.project.is_folder:
            return load_consensus(self.project, self.session)  # a server: read it each time
        key = self._key()
        if key is None:
            self._known = None
            return None
        if self._known is not None and self._known[0] == key:
            return self._known[1]
        record = load_consensus(self.project, self.session)
        if record is not None:
            self._known = (key, record)
        return record

    def side(self, coder: str) -> AnnotationSet | None:
        """The valid part of ``coder``'s record of the session (``usable_annotations``), read
        again only when its file changed since the last time: deciding one disagreement after
        another does not parse and check a coder's whole record each time."""
        if not self.project.is_folder:
            return self.project.usable_annotations(coder, self.session)
        try:
            status = os.stat(self.project.annotation_path(coder, self.session))
            key: tuple[int, int, int] | None = (status.st_ino, status.st_size, status.st_mtime_ns)
        except FileNotFoundError:
            key = None
        known = self._sides.get(coder)
        if known is not None and key is not None and known[0] == key:
            return known[1]
        side = self.project.usable_annotations(coder, self.session)
        if key is not None:
            self._sides[coder] = (key, side)
        return side

    def remember(self, record: ConsensusRecord) -> None:
        """``record`` is what the file now holds (this process just saved it)."""
        key = self._key()
        self._known = (key, record) if key is not None and record.session == self.session else None


def save_consensus(project: Project, record: ConsensusRecord) -> None:
    """Write the consensus record atomically (keeping rotating backups)."""
    project.session(record.session)  # an unknown code is an error, and never becomes a path
    with project.change():  # inside a decision: applied with its audit entry
        project.store.write_consensus(record.session, consensus_to_dict(record))


def start_consensus(
    project: Project, session: str, coders: Sequence[str], lead: str
) -> ConsensusRecord:
    """Start the consensus of ``session`` from ``coders``' records, seeded from the first coder's.

    The seed is a copy (header coder ``consensus``); when the first coder has no record yet the
    agreed record starts empty. Refused when a consensus record already exists.
    """
    if not lead.strip():
        raise WorkflowError("consensus needs the lead's id", hint="pass --lead ID")
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise WorkflowError(
            f"consensus of session {session} needs two or more different coders, got {list(coders)}"
        )
    path = consensus_path(project, session)
    if project.store.read_consensus(session) is not None:
        raise WorkflowError(
            f"consensus of session {session} has already been started",
            path=path,
            hint="continue it instead of starting again",
        )
    for coder in coders:
        if not project.has_coder(coder):
            raise WorkflowError(f"no coder '{coder}' in the project", path=project.file)
    seed = project.usable_annotations(coders[0], session)
    stamp = now_iso()
    if seed is None:
        scheme = project.scheme_for(session)
        entry = project.session(session)
        seed = AnnotationSet(header=record_header(CONSENSUS_CODER, entry, scheme))
    annotations = replace(
        seed,
        header=replace(
            seed.header,
            coder=CONSENSUS_CODER,
            created=stamp,
            modified=stamp,
            tool_version=__version__,
        ),
    )
    record = ConsensusRecord(
        session=session,
        annotations=annotations,
        source_coders=tuple(coders),
        lead=lead,
        started=stamp,
    )
    with project.change():
        save_consensus(project, record)
        project.audit(
            "consensus_started", actor=lead, session=session, coders=list(coders), seed=coders[0]
        )
    return record


def record_decision(
    project: Project,
    record: ConsensusRecord,
    *,
    who: str,
    kind: DecisionKind | str,
    target: Target,
    reason: str = "",
    chosen_coder: str | None = None,
    value: Any = None,
    sides: ConsensusFile | None = None,
) -> ConsensusRecord:
    """Apply one decision to the agreed record, save it, audit it and return the new record.

    ``accept_side`` takes ``chosen_coder``'s value of the target; ``edit`` puts ``value`` (a
    sequence of Events for EVENTS, a number or None for RATING, a Segment or None for SEGMENT, a
    Classification for CLASSIFICATION); ``no_consensus`` leaves the record as it is and needs a
    ``reason``. Times are ms of media time. ``sides`` (the session's ConsensusFile) gives the
    coders' records as it last read them, unless their files changed since.
    """
    kind = DecisionKind(kind)
    if not who.strip():
        raise WorkflowError("a consensus decision needs the lead's id")
    if kind is DecisionKind.NO_CONSENSUS and not reason.strip():
        raise WorkflowError("'no consensus' needs a reason", hint="say why the coders disagree")
    _check_target(target)
    scheme = project.scheme(
        record.annotations.header.scheme_id, record.annotations.header.scheme_version
    )
    before = _view(record.annotations, target)
    annotations = record.annotations
    if kind is DecisionKind.ACCEPT_SIDE:
        if chosen_coder not in record.source_coders:
            raise WorkflowError(
                f"'{chosen_coder}' is not one of the coders of this consensus "
                f"({', '.join(record.source_coders)})"
            )
        side = (
            sides.side(chosen_coder)
            if sides is not None and sides.session == record.session
            else project.usable_annotations(chosen_coder, record.session)
        )
        if side is None:
            raise WorkflowError(
                f"coder '{chosen_coder}' has no record of session {record.session}",
                path=project.annotation_path(chosen_coder, record.session),
            )
        annotations = _accept(annotations, side, target)
    elif kind is DecisionKind.EDIT:
        annotations = _edit(annotations, target, value, scheme)
    annotations = replace(
        annotations,
        header=replace(annotations.header, modified=now_iso(), tool_version=__version__),
    )
    decision = Decision(
        id=new_id(),
        time=now_iso(),
        who=who,
        kind=kind,
        target=target,
        chosen_coder=chosen_coder if kind is DecisionKind.ACCEPT_SIDE else None,
        before=before,
        after=_view(annotations, target),
        reason=reason,
    )
    updated = replace(record, annotations=annotations, decisions=(*record.decisions, decision))
    with project.change():
        save_consensus(project, updated)
        project.audit(
            "consensus_decision",
            actor=who,
            session=record.session,
            decision=decision.id,
            kind=kind.value,
            target=target.to_dict(),
            chosen_coder=decision.chosen_coder,
            reason=reason,
        )
    return updated


def accept_record(
    project: Project, session: str, coder: str, *, lead: str, reason: str, coders: Sequence[str]
) -> ConsensusRecord:
    """Take ``coder``'s whole record of ``session`` as the consensus (starting it if needed)."""
    if not reason.strip():
        raise WorkflowError("accepting a whole record needs a reason", hint="pass --reason TEXT")
    with project.change():  # started and decided together, or neither
        record = load_consensus(project, session)
        if record is None:
            record = start_consensus(project, session, coders, lead)
        return record_decision(
            project,
            record,
            who=lead,
            kind=DecisionKind.ACCEPT_SIDE,
            target=Target(TargetKind.RECORD),
            chosen_coder=coder,
            reason=reason,
        )


# --- applying decisions ----------------------------------------------------------------------
def _check_target(target: Target) -> None:
    if target.kind is TargetKind.EVENTS and not target.event_ids:
        raise WorkflowError("an events decision names no event ids")
    if target.kind is TargetKind.RATING and (not target.item or not target.segment):
        raise WorkflowError("a rating decision needs the item and the segment")
    if target.kind is TargetKind.SEGMENT and not target.segment:
        raise WorkflowError("a segment decision needs the segment id")


def _view(annotations: AnnotationSet, target: Target) -> Any:
    """The targeted part of a record as JSON values (what ``before``/``after`` hold)."""
    if target.kind is TargetKind.RECORD:
        return {
            "events": len(annotations.events),
            "segments": len(annotations.segments),
            "ratings": len(annotations.ratings),
            "classification": classification_to_dict(annotations.classification),
        }
    if target.kind is TargetKind.EVENTS:
        wanted = set(target.event_ids)
        return [event_to_dict(e) for e in annotations.events if e.id in wanted]
    if target.kind is TargetKind.RATING:
        rating = _rating(annotations, target)
        return None if rating is None else rating.value
    if target.kind is TargetKind.SEGMENT:
        return [segment_to_dict(s) for s in annotations.segments if s.segment == target.segment]
    return classification_to_dict(annotations.classification)


def _rating(annotations: AnnotationSet, target: Target) -> Rating | None:
    return next(
        (r for r in annotations.ratings if (r.item, r.segment) == (target.item, target.segment)),
        None,
    )


def _accept(agreed: AnnotationSet, side: AnnotationSet, target: Target) -> AnnotationSet:
    if target.kind is TargetKind.RECORD:
        return replace(
            side,
            header=replace(
                agreed.header,
                scheme_id=side.header.scheme_id,
                scheme_version=side.header.scheme_version,
                scheme_sha256=side.header.scheme_sha256,
            ),
        )
    return _edited(agreed, _edits_for(agreed, target, _side_value(side, target)))


def _side_value(side: AnnotationSet, target: Target) -> Any:
    """What ``side`` has at ``target``: events, a rating value, segments, a classification."""
    if target.kind is TargetKind.EVENTS:
        wanted = set(target.event_ids)
        return [e for e in side.events if e.id in wanted]
    if target.kind is TargetKind.RATING:
        rating = _rating(side, target)
        return None if rating is None else rating.value
    if target.kind is TargetKind.SEGMENT:
        return [s for s in side.segments if s.segment == target.segment]
    return side.classification


def _edit(agreed: AnnotationSet, target: Target, value: Any, scheme: Scheme) -> AnnotationSet:
    if target.kind is TargetKind.RECORD:
        raise WorkflowError("a whole record cannot be edited at once; edit its parts")
    _check_value(target, value, scheme)
    if target.kind is TargetKind.SEGMENT:
        value = [] if value is None else [value]
    return _edited(agreed, _edits_for(agreed, target, value))


def _check_value(target: Target, value: Any, scheme: Scheme) -> None:
    """Refuse a value the lead typed that does not fit ``target`` in ``scheme``."""
    if target.kind is TargetKind.EVENTS:
        for event in value or ():
            if not isinstance(event, Event) or scheme.code(event.code) is None:
                raise WorkflowError(f"edited event {event!r} has a code not in the scheme")
    elif target.kind is TargetKind.RATING:
        if target.item is None or scheme.rating(target.item) is None:
            raise WorkflowError(f"'{target.item}' is not a rating item of scheme '{scheme.id}'")
        if value is not None and not isinstance(value, int | float):
            raise WorkflowError(f"a rating value must be a number, not {value!r}")
    elif target.kind is TargetKind.SEGMENT:
        if value is not None and (
            not isinstance(value, Segment) or value.segment != target.segment
        ):
            raise WorkflowError(f"the edited value is not a '{target.segment}' segment")
    elif not isinstance(value, Classification):
        raise WorkflowError("an edited classification must be a Classification")


# --- the agreed record changes through the same edit commands as a coder's record ----------
def _edited(agreed: AnnotationSet, edits: Sequence[Command]) -> AnnotationSet:
    """``agreed`` with ``edits`` applied to it as a document (in the document's canonical order)."""
    document = AnnotationDocument(agreed)
    for edit in edits:
        edit.apply(document)
    return document.snapshot()


def _edits_for(agreed: AnnotationSet, target: Target, value: Any) -> list[Command]:
    """The edits that put ``value`` (as ``_side_value`` gives it) at ``target`` of ``agreed``."""
    if target.kind is TargetKind.EVENTS:
        return _event_edits(agreed, set(target.event_ids), list(value or ()))
    if target.kind is TargetKind.RATING:
        return _rating_edits(agreed, target, value)
    if target.kind is TargetKind.SEGMENT:
        return _segment_edits(agreed, target, value)
    return [SetClassification(agreed.classification, value)]


def _event_edits(agreed: AnnotationSet, remove: set[str], add: Sequence[Event]) -> list[Command]:
    taken = {e.id for e in agreed.events if e.id not in remove}
    for event in add:
        if event.id in taken:
            raise WorkflowError(f"event id '{event.id}' is already in the agreed record")
        taken.add(event.id)
    removed: list[Command] = [RemoveEvent(e) for e in agreed.events if e.id in remove]
    return removed + [AddEvent(e) for e in add]


def _rating_edits(agreed: AnnotationSet, target: Target, value: float | None) -> list[Command]:
    assert target.item is not None and target.segment is not None
    old = _rating(agreed, target)
    comment = old.comment if old is not None else ""
    new = None
    if value is not None or comment:  # a rating with only a comment keeps its comment
        new = Rating(target.item, target.segment, value, comment)
    return [SetRating(target.item, target.segment, old, new)]


def _segment_edits(
    agreed: AnnotationSet, target: Target, segments: Sequence[Segment]
) -> list[Command]:
    old = [s for s in agreed.segments if s.segment == target.segment]
    removed: list[Command] = [PutSegment(s, None) for s in old]
    return removed + [PutSegment(None, s) for s in segments]
