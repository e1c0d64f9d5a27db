"""The store protocol: what a project is kept in — a folder, or a team server (PostgreSQL).

``coder.project.Project`` is the only caller; everything above it works on a Project and never
knows which store it has. A store deals in values: the project file's content (a JSON object
with a version for compare-and-swap), scheme bytes, annotation and consensus records (with their
version), audit entries and key rows. Versions are opaque tokens: "" means "does not exist yet".

Writes made inside ``transaction()`` are all applied together when the block ends, or none of
them when it raises (the folder stages files and logs its intent; the server uses one database
transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from coder.annotations.model import AnnotationHeader, AnnotationSet
from coder.storage.annotation_store import AnnotationStore

NO_VERSION = ""
"""The version of a record or file that does not exist yet."""


@dataclass(frozen=True)
class StoredRecord:
    """One coder's annotation record of one session, with the version it was read at."""

    coder: str
    session: str
    annotations: AnnotationSet
    version: str


@dataclass(frozen=True)
class StoredContent:
    """A JSON object (project content, a consensus record) with the version it was read at."""

    content: dict[str, Any]
    version: str


class StoreChange(Protocol):
    """The change a transaction stages: audit entries (and, in a folder, files)."""

    def log(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]: ...

    def write(self, path: Path, data: bytes, *, backup: str = "") -> None: ...

    def staging_folder(self, target: Path) -> Path: ...


class ProjectStore(Protocol):
    """Where a project's content lives (see the module docstring)."""

    @property
    def location(self) -> str:
        """Where the store is, for messages: a folder path or a server address (no password)."""
        ...

    @property
    def root(self) -> Path:
        """The project folder; for a server, a name for messages that is never written to."""
        ...

    @property
    def is_folder(self) -> bool:
        """Whether the project is a local folder (files can be written beside it)."""
        ...

    def transaction(self) -> AbstractContextManager[StoreChange]:
        """All writes inside the block are applied together at its end, or none on an error."""
        ...

    # --- project content and schemes ------------------------------------------------------
    def read_project(self) -> StoredContent: ...

    def write_project(self, content: dict[str, Any], expected: str) -> str:
        """Replace the project content if it is still at ``expected``; the new version."""
        ...

    def read_scheme(self, file: str) -> bytes:
        """A scheme copy's exact bytes (``file``: its name in the project, schemes/…)."""
        ...

    def write_scheme(self, file: str, data: bytes) -> None:
        """Keep a new scheme copy (inside a transaction, with the project content naming it)."""
        ...

    # --- key and audit -------------------------------------------------------------------
    def read_key(self) -> list[dict[str, str]]:
        """The unblinding key rows (lead only); empty when there is none."""
        ...

    def write_key(self, rows: list[dict[str, str]]) -> None: ...

    def append_audit(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
        """Append an entry to the hash-chained audit log (inside a transaction: with it)."""
        ...

    def read_audit(self) -> list[dict[str, Any]]: ...

    def audit_problems(self) -> list[str]:
        """Breaks in the audit log's hash chain (empty when every link holds)."""
        ...

    # --- annotation records --------------------------------------------------------------
    def record_label(self, coder: str, session: str) -> Path:
        """How messages name a record (its file, or its place on the server)."""
        ...

    def read_record(self, coder: str, session: str) -> StoredRecord | None: ...

    def read_records(self, sessions: Collection[str]) -> Iterator[StoredRecord]:
        """Every record of the given sessions the caller may see, read in bulk."""
        ...

    def record_coders(self, session: str) -> list[str]:
        """Coders who have a record of ``session`` (sorted)."""
        ...

    def save_record(
        self, coder: str, session: str, annotations: AnnotationSet, expected: str
    ) -> str:
        """Store the record if it is still at ``expected``; the new version. A record that
        moved on is refused with a StorageConflictError and nothing is overwritten."""
        ...

    def open_record(
        self, coder: str, session: str, header: AnnotationHeader, *, read_only: bool = False,
        take_over: bool = False, audit: Callable[..., object] | None = None,
    ) -> AnnotationStore:
        """The live record a coder edits: saved after every edit by compare-and-swap; read-only
        with a notice when it is open for editing elsewhere (where the store can tell)."""
        ...

    def write_record(self, coder: str, session: str, annotations: AnnotationSet) -> None:
        """Replace a record as the lead (an import), keeping the replaced version as a backup
        where the store keeps backups; inside a transaction, with its audit entry."""
        ...

    # --- consensus -----------------------------------------------------------------------
    def consensus_label(self, session: str) -> Path: ...

    def read_consensus(self, session: str) -> StoredContent | None: ...

    def write_consensus(self, session: str, content: dict[str, Any]) -> None:
        """Store the session's consensus record (inside a transaction, with its audit entry)."""
        ...
