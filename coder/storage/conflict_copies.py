"""Conflict copies: two versions of one file, kept side by side until someone reconciles them.

Coder writes its own into a ``conflicts/`` folder beside the file (never over another one: every
copy gets a name of its own). Sync services make theirs beside the file, each in its own style;
``sync_conflict_of`` recognises them so ``coder validate`` can list them for the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coder.errors import StorageError
from coder.storage.atomic import write_new_file

CONFLICTS_DIR = "conflicts"


def write_conflict_copy(path: Path, data: bytes, host: str) -> Path:
    """Save ``data`` (a version of ``path`` that could not be written over it) as a new file
    ``conflicts/<stem>.conflict-<UTC time>-<computer>[-n]<suffix>``; returns its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe_host = re.sub(r"[^A-Za-z0-9._-]+", "_", host)[:40] or "computer"
    folder = path.parent / CONFLICTS_DIR
    for n in range(1, 1000):
        extra = "" if n == 1 else f"-{n}"
        copy = folder / f"{path.stem}.conflict-{stamp}-{safe_host}{extra}{path.suffix}"
        try:
            write_new_file(copy, data)
        except FileExistsError:
            continue
        return copy
    raise StorageError("no free name for a conflict copy", path=folder)


@dataclass(frozen=True)
class ConflictCopy:
    """A file that is a conflict copy of ``original`` (a name in the same folder)."""

    path: Path
    original: str
    made_by: str


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Dropbox, Nextcloud: "name (conflicted copy 2026-11-29).json", "name (Ana's conflicted copy …)"
    ("Dropbox or Nextcloud", re.compile(r"^(?P<stem>.+?) \([^()]*conflicted copy[^()]*\)(?P<ext>\.[^.]+)?$", re.I)),
    ("Dropbox", re.compile(r"^(?P<stem>.+?) \(Case Conflict(?: \d+)?\)(?P<ext>\.[^.]+)?$", re.I)),
    # Syncthing: "name.sync-conflict-20261129-140203-ABCDEF7.json"
    ("Syncthing", re.compile(r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?(?P<ext>\.[^.]+)?$")),
    # ownCloud: "name_conflict-20261129-140203.json"
    ("ownCloud", re.compile(r"^(?P<stem>.+?)_conflict-\d{8}-\d{6}(?P<ext>\.[^.]+)?$")),
    # Google Drive, OneDrive, browsers: "name (1).json"
    ("Google Drive or OneDrive", re.compile(r"^(?P<stem>.+?) \(\d+\)(?P<ext>\.[^.]+)?$")),
    # Coder's own (in conflicts/): "name.conflict-20261129T140203Z-host.json"
    ("Coder", re.compile(r"^(?P<stem>.+?)\.conflict-\d{8}T\d{6}Z-[^.]*?(?P<ext>\.[^.]+)?$")),
    # Coder's collect: "name.from-package-<time>.json"
    ("Coder (collect)", re.compile(r"^(?P<stem>.+?)\.from-package-[^.]+(?P<ext>\.[^.]+)?$")),
)

# OneDrive appends the computer's name: "name-DESKTOP-AB12CD.json". Only recognised when the
# caller knows the original names (a bare "-WORD" suffix is too common to guess at otherwise).
_SUFFIXED = re.compile(r"^(?P<stem>.+?)-[A-Za-z0-9][A-Za-z0-9-]*(?P<ext>\.[^.]+)?$")


def sync_conflict_of(name: str, originals: set[str] | None = None) -> ConflictCopy | None:
    """The conflict copy that file name ``name`` is (original name, who made it), or None.

    ``originals``: the names the folder should hold; when given, a match must name one of them,
    and a computer name appended to an original's stem (OneDrive) is recognised too.
    """
    for made_by, pattern in _PATTERNS:
        match = pattern.match(name)
        if match is None:
            continue
        original = match["stem"] + (match["ext"] or "")
        if originals is None or original in originals:
            return ConflictCopy(Path(name), original, made_by)
    if originals:
        for original in originals:
            stem, dot, ext = original.rpartition(".")
            base, suffix = (stem, dot + ext) if dot else (original, "")
            if (
                name != original
                and name.startswith(base + "-")
                and name.endswith(suffix)
                and _SUFFIXED.match(name)
            ):
                return ConflictCopy(Path(name), original, "OneDrive")
    return None


def conflict_copies_in(folder: Path, originals: set[str] | None = None) -> list[ConflictCopy]:
    """Conflict copies in ``folder`` (sync services') and in its ``conflicts/`` (Coder's).

    ``originals``: the file names ``folder`` should hold (see ``sync_conflict_of``).
    """
    found: list[ConflictCopy] = []
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.is_file() and not entry.name.startswith("."):
                copy = sync_conflict_of(entry.name, originals)
                if copy is not None:
                    found.append(ConflictCopy(entry, copy.original, copy.made_by))
    kept = folder / CONFLICTS_DIR
    if kept.is_dir():
        for entry in sorted(kept.iterdir()):
            if entry.is_file() and not entry.name.startswith("."):
                copy = sync_conflict_of(entry.name)
                original = copy.original if copy is not None else entry.name
                made_by = copy.made_by if copy is not None else "Coder"
                found.append(ConflictCopy(entry, original, made_by))
    return found
