"""The open session's workspace in the workstation window: the video beside the coding panel,
the timeline across the bottom, the events and coding panels docked at the side, and the
scheme's code and modifier keys; the side dock and the timeline give up room before the video.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QSplitter, QStackedWidget, QWidget

from coder.gui.assist_actions import AssistActions
from coder.gui.coding_panel import CodingPanel
from coder.gui.event_table import EventTable
from coder.gui.modifier_popup import modifier_keys
from coder.gui.open_session import OpenSession
from coder.gui.player import PlayerWidget
from coder.gui.timeline.timeline_view import TimelinePanel
from coder.project.role_words import RoleWords


class SessionWorkspace(AssistActions):
    """The layout of the open session's workspace (with its suggestions panel)."""

    pages: QStackedWidget
    words: RoleWords
    coding_panel: CodingPanel
    event_table: EventTable

    def _build_workspace(self, open_session: OpenSession) -> None:
        ctx, controller = open_session.ctx, open_session.controller
        self.player = PlayerWidget(controller, self, shortcuts=False)
        self.coding_panel = CodingPanel(ctx, self, pause=controller.pause)
        self._timeline: TimelinePanel | None = TimelinePanel(ctx, self)
        controller.position_changed.connect(lambda ms, _frame: ctx.set_position(ms))
        ctx.seek_requested.connect(controller.seek_ms)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.player)
        top.addWidget(self.coding_panel)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 0)
        top.setSizes([10_000, self.coding_panel.minimumWidth()])  # the video takes the rest
        self.pages.addWidget(top)
        self.pages.setCurrentWidget(top)
        # the timeline spans the window's full width below the video and the side panels
        timeline_dock = QDockWidget("Timeline", self)
        timeline_dock.setObjectName("dock-timeline")
        timeline_dock.setTitleBarWidget(QWidget(timeline_dock))
        timeline_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        timeline_dock.setWidget(self._timeline)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, timeline_dock)
        open_session.docks.append(timeline_dock)
        self.event_table = EventTable(ctx, self)
        self.event_table.event_selected.connect(self._timeline.view.select)
        docks: list[tuple[str, QWidget]] = [("Events", self.event_table)]
        from coder.gui.panels import coding_panels

        docks += coding_panels(ctx)
        suggestions = self._suggestions_panel(open_session)
        if suggestions is not None:
            docks.append(("Suggestions", suggestions))
        previous: QDockWidget | None = None
        for title, widget in docks:
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{title}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            if previous is not None:
                self.tabifyDockWidget(previous, dock)
            previous = dock
            open_session.docks.append(dock)
        side = open_session.docks[1:]
        if side:
            side[0].raise_()
            # as wide as the event table's columns (a comment scrolls into view) and the panels
            # beside it, within reason: the video first
            panels = [d.widget().sizeHint().width() for d in side[1:] if d.widget() is not None]
            wanted = max([self.event_table.needed_width(), *panels]) + 8
            width = max(340, min(480, wanted, self._side_cap()))
            self.resizeDocks([side[0]], [width], Qt.Orientation.Horizontal)
        # the timeline as tall as its rows and lanes, never more than 40% of the window: video first
        lanes = self._timeline.layout()
        rows = max(self._timeline.sizeHint().height(), lanes.sizeHint().height() if lanes is not None else 0)
        timeline_height = min(rows, int(self.height() * 0.4))
        self.resizeDocks([timeline_dock], [timeline_height], Qt.Orientation.Vertical)
        code_keys = {code.key for code in ctx.scheme.codes if code.key}
        for code in ctx.scheme.codes:
            if code.key:
                shortcut = QShortcut(QKeySequence(code.key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(lambda c=code.id: self.coding_panel.press(c))
                open_session.code_keys.append(shortcut)
        # keys that answer a pending modifier prompt: live only while one is shown
        answer_keys = sorted({k for m in ctx.scheme.modifiers for k in modifier_keys(m)} - code_keys)
        prompt_keys: list[QShortcut] = []
        for key in answer_keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda k=key: self.coding_panel.answer_key(k))
            prompt_keys.append(shortcut)
        skip = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        skip.activated.connect(self.coding_panel.skip_modifier)
        prompt_keys.append(skip)
        for shortcut in prompt_keys:
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(False)
            open_session.code_keys.append(shortcut)

        def prompt_changed() -> None:
            for shortcut in prompt_keys:
                shortcut.setEnabled(self.coding_panel.popup is not None)

        self.coding_panel.prompt_changed.connect(prompt_changed)
        self.coding_panel.refused.connect(
            lambda text: self.statusBar().showMessage(self.words.text(text, session=open_session.code), 8000)
        )
        self.player.setFocus()

    def _side_cap(self) -> int:
        """The widest the side dock may be at this window width (px)."""
        return max(300, self.width() // 3 + 40)

    def _keep_video_first(self) -> None:
        """When the window shrinks, the side dock and the timeline give up room before the video
        does (a size the coder chose is kept while there is room for it)."""
        if self.session is None or not self.session.docks:
            return
        timeline, *side = self.session.docks
        shown = [d for d in side if d.isVisible() and not d.isFloating()]
        if shown and shown[0].width() > self._side_cap():
            self.resizeDocks([shown[0]], [self._side_cap()], Qt.Orientation.Horizontal)
        most = int(self.height() * 0.4)
        if timeline.height() > most:
            self.resizeDocks([timeline], [most], Qt.Orientation.Vertical)

