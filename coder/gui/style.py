"""A calm look for the workstation: one palette, one font scale, one spacing unit."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

SPACING = 6  # px between related controls
BACKGROUND = QColor("#F5F6F8")
SURFACE = QColor("#FFFFFF")
TEXT = QColor("#1F2430")
MUTED = QColor("#6B7280")
ACCENT = QColor("#2F6FDE")
GRID = QColor("#E3E6EB")
PLAYHEAD = QColor("#D6336C")

STYLE_SHEET = """
QMainWindow, QDialog { background: #F5F6F8; }
QDockWidget::title { padding: 4px 8px; background: #E9ECF1; color: #1F2430; font-weight: 600; }
QPushButton.code { text-align: left; padding: 2px 8px; border: 1px solid #D0D5DD;
  border-radius: 4px; background: #FFFFFF; }
QPushButton.code:checked { background: #DCE7FB; border: 2px solid #2F6FDE; font-weight: 600; }
QGroupBox { font-weight: 600; border: 1px solid #E3E6EB; border-radius: 6px; margin-top: 14px;
  padding-top: 4px; background: #FFFFFF; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #6B7280; }
QTableView { background: #FFFFFF; gridline-color: #EEF0F3; selection-background-color: #DCE7FB;
  selection-color: #1F2430; }
QHeaderView::section { background: #F0F2F5; border: none; border-bottom: 1px solid #E3E6EB;
  padding: 4px; color: #4B5563; }
QLabel#heading { font-size: 15px; font-weight: 600; }
QLabel#muted { color: #6B7280; }
"""


def apply_style(app: QApplication) -> None:
    """Set the palette, font and style sheet on ``app``."""
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, BACKGROUND)
    palette.setColor(QPalette.ColorRole.Base, SURFACE)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#F8F9FB"))
    palette.setColor(QPalette.ColorRole.Text, TEXT)
    palette.setColor(QPalette.ColorRole.WindowText, TEXT)
    palette.setColor(QPalette.ColorRole.ButtonText, TEXT)
    palette.setColor(QPalette.ColorRole.Button, QColor("#FBFBFC"))
    palette.setColor(QPalette.ColorRole.Highlight, ACCENT)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, SURFACE)
    palette.setColor(QPalette.ColorRole.ToolTipText, TEXT)
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor("#111111") if luminance > 150 else QColor("#FFFFFF")
