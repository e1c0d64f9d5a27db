"""The workstation window: the session list, then one open session (video, codes, timeline, table).

Blind by construction: in coder mode nothing names a participant, arm, timepoint, video file,
role or another coder. Widgets are thin; edits go through the session's EditContext.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
)

from coder.annotations.commands import set_status
from coder.annotations.model import SessionStatus
from coder.annotations.validation import Severity, completeness_problems
from coder.errors import CoderError, MediaError
from coder.gui import dialogs
from coder.gui.background import run_in_background
from coder.gui.edit_context import EditContext
from coder.gui.identity_dialog import LEAD
from coder.gui.locate_media import cameras_to_locate, locate_media
from coder.gui.open_session import OpenSession
from coder.gui.player import PlayerController
from coder.gui.session_list import SessionList
from coder.gui.shortcuts import HelpOverlay, PreferencesDialog, ShortcutMap, help_text
from coder.gui.timeline.waveform import Peaks, cached_peaks
from coder.gui.undo import UndoActions
from coder.gui.window_menus import WindowMenus
from coder.media.media_source import warm_media
from coder.project.model import SessionEntry
from coder.project.project import Project
from coder.project.role_words import role_words
from coder.scheme import Scheme
from coder.storage.annotation_store import StoreState
from coder.storage.lease import HEARTBEAT_S

WARM_UP_MS = 400  # after the window is first shown


def _load_workspace_modules() -> None:
    import coder.assist.accept
    import coder.assist.regions
    import coder.gui.suggestions_view  # noqa: F401


class MainWindow(WindowMenus, QMainWindow):
    """``coder`` is the coder's id (blind mode) or None with ``lead`` True."""

    def __init__(
        self,
        project: Project,
        *,
        coder: str | None = None,
        lead: bool = False,
        shortcuts: ShortcutMap | None = None,
    ) -> None:
        super().__init__()
        if coder is None and not lead:
            raise CoderError("open the workstation as a coder or as the lead")
        self.project = project
        self.coder = None if lead else coder
        self.lead = lead
        # What the person at the keys may read: every core message below is worded by it.
        self.words = role_words(project, self.coder)
        dialogs.reader = self.words
        self.shortcuts = shortcuts or ShortcutMap()
        self.session: OpenSession | None = None
        self.suggestions: object | None = None  # the open record's SuggestionsController
        self.opening: str | None = None  # the session whose videos are being indexed in the background
        self._open_generation = 0  # bumped per open request: a late result of an older one is ignored
        self.help_overlay: HelpOverlay | None = None
        self.regions_dialog: QDialog | None = None
        self.undo_actions = UndoActions(self)
        self.session_list = SessionList(project, self.coder, self, words=self.words)
        self.session_list.open_requested.connect(self.open_requested)
        self.pages = QStackedWidget(self)  # the session list, or the open session's workspace
        self.pages.addWidget(self.session_list)
        self.setCentralWidget(self.pages)
        self._build_menus()
        self.shortcuts.bind(self, self._transport_actions())
        help_key = QShortcut(QKeySequence("?"), self)
        help_key.activated.connect(self.show_help)
        # Tells other windows and computers the open session is still open here.
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(int(HEARTBEAT_S * 1000))
        self._heartbeat.timeout.connect(lambda: self.session.ctx.heartbeat() if self.session is not None else None)
        self._heartbeat.start()
        self.saved_label = QLabel("", self)
        self.saved_label.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.saved_label)
        self._show_list_title()
        self.resize(1440, 900)
        # what a session's workspace needs besides the player, loaded while the coder still
        # chooses a session rather than in the stall of opening one
        QTimer.singleShot(WARM_UP_MS, _load_workspace_modules)

    def show_help(self) -> None:
        scheme = self.session.ctx.scheme if self.session is not None else None
        if self.help_overlay is not None:
            self.help_overlay.close()
        self.help_overlay = HelpOverlay(help_text(self.shortcuts, scheme), self)
        self.help_overlay.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_overlay.finished.connect(lambda _r: setattr(self, "help_overlay", None))
        self.help_overlay.show()

    def show_preferences(self) -> None:
        PreferencesDialog(self.shortcuts, self).exec()

    def show_training_feedback(self) -> None:
        """Feedback on the open (or selected) training session, when the lead allows it."""
        from coder.gui.training_feedback import TrainingFeedbackDialog
        from coder.training.feedback import feedback_available, training_feedback

        current = self.session_list.tree.currentItem()
        session = (
            self.session.code
            if self.session is not None
            else current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        )
        if self.coder is None or not session or not feedback_available(
            self.project, self.coder, session
        ):
            dialogs.inform(
                self,
                "Training feedback",
                "Feedback is shown for completed training sessions when your lead allows it.",
            )
            return
        TrainingFeedbackDialog(training_feedback(self.project, self.coder, session), self).exec()

    def _show_list_title(self) -> None:
        self.setWindowTitle("Coder — lead" if self.lead else "Coder — your sessions")

    # -- sessions --------------------------------------------------------------------------
    def open_requested(self, session: str) -> None:
        """Open ``session``: the coder's own record; the lead picks whose (others' read-only)."""
        if self.coder is not None:
            self.open_session(session, self.coder)
            return
        own = "Your own record"
        options = [*self.project.coders_of(session)]
        options = [o for o in options if o != LEAD] + [own]
        picked = dialogs.choose(self, "Open which record?", f"Session {session}:", options)
        if picked is not None:
            self.open_session(session, LEAD if picked == own else picked)

    def open_session(self, session: str, record_of: str) -> None:
        """Open ``record_of``'s annotations of ``session`` with its video; errors are shown.

        The videos are indexed off the UI thread ("Opening …"); the workspace follows.
        """
        self.close_session()
        try:  # a scheme problem is not a video problem: shown as it is, not as "the video …"
            entry = self.project.session(session)
            scheme = self.project.scheme_for(session)
        except CoderError as error:
            dialogs.show_error(self, self.words.error(error, session=session))
            return
        if cameras_to_locate(self.project, session):
            if not self.lead:
                dialogs.inform(self, "Media to locate", f"Session {session} has no video yet; ask the lead.")
                return
            if not dialogs.ask(self, "Media to locate", f"Session {session}'s media is not here yet. Locate it now?"):
                return
            if not locate_media(self, self.project, session):
                return
            entry = self.project.session(session)
        try:
            paths = [self.project.video_path(session, i) for i in range(len(entry.videos))]
        except CoderError as error:
            dialogs.show_error(self, self.words.error(error, session=session))
            return
        self._open_generation += 1
        generation, self.opening = self._open_generation, session
        self.session_list.setEnabled(False)
        self.statusBar().showMessage(f"Opening {session}…")

        def done(_indexes: object) -> None:
            if self._finish_opening(generation):
                self._open_prepared(session, record_of, paths, entry, scheme)

        def failed(error: BaseException) -> None:
            if self._finish_opening(generation):  # whatever failed while indexing, it is the video's
                known = error if isinstance(error, CoderError) else MediaError(f"{type(error).__name__}: {error}")
                dialogs.show_error(self, self.words.error(known, session=session))

        run_in_background(lambda: list(map(warm_media, paths)), done, failed)

    def locate_media(self) -> None:
        """Attach the media of the selected session when an import left it to locate."""
        session = self.session_list.current_session()
        if session is None or not cameras_to_locate(self.project, session):
            dialogs.inform(self, "Locate media", "The selected session has its media.")
            return
        if locate_media(self, self.project, session):
            self.statusBar().showMessage(f"{session}: media attached", 5000)

    def _finish_opening(self, generation: int) -> bool:
        """End the "Opening …" state; False when this opening was superseded or abandoned."""
        if generation != self._open_generation:
            return False
        self.opening = None
        self.session_list.setEnabled(True)
        self.statusBar().clearMessage()
        return True

    def _open_prepared(self, session: str, record_of: str, paths: list[Path], entry: SessionEntry, scheme: Scheme) -> None:
        """Build the session's workspace once its videos are indexed (the cache makes this quick)."""
        read_only = self.lead and record_of != LEAD
        try:
            offsets = [v.offset_ms for v in entry.videos[1:]]
            controller = PlayerController(paths, offsets)
        except CoderError as error:
            dialogs.show_error(self, self.words.error(error, session=session))
            return
        controller.error.connect(lambda error: self._show_player_error(session, error))
        try:
            store = self.project.open_annotations(record_of, session, read_only=read_only)
            if store.state is StoreState.OPEN_ELSEWHERE and store.can_take_over and dialogs.ask(
                self, "Take over this session?",
                f"{self.words.store_notice(store, session)}\n\nTake it over and edit it here?",
            ):
                store = self.project.open_annotations(record_of, session, take_over=True)
        except CoderError as error:
            controller.close()
            dialogs.show_error(self, self.words.error(error, session=session))
            return
        notice = self.words.store_notice(store, session)
        if store.state is StoreState.OPEN_ELSEWHERE and not store.can_take_over:
            dialogs.inform(self, "Open elsewhere", notice)
        duration = controller.duration_ms  # a method now; tolerate a property later
        ctx = EditContext(
            store, scheme, frame_times_ms=list(controller.frame_times_ms),
            duration_ms=int(duration() if callable(duration) else duration), parent=self,
        )
        self.session = OpenSession(session, record_of, ctx, controller)
        self._build_workspace(self.session)
        ctx.save_state_changed.connect(self._show_save_state)
        self.saved_label.setText(notice or ("Saved after every edit" if not store.read_only else "Read-only"))
        self.undo_actions.set_stack(ctx.undo_stack)
        ctx.reopened.connect(lambda: self._record_reopen(session, record_of))
        self._enable_session_actions(True)
        self._show_regions()
        title = f"Coder — {session}"
        if self.lead:
            title += " (your record)" if record_of == LEAD else f" ({record_of}'s record, read-only)"
        if store.state is StoreState.OPEN_ELSEWHERE:
            title += " (read-only: open elsewhere)"
        self.setWindowTitle(title)
        self._load_waveform(session, paths[0], entry.videos[0].sha256 if entry.videos else "")

    def _record_reopen(self, session: str, record_of: str) -> None:
        """A completed session was reopened for editing: said in the audit log and the status bar."""
        try:
            self.project.audit("session_reopened", actor=record_of, session=session, coder=record_of)
        except CoderError as error:  # the edit itself is saved; the log entry is reported
            dialogs.show_error(self, self.words.error(error, session=session), "Could not record the reopening")
        self.statusBar().showMessage(f"Session {session} reopened: mark it complete again when done", 10000)

    def _show_player_error(self, session: str, error: object) -> None:
        """A decoding problem of the open session's video (or its sound), worded for the reader."""
        text = (
            str(self.words.error(error, session=session))
            if isinstance(error, CoderError)
            else self.words.text(str(error), session=session)
        )
        self.statusBar().showMessage(text, 10000)

    def _show_save_state(self, text: str) -> None:
        """The store's word on saving; a session that stopped saving says so in the title too."""
        session = self.session.code if self.session is not None else None
        self.saved_label.setText(self.words.text(text, session=session))
        if self.session is not None and self.session.ctx.store.state is StoreState.CONFLICT:
            title = self.windowTitle()
            if "not saving" not in title:
                self.setWindowTitle(f"{title} (read-only: not saving)")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.session is not None:
            QTimer.singleShot(0, self._keep_video_first)

    def _load_waveform(self, session: str, video: object, sha256: str) -> None:
        cache = self.project.cache_folder
        ctx = self.session.ctx if self.session is not None else None

        def done(peaks: Peaks) -> None:
            if self.session is not None and self.session.ctx is ctx and self.timeline is not None:
                self.timeline.view.set_peaks(peaks)

        run_in_background(lambda: cached_peaks(video, cache, sha256[:16]), done, lambda _e: None)  # type: ignore[arg-type]

    def close_session(self) -> None:
        """Close the open session (its edits are already saved) and show the session list."""
        if self.session is None:
            return
        session, self.session = self.session, None
        self.suggestions = None
        if self.regions_dialog is not None:
            self.regions_dialog.reject()
        for shortcut in session.code_keys:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        for dock in session.docks:
            self.removeDockWidget(dock)
            dock.deleteLater()
        self.undo_actions.set_stack(None)
        self.session_list.reload()
        self.pages.setCurrentWidget(self.session_list)
        workspace = self.pages.widget(1)
        if workspace is not None:  # gone before the controller closes: no late resize reaches it
            self.pages.removeWidget(workspace)
            workspace.hide()
            workspace.deleteLater()
        session.close()
        self._timeline = None
        self._enable_session_actions(False)
        self.saved_label.setText("")
        self._show_list_title()

    def mark_complete(self) -> None:
        """Check the session and mark it complete when nothing required is missing."""
        if self.session is None or self.session.ctx.read_only:
            return
        ctx = self.session.ctx
        problems = completeness_problems(ctx.document.snapshot(), ctx.scheme, duration_ms=ctx.duration_ms)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        warnings = [p for p in problems if p.severity is not Severity.ERROR]
        if errors:
            listing = "\n".join(self.words.text(f"• {p.where}: {p.message}") for p in errors[:30])
            more = f"\n… and {len(errors) - 30} more" if len(errors) > 30 else ""
            dialogs.inform(self, "Not complete yet", f"Before completing, fix or add:\n{listing}{more}")
            return
        if warnings:
            listing = "\n".join(self.words.text(f"• {p.where}: {p.message}") for p in warnings[:30])
            if not dialogs.ask(self, "Mark complete?", f"Worth a look first:\n{listing}\n\nMark complete anyway?"):
                return
        ctx.execute(set_status(ctx.document, SessionStatus.COMPLETE))
        dialogs.inform(self, "Session complete", f"Session {self.session.code} is marked complete.")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._open_generation += 1  # an opening still under way is abandoned
        self.close_session()
        super().closeEvent(event)

