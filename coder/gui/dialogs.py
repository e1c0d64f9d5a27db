"""The one place that talks to the user through modal dialogs, behind a seam tests replace.

Widgets call ``ask``/``show_error``/``choose`` from here; tests set ``dialogs.responder`` to a
function that answers instead of a person, so no test ever blocks on a dialog.

Every error shown here is worded for the person at the keys (``reader``, set by the workstation
window when it opens: one person per running program), so no caller can show a coder a video's
name or a key value by forgetting to word it: the core decides (``coder.project.role_words``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from coder.errors import CoderError
from coder.project.role_words import LEAD_WORDS, RoleWords

# responder(kind, title, text, options) -> answer; None means "ask a person".
Responder = Callable[[str, str, str, Sequence[str]], Any]
responder: Responder | None = None
reader: RoleWords = LEAD_WORDS
"""Who reads the dialogs: the lead (everything as it is) or a coder (blind wording)."""


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; True for yes."""
    if responder is not None:
        return bool(responder("ask", title, text, ()))
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def choose(parent: QWidget | None, title: str, text: str, options: Sequence[str]) -> str | None:
    """Pick one of ``options``; None when cancelled."""
    if responder is not None:
        answer = responder("choose", title, text, options)
        return None if answer is None else str(answer)
    item, ok = QInputDialog.getItem(parent, title, text, list(options), 0, False)
    return str(item) if ok else None


def ask_text(parent: QWidget | None, title: str, text: str, default: str = "") -> str | None:
    """A line of text (e.g. a name); None when cancelled."""
    if responder is not None:
        answer = responder("text", title, text, (default,))
        return None if answer is None else str(answer)
    value, ok = QInputDialog.getText(parent, title, text, text=default)
    return str(value) if ok else None


def choose_file(parent: QWidget | None, title: str, start: str = "") -> str | None:
    """A file to open; None when cancelled."""
    if responder is not None:
        answer = responder("file", title, start, ())
        return None if answer is None else str(answer)
    path, _ = QFileDialog.getOpenFileName(parent, title, start)
    return path or None


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something that needs no answer (worded for the ``reader``)."""
    text = reader.text(text)
    if responder is not None:
        responder("inform", title, text, ())
        return
    QMessageBox.information(parent, title, text)


def show_error(parent: QWidget | None, error: BaseException, title: str = "Coder") -> None:
    """Show an error: a CoderError's message as is; anything else as an unexpected problem."""
    if isinstance(error, CoderError):
        text = str(reader.error(error))
    else:
        detail = reader.text(f"{type(error).__name__}: {error}")
        text = f"Something unexpected went wrong: {detail}\nYour saved work is safe."
    if responder is not None:
        responder("error", title, text, ())
        return
    QMessageBox.critical(parent, title, text)


def keep_on_screen(widget: QWidget) -> None:
    """Shrink and move a shown window so that all of it is on the screen it is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = widget.frameGeometry()
    extra_w, extra_h = frame.width() - widget.width(), frame.height() - widget.height()
    width = min(widget.width(), area.width() - extra_w)
    height = min(widget.height(), area.height() - extra_h)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    x = min(max(frame.x(), area.left()), area.right() - width - extra_w + 1)
    y = min(max(frame.y(), area.top()), area.bottom() - height - extra_h + 1)
    widget.move(x, y)
