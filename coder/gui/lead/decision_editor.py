"""The "edit" side of a consensus decision: a small editor for the targeted value.

One editor per kind of disagreement (rating, segment, events, classification), prefilled from a
coder's value; ``value()`` returns what ``record_decision(kind="edit", value=...)`` expects.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from coder.annotations.model import Classification, Event, Segment
from coder.errors import CoderError
from coder.gui.panels.scale_widget import scale_values, value_text
from coder.reliability.disagreements import Disagreement, DisagreementKind
from coder.scheme.model import CodeKind, Scheme
from coder.timebase import format_timecode, parse_timecode

_MAX_MS = 24 * 3_600_000


class TimeBox(QSpinBox):
    """A time in integer milliseconds, shown and typed as a timecode (hh:mm:ss.mmm; mm:ss.mmm
    and seconds are read too); the arrows step by 40 ms."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSingleStep(40)

    def textFromValue(self, value: int) -> str:
        return format_timecode(value)

    def valueFromText(self, text: str) -> int:
        try:
            return parse_timecode(text)
        except CoderError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        try:
            value = parse_timecode(text)
        except CoderError:
            return QValidator.State.Intermediate, text, pos
        state = QValidator.State.Acceptable if 0 <= value <= self.maximum() else QValidator.State.Invalid
        return state, text, pos


def _ms_box(parent: QWidget, value: int | None) -> QSpinBox:
    box = TimeBox(parent)
    box.setRange(0, _MAX_MS)
    box.setValue(value or 0)
    return box


def _first_value(item: Disagreement) -> Any:
    return next((v for _c, v in item.values if v is not None), None)


class DecisionEditor(QWidget):
    """Editor of one disagreement's value; empty for kinds it cannot edit."""

    def __init__(self, scheme: Scheme, item: Disagreement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = scheme
        self.item = item
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        seed = _first_value(item)
        if item.kind is DisagreementKind.RATING:
            self._rating(seed)
        elif item.kind is DisagreementKind.SEGMENT:
            self._segment(seed)
        elif item.kind is DisagreementKind.EVENT:
            self._event(seed)
        else:
            self._classification(seed or {})

    def reuse_for(self, scheme: Scheme, item: Disagreement) -> bool:
        """Show ``item`` of ``scheme`` in this editor when it has the same fields (an event of
        the same stream, the same rating item): refilled, not built again — a lead stepping
        through a session's disagreements is not kept waiting for new widgets each time. False:
        build a new one."""
        kind, seed = item.kind, _first_value(item)
        if kind is not self.item.kind or (scheme.id, scheme.version) != (self.scheme.id, self.scheme.version):
            return False
        if kind is DisagreementKind.EVENT and item.stream == self.item.stream:
            self.item = item
            self._fill_event(seed)
            return True
        if kind is DisagreementKind.RATING and item.item == self.item.item:
            self.item = item
            self.value_box.setCurrentIndex(max(self.value_box.findData(seed), 0))
            return True
        return False

    # --- builders ----------------------------------------------------------------------------
    def _rating(self, seed: Any) -> None:
        definition = self.scheme.rating(self.item.item or "")
        self.value_box = QComboBox(self)
        self.value_box.addItem("no rating", None)
        if definition is not None:
            for value in scale_values(definition.min, definition.max, definition.step):
                self.value_box.addItem(value_text(value), value)
        self.value_box.setCurrentIndex(max(self.value_box.findData(seed), 0))
        self.form.addRow("Value", self.value_box)

    def _segment(self, seed: Any) -> None:
        seed = seed or {}
        self.start = _ms_box(self, seed.get("start_ms"))
        self.end = _ms_box(self, seed.get("end_ms"))
        self.curtailed = QCheckBox("curtailed", self)
        self.curtailed.setChecked(bool(seed.get("curtailed")))
        self.extended = QCheckBox("extended", self)
        self.extended.setChecked(bool(seed.get("extended")))
        self.form.addRow("Start", self.start)
        self.form.addRow("End", self.end)
        definition = self.scheme.segment(self.item.segment or "")
        if definition is not None and definition.may_curtail:
            self.form.addRow("", self.curtailed)
        if definition is not None and definition.may_extend:
            self.form.addRow("", self.extended)

    def _event(self, seed: Any) -> None:
        self.code = QComboBox(self)
        for code in self.scheme.codes_in_stream(self.item.stream or ""):
            self.code.addItem(code.label or code.id, code.id)
        self.start = _ms_box(self, None)
        self.end = _ms_box(self, None)
        self.form.addRow("Code", self.code)
        self.form.addRow("Start", self.start)
        self.form.addRow("End", self.end)
        self.code.currentIndexChanged.connect(lambda _i: self._point_has_no_end())
        self._fill_event(seed)

    def _fill_event(self, seed: Any) -> None:
        seed = seed or {}
        self.code.setCurrentIndex(max(self.code.findData(seed.get("code")), 0))
        self.start.setValue(seed.get("start_ms") or 0)
        self.end.setValue(seed.get("end_ms") or 0)
        self.modifiers: dict[str, str] = dict(seed.get("modifiers") or {})
        self._point_has_no_end()

    def _point_has_no_end(self) -> None:
        code = self.scheme.code(self.code.currentData() or "")
        self.end.setEnabled(code is None or code.kind is CodeKind.STATE)

    def _classification(self, seed: dict[str, Any]) -> None:
        definition = self.scheme.classification
        self.major = QComboBox(self)
        self.subgroup = QComboBox(self)
        self.forced = QComboBox(self)
        self.d_rating = QComboBox(self)
        for box in (self.major, self.subgroup, self.forced, self.d_rating):
            box.addItem("–", None)
        if definition is not None:
            for category in definition.categories:
                self.major.addItem(category.id, category.id)
                for sub in category.subgroups:
                    self.subgroup.addItem(sub, sub)
            for major in definition.forced_from:
                self.forced.addItem(major, major)
                forced_category = next((c for c in definition.categories if c.id == major), None)
                for sub in forced_category.subgroups if forced_category else []:
                    self.forced.addItem(sub, sub)
            if definition.d_rating is not None:
                d = definition.d_rating
                for value in scale_values(d.min, d.max, d.step):
                    self.d_rating.addItem(value_text(value), value)
        for box, key in (
            (self.major, "major"),
            (self.subgroup, "subgroup"),
            (self.forced, "forced"),
            (self.d_rating, "d_rating"),
        ):
            box.setCurrentIndex(max(box.findData(seed.get(key)), 0))
        self.low_d_confirmed = bool(seed.get("low_d_confirmed"))
        self.notes = str(seed.get("notes") or "")
        self.form.addRow("Category", self.major)
        self.form.addRow("Subgroup", self.subgroup)
        self.form.addRow("D rating", self.d_rating)
        self.form.addRow("Forced", self.forced)
        self.form.addRow(QLabel("<small>checked against the scheme when recorded</small>", self))

    # --- the edited value --------------------------------------------------------------------
    def value(self) -> Any:
        """The edited value, as ``record_decision`` takes it for this kind of target."""
        kind = self.item.kind
        if kind is DisagreementKind.RATING:
            return self.value_box.currentData()
        if kind is DisagreementKind.SEGMENT:
            return Segment.make(
                self.item.segment or "",
                self.start.value(),
                self.end.value(),
                curtailed=self.curtailed.isChecked(),
                extended=self.extended.isChecked(),
            )
        if kind is DisagreementKind.EVENT:
            code = str(self.code.currentData())
            end = self.end.value() if self.end.isEnabled() else None
            return [Event.make(code, self.start.value(), end, modifiers=self.modifiers)]
        return Classification(
            major=self.major.currentData(),
            subgroup=self.subgroup.currentData(),
            d_rating=self.d_rating.currentData(),
            forced=self.forced.currentData(),
            low_d_confirmed=self.low_d_confirmed,
            notes=self.notes,
        )
