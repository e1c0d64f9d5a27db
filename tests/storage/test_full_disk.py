"""A full disk costs no backup: every generation survives repeated failed saves, the coder is
told truthfully what was and was not saved, and the edits are saved once space returns.

Runs on a small tmpfs when the tests may mount one (as root), else with ENOSPC injected into
every write of the annotation folder.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.annotations import AddEvent, AnnotationHeader, Event
from coder.errors import StorageError
from coder.storage import annotation_store, backups, load_annotations
from coder.storage.annotation_store import AnnotationStore
from coder.storage.backups import backup_paths

HEADER = AnnotationHeader("ana", "S-ACDEF", "demo_interaction", "1.0", "abc", "vid")


class Disk:
    """A folder whose free space a test can use up and give back."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, mounted: bool) -> None:
        self.root = root
        self.mounted = mounted
        self._monkeypatch = monkeypatch
        self._full = False
        if not mounted:
            real_write = os.write

            def write(fd: int, data: bytes) -> int:  # type: ignore[override]
                if self._full and _in(fd, root):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return real_write(fd, data)

            monkeypatch.setattr(os, "write", write)

    def fill(self) -> None:
        self._full = True
        if self.mounted:
            fd = os.open(self.root / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\0" * 4096)
            finally:
                os.close(fd)

    def free(self) -> None:
        self._full = False
        (self.root / "filler").unlink(missing_ok=True)


def _in(fd: int, root: Path) -> bool:
    with contextlib.suppress(OSError):
        return Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(root)
    return False


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    root = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    root.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(root)], capture_output=True
    ).returncode == 0
    try:
        yield Disk(root, monkeypatch, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", str(root)], check=False, capture_output=True)


def test_full_disk_keeps_every_backup_and_saves_once_space_returns(
    disk: Disk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A backup at every save, so each failed save also tries (and fails) to rotate.
    monkeypatch.setattr(annotation_store, "rotate_backup", functools.partial(backups.rotate_backup, min_age_s=0))
    if not disk.mounted:  # the injected failure is in os.write: make Python's writes use it
        monkeypatch.setattr(backups, "atomic_write_bytes", _write_through_os_write)
        monkeypatch.setattr(annotation_store, "atomic_write_bytes", _write_through_os_write)
    path = disk.root / "annotations" / "ana" / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    for n in range(7):
        store.execute(AddEvent(Event.make("a", n * 1000, id=f"e{n}")))
    slots = backup_paths(path)
    generations = [slot.read_bytes() for slot in slots]
    assert all(generations) and len(set(generations)) == len(slots)
    saved = path.read_bytes()

    disk.fill()
    errors: list[str] = []
    for n in range(7, 12):
        with pytest.raises(StorageError) as failed:
            store.execute(AddEvent(Event.make("a", n * 1000, id=f"e{n}")))
        errors.append(str(failed.value))
        assert [slot.read_bytes() for slot in slots] == generations  # no generation lost
        assert path.read_bytes() == saved  # the last good save is untouched
    assert all("No space left on device" in e for e in errors)
    assert all("no backup was lost" in e and "kept in memory" in e for e in errors)
    assert "No space" in store.status_text and store.status_text.startswith("Not saved")
    assert store.backup_error is not None and "5 existing backups" in str(store.backup_error)
    leftovers = [p.name for p in path.parent.rglob("*") if p.name.endswith((".tmp", ".new"))]
    assert leftovers == []

    disk.free()
    store.execute(AddEvent(Event.make("a", 99_000, id="e99")))
    assert {e.id for e in load_annotations(path).events} == {*(f"e{n}" for n in range(12)), "e99"}
    assert store.save_error is None and store.status_text == "All changes saved"
    assert slots[0].read_bytes() == saved  # the newest backup is the last good save
    assert [slot.read_bytes() for slot in slots[1:]] == generations[:-1]


def _write_through_os_write(path: str | Path, data: bytes) -> os.stat_result:
    """atomic_write_bytes, with the data written by os.write (where ENOSPC is injected)."""
    from coder.storage import atomic

    real = atomic.os.fdopen

    class Handle:
        def __init__(self, fd: int) -> None:
            self._file = real(fd, "wb")

        def __enter__(self) -> Handle:
            return self

        def __exit__(self, *exc: object) -> None:
            self._file.close()

        def fileno(self) -> int:
            return self._file.fileno()

        def write(self, chunk: bytes) -> int:
            return os.write(self._file.fileno(), chunk)

        def flush(self) -> None:
            pass

    try:
        atomic.os.fdopen = lambda fd, _mode="wb": Handle(fd)  # type: ignore[assignment]
        return atomic.atomic_write_bytes(path, data)
    finally:
        atomic.os.fdopen = real


def test_failed_backup_message_says_what_was_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.json"
    for version in ("one", "two"):
        path.write_text(version)
        backups.rotate_backup(path, force=True)
    path.write_text("three")

    def no_space(target: str | Path, data: bytes) -> os.stat_result:
        raise StorageError("could not save: No space left on device", path=target)

    monkeypatch.setattr(backups, "atomic_write_bytes", no_space)
    with pytest.raises(StorageError, match="no backup could be made: No space left on device") as failed:
        backups.rotate_backup(path, force=True)
    assert "the 2 existing backups" in str(failed.value) and "unchanged" in str(failed.value)
    assert [p.read_text() for p in backup_paths(path)[:2]] == ["two", "one"]
