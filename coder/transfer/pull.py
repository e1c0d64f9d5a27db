"""Making a project folder from a server: the lead's full copy (offline or archive form).

The pull is logged on the server before anything is read (it carries the key). The folder is
written through the folder store's own writers; videos are not copied (they stay files: the
sessions keep their paths and sha256).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import psycopg

from coder.project.audit_log import append_audit as append_folder_audit
from coder.project.audit_log import head_path
from coder.project.consensus import save_consensus
from coder.project.consensus_model import consensus_from_dict
from coder.project.key_file import write_key
from coder.project.model import (
    Assignment,
    CoderEntry,
    ProjectFile,
    SchemeEntry,
    SessionEntry,
    Settings,
    VideoEntry,
)
from coder.project.project import Project
from coder.server.audit import AuditRow, append_audit, read_audit
from coder.server.errors import ServerError
from coder.server.records import load_records
from coder.storage.annotation_file import annotations_from_dict, save_annotations
from coder.storage.atomic import atomic_write_bytes


def pull_project(conn: psycopg.Connection, folder: str | Path) -> Project:
    """Write the server's project into ``folder`` (new or empty) and open it."""
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ServerError("the folder is not empty", path=root, hint="choose a new folder")
    try:
        append_audit(conn, "pulled_from_server", target=str(root))
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            data = _project_file(conn)
            schemes = {
                row[0]: bytes(row[1])
                for row in conn.execute("SELECT file, content FROM schemes ORDER BY ordinal")
            }
            key = _key_rows(conn)
            records = list(load_records(conn))
            consensus = conn.execute("SELECT session, body FROM consensus ORDER BY session")
            consensus_rows = consensus.fetchall()
            audit = read_audit(conn)
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(
            "only the lead may pull a whole project", hint="connect as the lead's role"
        ) from None
    except psycopg.Error as error:
        raise ServerError(f"the pull failed: {error.diag.message_primary or error}") from None
    for file in schemes:
        _check_scheme_file(file)
    for sub in ("schemes", "annotations", "consensus", "exports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(root / ".gitignore", b"cache/\n")
    for file, content in schemes.items():
        atomic_write_bytes(root / file, content)
    project = Project(root, data)
    project.save()
    if key:
        write_key(project.key_path, key)
    for record in records:
        path = project.annotation_path(record.coder, record.session)
        save_annotations(path, annotations_from_dict(record.body, path=path))
    for _session, body in consensus_rows:
        save_consensus(project, consensus_from_dict(body, path=root / "consensus"))
    _write_audit(project.audit_path, audit)
    return Project.open(root)


def _write_audit(log: Path, rows: list[AuditRow]) -> None:
    """The folder's own hash chain exactly as it was pushed, then the server's entries (the
    push, the pull) chained after it; what writing the files above logged is not kept, as the
    pulled folder is the server's copy, not a history of its own."""
    chained = [r for r in rows if {"seq", "prev", "hash"} <= set(r.entry)]
    server = [r for r in rows if r not in chained]
    head_path(log).unlink(missing_ok=True)
    atomic_write_bytes(log, b"".join(r.entry_text.encode("utf-8") + b"\n" for r in chained))
    for row in server:
        details = {k: v for k, v in row.entry.items() if k not in ("action", "actor", "time")}
        append_folder_audit(
            log,
            str(row.entry.get("action", "server_entry")),
            actor=str(row.entry.get("actor", row.db_user)),
            server_time=row.entry.get("time"),
            server_user=row.db_user,
            **details,
        )


def _project_file(conn: psycopg.Connection) -> ProjectFile:
    row = conn.execute(
        "SELECT name, format_version, created, settings FROM project"
    ).fetchone()
    if row is None:
        raise ServerError("the server database holds no project", hint="push a project first")
    name, format_version, created, settings = row
    schemes = [
        SchemeEntry(id=i, version=v, sha256=h, file=f)
        for i, v, h, f in conn.execute(
            "SELECT id, version, sha256, file FROM schemes ORDER BY ordinal"
        )
    ]
    videos: dict[str, list[VideoEntry]] = {}
    for session, path, size, sha256, offset_ms, label in conn.execute(
        "SELECT session, path, size, sha256, offset_ms, label FROM session_videos "
        "ORDER BY session, ordinal"
    ):
        videos.setdefault(session, []).append(
            VideoEntry(path=path, size=size, sha256=sha256, offset_ms=offset_ms, label=label)
        )
    sessions = [
        SessionEntry(code=c, scheme=s, videos=tuple(videos.get(c, [])), duration_ms=d, added=a)
        for c, s, d, a in conn.execute(
            "SELECT code, scheme, duration_ms, added FROM sessions ORDER BY ordinal"
        )
    ]
    coders = [
        CoderEntry(id=i, name=n, active=a)
        for i, n, a in conn.execute("SELECT id, name, active FROM coders ORDER BY ordinal")
    ]
    assignments = [
        Assignment(session=s, coder=c, role=r, assigned=t)
        for s, c, r, t in conn.execute(
            "SELECT session, coder, role, assigned FROM assignments ORDER BY ordinal"
        )
    ]
    return ProjectFile(
        name=name, format_version=format_version, created=created, schemes=tuple(schemes),
        sessions=tuple(sessions), coders=tuple(coders), assignments=tuple(assignments),
        settings=Settings.model_validate(settings),
    )


def _key_rows(conn: psycopg.Connection) -> list[dict[str, str]]:
    rows = []
    for session, participant, arm, timepoint, extra in conn.execute(
        "SELECT session, participant, arm, timepoint, extra FROM unblinding_key ORDER BY session"
    ):
        rows.append({"session": session, "participant": participant, "arm": arm,
                     "timepoint": timepoint, **{k: str(v) for k, v in extra.items()}})
    return rows


def _check_scheme_file(file: str) -> None:
    """A scheme copy's name from the server must stay inside the folder's ``schemes/``."""
    parts = PurePosixPath(file).parts
    if len(parts) != 2 or parts[0] != "schemes" or parts[1] in ("..", ".") or "\\" in file:
        raise ServerError(
            f"the server names a scheme file '{file}' outside schemes/",
            hint="fix the scheme's file name on the server",
        )
