"""The audit log ``audit.jsonl``: an append-only hash chain of what was done to the project.

Each line is one entry, canonical JSON (sorted keys, no spaces, ASCII escapes) with ``time``, ``actor``,
``action``, the action's details, and three chain fields:

- ``seq``: the entry's position in the log (1 for the first line);
- ``prev``: the ``hash`` of the entry before it (64 zeros for the genesis entry);
- ``hash``: sha256 of the canonical JSON of the entry without its ``hash``.

The genesis entry is ``project_created``. A log written before the chain existed is migrated
explicitly: the first append after it writes a ``chain_start`` entry recording the number of
old lines and the sha256 of their bytes, so they are covered too (as one block).

The last entry is also kept in ``audit.head.json`` beside the log, written *before* the line is
appended (``committed`` false) and marked committed after. It lets :func:`recover_audit` finish an
append a kill interrupted, and lets :mod:`coder.project.audit_verify` tell a deleted last entry
or an entry appended by hand from a crash. Appends take an exclusive lock on the log (where the
system has ``fcntl``) and are fsynced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from coder.errors import StorageError
from coder.faults import kill_point
from coder.storage.annotation_store import now_iso
from coder.storage.atomic import append_to_open_log, atomic_write_bytes

try:  # POSIX: serialise appends of two processes; elsewhere one process writes at a time
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

GENESIS_PREV = "0" * 64
HEAD_FORMAT = "coder-audit-head"
HEAD_FORMAT_VERSION = 1
CHAIN_FIELDS = ("seq", "prev", "hash")


def canonical_bytes(entry: dict[str, Any]) -> bytes:
    """The canonical JSON form of an entry (what is hashed and what is written)."""
    # ASCII escapes: any text (even a lone surrogate in a reason) can be hashed and written.
    return json.dumps(entry, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode(
        "ascii"
    )


def entry_hash(entry: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``entry`` without its ``hash`` field."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical_bytes(body)).hexdigest()


def head_path(log: Path) -> Path:
    """``audit.head.json`` beside ``audit.jsonl``."""
    return log.with_name(log.stem + ".head.json")


@dataclass(frozen=True)
class AuditLine:
    """One physical line of the log: its number, bytes and parsed entry (None when damaged).

    The entry is parsed when first asked for: appending reads only the last lines' entries,
    so a decision does not parse the whole log again."""

    number: int
    raw: bytes
    terminated: bool

    @cached_property
    def entry(self) -> dict[str, Any] | None:
        try:
            entry = json.loads(self.raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        return entry if isinstance(entry, dict) else None

    @property
    def chained(self) -> bool:
        return self.entry is not None and "hash" in self.entry


def read_lines(path: Path) -> list[AuditLine]:
    """Every non-empty line of the log, numbered from 1 as an editor shows them."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StorageError(f"cannot read the audit log: {error.strerror}", path=path) from None
    parts = data.split(b"\n")
    last = len(parts) - 1
    return [AuditLine(index + 1, raw, index < last) for index, raw in enumerate(parts) if raw.strip()]


TAIL_BYTES = 64 * 1024  # what an append reads of the log's end (the last chained entry is there)


def _recent_lines(path: Path) -> list[AuditLine]:
    """The log's last lines, for an append: only its end is read when the last chained entry is
    there (a long trial's log is not read whole for every decision), else the whole log (a log
    from before the chain, whose migration needs all of it). Lines read from the end are
    numbered 0: only the whole log's numbering means anything."""
    try:
        with open(path, "rb") as file:
            size = file.seek(0, os.SEEK_END)
            if size <= TAIL_BYTES:
                return read_lines(path)
            file.seek(size - TAIL_BYTES)
            data = file.read()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StorageError(f"cannot read the audit log: {error.strerror}", path=path) from None
    parts = data.split(b"\n")[1:]  # the first may be the end of a line begun before the tail
    last = len(parts) - 1
    lines = [AuditLine(0, raw, index < last) for index, raw in enumerate(parts) if raw.strip()]
    return lines if _last_chained(lines) is not None else read_lines(path)


def read_audit(path: Path) -> list[dict[str, Any]]:
    """All readable entries of the log, in order.

    A damaged line is left out here, but never silently: :func:`coder.project.audit_verify.verify_audit`
    (``coder audit verify``, ``coder validate``) reports it by line number.
    """
    return [line.entry for line in read_lines(path) if line.entry is not None]


def read_head(log: Path) -> dict[str, Any] | None:
    """The content of ``audit.head.json`` (None when there is none or it is unreadable)."""
    try:
        data = json.loads(head_path(log).read_bytes().decode("utf-8"))
    except (FileNotFoundError, UnicodeDecodeError, ValueError):
        return None
    except OSError:
        return None
    if not isinstance(data, dict) or data.get("format") != HEAD_FORMAT:
        return None
    entry = data.get("entry")
    return data if isinstance(entry, dict) else None


def _write_head(log: Path, entry: dict[str, Any], committed: bool) -> None:
    head = {
        "format": HEAD_FORMAT,
        "format_version": HEAD_FORMAT_VERSION,
        "committed": committed,
        "entry": entry,
    }
    atomic_write_bytes(head_path(log), canonical_bytes(head) + b"\n")


@contextlib.contextmanager
def _locked(log: Path) -> Iterator[int]:
    """An fd of the log opened for appending, exclusively locked while the block runs."""
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as error:
        raise StorageError(
            f"cannot write the audit log: {error.strerror}",
            path=log,
            hint="the project must be writable; nothing was changed",
        ) from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _write_line(log: Path, fd: int, data: bytes) -> None:
    try:
        kill_point("audit.append")
        append_to_open_log(log, fd, data)
    except OSError as error:
        raise StorageError(f"cannot append to the audit log: {error.strerror}", path=log) from None


def _last_chained(lines: list[AuditLine]) -> dict[str, Any] | None:
    return next((ln.entry for ln in reversed(lines) if ln.chained and ln.entry is not None), None)


def _finish_pending(log: Path, fd: int, lines: list[AuditLine]) -> list[AuditLine]:
    """Append the head file's entry when a kill stopped between writing it and appending it."""
    head = read_head(log)
    if head is None or head.get("committed"):
        return lines
    entry = head["entry"]
    last = _last_chained(lines)
    if last is not None and last.get("hash") == entry.get("hash"):
        _write_head(log, entry, committed=True)
        return lines
    follows = (last is None and entry.get("prev") == GENESIS_PREV) or (
        last is not None and entry.get("prev") == last.get("hash")
    )
    if follows and entry_hash(entry) == entry.get("hash"):
        tail = lines[-1] if lines else None
        if tail is not None and not tail.terminated and canonical_bytes(entry).startswith(tail.raw):
            # A torn copy of this very entry: cut it off before writing the whole entry.
            os.ftruncate(fd, os.fstat(fd).st_size - len(tail.raw))
        _write_line(log, fd, canonical_bytes(entry))
        _write_head(log, entry, committed=True)
        return _recent_lines(log)
    return lines


def recover_audit(log: Path) -> None:
    """Finish an append a kill interrupted (see the module doc); a no-op on a sound log."""
    head = read_head(log)
    if head is None or head.get("committed"):
        return
    with _locked(log) as fd:
        _finish_pending(log, fd, read_lines(log))


def _next_links(log: Path, fd: int, lines: list[AuditLine]) -> tuple[int, str]:
    """(seq, prev) of the entry to append; migrates a log written before the chain existed."""
    last = _last_chained(lines)
    if last is not None:
        return int(last.get("seq", 0)) + 1, str(last["hash"])
    if not lines:
        return 1, GENESIS_PREV
    legacy = log.read_bytes()
    seq = lines[-1].number + 1
    start: dict[str, Any] = {
        "time": now_iso(),
        "actor": "system",
        "action": "chain_start",
        "legacy_lines": len(lines),
        "legacy_sha256": hashlib.sha256(legacy).hexdigest(),
        "legacy_bytes": len(legacy),
        "seq": seq,
        "prev": GENESIS_PREV,
    }
    start["hash"] = entry_hash(start)
    _append_entry(log, fd, start)
    return seq + 1, str(start["hash"])


def _append_entry(log: Path, fd: int, entry: dict[str, Any]) -> None:
    _write_head(log, entry, committed=False)
    kill_point("audit.head_written")
    _write_line(log, fd, canonical_bytes(entry))
    kill_point("audit.appended")
    _write_head(log, entry, committed=True)


def append_audit(path: Path, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
    """Append one entry (time, actor, action, details, chain fields), fsynced, and return it.

    Raises StorageError when the log cannot be written (then nothing was appended).
    """
    for reserved in ("time", *CHAIN_FIELDS):
        details.pop(reserved, None)
    with _locked(path) as fd:
        lines = _finish_pending(path, fd, _recent_lines(path))
        head = read_head(path)
        last = _last_chained(lines)
        if head is not None and head.get("committed") and (
            last is None or last.get("hash") != head["entry"].get("hash")
        ):
            # Changed behind Coder's back: say so in the chain, for good (verify reports it).
            details["unexpected_head"] = {
                "recorded": {k: head["entry"].get(k) for k in ("seq", "hash")},
                "found": None if last is None else {k: last.get(k) for k in ("seq", "hash")},
            }
        seq, prev = _next_links(path, fd, lines)
        entry = {"time": now_iso(), "actor": actor, "action": action, **details}
        entry.update(seq=seq, prev=prev)
        entry["hash"] = entry_hash(entry)
        _append_entry(path, fd, entry)
    return entry


def audit_head(path: Path) -> dict[str, Any] | None:
    """``{"seq", "hash"}`` of the log's last chained entry (None for an empty or unchained log)."""
    last = _last_chained(read_lines(path))
    if last is None:
        return None
    return {"seq": last.get("seq"), "hash": last.get("hash")}
