"""The consensus workspace: the session's video with both coders' tracks and the agreed track
beneath it, the disagreements, and a decision for each (accept one side, an edited value, or no
consensus), always with a reason. Selecting a disagreement seeks the video there and loops the
disputed span; decisions by keyboard: A and B accept a side, E edits, N no consensus, Enter
records (after the reason), J and K go to the next and previous disagreement. The lead is who the
project was opened as, never the operating system's user.

Decisions go through ``coder.project.consensus.record_decision``, which saves the agreed record
with who/when/why and appends to the audit log; the coders' own files are never changed. The
first decision starts the consensus from coder A's record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CoderError
from coder.gui import collector_pauses, dialogs
from coder.gui.background import run_in_background
from coder.gui.identity_dialog import LEAD
from coder.gui.lead.coder_timelines import CoderTimelines
from coder.gui.lead.consensus_player import ConsensusPlayer
from coder.gui.lead.consensus_words import describe_value, span_of, what_text, where_text
from coder.gui.lead.decision_editor import DecisionEditor
from coder.project.consensus import (
    ConsensusFile,
    ConsensusRecord,
    Decision,
    DecisionKind,
    Target,
    load_consensus,
    record_decision,
    start_consensus,
)
from coder.project.project import Project
from coder.project.record_check import read_checked
from coder.reliability.disagreements import Disagreement, consensus_progress, disagreements

__all__ = ["ConsensusView", "describe_value"]

KEYS_HELP = "Keys: A / B accept a side · E edit · N no consensus · Enter records · J / K next / previous · Space play or pause"


class _WrappingRows(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the column's width (a tree view asks for a row's
    height without saying how wide its columns are)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, self.view.columnWidth(index.column()), 10_000)  # a valid rect: wrapped
        return super().sizeHint(sized, index)


class ConsensusView(QWidget):
    """Review one double-coded session with two coders and record consensus decisions."""

    open_maximized = True  # a workspace: the lead's opener shows it full size

    def __init__(self, project: Project, parent: QWidget | None = None, *, lead: str = LEAD) -> None:
        super().__init__(parent)
        self.project = project
        self.lead = lead
        self.setWindowTitle("Consensus")
        self.items: list[Disagreement] = []
        self._targets: list[Target] = []  # each item's target, worked out once
        self._record: ConsensusRecord | None = None
        self._decided: dict[Target, Decision] = {}  # the last decision of each target
        self._file: ConsensusFile | None = None  # the record as the last decision left it
        self.editor: DecisionEditor | None = None
        self._queue: list[tuple[Callable[[], ConsensusRecord], int, Disagreement]] = []
        self._deciding: set[int] = set()  # rows whose decision is being written
        self._busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)

        top = QHBoxLayout()
        self.session_box = QComboBox(self)
        for entry in project.sessions:
            if len(project.coders_of(entry.code)) >= 2:
                self.session_box.addItem(entry.code, entry.code)
        self.coder_a = QComboBox(self)
        self.coder_b = QComboBox(self)
        for label, widget in (("Session", self.session_box), ("Coder A", self.coder_a), ("Coder B", self.coder_b)):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        self.lead_label = QLabel(f"Decisions recorded as <b>{lead}</b>", self)
        self.lead_label.setToolTip("The lead as the project was opened; recorded with every decision")
        top.addSpacing(12)
        top.addWidget(self.lead_label)
        top.addStretch(1)
        outer.addLayout(top)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.problems = QLabel(self)  # records that fail the door check: file, field, what to do
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #C53030;")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        outer.addWidget(self.problems)

        self.player = ConsensusPlayer(self)
        self.player.position_changed.connect(self._on_position)
        self.player.ready.connect(collector_pauses.keep_loaded)  # the video's frame index stays
        self.timelines = CoderTimelines(project.scheme(project.data.schemes[0].id), self)
        self.tracks = QScrollArea(self)
        self.tracks.setWidgetResizable(True)
        self.tracks.setWidget(self.timelines)
        self.tracks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tracks.setMinimumHeight(90)
        left = self.left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.player)
        left.addWidget(self.tracks)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)

        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["Where", "What", "Decision"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)  # long places and values wrap rather than end in "…"
        self.list.setUniformRowHeights(False)
        self.list.setItemDelegate(_WrappingRows(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        # rows take the height of their wrapped text at the columns' new widths
        header.sectionResized.connect(lambda *_a: self.list.scheduleDelayedItemsLayout())
        self.list.currentItemChanged.connect(lambda *_a: self._selected())
        self.list.itemDoubleClicked.connect(lambda *_a: self._replay())

        pane = QGroupBox("Decision", self)
        pane_layout = QVBoxLayout(pane)
        self.sides = QLabel(pane)
        self.sides.setWordWrap(True)
        self.sides.setTextFormat(Qt.TextFormat.RichText)
        pane_layout.addWidget(self.sides)
        self.choice = QButtonGroup(pane)
        self.accept_a = QRadioButton("Accept A", pane)
        self.accept_b = QRadioButton("Accept B", pane)
        self.edit = QRadioButton("Edit", pane)
        self.no_consensus = QRadioButton("No consensus", pane)
        choices = QGridLayout()
        for number, button in enumerate((self.accept_a, self.accept_b, self.edit, self.no_consensus)):
            self.choice.addButton(button)
            choices.addWidget(button, number // 2, number % 2)
        pane_layout.addLayout(choices)
        self.editor_holder = QVBoxLayout()
        pane_layout.addLayout(self.editor_holder)
        reason_form = QFormLayout()
        self.reason = QLineEdit(pane)
        self.reason.setPlaceholderText("Why (required); Enter records")
        self.reason.returnPressed.connect(self.record_current)
        reason_form.addRow("Reason", self.reason)
        pane_layout.addLayout(reason_form)
        self.record_button = QPushButton("Record decision", pane)
        self.record_button.clicked.connect(self.record_current)
        pane_layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        keys = QLabel(KEYS_HELP, pane)
        keys.setObjectName("muted")
        keys.setWordWrap(True)
        pane_layout.addWidget(keys)
        pane_layout.addStretch(1)
        self.choice.buttonToggled.connect(lambda *_a: self._choice_changed())
        self.reason.textChanged.connect(lambda _t: self._update_button())
        pane_scroll = QScrollArea(self)
        pane_scroll.setWidgetResizable(True)
        pane_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        pane_scroll.setWidget(pane)

        right = self.right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.list)
        right.addWidget(pane_scroll)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        split = self.split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)
        self._keys()

        self.session_box.currentIndexChanged.connect(lambda _i: self._session_changed())
        self.coder_a.currentIndexChanged.connect(lambda _i: self.reload())
        self.coder_b.currentIndexChanged.connect(lambda _i: self.reload())
        self._session_changed()

    def _keys(self) -> None:
        """Decisions by keyboard, anywhere in the workspace except while typing a reason."""
        for key, action in (
            ("A", lambda: self._choose(self.accept_a)),
            ("B", lambda: self._choose(self.accept_b)),
            ("E", lambda: self._choose(self.edit)),
            ("N", lambda: self._choose(self.no_consensus)),
            ("J", lambda: self.step(1)),
            ("K", lambda: self.step(-1)),
            ("Return", self.record_current),
            ("Space", self._toggle_play),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Video first: the tracks as tall as their rows (at most 40%), the rest for the video;
        the list and decision pane take 40% of the width."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self._apply_sizes)  # once the splitters have their new size

    def _apply_sizes(self) -> None:
        width, height = self.split.width(), self.split.height()
        self.split.setSizes([int(width * 0.6), width - int(width * 0.6)])
        tracks = min(self.timelines.sizeHint().height() + 6, int(height * 0.4))
        self.left.setSizes([height - tracks, tracks])
        self.right.setSizes([int(height * 0.45), height - int(height * 0.45)])
        list_width = width - int(width * 0.6) - 8
        self.list.setColumnWidth(0, int(list_width * 0.36))
        self.list.setColumnWidth(2, int(list_width * 0.22))

    def _choose(self, button: QRadioButton) -> None:
        if button.isEnabled():
            button.setChecked(True)
            if button is self.edit and self.editor is not None:
                self.editor.setFocus()
            else:
                self.reason.setFocus()

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) disagreement."""
        if not self.items:
            return
        row = self.list.currentItem()
        current = self.list.indexOfTopLevelItem(row) if row is not None else -1
        self.select(max(0, min(len(self.items) - 1, current + direction)))
        self.list.setFocus()

    def _toggle_play(self) -> None:
        if self.player.controller is not None:
            self.player.controller.toggle_play()

    def _replay(self) -> None:
        item = self.current()
        if item is not None:
            self._loop(item)

    def _on_position(self, ms: int) -> None:
        self.timelines.set_playhead(ms)

    @property
    def record(self) -> ConsensusRecord | None:
        """The consensus record as last read or written (None: not started)."""
        return self._record

    @record.setter
    def record(self, record: ConsensusRecord | None) -> None:
        self._record = record
        self._decided = {d.target: d for d in record.decisions} if record is not None else {}

    # --- choosing what to review -----------------------------------------------------------
    def session(self) -> str | None:
        data = self.session_box.currentData()
        return str(data) if data else None

    def coders(self) -> list[str]:
        return [str(self.coder_a.currentData()), str(self.coder_b.currentData())]

    def choose_session(self, code: str) -> None:
        self.session_box.setCurrentIndex(max(self.session_box.findData(code), 0))

    def _session_changed(self) -> None:
        session = self.session()
        coders = self.project.coders_of(session) if session else []
        for box, index in ((self.coder_a, 0), (self.coder_b, 1)):
            box.blockSignals(True)
            box.clear()
            for coder in coders:
                box.addItem(coder, coder)
            box.setCurrentIndex(min(index, len(coders) - 1))
            box.blockSignals(False)
        if session:
            self.timelines.scheme = self.project.scheme_for(session)
            self.player.open(self.project, session)
        self.reload()

    def reload(self) -> None:
        """Reread the coders' records, the disagreements and the consensus record."""
        session = self.session()
        self.list.clear()
        self.items = []
        self.record = None
        if session is None:
            self.status.setText("No session has two coders' records yet.")
            self._selected()
            return
        coders = self.coders()
        # The coders' records after the door check: invalid values are left out, and said below.
        checked = {c: read_checked(self.project, c, session) for c in dict.fromkeys(coders)}
        problems = [p for r in checked.values() if r is not None and (p := r.problem()) is not None]
        usable = all(r is not None and r.annotations is not None for r in checked.values())
        try:
            self.record = load_consensus(self.project, session)
            if coders[0] != coders[1] and usable:
                self.items = disagreements(self.project, session, coders)
        except CoderError as error:
            dialogs.show_error(self, error, "Consensus")
        self.problems.setText("\n".join(
            [str(p) for p in problems]
            + ([] if usable else ["Disagreements are listed once both records can be read."])
        ))
        self.problems.setVisible(bool(problems))
        self._targets = [item.target for item in self.items]
        shown = [(name, r.annotations) for name, r in checked.items() if r is not None and r.annotations is not None]
        if self.record is not None:
            shown.append(("agreed", self.record.annotations))
        self.timelines.set_records(shown, self.project.session(session).duration_ms or 0)
        scheme = self.timelines.scheme
        rows = []
        for item in self.items:
            row = QTreeWidgetItem([where_text(item, scheme), what_text(item, scheme), self._decision_text(item)])
            row.setToolTip(0, item.where)  # ids only in tooltips
            row.setToolTip(1, item.detail)
            rows.append(row)
        self.list.addTopLevelItems(rows)
        self._status_text()
        if self.items:
            self.select(self._next_open(0))
        self._selected()
        collector_pauses.keep_loaded()

    def _status_text(self) -> None:
        decided = sum(1 for target in self._targets if target in self._decided)
        if self.record is None:
            started = "not started (the first decision starts it from coder A's record)"
        else:
            started = f"started by {self.record.lead} {self.record.started}, {len(self.record.decisions)} decisions"
        left = len(self.items) - decided
        finished = "finished" if not left else f"{left} still to decide (export refuses it until then)"
        self.status.setText(f"{len(self.items)} disagreements, {decided} decided, {finished} · consensus {started}")

    def _decision_of(self, item: Disagreement) -> Decision | None:
        return self._decided.get(item.target)

    def _decision_text(self, item: Disagreement) -> str:
        decision = self._decision_of(item)
        if decision is None:
            return ""
        if decision.kind is DecisionKind.ACCEPT_SIDE:
            return f"took {decision.chosen_coder} ({decision.who})"
        if decision.kind is DecisionKind.EDIT:
            return f"edited ({decision.who})"
        return f"no consensus ({decision.who})"

    def _next_open(self, start: int) -> int:
        for index in range(start, len(self.items)):
            if index not in self._deciding and self._targets[index] not in self._decided:
                return index
        return min(start, len(self.items) - 1)

    # --- the selected disagreement -----------------------------------------------------------
    def current(self) -> Disagreement | None:
        row = self.list.currentItem()
        index = self.list.indexOfTopLevelItem(row) if row is not None else -1
        return self.items[index] if 0 <= index < len(self.items) else None

    def select(self, index: int) -> None:
        row = self.list.topLevelItem(index)
        if row is not None:
            self.list.setCurrentItem(row)

    def _selected(self) -> None:
        item = self.current()
        session = self.session()
        reused = (
            item is not None and session is not None and self.editor is not None
            and self.editor.reuse_for(self.project.scheme_for(session), item)
        )
        if self.editor is not None and not reused:
            self.editor.setParent(None)
            self.editor.deleteLater()
            self.editor = None
        self.choice.setExclusive(False)
        for button in self.choice.buttons():
            button.setChecked(False)
            button.setEnabled(item is not None)
        self.choice.setExclusive(True)
        self.reason.clear()
        if item is None:
            self.sides.setText("Nothing to decide." if self.session() else "")
            self.timelines.set_mark(None)
            self.player.stop_loop()
            self._update_button()
            return
        a, b = self.coders()
        self.accept_a.setText(f"Accept {a} (A)")
        self.accept_b.setText(f"Accept {b} (B)")
        self.edit.setText("Edit (E)")
        self.no_consensus.setText("No consensus (N)")
        scheme = self.timelines.scheme
        lines = [f"<b>{where_text(item, scheme)}</b>"]
        for coder in (a, b):
            lines.append(f"{coder}: {describe_value(item, item.value_of(coder), scheme)}")
        decision = self._decision_of(item)
        if decision is not None:
            lines.append(f'<span style="color:gray">decided {decision.time} by {decision.who}: {decision.reason}</span>')
        self.sides.setText("<br>".join(lines))
        assert session is not None
        if self.editor is None:
            self.editor = DecisionEditor(self.project.scheme_for(session), item, self)
            self.editor_holder.addWidget(self.editor)
        self.editor.setEnabled(False)
        self._loop(item)
        self._update_button()

    def _loop(self, item: Disagreement) -> None:
        """Highlight the disputed span on the tracks and loop it in the video."""
        session, (a, _b) = self.session(), self.coders()
        start, end = span_of(item)
        if start is None and item.segment and session is not None:
            # a rating: highlight its segment as coder A marked it
            checked = read_checked(self.project, a, session)
            seed = checked.annotations if checked is not None else None
            marked = next((s for s in seed.segments if s.segment == item.segment), None) if seed else None
            start, end = (marked.start_ms, marked.end_ms) if marked else (None, None)
        self.timelines.set_mark(start, end)
        if start is not None:
            self.player.loop(start, end if end is not None else start)

    def _choice_changed(self) -> None:
        if self.editor is not None:
            self.editor.setEnabled(self.edit.isChecked())
        self._update_button()

    def _update_button(self) -> None:
        self.record_button.setEnabled(
            self.current() is not None
            and self.choice.checkedButton() is not None
            and bool(self.reason.text().strip())
            and bool(self.lead)
        )

    # --- recording ---------------------------------------------------------------------------
    def record_current(self) -> None:
        """Record the chosen decision for the selected disagreement (reason required)."""
        item = self.current()
        session = self.session()
        lead = self.lead
        reason = self.reason.text().strip()
        if item is not None and self.choice.checkedButton() is not None and not reason:
            self.reason.setFocus()  # Enter before a reason: the reason is asked for
            return
        if item is None or session is None or not reason or not lead or self.choice.checkedButton() is None:
            return
        a, b = self.coders()
        chosen: str | None = None
        value: Any = None
        if self.accept_a.isChecked():
            kind, chosen = DecisionKind.ACCEPT_SIDE, a
        elif self.accept_b.isChecked():
            kind, chosen = DecisionKind.ACCEPT_SIDE, b
        elif self.edit.isChecked():
            kind = DecisionKind.EDIT
            value = self.editor.value() if self.editor is not None else None
        elif self.no_consensus.isChecked():
            kind = DecisionKind.NO_CONSENSUS
        else:
            return
        row = self.list.currentItem()
        index = self.list.indexOfTopLevelItem(row) if row is not None else self.items.index(item)
        project = self.project
        if self._file is None or self._file.session != session:
            self._file = ConsensusFile(project, session)
        file = self._file

        def work() -> ConsensusRecord:
            # The file is the truth: decisions are written one after the other, each on the
            # record as the previous one left it, whatever session the view shows meanwhile
            # (read again only when something else changed the file).
            record = file.load()
            written = record_decision(
                project,
                record or start_consensus(project, session, [a, b], lead),
                who=lead,
                kind=kind,
                target=item.target,
                reason=reason,
                chosen_coder=chosen,
                value=value,
                sides=file,
            )
            file.remember(written)
            return written

        # written off the GUI thread, one decision after the other; the lead goes on at once
        self._queue.append((work, index, item))
        self._deciding.add(index)
        shown = self.list.topLevelItem(index)
        if shown is not None:
            shown.setText(2, "saving…")
        if not self._busy:
            self._run_next()
        self.select(self._next_open(min(index + 1, len(self.items) - 1)))
        self.list.setFocus()

    @property
    def saving(self) -> bool:
        """True while decisions are still being written."""
        return self._busy

    def _run_next(self) -> None:
        if not self._queue:
            self._busy = False
            return
        self._busy = True
        work, index, item = self._queue.pop(0)

        def done(record: ConsensusRecord) -> None:
            self._deciding.discard(index)
            if record.session != self.session():
                self._run_next()  # the lead moved on: the decision is saved all the same
                return
            self.record = record  # only what changed: this row, the agreed track and the counts
            shown = self.list.topLevelItem(index)
            if shown is not None:
                shown.setText(2, self._decision_text(item))
            self._show_agreed()
            self._status_text()
            collector_pauses.keep_loaded()  # the new agreed record stays: out of collections
            self._run_next()

        def failed(error: BaseException) -> None:
            self._queue.clear()
            self._deciding.clear()
            self._busy = False
            dialogs.show_error(self, error, "Consensus")
            self.reload()

        run_in_background(work, done, failed)

    def _show_agreed(self) -> None:
        if self.record is not None:
            self.timelines.replace_record("agreed", self.record.annotations)

    def progress_text(self) -> str:
        """The consensus progress by the rule export applies (``consensus_progress``)."""
        return consensus_progress(self.project, self.record).describe() if self.record is not None else "not started"

    def finish_saving(self) -> None:
        """Write every decision still queued before the view goes (on the GUI thread)."""
        QThreadPool.globalInstance().waitForDone()
        while self._queue:
            work, index, _item = self._queue.pop(0)
            work()
            self._deciding.discard(index)
        self._busy = False

    def closeEvent(self, event: object) -> None:
        self.finish_saving()
        self.player.close_video()
        collector_pauses.release()
        super().closeEvent(event)  # type: ignore[arg-type]

