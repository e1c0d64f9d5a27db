"""Gold sets: training material one lab hands to another — videos, schemes and gold records.

A gold set is a folder::

    gold-set.json          what it holds: sessions with scheme, video hashes, gold provenance
    schemes/<id>-<version>.yaml
    videos/<n>.<ext>       remuxed with container metadata stripped (as in coder packages)
    gold/<n>.json          each session's newest gold record

Sessions are numbered in the set (``G01`` …), never named by the source project's codes, and no
key column travels. Importing adds each video as a new session under a fresh pseudonymous code
and its gold record as version 1 of that session's gold, its provenance naming the set.
The set is built in a staging folder and renamed into place, so a failure leaves no half set.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coder.errors import StorageError, WorkflowError
from coder.media.file_hash import sha256_file
from coder.project.project import Project
from coder.project.video_remux import remux_stripped, remuxed_suffix
from coder.storage import now_iso
from coder.storage.annotation_file import annotations_from_dict, annotations_to_dict
from coder.storage.atomic import atomic_write_bytes, atomic_write_json, dumps_json
from coder.storage.json_file import read_json, read_versioned, validation_problem
from coder.training.gold import (
    GOLD_FORMAT,
    GOLD_FORMAT_VERSION,
    _write_once,
    gold_dir,
    gold_record,
    gold_sessions,
)

SET_FORMAT = "coder-gold-set"
SET_FORMAT_VERSION = 1
SET_FILE = "gold-set.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _SetVideo(_Model):
    file: str = Field(min_length=1)
    sha256: str = Field(min_length=64, max_length=64)


class _SetSession(_Model):
    name: str = Field(pattern=r"^G\d{2,}$")
    scheme: str
    scheme_version: str
    duration_ms: int | None = None
    videos: list[_SetVideo]
    gold: str
    gold_source: str
    gold_marked_at: str
    gold_reason: str


class _SetFile(_Model):
    format: str
    format_version: int
    name: str
    created: str
    schemes: dict[str, str]  # "<id>@<version>" -> file in the set
    sessions: list[_SetSession]


def export_gold_set(
    project: Project, out: str | Path, *, name: str, sessions: list[str] | None = None
) -> Path:
    """Write the gold records of ``sessions`` (default: every gold session) with their videos and
    schemes as a gold set in the new folder ``out``; audited first."""
    out = Path(out)
    chosen = sessions or gold_sessions(project)
    if not chosen:
        raise WorkflowError("the project has no gold records to export")
    if out.exists():
        raise WorkflowError("the folder already exists", path=out, hint="choose a new folder")
    records = []
    for code in chosen:
        gold = gold_record(project, code)
        if gold is None:
            raise WorkflowError(f"session {code} has no gold record")
        records.append((code, gold))
    project.audit("gold_set_exported", name=name, sessions=chosen, destination=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        listed, schemes = [], {}
        for number, (code, gold) in enumerate(records, start=1):
            label = f"G{number:02d}"
            entry = project.session(code)
            scheme = project.scheme(entry.scheme)
            key = f"{scheme.id}@{scheme.version}"
            if key not in schemes:
                schemes[key] = f"schemes/{scheme.id}-{scheme.version}.yaml"
                source = next(
                    e for e in project.data.schemes
                    if e.id == scheme.id and e.version == scheme.version
                )
                atomic_write_bytes(staging / schemes[key], (project.root / source.file).read_bytes())
            videos = []
            for index in range(len(entry.videos)):
                source_path = project.video_path(code, index)
                stem = label if index == 0 else f"{label}-{index + 1}"
                target = staging / "videos" / f"{stem}{remuxed_suffix(source_path)}"
                target.parent.mkdir(exist_ok=True)
                remux_stripped(source_path, target)
                videos.append({"file": f"videos/{target.name}", "sha256": sha256_file(target)})
            header = replace(gold.annotations.header, session=label, coder="gold", video_sha256="")
            record = annotations_to_dict(replace(gold.annotations, header=header))
            atomic_write_json(staging / "gold" / f"{label}.json", record)
            listed.append(
                {
                    "name": label,
                    "scheme": scheme.id,
                    "scheme_version": scheme.version,
                    "duration_ms": entry.duration_ms,
                    "videos": videos,
                    "gold": f"gold/{label}.json",
                    "gold_source": gold.source,
                    "gold_marked_at": gold.marked_at,
                    "gold_reason": gold.reason,
                }
            )
        atomic_write_json(
            staging / SET_FILE,
            {
                "format": SET_FORMAT,
                "format_version": SET_FORMAT_VERSION,
                "name": name,
                "created": now_iso(),
                "schemes": schemes,
                "sessions": listed,
            },
        )
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def _read_set(folder: Path) -> _SetFile:
    path = folder / SET_FILE
    data = read_versioned(path, SET_FORMAT, SET_FORMAT_VERSION)
    try:
        found = _SetFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(f"invalid gold set: {validation_problem(error)}", path=path) from None
    for session in found.sessions:
        for video in session.videos:
            file = _inside(folder, video.file)
            if not file.is_file() or sha256_file(file) != video.sha256:
                raise StorageError(
                    "is missing or does not match the hash the set records",
                    path=file,
                    hint="copy the gold set again",
                )
    return found


def _inside(folder: Path, relative: str) -> Path:
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise StorageError(f"names a file outside the set: {relative}", path=folder / SET_FILE)
    return path


def import_gold_set(project: Project, folder: str | Path, *, by: str) -> list[str]:
    """Add every session of the gold set in ``folder`` as a new session with its gold record;
    returns the new session codes. Schemes the project lacks are added."""
    folder = Path(folder)
    found = _read_set(folder)
    project.audit("gold_set_import", actor=by, name=found.name, sessions=len(found.sessions))
    for key, file in found.schemes.items():
        scheme_id, _, version = key.partition("@")
        if not any(e.id == scheme_id and e.version == version for e in project.data.schemes):
            project.add_scheme(_inside(folder, file))
    codes = []
    for session in found.sessions:
        videos = [_inside(folder, v.file) for v in session.videos]
        (entry,) = project.add_sessions(videos[:1], scheme=session.scheme)
        record_path = _inside(folder, session.gold)
        record = annotations_from_dict(_load(record_path), path=record_path)
        header = replace(
            record.header, session=entry.code, coder=f"set:{found.name}",
            video_sha256=entry.videos[0].sha256 if entry.videos else "",
        )
        data: dict[str, Any] = {
            "format": GOLD_FORMAT,
            "format_version": GOLD_FORMAT_VERSION,
            "session": entry.code,
            "version": 1,
            "source": f"gold set '{found.name}' ({session.name}, from {session.gold_source})",
            "marked_by": by,
            "marked_at": now_iso(),
            "reason": f"imported: {session.gold_reason}",
            "record": annotations_to_dict(replace(record, header=header)),
        }
        _write_once(gold_dir(project, entry.code) / "v001.json", dumps_json(data).encode("utf-8"))
        codes.append(entry.code)
    project.audit("gold_set_imported", actor=by, name=found.name, sessions=codes)
    return codes


def _load(path: Path) -> dict[str, Any]:
    data = read_json(path)
    if not isinstance(data, dict):
        raise StorageError("is not an annotation record", path=path)
    return data
