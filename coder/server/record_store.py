"""A coder's live record on the team server: the same editing surface as a record file.

It behaves as ``coder.storage.annotation_store.AnnotationStore`` does for a file — saved after
every edit, the session-status rule applied, ``status_text`` for the window — but each save is a
compare-and-swap on the server (``coder.server.records.save_record``) against the version this
window last read or wrote. When the record moved on (another window or machine saved it),
nothing is overwritten: this version is kept as a local conflict copy, autosave stops, and the
same StorageConflictError a file store raises says so. Row-level security decides what the role
may write; no lease is needed for that guarantee, as no save can overwrite an unseen version.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg

from coder import __version__
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationHeader, AnnotationSet
from coder.errors import StorageError
from coder.server.errors import RecordConflict, ServerError
from coder.server.records import load_record, save_record
from coder.storage.annotation_file import (
    annotation_bytes,
    annotations_from_bytes,
    annotations_to_dict,
)
from coder.storage.annotation_store import (
    AnnotationStore,
    StorageConflictError,
    StoreState,
    now_iso,
)
from coder.storage.conflict_copies import write_conflict_copy


def conflict_folder() -> Path:
    """Where this machine keeps versions the server refused (never inside a project)."""
    return Path.home() / ".coder" / "server-records"


class ServerRecordStore(AnnotationStore):
    """One record on the server and its live document; saves after every edit."""

    def __init__(
        self,
        conn: psycopg.Connection,
        label: Path,
        document: AnnotationDocument,
        version: int,
        *,
        read_only: bool = False,
        on_saved: Callable[[AnnotationSet, int], None] | None = None,
        saved_body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(label, document, read_only=read_only)
        self._conn = conn
        self._on_saved = on_saved
        self.version = version
        """The server's version of the record this window last read or wrote (0: none yet)."""
        self.saved_body = saved_body
        """That version's body as the server holds it: a save then sends only what changed."""

    @classmethod
    def open_on(
        cls,
        conn: psycopg.Connection,
        label: Path,
        header: AnnotationHeader,
        *,
        read_only: bool = False,
        on_saved: Callable[[AnnotationSet, int], None] | None = None,
    ) -> ServerRecordStore:
        """The record of ``header``'s coder and session, or a new one if there is none."""
        stored = load_record(conn, header.coder, header.session)
        if stored is None:
            stamp = now_iso()
            snapshot = AnnotationSet(
                header=replace(header, created=stamp, modified=stamp, tool_version=__version__)
            )
            version = 0
        else:
            snapshot = annotations_from_bytes(json.dumps(stored.body).encode("utf-8"),
                                              path=label)
            version = stored.version
            if (snapshot.header.coder, snapshot.header.session) != (header.coder,
                                                                    header.session):
                raise StorageError(
                    f"belongs to coder '{snapshot.header.coder}', session "
                    f"'{snapshot.header.session}', not '{header.coder}', '{header.session}'",
                    path=label, hint="ask your lead to repair the record on the server",
                )
        return cls(conn, label, AnnotationDocument(snapshot), version, read_only=read_only,
                   on_saved=on_saved, saved_body=None if stored is None else stored.body)

    def save(self) -> None:
        """Store the document on the server if the record is still at ``version``."""
        if self.read_only:
            return
        self.document.header = replace(
            self.document.header, modified=now_iso(), tool_version=__version__
        )
        snapshot = self.document.snapshot()
        header = snapshot.header
        body = annotations_to_dict(snapshot)
        try:
            self.version = save_record(self._conn, header.coder, header.session, body,
                                       self.version, previous=self.saved_body)
        except RecordConflict:
            raise self._conflict(None) from None
        except ServerError as error:
            raise StorageError(
                error.message, path=self.path,
                hint="this edit is kept in memory and saved with the next one",
            ) from None
        except psycopg.OperationalError as error:
            raise StorageError(
                f"could not save: the server did not answer ({str(error).strip()[:120]})",
                path=self.path,
                hint="this edit is kept in memory and saved with the next one",
            ) from None
        self.saved_body = body
        self.saved_revision = self.document.revision
        if self._on_saved is not None:
            self._on_saved(snapshot, self.version)

    def heartbeat(self) -> None:
        """Notice, while the coder is idle, that the record moved on elsewhere."""
        if self.read_only:
            return
        header = self.document.header
        try:
            stored = load_record(self._conn, header.coder, header.session)
        except psycopg.Error:
            return  # asked again on the next heartbeat
        if (stored.version if stored is not None else 0) != self.version:
            self._report(self._conflict(None))

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _conflict(
        self, holder: object | None, *, lease_lost: bool = False
    ) -> StorageConflictError:
        """Keep this version in a local conflict copy, stop autosaving, and say so."""
        header = self.document.header
        local = conflict_folder() / header.coder / f"{header.session}.json"
        copy: Path | None
        try:
            copy = write_conflict_copy(
                local, annotation_bytes(self.document.snapshot()), socket.gethostname()
            )
        except (StorageError, OSError):
            copy = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.read_only = True
        self.state = StoreState.CONFLICT
        self.conflict_copy = copy
        what = ("the record was saved on the server from another window or computer since it "
                "was opened here, so it was not saved over")
        kept = (f"your version is kept as {copy}" if copy is not None else
                "your version could not be written anywhere: keep this window open and ask "
                "your lead for help")
        self.notice = f"Not saved: {what}; {kept}."
        error = StorageConflictError(
            f"not saved: {what}; {kept}", path=self.path, copy=copy,
            hint="autosave is stopped for this session: close it and open it again to see the "
            "server's version, and ask your lead to reconcile the two",
        )
        self.save_error = error
        return error

