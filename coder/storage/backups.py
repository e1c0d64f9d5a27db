"""Rotating backups of a file: ``.backup/<name>.1`` (newest) … ``.backup/<name>.N`` (oldest).

A backup is taken when the newest one is older than ``min_age_s``, so the backups span real
working time instead of the last few keystrokes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from coder.errors import StorageError
from coder.storage.atomic import atomic_write_bytes

BACKUP_DIR = ".backup"
KEEP = 5
MIN_AGE_S = 300.0


def backup_paths(path: Path, keep: int = KEEP) -> list[Path]:
    """The backup files of ``path``, newest first (whether they exist or not)."""
    folder = path.parent / BACKUP_DIR
    return [folder / f"{path.name}.{i}" for i in range(1, keep + 1)]


def rotate_backup(
    path: Path, *, keep: int = KEEP, min_age_s: float = MIN_AGE_S, force: bool = False
) -> bool:
    """Copy ``path`` into its newest backup slot, shifting older ones; True when a backup was made.

    The new backup is written (and fsynced) under a temporary name first; only once it is on
    disk are the older ones shifted and the oldest dropped. A failure (a full disk) leaves every
    existing generation as it was and raises a StorageError saying so.
    """
    # Called before every autosave: the usual answer ("the newest backup is recent") costs one stat.
    if not path.exists():
        return False
    slots = backup_paths(path, keep)
    newest = slots[0]
    try:
        newest_mtime: float | None = newest.stat().st_mtime
    except FileNotFoundError:
        newest_mtime = None
    if not force and newest_mtime is not None and time.time() - newest_mtime < min_age_s:
        return False
    try:
        current = path.read_bytes()
        if newest_mtime is not None and newest.read_bytes() == current:
            return False
    except OSError as error:
        raise StorageError(f"cannot read it to back it up: {error.strerror}", path=path) from None
    pending = newest.with_name(newest.name + ".new")
    try:
        atomic_write_bytes(pending, current)
    except StorageError as error:
        kept = sum(1 for slot in slots if slot.exists())
        raise StorageError(
            f"no backup could be made: {error.message.removeprefix('could not save: ')}",
            path=path,
            hint=f"the {kept} existing backup{'s' if kept != 1 else ''} in {BACKUP_DIR}/ "
            "are unchanged",
        ) from None
    try:
        for older, newer in zip(reversed(slots[1:]), reversed(slots[:-1]), strict=True):
            if newer.exists():
                os.replace(newer, older)
        os.replace(pending, newest)
    except OSError as error:
        # Renames need no space; this is a vanished folder or a permission change.
        raise StorageError(
            f"the backups could not be rotated: {error.strerror}", path=path
        ) from None
    return True


def latest_backup(path: Path) -> Path | None:
    """The newest existing backup of ``path``, or None."""
    return next((p for p in backup_paths(path) if p.exists()), None)


def restore_backup(path: Path, backup: Path) -> None:
    """Put ``backup`` back in place of ``path``, keeping the replaced file beside it as ``.broken``."""
    if path.exists():
        atomic_write_bytes(path.with_name(path.name + ".broken"), path.read_bytes())
    atomic_write_bytes(path, backup.read_bytes())
