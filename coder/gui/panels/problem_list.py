"""A label listing validation messages: errors in red, warnings in amber, nothing when all is well."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOR = "#B3261E"
WARNING_COLOR = "#8A5A00"
OK_COLOR = "#2E7D32"


class ProblemList(QLabel):
    """Shows ``(severity, text)`` pairs, one per line; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().RichText)
        self.messages: list[tuple[str, str]] = []
        self.hide()

    def set_problems(self, problems: Iterable[tuple[str, str]]) -> None:
        self.messages = [(str(severity), text) for severity, text in problems]
        lines = []
        for severity, text in self.messages:
            if severity == "error":
                lines.append(f'<span style="color:{ERROR_COLOR}">✖ {html.escape(text)}</span>')
            else:
                lines.append(f'<span style="color:{WARNING_COLOR}">⚠ {html.escape(text)}</span>')
        self.setText("<br>".join(lines))
        self.setVisible(bool(lines))

    def errors(self) -> list[str]:
        return [text for severity, text in self.messages if severity == "error"]

    def warnings(self) -> list[str]:
        return [text for severity, text in self.messages if severity != "error"]
