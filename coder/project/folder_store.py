"""The folder store: a project kept as plain files (see ``coder.project.project`` for the layout).

It implements ``coder.storage.store.ProjectStore`` over the files, the audit log
(``coder.project.audit_log``) and all-or-nothing changes (``coder.project.change``). Versions are
the sha256 of a file's bytes, so a compare-and-swap notices any writer, a sync service included.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from coder.annotations.model import AnnotationHeader, AnnotationSet
from coder.errors import ProjectError
from coder.project.audit_log import append_audit, read_audit
from coder.project.audit_verify import project_anchors, verify_audit
from coder.project.change import Change, commit, discard
from coder.project.consensus_model import CONSENSUS_FORMAT, CONSENSUS_FORMAT_VERSION
from coder.project.key_file import key_text, read_key
from coder.project.model import PROJECT_FORMAT, PROJECT_FORMAT_VERSION, SESSION_CODE_PATTERN
from coder.project.project_paths import check_coder_id, inside_project
from coder.storage.annotation_file import annotation_bytes, annotations_from_bytes
from coder.storage.annotation_store import (
    AnnotationStore,
    StorageConflictError,
    write_annotation_file,
)
from coder.storage.atomic import atomic_write_bytes, dumps_json
from coder.storage.backups import rotate_backup
from coder.storage.json_file import read_versioned
from coder.storage.store import NO_VERSION, StoredContent, StoredRecord

PROJECT_FILE = "project.json"
KEY_FILE = "key.csv"
AUDIT_FILE = "audit.jsonl"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FolderStore:
    """A project folder as a ``ProjectStore``."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._change: Change | None = None

    @property
    def root(self) -> Path:
        return self._root

    @root.setter
    def root(self, value: Path) -> None:
        self._root = value

    @property
    def location(self) -> str:
        return str(self._root.resolve())

    @property
    def is_folder(self) -> bool:
        return True

    @property
    def file(self) -> Path:
        return self._root / PROJECT_FILE

    @property
    def audit_path(self) -> Path:
        return self._root / AUDIT_FILE

    @property
    def key_path(self) -> Path:
        return self._root / KEY_FILE

    # --- changes -------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Change]:
        """Stage writes and entries; commit them together (``coder.project.change``)."""
        if self._change is not None:
            yield self._change
            return
        change = Change(self._root)
        self._change = change
        try:
            yield change
        except BaseException:
            self._change = None
            if change.moves:
                discard(self._root, change.op, self.audit_path, change.moves)
            change.release()
            raise
        self._change = None
        commit(change, self.audit_path)

    def _write(self, path: Path, data: bytes, *, backup: str = "") -> None:
        if self._change is not None:
            self._change.write(path, data, backup=backup)
        else:
            atomic_write_bytes(path, data)

    # --- project content and schemes ------------------------------------------------------
    def read_project(self) -> StoredContent:
        raw = read_versioned(self.file, PROJECT_FORMAT, PROJECT_FORMAT_VERSION)
        return StoredContent(raw, _sha(self.file.read_bytes()))

    def write_project(self, content: dict[str, Any], expected: str) -> str:
        data = dumps_json(content).encode("utf-8")
        staged = self._change is not None and self.file in self._change.writes
        if (not staged and expected != NO_VERSION and self.file.exists()
                and _sha(self.file.read_bytes()) != expected):
            raise ProjectError(
                "project.json was changed by someone else since it was opened; nothing was saved",
                path=self.file,
                hint="open the project again and repeat the change",
            )
        self._write(self.file, data, backup="rotate")
        return _sha(data)

    def read_scheme(self, file: str) -> bytes:
        path = self._root / file
        try:
            return path.read_bytes()
        except OSError as error:
            raise ProjectError(f"cannot read the scheme copy: {error.strerror}", path=path) from None

    def write_scheme(self, file: str, data: bytes) -> None:
        self._write(self._root / file, data)

    # --- key and audit -------------------------------------------------------------------
    def read_key(self) -> list[dict[str, str]]:
        return read_key(self.key_path) if self.key_path.exists() else []

    def write_key(self, rows: list[dict[str, str]]) -> None:
        self._write(self.key_path, key_text(rows).encode("utf-8"))

    def append_audit(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
        if self._change is not None:
            return self._change.log(action, actor=actor, **details)
        return append_audit(self.audit_path, action, actor=actor, **details)

    def read_audit(self) -> list[dict[str, Any]]:
        return read_audit(self.audit_path)

    def audit_problems(self) -> list[str]:
        result = verify_audit(self.audit_path, project_anchors(self._root))
        return [str(problem) for problem in result.problems]

    # --- annotation records --------------------------------------------------------------
    def record_label(self, coder: str, session: str) -> Path:
        """``annotations/<coder>/<session>.json``; a coder id that is not one, or a name that
        leads outside the project (``../../outside``), is refused with a ProjectError."""
        if not re.fullmatch(SESSION_CODE_PATTERN, session):
            raise ProjectError(f"'{session}' is not a session code", path=self.file,
                               hint="session codes look like S-K7QFA")
        return inside_project(
            self._root, "annotations", check_coder_id(coder), f"{session}.json",
            what="annotation file of",
        )

    def read_record(self, coder: str, session: str) -> StoredRecord | None:
        path = self.record_label(coder, session)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            data = b""  # annotations_from_bytes reads it again and says why
        return StoredRecord(coder, session, annotations_from_bytes(data, path=path), _sha(data))

    def read_records(self, sessions: Collection[str]) -> Iterator[StoredRecord]:
        for session in sessions:
            for coder in self.record_coders(session):
                record = self.read_record(coder, session)
                if record is not None:
                    yield record

    def record_coders(self, session: str) -> list[str]:
        folder = self._root / "annotations"
        if not folder.is_dir():
            return []
        return sorted(
            d.name for d in folder.iterdir() if d.is_dir() and (d / f"{session}.json").exists()
        )

    def save_record(
        self, coder: str, session: str, annotations: AnnotationSet, expected: str
    ) -> str:
        path = self.record_label(coder, session)
        try:
            found = _sha(path.read_bytes())
        except FileNotFoundError:
            found = NO_VERSION
        if found != expected:
            raise StorageConflictError(
                "not saved: the record was changed since it was read (by a sync service, "
                "another computer or another Coder), so it was not saved over",
                path=path,
                copy=None,
                hint="read the record again and repeat the edit",
            )
        data = annotation_bytes(annotations)
        rotate_backup(path)
        write_annotation_file(path, data)
        return _sha(data)

    def write_record(self, coder: str, session: str, annotations: AnnotationSet) -> None:
        self._write(self.record_label(coder, session), annotation_bytes(annotations),
                    backup="always")

    def open_record(
        self, coder: str, session: str, header: AnnotationHeader, *, read_only: bool = False,
        take_over: bool = False, audit: Callable[..., object] | None = None,
    ) -> AnnotationStore:
        """The live, self-saving record (a lease guards it; see AnnotationStore.open)."""
        return AnnotationStore.open(self.record_label(coder, session), header,
                                    read_only=read_only, take_over=take_over, audit=audit)

    # --- consensus -----------------------------------------------------------------------
    def consensus_label(self, session: str) -> Path:
        return self._root / "consensus" / f"{session}.json"

    def read_consensus(self, session: str) -> StoredContent | None:
        path = self.consensus_label(session)
        if not path.exists():
            return None
        data = read_versioned(path, CONSENSUS_FORMAT, CONSENSUS_FORMAT_VERSION)
        return StoredContent(data, _sha(path.read_bytes()))

    def write_consensus(self, session: str, content: dict[str, Any]) -> None:
        path = self.consensus_label(session)
        with self.transaction() as change:  # inside a decision: applied with its audit entry
            change.write(path, dumps_json(content).encode("utf-8"), backup="rotate")
