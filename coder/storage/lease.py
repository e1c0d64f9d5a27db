"""One writer per file: a lease file beside it names who has it open for writing.

``.<name>.lease`` beside the guarded file holds the holder's coder id, computer, process (id and
start time), when it was taken and a heartbeat the holder refreshes while it keeps the file
open. The lease is created complete or not at all (a temp file hard-linked into place, O_EXCL
where hard links are missing), so two openers can never both take it, on one computer or on a
shared folder. It is a plain JSON file, so a sync service carries it to the other computers too
(with the service's delay: the compare-and-swap of every save covers that window).

A lease is *stale* when its holder is provably gone — its process ended on this computer, or
this computer restarted since — or when a holder elsewhere has not refreshed it for
``STALE_AFTER_S``. A provably gone holder's lease is taken over when the file is next opened;
one from another computer only when the opener asks (``take_over=True``). Every takeover keeps
the replaced holder in the new lease (``taken_over_from``).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coder.errors import StorageError
from coder.storage.atomic import atomic_write_bytes, write_new_file

HEARTBEAT_S = 60.0
"""How often a holder refreshes its heartbeat (on a save, or from the GUI's timer)."""
STALE_AFTER_S = 600.0
"""A lease from another computer whose heartbeat is older than this may be taken over."""
_UNREADABLE_GRACE_S = 5.0  # an unreadable lease younger than this may be one being written


def lease_path(path: Path) -> Path:
    """The lease file guarding ``path``."""
    return path.with_name(f".{path.name}.lease")


def _iso(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, UTC).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z"
    )


def _epoch(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _boot_id() -> str:
    with contextlib.suppress(OSError):
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    return ""


def _process_start(pid: int) -> str:
    """The start time of process ``pid`` in clock ticks since boot (Linux), "" when unknown.
    With the pid it names one process: a pid reused by a later process has another start."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by another user
    except OSError:
        return True  # cannot tell: assume the holder is there
    return True


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds a lease, as written in the lease file."""

    coder: str
    host: str
    pid: int
    process_start: str
    boot_id: str
    token: str
    taken: str
    heartbeat: str
    taken_over_from: dict[str, Any] | None = None

    @classmethod
    def here(cls, coder: str) -> LeaseHolder:
        now = _iso(time.time())
        pid = os.getpid()
        return cls(
            coder=coder,
            host=socket.gethostname(),
            pid=pid,
            process_start=_process_start(pid),
            boot_id=_boot_id(),
            token=uuid.uuid4().hex,
            taken=now,
            heartbeat=now,
        )

    @classmethod
    def from_json(cls, raw: bytes) -> LeaseHolder | None:
        """The holder a lease file names; None when it is unreadable."""
        try:
            data = json.loads(raw)
            return cls(
                coder=str(data["coder"]),
                host=str(data["host"]),
                pid=int(data["pid"]),
                process_start=str(data.get("process_start", "")),
                boot_id=str(data.get("boot_id", "")),
                token=str(data["token"]),
                taken=str(data["taken"]),
                heartbeat=str(data["heartbeat"]),
                taken_over_from=data.get("taken_over_from"),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=True, indent=2) + "\n").encode("ascii")

    @property
    def on_this_computer(self) -> bool:
        return self.host == socket.gethostname()

    def where(self) -> str:
        """Where the file is open, for a message: computer, process, coder and since when."""
        since = self.taken.replace("T", " ").replace("Z", " UTC")
        if self.on_this_computer and self.pid == os.getpid():
            place = "in another window of this Coder"
        elif self.on_this_computer:
            place = f"in another Coder on this computer (process {self.pid})"
        else:
            seen = self.heartbeat.replace("T", " ").replace("Z", " UTC")
            place = f"on computer '{self.host}' (process {self.pid}, last seen {seen})"
        return f"{place}, by coder '{self.coder}', since {since}"

    def stale_reason(self, now_s: float | None = None) -> str | None:
        """Why the holder is gone (so the lease may be taken over), or None while it holds it."""
        if self.on_this_computer:
            here_boot = _boot_id()
            if self.boot_id and here_boot and self.boot_id != here_boot:
                return "this computer has restarted since it was taken"
            if not _process_alive(self.pid):
                return f"process {self.pid} has ended"
            start = _process_start(self.pid)
            if self.process_start and start and start != self.process_start:
                return f"process {self.pid} has ended"
            return None
        beat = _epoch(self.heartbeat)
        now_s = time.time() if now_s is None else now_s
        if beat is None or now_s - beat > STALE_AFTER_S:
            return f"computer '{self.host}' has not refreshed it for over {STALE_AFTER_S / 60:.0f} minutes"
        return None

    @property
    def provably_gone(self) -> bool:
        """True when the holder was on this computer and its process no longer runs."""
        return self.on_this_computer and self.stale_reason() is not None


class LeaseHeldError(StorageError):
    """The file is open for writing elsewhere. ``holder`` says where; ``stale`` why it may be
    taken over (None while the holder is there); ``holder`` is None for an unreadable lease."""

    def __init__(self, path: Path, holder: LeaseHolder | None, stale: str | None) -> None:
        self.holder = holder
        self.stale = stale
        where = holder.where() if holder is not None else "elsewhere (its lease file is unreadable)"
        super().__init__(
            f"is open for editing {where}",
            path=path,
            hint=(
                f"it may be taken over: {stale}"
                if stale
                else "close it there first; here it can only be viewed"
            ),
        )


class LeaseLostError(StorageError):
    """The lease this writer held was taken by another; ``holder`` is the new one (if known)."""

    def __init__(self, path: Path, holder: LeaseHolder | None) -> None:
        self.holder = holder
        where = holder.where() if holder is not None else "by another Coder"
        super().__init__(f"was taken over {where}", path=path)


def _read(lease: Path) -> tuple[bytes | None, float]:
    """The lease file's bytes and modification time; (None, 0) when there is none."""
    try:
        with open(lease, "rb") as handle:
            return handle.read(), os.fstat(handle.fileno()).st_mtime
    except FileNotFoundError:
        return None, 0.0
    except OSError as error:
        raise StorageError(f"cannot read its lease: {error.strerror}", path=lease) from None


class Lease:
    """A lease this process holds on one file."""

    def __init__(self, path: Path, holder: LeaseHolder) -> None:
        self.path = path
        self.file = lease_path(path)
        self.holder = holder
        self._beat_s = time.monotonic()
        self.released = False

    @classmethod
    def acquire(cls, path: Path, coder: str, *, take_over: bool = False) -> Lease:
        """Take the lease on ``path`` for ``coder``.

        Raises LeaseHeldError when it is held by someone else who is still there (or, from
        another computer, has gone stale but ``take_over`` was not asked). A holder provably
        gone from this computer is replaced; ``lease.holder.taken_over_from`` then names it.
        """
        file = lease_path(path)
        for _attempt in range(5):
            mine = LeaseHolder.here(coder)
            try:
                write_new_file(file, mine.to_json())
                return cls(path, mine)
            except FileExistsError:
                pass
            raw, mtime = _read(file)
            if raw is None:
                continue  # released meanwhile: try again
            holder = LeaseHolder.from_json(raw)
            if holder is None:
                stale = (
                    "its lease file is unreadable"
                    if time.time() - mtime > _UNREADABLE_GRACE_S
                    else None
                )
                gone = stale is not None
            else:
                stale = holder.stale_reason()
                gone = holder.provably_gone
            if stale is None or not (gone or take_over):
                raise LeaseHeldError(path, holder, stale)
            if not _remove_if(file, raw):
                continue  # someone else changed it meanwhile: look again
            previous: dict[str, Any] = asdict(holder) if holder is not None else {"unreadable": True}
            previous["reason"] = stale
            mine = LeaseHolder.here(coder)
            mine = LeaseHolder(**{**asdict(mine), "taken_over_from": previous})
            try:
                write_new_file(file, mine.to_json())
            except FileExistsError:
                continue  # another opener was quicker
            return cls(path, mine)
        raise StorageError("its lease keeps changing; another Coder is opening it", path=path)

    @property
    def taken_over_from(self) -> dict[str, Any] | None:
        return self.holder.taken_over_from

    def check(self, *, refresh: bool = True) -> None:
        """Make sure this process still holds the lease (before every save); refresh the
        heartbeat when it is older than HEARTBEAT_S. Raises LeaseLostError when another holds it.

        A lease file gone missing (deleted by hand or by a sync service) is taken again.
        """
        raw, _mtime = _read(self.file)
        if raw is None:
            try:
                write_new_file(self.file, self.holder.to_json())
            except FileExistsError:
                raw, _mtime = _read(self.file)
            else:
                self._beat_s = time.monotonic()
                return
        holder = LeaseHolder.from_json(raw) if raw is not None else None
        if holder is None or holder.token != self.holder.token:
            raise LeaseLostError(self.path, holder)
        if refresh and time.monotonic() - self._beat_s >= HEARTBEAT_S:
            self._refresh()

    def heartbeat(self) -> None:
        """Refresh the heartbeat now (the GUI calls this on a timer while the file is open)."""
        self.check(refresh=False)
        self._refresh()

    def _refresh(self) -> None:
        self.holder = LeaseHolder(**{**asdict(self.holder), "heartbeat": _iso(time.time())})
        atomic_write_bytes(self.file, self.holder.to_json())
        self._beat_s = time.monotonic()

    def release(self) -> None:
        """Give the lease up (when the file is closed); a lease another holds is left alone."""
        if self.released:
            return
        self.released = True
        raw, _mtime = _read(self.file)
        if raw is not None:
            holder = LeaseHolder.from_json(raw)
            if holder is not None and holder.token == self.holder.token:
                _remove_if(self.file, raw)


def _remove_if(file: Path, expected: bytes) -> bool:
    """Remove ``file`` if it still holds ``expected``; False when it changed or vanished.

    The file is first renamed to a name of its own (only one remover can succeed), then checked:
    a lease that changed between reading and renaming is put back.
    """
    aside = file.with_name(f"{file.name}.{uuid.uuid4().hex[:12]}.old")
    try:
        os.rename(file, aside)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StorageError(f"cannot replace its lease: {error.strerror}", path=file) from None
    try:
        if aside.read_bytes() == expected:
            return True
        with contextlib.suppress(OSError):
            os.link(aside, file)  # put back another's lease, unless a newer one is there
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(aside)


def current_holder(path: Path) -> LeaseHolder | None:
    """Who has ``path`` open for editing right now (a lease that is not stale), or None."""
    try:
        raw, _mtime = _read(lease_path(path))
    except StorageError:
        return None
    holder = LeaseHolder.from_json(raw) if raw is not None else None
    if holder is None or holder.stale_reason() is not None:
        return None
    return holder
