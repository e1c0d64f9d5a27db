"""Videos stay files: a server session names its videos by sha256 and size, and each machine
finds its own copy (shared drive, a copy per site, a coder package) in folders it is told about.

Only files of a wanted size are hashed, so a search through a large media folder reads just the
few candidates.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import psycopg

from coder.media.file_hash import sha256_file


@dataclass(frozen=True)
class SessionVideo:
    """One camera of a session as a coder's role sees it (no path: it may carry names)."""

    session: str
    ordinal: int
    sha256: str
    size: int
    offset_ms: int
    label: str


def my_videos(conn: psycopg.Connection) -> list[SessionVideo]:
    """The videos of the sessions assigned to the connected coder."""
    rows = conn.execute(
        "SELECT session, ordinal, sha256, size, offset_ms, label FROM my_videos "
        "ORDER BY session, ordinal"
    ).fetchall()
    return [SessionVideo(*row) for row in rows]


def locate_videos(folders: Iterable[str | Path], wanted: Mapping[str, int]) -> dict[str, Path]:
    """The first file found under ``folders`` for each wanted sha256 (→ its size in bytes).

    Hashes missing from the result were not found; unreadable folders and files are skipped.
    """
    sizes: dict[int, set[str]] = {}
    for digest, size in wanted.items():
        sizes.setdefault(size, set()).add(digest)
    found: dict[str, Path] = {}
    for folder in folders:
        for directory, _dirs, files in os.walk(folder):
            for name in sorted(files):
                path = Path(directory) / name
                try:
                    size = path.stat().st_size
                except OSError:
                    continue
                candidates = sizes.get(size, set()) - found.keys()
                if not candidates:
                    continue
                try:
                    digest = sha256_file(path)
                except OSError:
                    continue
                if digest in candidates:
                    found[digest] = path
            if len(found) == len(wanted):
                return found
    return found
