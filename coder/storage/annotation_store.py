"""Keeps one annotation document on disk: every edit is saved before the next one.

``AnnotationStore.open`` loads (or starts) the file and returns a store whose ``document`` saves
itself after every change, atomically, with rotating backups spread over working time.

One writer per file: a writable store holds the file's lease (``coder.storage.lease``); a second
opener — another window, process or computer — gets the session read-only, with ``notice``
saying where it is open. Every save is a compare-and-swap: the store remembers the file it last
read or wrote (inode, size and modification time, and the bytes) and writes only over that file.
If the file changed underneath — a sync service brought another computer's version, or the
lease was broken — nothing is written over it: this store's version is saved as a conflict
copy beside it, autosave stops, and the coder is told what happened and what to do.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from coder import __version__
from coder.annotations.changes import DocumentChange
from coder.annotations.commands import Command
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationHeader, AnnotationSet
from coder.annotations.status import with_status_rule
from coder.errors import StorageError
from coder.storage.annotation_encoder import AnnotationEncoder, EncodedEvents
from coder.storage.annotation_file import annotation_bytes, annotations_from_bytes
from coder.storage.atomic import atomic_write_bytes
from coder.storage.backups import rotate_backup
from coder.storage.conflict_copies import CONFLICTS_DIR, write_conflict_copy
from coder.storage.lease import Lease, LeaseHeldError, LeaseHolder, LeaseLostError

Audit = Callable[..., object]
"""Records an event in the project's audit log: ``audit(action, **details)``."""


def now_iso() -> str:
    """The current UTC time as ISO 8601 text with seconds, e.g. 2026-11-26T12:00:00Z."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_annotation_file(path: Path, data: bytes) -> os.stat_result:
    """Write an annotation file's bytes (atomic, durable); the written file's status."""
    return atomic_write_bytes(path, data)


class StoreState(StrEnum):
    """What a store may do with its file."""

    WRITABLE = "writable"
    READ_ONLY = "read_only"  # opened for viewing
    OPEN_ELSEWHERE = "open_elsewhere"  # another window, process or computer is editing it
    CONFLICT = "conflict"  # the file changed underneath; autosave stopped


class StorageConflictError(StorageError):
    """The file changed underneath an open store; ``copy`` is where this store's version went."""

    def __init__(self, message: str, *, path: Path, copy: Path | None, hint: str) -> None:
        self.copy = copy
        super().__init__(message, path=path, hint=hint)


class _OnDisk:
    """What the store last read or wrote: enough to tell whether the file is still that one.

    The check before a save is a ``stat``: the same inode, size and modification time (ns) mean
    the same file, in microseconds (hashing a 10,000-event file would cost a read and a hash
    per save). Only when they differ are the bytes compared, so a file a sync service merely
    touched or put back unchanged is no conflict. A replacement that reused the inode number
    and matched size and modification time to the nanosecond would go unseen; every writer
    renames a new file into place, so that needs an inode freed and reused within one clock
    tick with equal size.
    """

    __slots__ = ("data", "key")

    def __init__(self, status: os.stat_result, data: bytes) -> None:
        self.key = (status.st_ino, status.st_size, status.st_mtime_ns)
        self.data = data


class AnnotationStore:
    """One annotation file and its live document; saves after every command."""

    def __init__(
        self,
        path: Path,
        document: AnnotationDocument,
        *,
        read_only: bool = False,
        lease: Lease | None = None,
        on_disk: _OnDisk | None = None,
        state: StoreState | None = None,
        notice: str = "",
        holder: LeaseHolder | None = None,
        can_take_over: bool = False,
    ) -> None:
        self.path = path
        self.document = document
        self.read_only = read_only
        self.state = state or (StoreState.READ_ONLY if read_only else StoreState.WRITABLE)
        self.notice = notice
        """A message for the coder about this store's state ("" when all is well)."""
        self.holder = holder
        """Who has the file open elsewhere (state OPEN_ELSEWHERE), when known."""
        self.can_take_over = can_take_over
        """True when the holder elsewhere is gone and the file may be opened with take_over."""
        self.conflict_copy: Path | None = None
        self.save_error: StorageError | None = None
        self.backup_error: StorageError | None = None
        self.on_save_error: Callable[[StorageError], None] | None = None
        self.saved_revision = document.revision
        self._lease = lease
        self._on_disk = on_disk
        self._unsubscribe: Callable[[], None] | None = None
        self._encoder = AnnotationEncoder(document)  # re-encodes only the events an edit named
        if not read_only:
            self._unsubscribe = document.changes.connect(self._on_change)

    @classmethod
    def open(
        cls,
        path: str | Path,
        header: AnnotationHeader,
        *,
        read_only: bool = False,
        take_over: bool = False,
        audit: Audit | None = None,
    ) -> AnnotationStore:
        """Open the file at ``path``, or start a new document with ``header`` if there is none.

        An existing file must belong to the same coder and session as ``header``. For editing,
        the file's lease is taken; when it is held elsewhere the store opens read-only with
        state OPEN_ELSEWHERE and a ``notice`` naming where. ``take_over`` replaces a stale
        lease of another computer; every takeover is kept in the new lease and, given
        ``audit``, recorded in the project's audit log.
        """
        path = Path(path)
        lease: Lease | None = None
        held: LeaseHeldError | None = None
        if not read_only:
            try:
                lease = Lease.acquire(path, header.coder, take_over=take_over)
            except LeaseHeldError as error:
                held = error
        try:
            snapshot, on_disk = _read(path, header)
            if lease is not None:
                rotate_backup(path)
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        document = AnnotationDocument(snapshot)
        if held is not None:
            return cls(
                path,
                document,
                read_only=True,
                state=StoreState.OPEN_ELSEWHERE,
                notice=_open_elsewhere_notice(header.session, held),
                holder=held.holder,
                can_take_over=held.stale is not None,
            )
        if lease is not None and lease.taken_over_from is not None and audit is not None:
            audit(
                "annotation_lease_taken_over",
                coder=header.coder,
                session=header.session,
                previous=lease.taken_over_from,
            )
        return cls(path, document, read_only=read_only, lease=lease, on_disk=on_disk)

    @property
    def status_text(self) -> str:
        """One line for the coder on whether their work is saved (shown beside the session)."""
        if self.notice:
            return self.notice
        if self.save_error is not None:
            return f"Not saved: {self.save_error.message.removeprefix('could not save: ')}"
        if self.state is StoreState.READ_ONLY:
            return "Read-only"
        if self.backup_error is not None:
            return f"All changes saved (but {self.backup_error.message})"
        return "All changes saved"

    # --- editing ---------------------------------------------------------------------------
    def execute(self, command: Command, *, reopen: bool = True) -> None:
        """Apply ``command`` with the session-status rule (the first edit starts the record;
        editing a completed one reopens it, or is refused without ``reopen``); the document's
        listener saves it. Raises if that save failed (the edit stays in memory and the next
        successful save writes it)."""
        if self.read_only:
            raise StorageError(
                "is open read-only", path=self.path, hint=self.notice or None
            )
        with_status_rule(self.document, command, reopen=reopen).apply(self.document)
        if self.save_error is not None:
            raise self.save_error

    def save(self) -> None:
        """Write the document now (atomic, durable), with a backup when the last one is old.

        Writes only over the file this store last read or wrote; raises StorageConflictError
        (after keeping this version as a conflict copy and stopping autosave) otherwise.
        """
        if self.read_only:
            return
        self._check_ownership()
        self.document.header = replace(
            self.document.header, modified=now_iso(), tool_version=__version__
        )
        data = self._encoder.encode()
        try:
            rotate_backup(self.path)
            self.backup_error = None
        except StorageError as error:
            # The edit matters more than a backup of a version minutes old: save it anyway.
            self.backup_error = error
        try:
            status = write_annotation_file(self.path, data)
        except StorageError as error:
            raise StorageError(
                error.message,
                path=self.path,
                hint="the file holds your work up to the previous save and no backup was lost; "
                "this edit is kept in memory and saved with the next one",
            ) from None
        self._on_disk = _OnDisk(status, data)
        self.saved_revision = self.document.revision

    def prepare_saving(self) -> Callable[[], object] | None:
        """Work that encodes the whole record ahead of the first save, to run on another thread
        (its result goes to ``saving_prepared``); None when this store does not save."""
        return None if self.read_only else self._encoder.prepare()

    def saving_prepared(self, encoded: object) -> None:
        """Take in what the work of ``prepare_saving`` returned."""
        if isinstance(encoded, EncodedEvents):
            self._encoder.adopt(encoded)

    def heartbeat(self) -> None:
        """Tell other openers this store still has the file open (call every minute or so).

        Also notices a lost lease or a file changed underneath while the coder is idle, and
        then stops autosaving as a save would (reported through ``on_save_error``).
        """
        if self.read_only or self._lease is None:
            return
        try:
            self._lease.heartbeat()
            if not self._file_unchanged():
                self._report(self._conflict(None))
        except LeaseLostError as error:
            self._report(self._conflict(error.holder, lease_lost=True))
        except StorageError:
            pass  # a heartbeat that cannot be written now is tried again on the next one

    def close(self) -> None:
        """Stop saving and give the file's lease up (edits are already on disk)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    # --- ownership ---------------------------------------------------------------------------
    def _check_ownership(self) -> None:
        """Raise StorageConflictError unless the lease is ours and the file is as we left it."""
        if self._lease is not None:
            try:
                self._lease.check()
            except LeaseLostError as error:
                raise self._conflict(error.holder, lease_lost=True) from None
        if not self._file_unchanged():
            raise self._conflict(None)

    def _file_unchanged(self) -> bool:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            # Nothing there to overwrite: writing loses nothing (a new file, or one deleted).
            return True
        except OSError:
            return True  # the write itself will say what is wrong
        known = self._on_disk
        if known is not None and (status.st_ino, status.st_size, status.st_mtime_ns) == known.key:
            return True
        # Touched, copied back or rewritten in place: the same bytes are still ours.
        try:
            data = self.path.read_bytes()
        except OSError:
            return True
        if known is not None and data == known.data:
            self._on_disk = _OnDisk(status, data)
            return True
        return False

    def _conflict(
        self, holder: LeaseHolder | None, *, lease_lost: bool = False
    ) -> StorageConflictError:
        """Keep this version as a conflict copy, stop autosaving, and say so."""
        copy: Path | None = None
        try:
            copy = write_conflict_copy(
                self.path, annotation_bytes(self.document.snapshot()), socket.gethostname()
            )
        except StorageError:
            copy = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._lease is not None and not lease_lost:
            self._lease.release()
        self._lease = None
        self.read_only = True
        self.state = StoreState.CONFLICT
        self.conflict_copy = copy
        if lease_lost:
            who = holder.where() if holder is not None else "by another Coder"
            what = f"this session was taken over {who}, so this window no longer saves it"
        else:
            what = (
                "the file was changed outside this window since it was opened (by a sync "
                "service, another computer or another Coder), so it was not saved over"
            )
        kept = (
            f"your version is kept as {CONFLICTS_DIR}/{copy.name}"
            if copy is not None
            else "your version could not be written anywhere: keep this window open and "
            "ask your lead for help"
        )
        self.notice = f"Not saved: {what}; {kept}."
        error = StorageConflictError(
            f"not saved: {what}; {kept}",
            path=self.path,
            copy=copy,
            hint="autosave is stopped for this session: close it and open it again to see the "
            "file's version, and ask your lead to reconcile the two",
        )
        self.save_error = error
        return error

    def _report(self, error: StorageError) -> None:
        self.save_error = error
        if self.on_save_error is not None:
            self.on_save_error(error)

    def _on_change(self, change: DocumentChange) -> None:
        # A failed save must not stop the other listeners (views) from seeing the edit.
        self._encoder.note(change)
        try:
            self.save()
        except StorageError as error:
            self._report(error)
        else:
            self.save_error = None


def _read(path: Path, header: AnnotationHeader) -> tuple[AnnotationSet, _OnDisk | None]:
    """The file's annotations and what was read; a new set with ``header`` when there is none."""
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            content = handle.read()
    except FileNotFoundError:
        stamp = now_iso()
        fresh = AnnotationSet(
            header=replace(header, created=stamp, modified=stamp, tool_version=__version__)
        )
        return fresh, None
    except OSError:
        content, status = b"", None  # annotations_from_bytes reads it again and says why
    snapshot = annotations_from_bytes(content, path=path)
    if (snapshot.header.coder, snapshot.header.session) != (header.coder, header.session):
        raise StorageError(
            f"belongs to coder '{snapshot.header.coder}', session '{snapshot.header.session}', "
            f"not '{header.coder}', '{header.session}'",
            path=path,
            hint="the file is in the wrong folder; move it back",
        )
    return snapshot, (_OnDisk(status, content) if status is not None else None)


def _open_elsewhere_notice(session: str, held: LeaseHeldError) -> str:
    where = held.holder.where() if held.holder is not None else "elsewhere"
    text = f"Read-only: session {session} is open for editing {where}."
    if held.stale:
        return text + f" It looks abandoned ({held.stale}): you may take it over."
    return text + " Close it there to edit it here."

