"""The consensus view: two coders' records of a session side by side, their disagreements, and
a decision for each (accept one side, an edited value, or no consensus), always with a reason.

Decisions go through ``coder.project.consensus.record_decision``, which saves the agreed record
with who/when/why and appends to the audit log; the coders' own files are never changed. The
first decision starts the consensus from coder A's record.
"""

from __future__ import annotations

import getpass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.lead.coder_timelines import CoderTimelines
from coder.gui.lead.decision_editor import DecisionEditor
from coder.gui.panels.time_text import short_timecode
from coder.project.consensus import (
    ConsensusRecord,
    DecisionKind,
    load_consensus,
    record_decision,
    start_consensus,
)
from coder.project.project import Project
from coder.reliability.disagreements import Disagreement, DisagreementKind, disagreements


def describe_value(item: Disagreement, value: Any) -> str:
    """A coder's side of a disagreement in a few words."""
    if value is None:
        return "nothing"
    if item.kind is DisagreementKind.RATING:
        return f"{value:g}" if isinstance(value, int | float) else str(value)
    if item.kind in (DisagreementKind.EVENT, DisagreementKind.SEGMENT):
        name = value.get("code") or value.get("segment", "")
        end = value.get("end_ms")
        span = short_timecode(value["start_ms"]) + ("" if end is None else f"–{short_timecode(end)}")
        mods = ", ".join(f"{k}={v}" for k, v in (value.get("modifiers") or {}).items())
        flags = [f for f in ("curtailed", "extended") if value.get(f)]
        return " ".join(p for p in (name, span, f"({mods})" if mods else "", " ".join(flags)) if p)
    text = value.get("subgroup") or value.get("major") or "none"
    if value.get("d_rating") is not None:
        text += f", D rating {value['d_rating']:g}"
    if value.get("forced"):
        text += f", forced {value['forced']}"
    return str(text)


def _span(item: Disagreement) -> tuple[int | None, int | None]:
    """The media time of a disagreement (ms) for the timeline highlight."""
    starts, ends = [], []
    for _coder, value in item.values:
        if isinstance(value, dict) and "start_ms" in value:
            starts.append(value["start_ms"])
            ends.append(value.get("end_ms") or value["start_ms"])
    if not starts:
        return item.time_ms, item.time_ms
    return min(starts), max(ends)


class ConsensusView(QWidget):
    """Review one double-coded session with two coders and record consensus decisions."""

    def __init__(self, project: Project, parent: QWidget | None = None, *, lead: str | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Consensus")
        self.items: list[Disagreement] = []
        self.record: ConsensusRecord | None = None
        self.editor: DecisionEditor | None = None
        outer = QVBoxLayout(self)

        top = QHBoxLayout()
        self.session_box = QComboBox(self)
        for entry in project.sessions:
            if len(project.coders_of(entry.code)) >= 2:
                self.session_box.addItem(entry.code, entry.code)
        self.coder_a = QComboBox(self)
        self.coder_b = QComboBox(self)
        self.lead_edit = QLineEdit(lead or _user(), self)
        self.lead_edit.setMaximumWidth(120)
        self.lead_edit.setToolTip("Your id as the lead: recorded with every decision")
        for label, widget in (
            ("Session", self.session_box),
            ("Coder A", self.coder_a),
            ("Coder B", self.coder_b),
            ("Lead", self.lead_edit),
        ):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addStretch(1)
        outer.addLayout(top)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: gray;")
        outer.addWidget(self.status)

        self.timelines = CoderTimelines(project.scheme(project.data.schemes[0].id), self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timelines)
        scroll.setMinimumHeight(120)

        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["Where", "What", "Decision"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setColumnWidth(0, 150)
        self.list.setColumnWidth(1, 190)
        self.list.currentItemChanged.connect(lambda *_a: self._selected())

        pane = QGroupBox("Decision", self)
        pane_layout = QVBoxLayout(pane)
        self.sides = QLabel(pane)
        self.sides.setWordWrap(True)
        self.sides.setTextFormat(Qt.TextFormat.RichText)
        pane_layout.addWidget(self.sides)
        self.choice = QButtonGroup(pane)
        self.accept_a = QRadioButton("Accept A", pane)
        self.accept_b = QRadioButton("Accept B", pane)
        self.edit = QRadioButton("Edited value", pane)
        self.no_consensus = QRadioButton("No consensus", pane)
        choices = QHBoxLayout()
        for button in (self.accept_a, self.accept_b, self.edit, self.no_consensus):
            self.choice.addButton(button)
            choices.addWidget(button)
        choices.addStretch(1)
        pane_layout.addLayout(choices)
        self.editor_holder = QVBoxLayout()
        pane_layout.addLayout(self.editor_holder)
        reason_form = QFormLayout()
        self.reason = QLineEdit(pane)
        self.reason.setPlaceholderText("Why (required)")
        reason_form.addRow("Reason", self.reason)
        pane_layout.addLayout(reason_form)
        self.record_button = QPushButton("Record decision", pane)
        self.record_button.clicked.connect(self.record_current)
        pane_layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        pane_layout.addStretch(1)
        self.choice.buttonToggled.connect(lambda *_a: self._choice_changed())
        self.reason.textChanged.connect(lambda _t: self._update_button())

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.list)
        lower.addWidget(pane)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = self.split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(scroll)
        split.addWidget(lower)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)

        self.session_box.currentIndexChanged.connect(lambda _i: self._session_changed())
        self.coder_a.currentIndexChanged.connect(lambda _i: self.reload())
        self.coder_b.currentIndexChanged.connect(lambda _i: self.reload())
        self._session_changed()

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
        try:
            self.record = load_consensus(self.project, session)
            if coders[0] != coders[1]:
                self.items = disagreements(self.project, session, coders)
        except CoderError as error:
            dialogs.show_error(self, error, "Consensus")
        records = [(c, self.project.load_annotations(c, session)) for c in self.project.coders_of(session)]
        shown = [(name, r) for name, r in records if r is not None and name in coders]
        if self.record is not None:
            shown.append(("agreed", self.record.annotations))
        self.timelines.set_records(shown, self.project.session(session).duration_ms or 0)
        lanes_height = min(self.timelines.sizeHint().height() + 4, 340)
        self.split.setSizes([lanes_height, max(300, self.height() - lanes_height)])
        for item in self.items:
            row = QTreeWidgetItem([item.where, item.detail, self._decision_text(item)])
            row.setToolTip(1, item.detail)
            self.list.addTopLevelItem(row)
        self._status_text()
        if self.items:
            self.select(self._next_open(0))
        self._selected()

    def _status_text(self) -> None:
        decided = sum(1 for item in self.items if self._decision_of(item) is not None)
        if self.record is None:
            started = "not started (the first decision starts it from coder A's record)"
        else:
            started = f"started by {self.record.lead} {self.record.started}, {len(self.record.decisions)} decisions"
        self.status.setText(f"{len(self.items)} disagreements, {decided} decided · consensus {started}")

    def _decision_of(self, item: Disagreement) -> Any:
        if self.record is None:
            return None
        found = [d for d in self.record.decisions if d.target == item.target]
        return found[-1] if found else None

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
            if self._decision_of(self.items[index]) is None:
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
        if self.editor is not None:
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
            self._update_button()
            return
        a, b = self.coders()
        self.accept_a.setText(f"Accept {a}")
        self.accept_b.setText(f"Accept {b}")
        lines = [f"<b>{item.where}</b>: {item.detail}"]
        for coder in (a, b):
            lines.append(f"{coder}: {describe_value(item, item.value_of(coder))}")
        decision = self._decision_of(item)
        if decision is not None:
            lines.append(f'<span style="color:gray">decided {decision.time} by {decision.who}: {decision.reason}</span>')
        self.sides.setText("<br>".join(lines))
        session = self.session()
        assert session is not None
        self.editor = DecisionEditor(self.project.scheme_for(session), item, self)
        self.editor.setEnabled(False)
        self.editor_holder.addWidget(self.editor)
        start, end = _span(item)
        if start is None and item.segment:
            # a rating: highlight its segment as coder A marked it
            seed = self.project.load_annotations(a, session)
            marked = next((s for s in seed.segments if s.segment == item.segment), None) if seed else None
            start, end = (marked.start_ms, marked.end_ms) if marked else (None, None)
        self.timelines.set_mark(start, end)
        self._update_button()

    def _choice_changed(self) -> None:
        if self.editor is not None:
            self.editor.setEnabled(self.edit.isChecked())
        self._update_button()

    def _update_button(self) -> None:
        self.record_button.setEnabled(
            self.current() is not None
            and self.choice.checkedButton() is not None
            and bool(self.reason.text().strip())
            and bool(self.lead_edit.text().strip())
        )

    # --- recording ---------------------------------------------------------------------------
    def record_current(self) -> None:
        """Record the chosen decision for the selected disagreement (reason required)."""
        item = self.current()
        session = self.session()
        lead = self.lead_edit.text().strip()
        reason = self.reason.text().strip()
        if item is None or session is None or not reason or not lead:
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
        index = self.items.index(item)
        try:
            record = self.record or start_consensus(self.project, session, [a, b], lead)
            record_decision(
                self.project,
                record,
                who=lead,
                kind=kind,
                target=item.target,
                reason=reason,
                chosen_coder=chosen,
                value=value,
            )
        except CoderError as error:
            dialogs.show_error(self, error, "Consensus")
            return
        self.reload()
        if self.items:
            self.select(self._next_open(min(index + 1, len(self.items) - 1)))


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes
        return "lead"
