"""The unblinding join: session code → participant, arm, timepoint, … from ``key.csv``.

Sessions missing from the key and key rows naming no session of the project are listed by
session code and stop the export, unless the spec allows them (unkeyed sessions are then skipped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.errors import ExportError
from coder.export.spec import KeySpec

_SHOWN = 20


@dataclass(frozen=True)
class KeyJoin:
    """The key rows by session, the key's column order, and what did not match."""

    rows: dict[str, dict[str, str]]
    columns: tuple[str, ...]
    unkeyed: tuple[str, ...]
    unused: tuple[str, ...]


def _listed(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:_SHOWN])
    return shown + (f" and {len(codes) - _SHOWN} more" if len(codes) > _SHOWN else "")


def join_key(
    key_rows: Sequence[dict[str, str]],
    exported: Sequence[str],
    project_sessions: Sequence[str],
    spec: KeySpec,
    key_path: Path,
) -> KeyJoin:
    """Match the exported sessions to key rows; raise ExportError on mismatches not allowed."""
    rows = {row["session"]: row for row in key_rows}
    columns: list[str] = []
    for row in key_rows:
        columns += [c for c in row if c not in columns]
    if not key_rows:
        columns = ["session"]
    needed = list(dict.fromkeys(spec.columns))
    missing = [c for c in needed if c not in columns]
    if key_rows and missing:
        raise ExportError(
            f"the key has no column {', '.join(repr(c) for c in missing)}, which the spec uses "
            f"(key.columns: {', '.join(needed)})",
            path=key_path,
            hint="add the column to key.csv, or list only the columns you have under key.columns "
            "in the spec",
        )
    unkeyed = [s for s in exported if s not in rows]
    for column in needed:
        blank = [s for s in exported if s in rows and not rows[s].get(column, "").strip()]
        if blank:
            raise ExportError(
                f"{len(blank)} session(s) have no '{column}' in the key: {_listed(blank)}",
                path=key_path,
                hint=f"fill in their {column} in key.csv, or leave '{column}' out of key.columns "
                "in the spec",
            )
    known = set(project_sessions)
    unused = sorted(s for s in rows if s not in known)
    if unkeyed and not spec.allow_unkeyed_sessions:
        raise ExportError(
            f"{len(unkeyed)} session(s) missing from the key: {_listed(unkeyed)}",
            path=key_path,
            hint="add their rows to key.csv, or set key.allow_unkeyed_sessions in the spec",
        )
    if unused and not spec.allow_unused_key_rows:
        raise ExportError(
            f"{len(unused)} key row(s) name no session of the project: {_listed(unused)}",
            path=key_path,
            hint="correct the session codes in key.csv, or set key.allow_unused_key_rows in the spec",
        )
    return KeyJoin(rows, tuple(columns), tuple(unkeyed), tuple(unused))
