"""Moving a project folder onto a server: project.json, schemes, key, annotation records,
consensus and the audit log, in one transaction (all or nothing).

The folder's audit entries go first, in their order, so the server's chain continues the folder's
history; the push itself is the last entry. Videos stay files: sessions keep their sha256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

from coder.project.audit_log import read_audit as read_folder_audit
from coder.project.consensus import load_consensus
from coder.project.consensus_model import consensus_to_dict
from coder.project.key_file import KEY_COLUMNS
from coder.project.project import Project
from coder.server.audit import append_audit, append_audit_entry
from coder.server.errors import ServerError
from coder.server.migrations import migrate
from coder.storage.annotation_file import annotations_to_dict, load_annotations


@dataclass(frozen=True)
class PushSummary:
    sessions: int
    coders: int
    records: int
    consensus: int
    audit_entries: int


def push_project(
    project: Project, conn: psycopg.Connection, *, role_prefix: str = "coder"
) -> PushSummary:
    """Copy ``project`` into the (new or empty) database behind ``conn``, run by its owner."""
    migrate(conn, role_prefix)
    data = project.data
    try:
        with conn.transaction():
            if conn.execute("SELECT 1 FROM project").fetchone() is not None:
                raise ServerError(
                    "the server database already holds a project",
                    hint="push into a new, empty database",
                )
            entries = read_folder_audit(project.audit_path)
            for entry in entries:
                append_audit_entry(conn, entry)
            conn.execute(
                "INSERT INTO project (name, format_version, created, settings) "
                "VALUES (%s, %s, %s, %s)",
                (data.name, data.format_version, data.created,
                 Jsonb(data.settings.model_dump(mode="json"))),
            )
            _push_schemes(project, conn)
            _push_sessions(project, conn)
            records = _push_records(project, conn)
            consensus = _push_consensus(project, conn)
            append_audit(conn, "pushed_to_server", source=str(project.root),
                         records=records, sessions=len(data.sessions))
    except psycopg.Error as error:
        raise ServerError(
            f"the push failed and nothing was stored: {error.diag.message_primary or error}",
            path=project.root,
        ) from None
    return PushSummary(len(data.sessions), len(data.coders), records, consensus, len(entries))


def _push_schemes(project: Project, conn: psycopg.Connection) -> None:
    for ordinal, entry in enumerate(project.data.schemes):
        content = (project.root / entry.file).read_bytes()
        if hashlib.sha256(content).hexdigest() != entry.sha256:
            raise ServerError(
                "the scheme copy does not match its sha256 in project.json",
                path=project.root / entry.file,
            )
        conn.execute(
            "INSERT INTO schemes (id, version, sha256, file, content, ordinal) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (entry.id, entry.version, entry.sha256, entry.file, content, ordinal),
        )


def _push_sessions(project: Project, conn: psycopg.Connection) -> None:
    data = project.data
    for ordinal, session in enumerate(data.sessions):
        conn.execute(
            "INSERT INTO sessions (code, scheme, duration_ms, added, ordinal) "
            "VALUES (%s, %s, %s, %s, %s)",
            (session.code, session.scheme, session.duration_ms, session.added, ordinal),
        )
        for position, video in enumerate(session.videos):
            conn.execute(
                "INSERT INTO session_videos (session, ordinal, path, size, sha256, offset_ms, "
                "label) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (session.code, position, video.path, video.size, video.sha256,
                 video.offset_ms, video.label),
            )
    for ordinal, coder in enumerate(data.coders):
        conn.execute(
            "INSERT INTO coders (id, name, active, ordinal) VALUES (%s, %s, %s, %s)",
            (coder.id, coder.name, coder.active, ordinal),
        )
        conn.execute("SELECT create_coder_role(%s)", (coder.id,))
    for ordinal, assignment in enumerate(data.assignments):
        conn.execute(
            "INSERT INTO assignments (session, coder, role, assigned, ordinal) "
            "VALUES (%s, %s, %s, %s, %s)",
            (assignment.session, assignment.coder, assignment.role, assignment.assigned,
             ordinal),
        )
    for row in project.key():
        extra = {k: v for k, v in row.items() if k not in KEY_COLUMNS}
        conn.execute(
            "INSERT INTO unblinding_key (session, participant, arm, timepoint, extra) "
            "VALUES (%s, %s, %s, %s, %s)",
            (row["session"], row.get("participant", ""), row.get("arm", ""),
             row.get("timepoint", ""), Jsonb(extra)),
        )


def _push_records(project: Project, conn: psycopg.Connection) -> int:
    folder = project.root / "annotations"
    count = 0
    coders = {c.id for c in project.data.coders}
    sessions = {s.code for s in project.data.sessions}
    for path in sorted(folder.glob("*/*.json")) if folder.is_dir() else []:
        coder, session = path.parent.name, path.stem
        if coder not in coders or session not in sessions:
            raise ServerError(
                f"annotation file of coder '{coder}' for session '{session}': the coder or "
                "the session is not in project.json",
                path=path,
                hint="add the coder and session or move the file out of annotations/",
            )
        body = annotations_to_dict(load_annotations(path))
        conn.execute(
            "INSERT INTO annotations (coder, session, version, body) VALUES (%s, %s, 1, %s)",
            (coder, session, Jsonb(body)),
        )
        count += 1
    return count


def _push_consensus(project: Project, conn: psycopg.Connection) -> int:
    count = 0
    for session in project.data.sessions:
        record = load_consensus(project, session.code)
        if record is None:
            continue
        conn.execute(
            "INSERT INTO consensus (session, version, body) VALUES (%s, 1, %s)",
            (session.code, Jsonb(consensus_to_dict(record))),
        )
        count += 1
    return count
