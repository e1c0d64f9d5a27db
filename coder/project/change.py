"""All-or-nothing changes of a project: stage, log the intent, apply, log the completion.

A change (an assignment, a sample draw, a package, a collect, a consensus decision, an import)
may write several files. It is made in four steps:

1. **stage** every new file under ``.pending/<op>/`` with a journal (target, sha256 before and
   after) — nothing in the project has changed yet, and no entry names the change;
2. **log the intent**: the change's audit entries, each with the change's ``op`` id, fsynced;
3. **apply**: move staged folders into place, then replace each target (``os.replace``);
4. **complete**: a ``completed`` entry (op, files and their sha256), then the staging is removed.

A kill before step 2 leaves only staging, which :func:`recover_changes` removes (no trace, as
if the command never ran). A kill after step 2 leaves an intent with no completion: the next
open rolls the change forward from its staging and logs ``completed`` with ``recovered``. If
only some of its intent entries were logged, nothing was applied: the change is rolled back
(``rolled_back``). So the log never lacks the entry of a change that was made.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.annotations.model import new_id
from coder.errors import StorageError
from coder.faults import kill_point
from coder.project.audit_log import append_audit, read_audit
from coder.storage.atomic import atomic_write_bytes, atomic_write_json
from coder.storage.backups import rotate_backup

try:  # POSIX; elsewhere a change in progress is told by its age only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

PENDING_DIR = ".pending"
JOURNAL = "journal.json"
LOCK = "lock"
JOURNAL_FORMAT = "coder-change-journal"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str | None:
    try:
        return _sha(path.read_bytes())
    except FileNotFoundError:
        return None


@dataclass
class Change:
    """A change being built: files to write, folders to move in, audit entries to log."""

    root: Path
    op: str = field(default_factory=lambda: "op-" + new_id())
    writes: dict[Path, tuple[bytes, str]] = field(default_factory=dict)
    moves: list[tuple[Path, Path]] = field(default_factory=list)
    entries: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    completion: dict[str, Any] = field(default_factory=dict)
    _lock: int | None = None

    def write(self, path: Path, data: bytes, *, backup: str = "") -> None:
        """Write ``data`` to ``path`` when the change is applied.

        ``backup`` "rotate" keeps the replaced file in ``.backup/`` when the newest backup is
        old enough; "always" keeps it in any case.
        """
        self.writes[Path(path)] = (data, backup)

    def staging_folder(self, target: Path) -> Path:
        """A new folder beside ``target`` to build in; renamed to ``target`` when applied.

        It is recorded in the project's staging first, so a kill while building it leaves
        nothing that the next open does not find and remove.
        """
        target = Path(target)
        staged = target.parent / f".{target.name}.{self.op}.partial"
        self.moves.append((staged, target))
        self.hold()
        _write_journal(self.root, self.op, {"state": "staging", "moves": _moves(self.moves)})
        staged.mkdir(parents=True)
        return staged

    def hold(self) -> None:
        """Create this change's staging folder and lock it while this process works on it, so
        that another process opening the project never finishes or removes it under us."""
        if self._lock is not None:
            return
        folder = self.root / PENDING_DIR / self.op
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / LOCK, os.O_WRONLY | os.O_CREAT, 0o644)
        except OSError as error:
            raise StorageError(f"cannot stage the change: {error.strerror}", path=folder) from None
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._lock = fd

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def log(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
        """Queue an audit entry; the returned dict may still be filled in before the commit."""
        self.entries.append((action, actor, details))
        return details

    @property
    def empty(self) -> bool:
        return not (self.writes or self.moves or self.entries)


def _moves(moves: list[tuple[Path, Path]]) -> list[list[str]]:
    return [[str(s.resolve()), str(t.resolve())] for s, t in moves]


def _write_journal(root: Path, op: str, content: dict[str, Any]) -> None:
    journal = {"format": JOURNAL_FORMAT, "format_version": 1, "op": op, **content}
    atomic_write_json(root / PENDING_DIR / op / JOURNAL, journal)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _absolute(root: Path, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else root / path


def commit(change: Change, audit_path: Path) -> None:
    """Stage, log the intent, apply and complete ``change`` (see the module doc)."""
    try:
        if not change.empty:
            _commit(change, audit_path)
    finally:
        change.release()


def _commit(change: Change, audit_path: Path) -> None:
    root = change.root
    folder = root / PENDING_DIR / change.op
    files = []
    try:
        change.hold()
        for n, (target, (data, backup)) in enumerate(change.writes.items()):
            name = f"{n}.staged"
            atomic_write_bytes(folder / name, data)
            files.append({
                "target": _relative(root, target), "staged": name, "backup": backup,
                "before": _file_sha(target), "after": _sha(data),
            })
        journal = {
            "format": JOURNAL_FORMAT, "format_version": 1, "op": change.op, "state": "staged",
            "entries": len(change.entries), "files": files, "moves": _moves(change.moves),
        }
        atomic_write_json(folder / JOURNAL, journal)
        kill_point("change.staged")
        for action, actor, details in change.entries:
            append_audit(audit_path, action, actor=actor, op=change.op, **details)
    except BaseException:
        # Nothing was applied: no trace but, at most, entries that recovery will roll back.
        discard(root, change.op, audit_path, change.moves)
        raise
    _apply(root, journal)
    completion = {"of": [a for a, _u, _d in change.entries], "files": [
        {"path": f["target"], "sha256": f["after"]} for f in files
    ], **change.completion}
    append_audit(audit_path, "completed", actor="system", op=change.op, **completion)
    _remove_staging(folder)


def _remove_staging(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.parent.rmdir()  # .pending/ itself, when no other change is under way


def _apply(root: Path, journal: dict[str, Any]) -> None:
    folder = root / PENDING_DIR / journal["op"]
    for staged_name, target_name in journal["moves"]:
        staged, target = Path(staged_name), Path(target_name)
        if staged.is_dir():
            if target.is_dir() and not any(target.iterdir()):
                target.rmdir()
            if not target.exists():
                os.replace(staged, target)
                kill_point("change.moved")
    for item in journal["files"]:
        target = _absolute(root, item["target"])
        if _file_sha(target) == item["after"]:
            continue
        if item.get("backup") in ("rotate", "always"):
            rotate_backup(target, force=item["backup"] == "always")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder / item["staged"], target)
        kill_point("change.applied")


def discard(
    root: Path, op: str, audit_path: Path, moves: Sequence[tuple[Path, Path]] = ()
) -> None:
    """Remove a change's staging (and its staged folders), logging ``rolled_back`` if it was
    already announced."""
    for staged, _target in moves:
        shutil.rmtree(staged, ignore_errors=True)
    try:
        announced = [e for e in read_audit(audit_path) if e.get("op") == op]
    except StorageError:
        announced = []
    if announced:
        with contextlib.suppress(StorageError):
            append_audit(audit_path, "rolled_back", actor="system", op=op,
                         of=[e.get("action") for e in announced])
    _remove_staging(root / PENDING_DIR / op)


Report = Callable[[str], None]


def recover_changes(root: Path, audit_path: Path, report: Report | None = None) -> list[str]:
    """Finish or roll back every change a kill interrupted; returns what was done, one line each."""
    pending = root / PENDING_DIR
    if not pending.is_dir():
        return []
    done: list[str] = []
    entries = None
    for folder in sorted(p for p in pending.iterdir() if p.is_dir()):
        op = folder.name
        if _in_progress(folder):
            continue
        try:
            journal = json.loads((folder / JOURNAL).read_bytes().decode("utf-8"))
            if not isinstance(journal, dict) or journal.get("op") != op:
                raise ValueError
        except (OSError, UnicodeDecodeError, ValueError):
            shutil.rmtree(folder, ignore_errors=True)
            done.append(f"{op}: unfinished staging removed (the change never started)")
            continue
        moves = [(Path(s), Path(t)) for s, t in journal.get("moves", [])]
        if journal.get("state") != "staged":
            discard(root, op, audit_path, moves)
            done.append(f"{op}: unfinished staging removed (the change never started)")
            continue
        if entries is None:
            entries = read_audit(audit_path)
        mine = [e for e in entries if e.get("op") == op]
        if any(e.get("action") in ("completed", "rolled_back") for e in mine):
            shutil.rmtree(folder, ignore_errors=True)
            continue
        if len(mine) < int(journal.get("entries", 0)) or not _can_apply(root, folder, journal):
            discard(root, op, audit_path, moves)
            done.append(f"{op}: rolled back (it had not been applied)")
            continue
        _apply(root, journal)
        append_audit(audit_path, "completed", actor="system", op=op, recovered=True,
                     of=[e.get("action") for e in mine],
                     files=[{"path": f["target"], "sha256": f["after"]} for f in journal["files"]])
        shutil.rmtree(folder, ignore_errors=True)
        done.append(f"{op}: completed after an interruption ({', '.join(str(e.get('action')) for e in mine)})")
    with contextlib.suppress(OSError):
        if not any(pending.iterdir()):
            pending.rmdir()
    if report is not None:
        for line in done:
            report(line)
    return done


def _in_progress(folder: Path) -> bool:
    """True when another process is working on this change right now (it holds its lock)."""
    if fcntl is None:
        try:
            return time.time() - (folder / LOCK).stat().st_mtime < 60
        except OSError:
            return False
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # releases our probe lock too
    return False


def _can_apply(root: Path, folder: Path, journal: dict[str, Any]) -> bool:
    for staged, target in journal.get("moves", []):
        if not Path(staged).is_dir() and not Path(target).is_dir():
            return False
    for item in journal.get("files", []):
        target = _absolute(root, item["target"])
        if _file_sha(target) != item["after"] and not (folder / item["staged"]).is_file():
            return False
    return True


# A temp file of coder.storage.atomic (``.<name>.<random>.tmp``) or of a library writer
# (``.<name>.<random>.tmp.<ext>``) that a kill left behind.
_TEMP_FILE = re.compile(r"^\..+\.tmp(\.[A-Za-z0-9]+)?$")
# Coders' folders are written by their own apps, maybe right now: only old temp files go.
CODER_TEMP_AGE_S = 3600.0


def _temp_files(folder: Path, recursive: bool) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob(".*") if recursive else folder.glob(".*")
    return [p for p in found if p.is_file() and _TEMP_FILE.match(p.name)]


def sweep_temp_files(root: Path) -> list[str]:
    """Remove temp files a killed write left in the project; returns one line per file removed.

    The lead's folders (the project's top, schemes, consensus, packages, exports and backups)
    are swept at once; coders' annotation folders only of temp files older than an hour.
    """
    removed: list[str] = []
    now = time.time()
    candidates = _temp_files(root, False)
    for sub in ("schemes", "consensus", "packages", "exports", ".backup", PENDING_DIR):
        candidates += _temp_files(root / sub, True)
    for path in _temp_files(root / "annotations", True):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > CODER_TEMP_AGE_S:
                candidates.append(path)
    for path in candidates:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(f"{_relative(root, path)}: temporary file of an interrupted write removed")
    return removed
