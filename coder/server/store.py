"""The server store: a project on a team server (PostgreSQL) as a ``ProjectStore``.

Connected as the lead's role, it reads and writes the whole project. Connected as a coder's role
it sees what row-level security lets it see: the project's name, the schemes, its own sessions
(their videos by sha256 only; video paths can carry names) and its own records. Its project
content is built from those views: one coder, its assignments (with no role: the role tells the
reliability sample), default settings, no key.

Records are read in bulk: the first read loads every record the role may see in one query and
keeps it for this open project (``refresh`` drops it); a save by compare-and-swap goes through
``coder.server.records`` and updates that copy. The project content's version is the sha256 of
its canonical JSON as read back from the tables, checked under a row lock before a change
is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from coder.annotations.model import AnnotationHeader, AnnotationSet
from coder.errors import ProjectError
from coder.server.audit import append_audit, append_linked, read_audit, verify_audit
from coder.server.connection import connect
from coder.server.errors import RecordConflict, ServerError
from coder.server.project_content import (
    coder_content,
    content_version,
    lead_content,
    write_assignments,
    write_coders,
    write_schemes,
    write_sessions,
)
from coder.server.record_store import ServerRecordStore
from coder.server.records import load_record, load_record_texts, save_record
from coder.storage.annotation_file import annotations_from_bytes, annotations_to_dict
from coder.storage.annotation_store import AnnotationStore, StorageConflictError
from coder.storage.store import NO_VERSION, StoredContent, StoredRecord

KEY_COLUMNS = ("session", "participant", "arm", "timepoint")


class ServerChange:
    """What a server transaction stages: audit entries go in with it; files cannot."""

    def __init__(self, store: ServerStore) -> None:
        self._store = store

    def log(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
        return self._store.append_audit(action, actor=actor, **details)

    def write(self, path: Path, data: bytes, *, backup: str = "") -> None:
        raise self._store.needs_folder(f"writing {path.name}")

    def staging_folder(self, target: Path) -> Path:
        raise self._store.needs_folder(f"building {target.name}")


class ServerStore:
    """A project database, opened through one connection (autocommit outside transactions)."""

    def __init__(self, conn: psycopg.Connection, address: str) -> None:
        self._conn = conn
        self._address = address.split("?")[0]
        row = conn.execute("SELECT current_coder_id()").fetchone()
        self.coder: str | None = row[0] if row else None
        """The coder whose role this connection is (None: the lead, or the owner)."""
        self._records: dict[tuple[str, str], StoredRecord] | None = None
        self._new_schemes: dict[str, bytes] = {}
        self._depth = 0
        self._project_written = False

    @classmethod
    def open(cls, address: str) -> ServerStore:
        """Connect to ``address`` (credentials from libpq's environment and ~/.pgpass only)."""
        conn = connect(address)
        try:
            return cls(conn, address)
        except psycopg.Error as error:
            conn.close()
            raise ServerError(
                f"{address.split('?')[0]} is not a Coder project database: "
                f"{error.diag.message_primary or error}",
                hint="push a project to it first (`coder push FOLDER ADDRESS`)",
            ) from None

    @property
    def connection(self) -> psycopg.Connection:
        return self._conn

    @property
    def location(self) -> str:
        return self._address

    @property
    def root(self) -> Path:
        return Path(self._address)

    @property
    def is_folder(self) -> bool:
        return False

    def close(self) -> None:
        self._conn.close()

    def refresh(self) -> None:
        """Forget the records read so far (the next read asks the server again)."""
        self._records = None

    def needs_folder(self, what: str) -> ProjectError:
        return ProjectError(
            f"{what} needs a project folder; {self._address} is a team server",
            hint=f"pull a copy first (`coder pull {self._address} FOLDER`) and work on the folder",
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[ServerChange]:
        self._depth += 1
        try:
            with self._conn.transaction():
                yield ServerChange(self)
        except psycopg.errors.InsufficientPrivilege as error:
            self.refresh()
            raise ServerError(
                f"the server refused the change: {error.diag.message_primary}",
                hint="only the lead's role changes the project",
            ) from None
        except psycopg.Error as error:
            self.refresh()
            raise ServerError(
                f"the change failed and nothing was stored: {error.diag.message_primary or error}"
            ) from None
        except BaseException:
            self.refresh()
            raise
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._new_schemes.clear()
                self._project_written = False

    # --- project content and schemes ------------------------------------------------------
    def read_project(self) -> StoredContent:
        content = lead_content(self._conn, self._address) if self.coder is None else coder_content(self._conn, self._address, self.coder)
        return StoredContent(content, content_version(content))

    def write_project(self, content: dict[str, Any], expected: str) -> str:
        if self.coder is not None:
            raise ProjectError(
                f"only the lead changes the project on {self._address}",
                hint="ask your lead to make this change",
            )
        conn = self._conn
        with self.transaction():
            conn.execute("SELECT 1 FROM project FOR UPDATE")
            # A second save in one change compares with its own first, not with the server.
            if (not self._project_written and expected != NO_VERSION
                    and content_version(lead_content(self._conn, self._address)) != expected):
                raise ProjectError(
                    f"the project on {self._address} was changed by someone else since it was "
                    "opened; nothing was saved",
                    hint="open the project again and repeat the change",
                )
            conn.execute(
                "UPDATE project SET name = %s, format_version = %s, created = %s, settings = %s",
                (content["name"], content["format_version"], content.get("created", ""),
                 Jsonb(content.get("settings", {}))),
            )
            write_schemes(conn, self._address, content["schemes"], self._new_schemes)
            write_sessions(conn, content["sessions"])
            write_coders(conn, content["coders"])
            write_assignments(conn, content["assignments"])
            self._project_written = self._depth > 1
            # The version of what the server now holds, read back as ``read_project`` reads it.
            return content_version(lead_content(self._conn, self._address))

    def read_scheme(self, file: str) -> bytes:
        if self.coder is None:
            row = self._conn.execute("SELECT content FROM schemes WHERE file = %s",
                                     (file,)).fetchone()
        else:
            name = PurePosixPath(file).stem  # schemes/<id>-<version>.yaml
            row = self._conn.execute(
                "SELECT content FROM my_schemes WHERE id || '-' || version = %s", (name,)
            ).fetchone()
        if row is None:
            raise ProjectError(f"the scheme copy {file} is not on {self._address}",
                               hint="ask your lead to add the scheme again")
        return bytes(row[0])

    def write_scheme(self, file: str, data: bytes) -> None:
        self._new_schemes[file] = data

    # --- key and audit -------------------------------------------------------------------
    def read_key(self) -> list[dict[str, str]]:
        if self.coder is not None:
            return []
        rows = []
        for session, participant, arm, timepoint, extra in self._conn.execute(
            "SELECT session, participant, arm, timepoint, extra FROM unblinding_key "
            "ORDER BY session"
        ):
            rows.append({"session": session, "participant": participant, "arm": arm,
                         "timepoint": timepoint, **{k: str(v) for k, v in extra.items()}})
        return rows

    def write_key(self, rows: list[dict[str, str]]) -> None:
        with self.transaction(), self._conn.cursor() as cur:
            cur.execute("DELETE FROM unblinding_key")
            cur.executemany(
                "INSERT INTO unblinding_key (session, participant, arm, timepoint, extra) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(r["session"], r.get("participant", ""), r.get("arm", ""),
                  r.get("timepoint", ""), Jsonb({k: v for k, v in r.items()
                                                 if k not in KEY_COLUMNS}))
                 for r in rows],
            )

    def append_audit(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
        if self.coder is not None:  # a coder's role may add entries but never read them
            return append_audit(self._conn, action, actor=actor, **details)
        return append_linked(self._conn, action, actor=actor, **details)

    def read_audit(self) -> list[dict[str, Any]]:
        if self.coder is not None:
            return []
        return [row.entry for row in read_audit(self._conn)]

    def audit_problems(self) -> list[str]:
        if self.coder is not None:
            return []  # a coder's role may not read the log; the lead verifies it
        return verify_audit(read_audit(self._conn))

    # --- annotation records --------------------------------------------------------------
    def record_label(self, coder: str, session: str) -> Path:
        return Path(self._address) / "annotations" / coder / f"{session}.json"

    def _all_records(self) -> dict[tuple[str, str], StoredRecord]:
        if self._records is None:
            # One query: each record's row with its events (``coder.server.records``).
            self._records = {
                (coder, session): StoredRecord(
                    coder, session,
                    annotations_from_bytes(text, path=self.record_label(coder, session)),
                    str(version),
                )
                for coder, session, version, text in load_record_texts(self._conn)
            }
        return self._records

    def read_record(self, coder: str, session: str) -> StoredRecord | None:
        return self._all_records().get((coder, session))

    def read_records(self, sessions: Collection[str]) -> Iterator[StoredRecord]:
        wanted = set(sessions)
        for key in sorted(self._all_records()):
            if key[1] in wanted:
                yield self._all_records()[key]

    def record_coders(self, session: str) -> list[str]:
        return sorted(c for c, s in self._all_records() if s == session)

    def save_record(
        self, coder: str, session: str, annotations: AnnotationSet, expected: str
    ) -> str:
        label = self.record_label(coder, session)
        try:
            version = save_record(self._conn, coder, session, annotations_to_dict(annotations),
                                  int(expected or 0))
        except RecordConflict as conflict:
            self.refresh()
            raise StorageConflictError(
                f"not saved: {conflict.message}", path=label, copy=None,
                hint="read the record again and repeat the edit",
            ) from None
        if self._records is not None:
            self._records[(coder, session)] = StoredRecord(coder, session, annotations,
                                                           str(version))
        return str(version)

    def open_record(
        self, coder: str, session: str, header: AnnotationHeader, *, read_only: bool = False,
        take_over: bool = False, audit: Callable[..., object] | None = None,
    ) -> AnnotationStore:
        """The live record, saved on the server by compare-and-swap after every edit."""
        def saved(annotations: AnnotationSet, version: int) -> None:
            if self._records is not None:  # what this project reads next is what was saved
                self._records[(coder, session)] = StoredRecord(coder, session, annotations,
                                                               str(version))

        return ServerRecordStore.open_on(self._conn, self.record_label(coder, session), header,
                                         read_only=read_only, on_saved=saved)

    def write_record(self, coder: str, session: str, annotations: AnnotationSet) -> None:
        with self.transaction():  # the server keeps every version's stamp; no file backup
            found = load_record(self._conn, coder, session)
            self.save_record(coder, session, annotations,
                             str(found.version) if found is not None else NO_VERSION)

    # --- consensus -----------------------------------------------------------------------
    def consensus_label(self, session: str) -> Path:
        return Path(self._address) / "consensus" / f"{session}.json"

    def read_consensus(self, session: str) -> StoredContent | None:
        if self.coder is not None:
            return None
        row = self._conn.execute(
            "SELECT version, body FROM consensus WHERE session = %s", (session,)
        ).fetchone()
        return None if row is None else StoredContent(row[1], str(row[0]))

    def write_consensus(self, session: str, content: dict[str, Any]) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO consensus (session, version, body) VALUES (%s, 1, %s) "
                "ON CONFLICT (session) DO UPDATE SET body = EXCLUDED.body, "
                "version = consensus.version + 1",
                (session, Jsonb(content)),
            )
