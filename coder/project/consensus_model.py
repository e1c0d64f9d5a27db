"""Values of a consensus record ``consensus/<session>.json`` and its file format.

Format ``coder-consensus``, version 1: the agreed record (an annotation set whose header names the
coder ``consensus``), the coders it was built from, and every decision with who, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coder.annotations.model import AnnotationSet
from coder.errors import StorageError
from coder.storage.annotation_file import annotations_from_dict, annotations_to_dict
from coder.storage.json_file import validation_problem

CONSENSUS_FORMAT = "coder-consensus"
CONSENSUS_FORMAT_VERSION = 1
CONSENSUS_CODER = "consensus"


class DecisionKind(StrEnum):
    """What the lead decided: take one coder's side, enter an edited value, or record no consensus."""

    ACCEPT_SIDE = "accept_side"
    EDIT = "edit"
    NO_CONSENSUS = "no_consensus"


class TargetKind(StrEnum):
    """What a decision is about."""

    RECORD = "record"  # the whole record of one session
    EVENTS = "events"  # timed events, by id (from either coder or the consensus)
    RATING = "rating"  # one rating item in one segment
    SEGMENT = "segment"  # the boundaries of one segment (by segment id of the scheme)
    CLASSIFICATION = "classification"


@dataclass(frozen=True)
class Target:
    """The part of the record a decision changes.

    ``event_ids`` for EVENTS; ``item`` and ``segment`` for RATING; ``segment`` (the scheme's
    segment id, e.g. ``play2``) for SEGMENT; nothing else for RECORD and CLASSIFICATION.
    """

    kind: TargetKind
    event_ids: tuple[str, ...] = ()
    item: str | None = None
    segment: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "event_ids": list(self.event_ids),
            "item": self.item,
            "segment": self.segment,
        }


@dataclass(frozen=True)
class Decision:
    """One consensus decision. ``before``/``after`` are the targeted part of the agreed record
    as JSON values (events as dicts, a rating value, a segment dict, a classification dict)."""

    id: str
    time: str
    who: str
    kind: DecisionKind
    target: Target
    chosen_coder: str | None
    before: Any
    after: Any
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "who": self.who,
            "kind": self.kind.value,
            "target": self.target.to_dict(),
            "chosen_coder": self.chosen_coder,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ConsensusRecord:
    """The agreed record of one session, the coders it was built from, and its decisions."""

    session: str
    annotations: AnnotationSet
    decisions: tuple[Decision, ...] = ()
    source_coders: tuple[str, ...] = ()
    lead: str = ""
    started: str = ""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _TargetRow(_Strict):
    kind: TargetKind
    event_ids: list[str] = Field(default_factory=list)
    item: str | None = None
    segment: str | None = None


class _DecisionRow(_Strict):
    id: str = Field(min_length=1)
    time: str
    who: str = Field(min_length=1)
    kind: DecisionKind
    target: _TargetRow
    chosen_coder: str | None = None
    before: Any = None
    after: Any = None
    reason: str = ""


class _ConsensusFile(_Strict):
    format: str
    format_version: int
    session: str = Field(min_length=1)
    source_coders: list[str]
    lead: str = ""
    started: str = ""
    record: dict[str, Any]
    decisions: list[_DecisionRow] = Field(default_factory=list)


def consensus_to_dict(record: ConsensusRecord) -> dict[str, Any]:
    """The file content of a consensus record."""
    return {
        "format": CONSENSUS_FORMAT,
        "format_version": CONSENSUS_FORMAT_VERSION,
        "session": record.session,
        "source_coders": list(record.source_coders),
        "lead": record.lead,
        "started": record.started,
        "record": annotations_to_dict(record.annotations),
        "decisions": [d.to_dict() for d in record.decisions],
    }


def consensus_from_dict(data: dict[str, Any], *, path: Path) -> ConsensusRecord:
    """Validate file content; a damaged or foreign file is a StorageError naming what is wrong."""
    try:
        raw = _ConsensusFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(
            f"is not a valid consensus file: {validation_problem(error)}",
            path=path,
            hint="restore it from its backup; the file was left unchanged",
        ) from None
    annotations = annotations_from_dict(raw.record, path=path)
    if annotations.header.session != raw.session:
        raise StorageError(
            f"holds a record of session '{annotations.header.session}', not '{raw.session}'",
            path=path,
        )
    decisions = tuple(
        Decision(
            id=d.id,
            time=d.time,
            who=d.who,
            kind=d.kind,
            target=Target(
                kind=d.target.kind,
                event_ids=tuple(d.target.event_ids),
                item=d.target.item,
                segment=d.target.segment,
            ),
            chosen_coder=d.chosen_coder,
            before=d.before,
            after=d.after,
            reason=d.reason,
        )
        for d in raw.decisions
    )
    return ConsensusRecord(
        session=raw.session,
        annotations=annotations,
        decisions=decisions,
        source_coders=tuple(raw.source_coders),
        lead=raw.lead,
        started=raw.started,
    )
