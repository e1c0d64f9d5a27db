"""Log first, then unblind: the audit entry of an export written before any key-joined byte,
and the sweep of what an interrupted export left in its destination."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coder.annotations.model import new_id
from coder.errors import CoderError, ExportError
from coder.export.spec import ExportSpec
from coder.project.project import Project

_STAGING = re.compile(r"^\.export-op-[0-9a-f]+\.partial$")
_TEMP = re.compile(r"^\..+\.tmp(\.[A-Za-z0-9]+)?$")


def log_unblinding(
    project: Project, spec: ExportSpec, out: Path, formats: Sequence[str], *, actor: str,
    sessions: int,
) -> dict[str, Any]:
    """Append and fsync the ``unblinding`` intent entry; ExportError when it cannot be written."""
    key_sha = project.file_digest(project.key_path)
    try:
        return project.audit(
            "unblinding", actor=actor, op="op-" + new_id(), what="export", spec=spec.name,
            spec_sha256=spec.sha256, key_sha256=key_sha, destination=str(out.resolve()),
            formats=list(formats), sessions=sessions,
        )
    except CoderError as error:
        raise ExportError(
            f"the unblinding cannot be logged ({error.message}), so nothing was exported",
            path=project.audit_path,
            hint="an export joins the key and must be recorded first: make the project writable",
        ) from None


def sweep_export_leftovers(out: Path) -> list[str]:
    """Remove staging folders and temp files an interrupted export left in ``out``."""
    found: list[str] = []
    if not out.is_dir():
        return found
    for path in sorted(out.iterdir()):
        with contextlib.suppress(OSError):
            if path.is_dir() and _STAGING.match(path.name):
                shutil.rmtree(path)
            elif path.is_file() and _TEMP.match(path.name):
                path.unlink()
            else:
                continue
            found.append(f"removed {path.name}, left in {out} by an interrupted export")
    return found
