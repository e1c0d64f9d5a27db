"""A rating scale: a row of exclusive toggle buttons min..max (step-aware) and a clear button.

The widget only reports what the coder clicked (``value_chosen``); the panel turns that into a
command and calls ``set_value`` when the document changes.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from coder.scheme.model import RatingItemDef

_BUTTON_STYLE = """
QToolButton { border: 1px solid palette(mid); border-radius: 3px; padding: 1px 0px;
              min-width: 22px; background: palette(base); }
QToolButton:hover { border-color: palette(highlight); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); font-weight: bold; }
QToolButton[high="true"] { border-bottom: 2px solid #B3261E; }
QToolButton#clear { border: none; background: transparent; min-width: 16px; color: palette(mid); }
QToolButton#clear:hover { color: palette(text); }
"""
_NARROW_STYLE = "QToolButton { min-width: 15px; padding: 1px 1px; }"


def scale_values(minimum: float, maximum: float, step: float) -> list[float | int]:
    """Every point of a scale from ``minimum`` to ``maximum`` in ``step``s (ints when integral)."""
    values: list[float | int] = []
    count = round((maximum - minimum) / step)
    for k in range(count + 1):
        value = minimum + k * step
        values.append(round(value) if abs(value - round(value)) < 1e-9 else round(value, 6))
    return values


def value_text(value: float | None) -> str:
    """A scale value as the coder reads it: ``4``, ``4.5``; ``–`` when unrated."""
    return "–" if value is None else f"{value:g}"


class ScaleWidget(QWidget):
    """Exclusive toggle buttons for the points of a scale; ``value_chosen(value or None)``."""

    value_chosen = Signal(object)

    def __init__(
        self,
        minimum: float,
        maximum: float,
        step: float = 1.0,
        *,
        anchors: Mapping[int, str] | None = None,
        high_from: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.values = scale_values(minimum, maximum, step)
        long_scale = len(self.values) > 9
        # Long scales (CARE-Index 0–14) get narrow buttons so the row still fits a dock.
        self.setStyleSheet(_BUTTON_STYLE + (_NARROW_STYLE if long_scale else ""))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1 if long_scale else 2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QToolButton] = []
        anchors = anchors or {}
        for index, value in enumerate(self.values):
            button = QToolButton(self)
            button.setText(value_text(value))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            anchor = anchors.get(int(value)) if float(value).is_integer() else None
            button.setToolTip(f"{value_text(value)} — {anchor}" if anchor else value_text(value))
            if high_from is not None and value >= high_from:
                button.setProperty("high", True)
            self.group.addButton(button, index)
            layout.addWidget(button)
            self.buttons.append(button)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clear")
        self.clear_button.setText("✕")
        self.clear_button.setToolTip("Clear this rating")
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.group.idClicked.connect(lambda index: self.value_chosen.emit(self.values[index]))
        self.clear_button.clicked.connect(lambda: self.value_chosen.emit(None))
        self._value: float | None = None
        self._read_only = False

    @classmethod
    def for_item(cls, item: RatingItemDef, parent: QWidget | None = None) -> ScaleWidget:
        """The scale of a rating item, with its anchor texts as button tooltips."""
        widget = cls(item.min, item.max, item.step, anchors=item.anchors, parent=parent)
        if item.description:
            widget.setToolTip(item.description)
        return widget

    def value(self) -> float | None:
        return self._value

    def set_value(self, value: float | None) -> None:
        """Show ``value`` (None: no button checked) without emitting ``value_chosen``."""
        self._value = value
        index = next(
            (i for i, v in enumerate(self.values) if value is not None and abs(v - value) < 1e-9),
            None,
        )
        self.group.setExclusive(False)
        for i, button in enumerate(self.buttons):
            button.setChecked(i == index)
        self.group.setExclusive(True)
        self.clear_button.setEnabled(value is not None and not self._read_only)

    def button_for(self, value: float) -> QToolButton:
        """The button of a scale point (for tests and keyboard shortcuts)."""
        return self.buttons[next(i for i, v in enumerate(self.values) if abs(v - value) < 1e-9)]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in [*self.buttons, self.clear_button]:
            button.setEnabled(not read_only)
