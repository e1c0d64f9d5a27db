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
    unkeyed = [s for s in exported if s not in rows]
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
