"""Keeps one annotation document on disk: every edit is saved before the next one.

``AnnotationStore.open`` loads (or starts) the file and returns a store whose ``document`` saves
itself after every change, atomically, with rotating backups spread over working time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from coder import __version__
from coder.annotations.commands import Command
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationHeader, AnnotationSet
from coder.annotations.status import with_status_rule
from coder.errors import StorageError
from coder.storage.annotation_file import load_annotations, save_annotations
from coder.storage.backups import rotate_backup


def now_iso() -> str:
    """The current UTC time as ISO 8601 text with seconds, e.g. 2026-11-26T12:00:00Z."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class AnnotationStore:
    """One annotation file and its live document; saves after every command."""

    def __init__(
        self, path: Path, document: AnnotationDocument, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.document = document
        self.read_only = read_only
        self.save_error: StorageError | None = None
        self.on_save_error: Callable[[StorageError], None] | None = None
        self.saved_revision = document.revision
        if not read_only:
            document.subscribe(self._on_change)

    @classmethod
    def open(
        cls, path: str | Path, header: AnnotationHeader, *, read_only: bool = False
    ) -> AnnotationStore:
        """Open the file at ``path``, or start a new document with ``header`` if there is none.

        An existing file must belong to the same coder and session as ``header``.
        """
        path = Path(path)
        if path.exists():
            snapshot = load_annotations(path)
            if (snapshot.header.coder, snapshot.header.session) != (header.coder, header.session):
                raise StorageError(
                    f"belongs to coder '{snapshot.header.coder}', session '{snapshot.header.session}', "
                    f"not '{header.coder}', '{header.session}'",
                    path=path,
                    hint="the file is in the wrong folder; move it back",
                )
            if not read_only:
                rotate_backup(path)
        else:
            stamp = now_iso()
            snapshot = AnnotationSet(
                header=replace(header, created=stamp, modified=stamp, tool_version=__version__)
            )
        return cls(path, AnnotationDocument(snapshot), read_only=read_only)

    def execute(self, command: Command, *, reopen: bool = True) -> None:
        """Apply ``command`` with the session-status rule (the first edit starts the record;
        editing a completed one reopens it, or is refused without ``reopen``); the document's
        listener saves it. Raises if that save failed (the edit stays
        in memory and the next successful save writes it)."""
        if self.read_only:
            raise StorageError("is open read-only", path=self.path)
        with_status_rule(self.document, command, reopen=reopen).apply(self.document)
        if self.save_error is not None:
            raise self.save_error

    def save(self) -> None:
        """Write the document now (atomic, durable), with a backup when the last one is old."""
        if self.read_only:
            return
        self.document.header = replace(
            self.document.header, modified=now_iso(), tool_version=__version__
        )
        rotate_backup(self.path)
        save_annotations(self.path, self.document.snapshot())
        self.saved_revision = self.document.revision

    def _on_change(self, _document: AnnotationDocument) -> None:
        # A failed save must not stop the other listeners (views) from seeing the edit.
        try:
            self.save()
        except StorageError as error:
            self.save_error = error
            if self.on_save_error is not None:
                self.on_save_error(error)
        else:
            self.save_error = None
