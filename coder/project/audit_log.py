"""The append-only audit log ``audit.jsonl``: assignments, samples, packages, unblinding, consensus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coder.storage.annotation_store import now_iso
from coder.storage.atomic import append_line


def append_audit(path: Path, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
    """Append one entry (time, actor, action, details) and return it."""
    entry = {"time": now_iso(), "actor": actor, "action": action, **details}
    append_line(path, json.dumps(entry, sort_keys=True, ensure_ascii=False))
    return entry


def read_audit(path: Path) -> list[dict[str, Any]]:
    """All complete entries of the log; a torn or damaged line (e.g. from a crash) is skipped."""
    if not path.exists():
        return []
    entries = []
    for raw in path.read_bytes().splitlines():
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries
