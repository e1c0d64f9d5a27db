"""What every coding widget shares: the open session's store, scheme, undo stack and playhead.

Widgets turn user actions into core commands through ``execute`` and update when ``changed``
fires with a DocumentChange naming what changed (``document_changed`` fires too, for widgets that
simply reload); they hold no domain state of their own. The undo stack is the core's
CommandStack; the status rule is the core's (a completed session is reopened only after asking).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from coder.annotations.changes import DocumentChange
from coder.annotations.commands import Command
from coder.annotations.document import AnnotationDocument
from coder.annotations.status import needs_reopen
from coder.annotations.undo_stack import CommandStack
from coder.annotations.wording import command_text
from coder.errors import StorageError
from coder.gui import collector_pauses, dialogs
from coder.gui.background import run_in_background
from coder.gui.dialogs import show_error
from coder.scheme.model import Scheme
from coder.storage.annotation_store import AnnotationStore
from coder.timebase import frame_at_ms, snap_to_frame


class EditContext(QObject):
    """The open session: store (autosaving document), scheme, undo stack, playhead and frame times."""

    document_changed = Signal()
    changed = Signal(object)  # DocumentChange: what changed
    reopened = Signal()  # a completed session was reopened (the coder agreed)
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
        self.undo_stack = CommandStack(store.document, describe=lambda c: command_text(c, scheme))
        self.frame_times_ms = frame_times_ms or []
        self.duration_ms = duration_ms if duration_ms is not None else (self.frame_times_ms[-1] if self.frame_times_ms else 0)
        self.current_ms = 0
        self._unsubscribe = store.document.changes.connect(self._on_document_changed)
        self._save_error_shown = False
        store.on_save_error = self._report_save_error
        prepare = store.prepare_saving()
        if prepare is not None:  # the first keystroke's save need not encode the whole record
            run_in_background(prepare, store.saving_prepared, lambda _error: None)
        # once the widgets built on this context exist too (they are built in the same turn)
        QTimer.singleShot(0, collector_pauses.keep_loaded)

    def _on_document_changed(self, change: DocumentChange) -> None:
        if self.store.save_error is None:
            self._save_error_shown = False
        self.changed.emit(change)
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

    def execute(self, command: Command) -> bool:
        """Apply an edit as one undoable step (the store saves it before returning); False when
        nothing was applied (read-only, or the coder kept a completed session closed).

        The first edit marks the session in progress in the same undo step; editing a completed
        session asks first and, when the coder agrees, reopens it (``reopened`` is emitted).
        """
        if self.read_only:
            self.save_state_changed.emit(self.store.status_text)
            return False
        reopen = needs_reopen(self.document, command)
        if reopen and not dialogs.ask(
            None, "Reopen this session?",
            "This session is marked complete. Editing it reopens it: it will need to be marked "
            "complete again. Reopen and make this edit?",
        ):
            return False
        self.undo_stack.push(command, reopen=reopen)
        if reopen:
            self.reopened.emit()
        return True

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

    def frame_of(self, ms: int) -> int:
        """The index of the frame shown at ``ms`` (for the drag readout)."""
        return frame_at_ms(self.frame_times_ms, ms) if self.frame_times_ms else 0

    def close(self) -> None:
        self._unsubscribe()
        self.undo_stack.clear()
        self.store.close()
        collector_pauses.release()
