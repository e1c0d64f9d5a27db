"""The workstation's assisted coding: the regions motion is measured in, movement suggestions
made from them in the background, and the panel and lanes to step through a record's suggestions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDockWidget, QMainWindow, QWidget

from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.identity_dialog import LEAD
from coder.gui.open_session import OpenSession
from coder.gui.player import PlayerWidget
from coder.gui.timeline.timeline_view import TimelinePanel
from coder.project.project import Project

if TYPE_CHECKING:
    _Window = QMainWindow
else:  # a mixin of the window at run time
    _Window = object


class AssistActions(_Window):
    """The workstation window's Regions and Suggest movement actions and its suggestions panel."""

    project: Project
    coder: str | None
    session: OpenSession | None
    suggestions: object | None
    regions_dialog: QDialog | None
    show_regions_action: QAction
    player: PlayerWidget
    _timeline: TimelinePanel | None

    def edit_regions(self) -> None:
        """Draw, move, rename or remove the open session's regions on its current frame."""
        from coder.assist.regions import RegionEditor
        from coder.gui.regions_view import RegionsDialog

        if self.session is None:
            return
        try:
            editor = RegionEditor.open(self.project, self.session.code, by=self.coder or LEAD)
        except CoderError as error:
            dialogs.show_error(self, error, "Regions")
            return
        view = self.player.views[0]
        info = self.session.controller.camera_info(0)
        dialog = RegionsDialog(editor, view.current_image(), info.width / max(1, info.height), self)
        self.regions_dialog = dialog
        dialog.controller.changed.connect(self._show_regions)
        dialog.finished.connect(lambda _r: setattr(self, "regions_dialog", None))
        dialog.open()

    def suggest_motion(self) -> None:
        """Movement suggestions for the open record from its drawn regions, in the background."""
        from coder.assist.run import SuggestOutcome
        from coder.gui.suggest_run import run_motion_suggestions

        opened = self.session
        if opened is None or opened.ctx.read_only:
            return

        def report(text: str) -> None:
            if text:
                self.statusBar().showMessage(text)
            else:
                self.statusBar().clearMessage()

        def done(outcome: SuggestOutcome) -> None:
            found = sum(n for _s, _c, _t, n in outcome.written)
            self.statusBar().showMessage(
                f"{found} movement suggestion(s) made" if found else "No movement bursts found in the regions", 8000
            )
            if self.session is opened:
                self._refresh_suggestions(opened)

        run_motion_suggestions(self, self.project, opened.code, opened.record_of, opened.ctx.scheme,
                               report=report, done=done)

    def _refresh_suggestions(self, open_session: OpenSession) -> None:
        """Show a new run's suggestions: in the open panel, or in a new one."""
        from coder.gui.suggestions_view import SuggestionsController

        if isinstance(self.suggestions, SuggestionsController):
            self.suggestions.queue.reload()
            self.suggestions.changed.emit()
            return
        panel = self._suggestions_panel(open_session)
        if panel is None:
            return
        dock = QDockWidget("Suggestions", self)
        dock.setObjectName("dock-Suggestions")
        dock.setWidget(panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        side = open_session.docks[1:]
        if side:
            self.tabifyDockWidget(side[-1], dock)
        open_session.docks.append(dock)
        dock.raise_()

    def _show_regions(self) -> None:
        """Outline the open session's regions on its first camera (when View ▸ Show regions)."""
        if self.session is None or not hasattr(self, "player"):
            return
        from coder.assist.regions import load_regions

        view = self.player.views[0]
        view.set_regions([])
        if self.show_regions_action.isChecked():
            try:
                view.set_regions(load_regions(self.project, self.session.code))
            except CoderError as error:
                self.statusBar().showMessage(f"Regions not shown: {error}", 10000)

    def _suggestions_panel(self, open_session: OpenSession) -> QWidget | None:
        """The machine suggestions of the open record, when it has any and may be edited: a
        panel to step through them and hatched lanes under the timeline."""
        from coder.assist.accept import SuggestionQueue
        from coder.gui.suggestions_view import (
            SuggestionLanes,
            SuggestionsController,
            SuggestionsPanel,
        )

        ctx = open_session.ctx
        if ctx.read_only or self._timeline is None:
            return None
        queue = SuggestionQueue(self.project, ctx.store, ctx.execute)
        if not queue.suggestions:
            return None
        controller = SuggestionsController(queue, ctx)
        controller.setParent(self._timeline)
        lanes = SuggestionLanes(controller, self._timeline.view)
        self._timeline.add_lanes(lanes)
        self.suggestions = controller
        return SuggestionsPanel(controller, self)

