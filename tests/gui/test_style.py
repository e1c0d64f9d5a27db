"""The look: a palette and a readable text colour on any code colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from coder.gui.style import ACCENT, apply_style, text_color_on


def test_text_reads_on_light_and_dark_codes() -> None:
    assert text_color_on(QColor("#EDC948")) == QColor("#111111")
    assert text_color_on(QColor("#4E79A7")) == QColor("#FFFFFF")


def test_apply_style_sets_palette(qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    assert app.palette().highlight().color() == ACCENT and "QDockWidget" in app.styleSheet()
