"""What every coding widget shares: the open session's store, scheme, undo stack and playhead.

Widgets turn user actions into core commands through ``execute`` and redraw when
``document_changed`` fires; they hold no domain state of their own.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from coder.annotations.commands import Command, Compound, SetStatus, set_status
from coder.annotations.document import AnnotationDocument
from coder.annotations.model import SessionStatus
from coder.errors import StorageError
from coder.gui.dialogs import show_error
from coder.gui.undo import CommandAdapter
from coder.scheme.model import Scheme
from coder.storage.annotation_store import AnnotationStore
from coder.timebase import snap_to_frame


class EditContext(QObject):
    """The open session: store (autosaving document), scheme, undo stack, playhead and frame times."""

    document_changed = Signal()
    position_changed = Signal(int)  # media time in ms
    seek_requested = Signal(int)  # ms: a widget asks the player to go there
    save_state_changed = Signal(str)  # the store's status text: saved, not saved, read-only and why

    def __init__(
        self,
        store: AnnotationStore,
        scheme: Scheme,
        *,
        frame_times_ms: list[int] | None = None,
        duration_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.scheme = scheme
        self.undo_stack = QUndoStack(self)
        self.frame_times_ms = frame_times_ms or []
        self.duration_ms = duration_ms if duration_ms is not None else (self.frame_times_ms[-1] if self.frame_times_ms else 0)
        self.current_ms = 0
        self._unsubscribe = store.document.subscribe(lambda _doc: self._on_document_changed())
        self._save_error_shown = False
        store.on_save_error = self._report_save_error

    def _on_document_changed(self) -> None:
        if self.store.save_error is None:
            self._save_error_shown = False
        self.document_changed.emit()
        self.save_state_changed.emit(self.store.status_text)

    def _report_save_error(self, error: StorageError) -> None:
        # Shown once per failure streak: the edit is kept in memory and saved when the disk allows.
        self.save_state_changed.emit(self.store.status_text)
        if not self._save_error_shown:
            self._save_error_shown = True
            show_error(None, error, "Could not save")

    @property
    def document(self) -> AnnotationDocument:
        return self.store.document

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def execute(self, command: Command) -> None:
        """Apply an edit as one undoable step (the store saves it before returning).

        The first edit marks the session in progress, and editing a completed session reopens
        it (completion must be confirmed again), in the same undo step as the edit.
        """
        if self.read_only:
            self.save_state_changed.emit(self.store.status_text)
            return
        status = self.document.status
        if not isinstance(command, SetStatus) and status is not SessionStatus.IN_PROGRESS:
            reopen = set_status(self.document, SessionStatus.IN_PROGRESS)
            command = Compound((command, reopen), text=command.text)
        self.undo_stack.push(CommandAdapter(command, self.document))

    def heartbeat(self) -> None:
        """Tell other windows and computers the session is still open here (call every minute)."""
        self.store.heartbeat()

    def set_position(self, ms: int) -> None:
        """Called by the player when the displayed frame changes."""
        if ms != self.current_ms:
            self.current_ms = ms
            self.position_changed.emit(ms)

    def request_seek(self, ms: int) -> None:
        """Ask the player to show media time ``ms`` (snapped to a frame)."""
        self.seek_requested.emit(self.snap(ms))

    def snap(self, ms: int) -> int:
        """The start time of the frame shown at ``ms`` (identity when frame times are unknown)."""
        return snap_to_frame(self.frame_times_ms, ms) if self.frame_times_ms else max(0, int(ms))

    def close(self) -> None:
        self._unsubscribe()
        self.store.close()
