"""The workstation window's menus and keys: the Session, Edit, View, Help (and the lead's) menus,
which of their actions an open session enables, and what the transport keys do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence

from coder.gui.player.transport import SPEEDS
from coder.gui.session_workspace import SessionWorkspace
from coder.gui.timeline.timeline_view import TimelinePanel
from coder.gui.undo import UndoActions


class WindowMenus(SessionWorkspace):
    """The menu bar, its actions' enabling and the transport keys' actions of the window."""

    lead: bool
    undo_actions: UndoActions
    complete_action: QAction
    close_action: QAction
    regions_action: QAction
    suggest_motion_action: QAction
    undo_action: QAction
    redo_action: QAction
    # the window's own slots
    mark_complete: Callable[[], None]
    close_session: Callable[[], None]
    show_training_feedback: Callable[[], None]
    locate_media: Callable[[], None]
    show_preferences: Callable[[], None]
    show_help: Callable[[], None]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Session")
        self.complete_action = file_menu.addAction("Mark session complete…", self.mark_complete)
        self.close_action = file_menu.addAction("Back to the session list", self.close_session)
        self.regions_action = file_menu.addAction("&Regions…", self.edit_regions)
        self.regions_action.setToolTip("Draw the named regions (mother, infant …) motion is measured in")
        self.suggest_motion_action = file_menu.addAction("Suggest &movement…", self.suggest_motion)
        self.suggest_motion_action.setToolTip("Movement bursts in the drawn regions as suggestions (runs in the background)")
        if not self.lead:
            file_menu.addAction("Training feedback…", self.show_training_feedback)
        else:
            file_menu.addAction("Locate media…", self.locate_media)
        file_menu.addSeparator()
        file_menu.addAction("Quit", QKeySequence.StandardKey.Quit, self.close)
        edit = bar.addMenu("&Edit")
        undo, redo = self.undo_actions.undo, self.undo_actions.redo
        edit.addAction(undo)
        edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        edit.addAction("Preferences…", self.show_preferences)
        view = bar.addMenu("&View")
        view.addAction("Zoom timeline in", lambda: self._timeline_zoom(1.5))
        view.addAction("Zoom timeline out", lambda: self._timeline_zoom(1 / 1.5))
        view.addAction("Whole session", self._timeline_show_all)
        self.show_regions_action = view.addAction("Show regions", self._show_regions)
        self.show_regions_action.setCheckable(True)
        self.show_regions_action.setChecked(True)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction("Keyboard shortcuts", self.show_help)
        if self.lead:
            from coder.gui.lead import lead_actions

            actions = lead_actions(self, self.project)
            if actions:
                lead_menu = bar.addMenu("&Lead")
                for action in actions:
                    lead_menu.addAction(action)
        self._enable_session_actions(False)

    def _enable_session_actions(self, on: bool) -> None:
        self.complete_action.setEnabled(on and self.session is not None and not self.session.ctx.read_only)
        self.close_action.setEnabled(on)
        # Regions and suggestions are files of a project folder (not yet kept on a team server).
        assisted = on and self.project.is_folder
        self.regions_action.setEnabled(assisted and self.session is not None)
        self.suggest_motion_action.setEnabled(assisted and self.session is not None and not self.session.ctx.read_only)

    def _transport_actions(self) -> dict[str, Callable[[], None]]:
        def on_player(action: str, *args: object) -> Callable[[], None]:
            def run() -> None:
                if self.session is not None:
                    getattr(self.session.controller, action)(*args)
            return run

        return {
            "play": on_player("toggle_play"),
            "frame_back": on_player("step", -1),
            "frame_fwd": on_player("step", 1),
            "second_back": on_player("skip_ms", -1000),
            "second_fwd": on_player("skip_ms", 1000),
            "five_back": on_player("skip_ms", -5000),
            "five_fwd": on_player("skip_ms", 5000),
            "slower": lambda: self._change_speed(-1),
            "faster": lambda: self._change_speed(1),
            "delete": self._delete_selected,
            "zoom_in": lambda: self._timeline_zoom(1.5),
            "zoom_out": lambda: self._timeline_zoom(1 / 1.5),
            "help": self.show_help,
        }

    def _change_speed(self, direction: int) -> None:
        if self.session is None:
            return
        controller = self.session.controller
        now = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - controller.speed))
        controller.set_speed(SPEEDS[max(0, min(len(SPEEDS) - 1, now + direction))])

    def _timeline_show_all(self) -> None:
        if self.timeline is not None:
            self.timeline.view.show_all()

    def _delete_selected(self) -> None:
        if self.timeline is not None:
            self.timeline.view.delete_selected()

    def _timeline_zoom(self, factor: float) -> None:
        if self.timeline is not None:
            self.timeline.view.zoom(factor)

    @property
    def timeline(self) -> TimelinePanel | None:
        return getattr(self, "_timeline", None)

