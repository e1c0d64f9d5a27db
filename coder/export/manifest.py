"""The manifest ``manifest.json``: what went into an export and what came out, with hashes.

Inputs (project.json, scheme copies, key.csv, each annotation or consensus file used) and
outputs with their sha256, scheme versions, tool version, the spec's text and sha256, the
parameters, and the time. It is the only export file with a timestamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coder import __version__
from coder.export.spec import ExportSpec
from coder.media.file_hash import sha256_file
from coder.project.project import Project
from coder.storage.annotation_store import now_iso

MANIFEST_FORMAT = "coder-export-manifest"
MANIFEST_FORMAT_VERSION = 1


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def file_entries(paths: Sequence[Path], root: Path) -> list[dict[str, str]]:
    """``{path, sha256}`` of each file (paths relative to ``root`` where possible)."""
    return [{"path": _relative(p, root), "sha256": sha256_file(p)} for p in paths]


def build_manifest(
    project: Project,
    spec: ExportSpec,
    scheme_ids: Sequence[str],
    record_files: Sequence[Path],
    outputs: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, Any],
) -> dict[str, Any]:
    """The manifest content (a JSON-ready dict)."""
    inputs = [project.file]
    entries = [e for e in project.data.schemes if e.id in scheme_ids]
    inputs += [project.root / e.file for e in entries]
    if project.file_digest(project.key_path) is not None:
        inputs.append(project.key_path)
    inputs += list(record_files)
    return {
        "format": MANIFEST_FORMAT,
        "format_version": MANIFEST_FORMAT_VERSION,
        "created": now_iso(),
        "tool_version": __version__,
        "project": {"name": project.name, "root": project.store.location},
        "spec": {"name": spec.name, "sha256": spec.sha256, "text": spec.text},
        "schemes": [{"id": e.id, "version": e.version, "sha256": e.sha256} for e in entries],
        "parameters": parameters,
        "inputs": [
            {"path": _relative(p, project.root), "sha256": project.file_digest(p) or ""}
            for p in inputs
        ],
        "outputs": file_entries(outputs, out_dir),
    }
