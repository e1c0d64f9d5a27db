"""The project content on the server: project.json's parts, read from and written to the tables.

The lead reads the tables (lists in their ``ordinal`` order, so a push and a pull give the same
project.json). A coder's role reads the security-barrier views: the project's name, the schemes,
its own sessions with their videos by sha256 only (named by session code: a path can carry
names), itself as the one coder, its assignments without their role (the role tells the
reliability sample), default settings.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import psycopg

from coder.errors import ProjectError
from coder.server.errors import ServerError


def content_version(content: dict[str, Any]) -> str:
    """The version of project content: the sha256 of its canonical JSON."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lead_content(conn: psycopg.Connection, address: str) -> dict[str, Any]:
    """The project content as the lead reads it (what project.json holds)."""
    row = conn.execute(
        "SELECT name, format_version, created, settings FROM project"
    ).fetchone()
    if row is None:
        raise ServerError(f"{address} holds no project", hint="push a project first")
    name, format_version, created, settings = row
    videos: dict[str, list[dict[str, Any]]] = {}
    for session, path, size, sha256, offset_ms, label in conn.execute(
        "SELECT session, path, size, sha256, offset_ms, label FROM session_videos "
        "ORDER BY session, ordinal"
    ):
        videos.setdefault(session, []).append(
            {"path": path, "size": size, "sha256": sha256, "offset_ms": offset_ms,
             "label": label}
        )
    return {
        "format": "coder-project",
        "format_version": format_version,
        "name": name,
        "created": created,
        "schemes": [
            {"id": i, "version": v, "sha256": h, "file": f}
            for i, v, h, f in conn.execute(
                "SELECT id, version, sha256, file FROM schemes ORDER BY ordinal")
        ],
        "sessions": [
            {"code": c, "scheme": s, "videos": videos.get(c, []), "duration_ms": d,
             "added": a}
            for c, s, d, a in conn.execute(
                "SELECT code, scheme, duration_ms, added FROM sessions ORDER BY ordinal")
        ],
        "coders": [
            {"id": i, "name": n, "active": a}
            for i, n, a in conn.execute(
                "SELECT id, name, active FROM coders ORDER BY ordinal")
        ],
        "assignments": [
            {"session": s, "coder": c, "role": r, "assigned": t}
            for s, c, r, t in conn.execute(
                "SELECT session, coder, role, assigned FROM assignments ORDER BY ordinal")
        ],
        "settings": settings,
    }

def coder_content(conn: psycopg.Connection, address: str, coder: str) -> dict[str, Any]:
    """The project content a coder's role may see (see the module docstring)."""
    row = conn.execute("SELECT name, format_version FROM my_project").fetchone()
    if row is None:
        raise ServerError(f"{address} holds no project", hint="ask your lead")
    videos: dict[str, list[dict[str, Any]]] = {}
    for session, ordinal, sha256, size, offset_ms, label in conn.execute(
        "SELECT session, ordinal, sha256, size, offset_ms, label FROM my_videos "
        "ORDER BY session, ordinal"
    ):
        # The coder never learns the file's name: a pseudonymous one, found by sha256.
        name = f"{session}.mp4" if ordinal == 0 else f"{session}-camera{ordinal + 1}.mp4"
        videos.setdefault(session, []).append(
            {"path": name, "size": size, "sha256": sha256, "offset_ms": offset_ms,
             "label": label}
        )
    sessions = conn.execute(
        "SELECT code, scheme, duration_ms FROM my_sessions ORDER BY code").fetchall()
    return {
        "format": "coder-project",
        "format_version": row[1],
        "name": row[0],
        "schemes": [
            {"id": i, "version": v, "sha256": h, "file": f"schemes/{i}-{v}.yaml"}
            for i, v, h in conn.execute(
                "SELECT id, version, sha256 FROM my_schemes ORDER BY id, version")
        ],
        "sessions": [
            {"code": c, "scheme": s, "videos": videos.get(c, []), "duration_ms": d}
            for c, s, d in sessions
        ],
        "coders": [{"id": coder}],
        "assignments": [{"session": c, "coder": coder} for c, _s, _d in sessions],
    }


def write_schemes(
    conn: psycopg.Connection, address: str, schemes: list[dict[str, Any]],
    new_schemes: dict[str, bytes],
) -> None:
    have = {(i, v) for i, v in conn.execute("SELECT id, version FROM schemes")}
    with conn.cursor() as cur:
        for ordinal, entry in enumerate(schemes):
            if (entry["id"], entry["version"]) in have:
                cur.execute("UPDATE schemes SET ordinal = %s WHERE id = %s AND version = %s",
                            (ordinal, entry["id"], entry["version"]))
                continue
            data = new_schemes.get(entry["file"])
            if data is None:
                raise ProjectError(f"the scheme copy {entry['file']} was never given to "
                                   f"{address}", hint="add the scheme again")
            cur.execute(
                "INSERT INTO schemes (id, version, sha256, file, content, ordinal) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (entry["id"], entry["version"], entry["sha256"], entry["file"], data, ordinal),
            )

def write_sessions(conn: psycopg.Connection, sessions: list[dict[str, Any]]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO sessions (code, scheme, duration_ms, added, ordinal) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET "
            "scheme = EXCLUDED.scheme, duration_ms = EXCLUDED.duration_ms, "
            "added = EXCLUDED.added, ordinal = EXCLUDED.ordinal",
            [(s["code"], s["scheme"], s.get("duration_ms"), s.get("added", ""), n)
             for n, s in enumerate(sessions)],
        )
        cur.execute("DELETE FROM session_videos")
        cur.executemany(
            "INSERT INTO session_videos (session, ordinal, path, size, sha256, offset_ms, "
            "label) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(s["code"], n, v["path"], v["size"], v["sha256"], v.get("offset_ms", 0),
              v.get("label", ""))
             for s in sessions for n, v in enumerate(s.get("videos", []))],
        )

def write_coders(conn: psycopg.Connection, coders: list[dict[str, Any]]) -> None:
    have = {i for (i,) in conn.execute("SELECT id FROM coders")}
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO coders (id, name, active, ordinal) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "
            "active = EXCLUDED.active, ordinal = EXCLUDED.ordinal",
            [(c["id"], c.get("name", ""), c.get("active", True), n)
             for n, c in enumerate(coders)],
        )
        for coder in coders:
            if coder["id"] not in have:
                cur.execute("SELECT create_coder_role(%s)", (coder["id"],))

def write_assignments(conn: psycopg.Connection, assignments: list[dict[str, Any]]) -> None:
    with conn.cursor() as cur:
        cur.execute("DELETE FROM assignments")
        cur.executemany(
            "INSERT INTO assignments (session, coder, role, assigned, ordinal) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(a["session"], a["coder"], a.get("role", "primary"), a.get("assigned", ""), n)
             for n, a in enumerate(assignments)],
        )
