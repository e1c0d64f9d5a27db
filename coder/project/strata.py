"""Strata of sessions by key columns (arm × timepoint …), known to the lead only."""

from __future__ import annotations

from collections.abc import Sequence

from coder.errors import WorkflowError
from coder.project.project import Project

Stratum = tuple[str, ...]


def session_strata(
    project: Project, sessions: Sequence[str], columns: Sequence[str]
) -> dict[str, Stratum]:
    """Each session's stratum: its values of ``columns`` in the key (empty tuple without columns).

    A column missing from the key, or a session without a key row, is a WorkflowError.
    """
    if not columns:
        return {code: () for code in sessions}
    rows = {row["session"]: row for row in project.key()}
    if not rows:
        raise WorkflowError(
            "stratifying needs the unblinding key, and the project has none",
            path=project.key_path,
            hint="add the key, or leave out --stratify",
        )
    known = set(next(iter(rows.values())))
    missing = [c for c in columns if c not in known]
    if missing:
        raise WorkflowError(
            f"the key has no column {', '.join(repr(c) for c in missing)}",
            path=project.key_path,
            hint="columns: " + ", ".join(sorted(known - {"session"})),
        )
    strata = {}
    for code in sessions:
        row = rows.get(code)
        if row is None:
            raise WorkflowError(f"the key has no row for session {code}", path=project.key_path)
        strata[code] = tuple(row[c] for c in columns)
    return strata


def has_key_columns(project: Project, columns: Sequence[str]) -> bool:
    """True when the project has a key with all of ``columns``."""
    rows = project.key()
    return bool(rows) and all(c in rows[0] for c in columns)
