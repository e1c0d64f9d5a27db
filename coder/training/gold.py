"""Gold-standard records: the agreed record of a session, marked by the lead, read-only, versioned.

``gold/<session>/v001.json``, ``v002.json`` …: each version is written once and never changed;
marking a session gold again (a corrected consensus, another expert) adds a version, and the
newest version is the gold. The file holds the record itself (the annotation file format) with
its provenance: where it came from (a consensus record or a named expert coder's record), who
marked it, when and why. The audit entry is written before the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coder.annotations.model import AnnotationSet
from coder.errors import StorageError, WorkflowError
from coder.project.consensus import load_consensus
from coder.project.project import Project
from coder.storage import now_iso
from coder.storage.annotation_file import annotations_from_dict, annotations_to_dict
from coder.storage.atomic import dumps_json, write_new_file
from coder.storage.json_file import migrate, read_json, validation_problem

GOLD_FORMAT = "coder-gold"
GOLD_FORMAT_VERSION = 1
GOLD_DIR = "gold"
CONSENSUS_SOURCE = "consensus"
_VERSION_FILE = re.compile(r"v(\d{3,})\.json")


@dataclass(frozen=True, kw_only=True)
class GoldRecord:
    """One version of a session's gold record and where it came from.

    ``source`` is ``"consensus"`` or the id of the expert coder whose record was taken.
    """

    session: str
    version: int
    source: str
    marked_by: str
    marked_at: str
    reason: str
    annotations: AnnotationSet
    path: Path


class _GoldFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    format: str
    format_version: int
    session: str = Field(min_length=1)
    version: int = Field(ge=1)
    source: str = Field(min_length=1)
    marked_by: str = Field(min_length=1)
    marked_at: str
    reason: str
    record: dict[str, Any]


def gold_dir(project: Project, session: str) -> Path:
    return project.root / GOLD_DIR / session


def _versions(project: Project, session: str) -> list[tuple[int, Path]]:
    folder = gold_dir(project, session)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _VERSION_FILE.fullmatch(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def gold_sessions(project: Project) -> list[str]:
    """Sessions that have a gold record (sorted by session code)."""
    folder = project.root / GOLD_DIR
    if not folder.is_dir():
        return []
    return sorted(d.name for d in folder.iterdir() if d.is_dir() and _versions(project, d.name))


def read_gold_file(path: Path) -> GoldRecord:
    """One gold version file; a damaged or foreign file is a StorageError naming it."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != GOLD_FORMAT:
        raise StorageError("is not a Coder gold record", path=path)
    data = migrate(data, GOLD_FORMAT, GOLD_FORMAT_VERSION, path=path)
    try:
        raw = _GoldFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(f"invalid gold record: {validation_problem(error)}", path=path) from None
    annotations = annotations_from_dict(raw.record, path=path)
    if annotations.header.session != raw.session:
        raise StorageError(
            f"holds session '{annotations.header.session}', not '{raw.session}'", path=path
        )
    return GoldRecord(
        session=raw.session,
        version=raw.version,
        source=raw.source,
        marked_by=raw.marked_by,
        marked_at=raw.marked_at,
        reason=raw.reason,
        annotations=annotations,
        path=path,
    )


def gold_record(project: Project, session: str, version: int | None = None) -> GoldRecord | None:
    """The newest gold version of ``session`` (or the given version), None when not gold."""
    versions = _versions(project, session)
    if version is not None:
        versions = [v for v in versions if v[0] == version]
    return read_gold_file(versions[-1][1]) if versions else None


def gold_history(project: Project, session: str) -> list[GoldRecord]:
    """Every gold version of ``session``, oldest first."""
    return [read_gold_file(path) for _, path in _versions(project, session)]


def _source_record(project: Project, session: str, source: str) -> AnnotationSet:
    if source == CONSENSUS_SOURCE:
        consensus = load_consensus(project, session)
        if consensus is None:
            raise WorkflowError(
                f"session {session} has no consensus record",
                hint="record the consensus first, or take an expert coder's record (--from CODER)",
            )
        return consensus.annotations
    if not project.has_coder(source):
        raise WorkflowError(
            f"no coder '{source}' in the project", hint="name 'consensus' or an expert coder's id"
        )
    checked = project.checked_annotations(source, session)
    if checked is None:
        raise WorkflowError(f"coder '{source}' has no record of session {session}")
    return checked.refuse()  # a gold standard never holds an invalid value


def mark_gold(
    project: Project, session: str, *, source: str, by: str, reason: str
) -> GoldRecord:
    """Mark ``session``'s record from ``source`` (``"consensus"`` or an expert coder id) as its
    gold standard: a new read-only version, audited before it is written."""
    project.session(session)
    if not reason.strip():
        raise WorkflowError("say why this record is gold (a reason is required)")
    record = _source_record(project, session, source)
    if not record.events and not record.ratings and record.classification.is_empty:
        raise WorkflowError(f"the {source} record of session {session} is empty")
    versions = _versions(project, session)
    version = versions[-1][0] + 1 if versions else 1
    path = gold_dir(project, session) / f"v{version:03d}.json"
    when = now_iso()
    header = replace(record.header, coder=source)
    data = {
        "format": GOLD_FORMAT,
        "format_version": GOLD_FORMAT_VERSION,
        "session": session,
        "version": version,
        "source": source,
        "marked_by": by,
        "marked_at": when,
        "reason": reason,
        "record": annotations_to_dict(replace(record, header=header)),
    }
    project.audit(
        "gold_marked", actor=by, session=session, version=version, source=source, reason=reason
    )
    _write_once(path, dumps_json(data).encode("utf-8"))
    return read_gold_file(path)


def _write_once(path: Path, data: bytes) -> None:
    """Write a new, read-only file that must not exist yet (gold versions are never overwritten:
    a concurrent mark of the same version fails instead of replacing it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_new_file(path, data, read_only=True)
    except FileExistsError:
        raise StorageError(
            "this gold version already exists", path=path, hint="mark the session again"
        ) from None
