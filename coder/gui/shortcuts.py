"""Keyboard shortcuts: the defaults, the user's changes (kept in QSettings), help and preferences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QKeySequenceEdit,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coder.media.audio_track import STEP_MS
from coder.scheme.model import Scheme


@dataclass(frozen=True)
class ShortcutDef:
    """One command the keyboard can reach: its id, what it does and its default keys."""

    id: str
    label: str
    default: str


SHORTCUTS: tuple[ShortcutDef, ...] = (
    ShortcutDef("play", "Play / pause", "Space"),
    ShortcutDef("frame_back", "Back 1 frame", "Left"),
    ShortcutDef("frame_fwd", "Forward 1 frame", "Right"),
    ShortcutDef("second_back", "Back 1 second", "Shift+Left"),
    ShortcutDef("second_fwd", "Forward 1 second", "Shift+Right"),
    ShortcutDef("five_back", "Back 5 seconds", "Ctrl+Left"),
    ShortcutDef("five_fwd", "Forward 5 seconds", "Ctrl+Right"),
    ShortcutDef("slower", "Slower", "["),
    ShortcutDef("faster", "Faster", "]"),
    ShortcutDef("delete", "Delete the selected event", "Del"),
    ShortcutDef("zoom_in", "Zoom the timeline in", "Ctrl+="),
    ShortcutDef("zoom_out", "Zoom the timeline out", "Ctrl+-"),
    ShortcutDef("help", "Show this help", "F1"),
)
FIXED_KEYS = (("Undo", "Ctrl+Z"), ("Redo", "Ctrl+Shift+Z"), ("Help", "?"))


def settings() -> QSettings:
    """The application's settings store (organisation/application names set by run_gui)."""
    return QSettings()


class ShortcutMap:
    """The keys of every shortcut: defaults overridden by what the user saved."""

    GROUP = "shortcuts"

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else settings()
        self._keys = {d.id: d.default for d in SHORTCUTS}
        self._store.beginGroup(self.GROUP)
        for d in SHORTCUTS:
            saved = self._store.value(d.id)
            if isinstance(saved, str):
                self._keys[d.id] = saved
        self._store.endGroup()
        self._bound: dict[str, QShortcut] = {}

    def keys(self, shortcut_id: str) -> str:
        return self._keys[shortcut_id]

    def set_keys(self, changes: Mapping[str, str]) -> None:
        """Change and persist keys; bound shortcuts follow at once."""
        self._store.beginGroup(self.GROUP)
        for shortcut_id, keys in changes.items():
            self._keys[shortcut_id] = keys
            self._store.setValue(shortcut_id, keys)
            if shortcut_id in self._bound:
                self._bound[shortcut_id].setKey(QKeySequence(keys))
        self._store.endGroup()
        self._store.sync()

    def bind(self, window: QWidget, actions: Mapping[str, Callable[[], None]]) -> None:
        """Create a window-wide QShortcut for each action id in ``actions``."""
        for shortcut_id, action in actions.items():
            shortcut = QShortcut(QKeySequence(self._keys[shortcut_id]), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            self._bound[shortcut_id] = shortcut


def help_text(shortcuts: ShortcutMap, scheme: Scheme | None) -> str:
    """The help overlay's contents as rich text: transport and editing keys, then the code keys."""
    rows = [(d.label, shortcuts.keys(d.id)) for d in SHORTCUTS] + list(FIXED_KEYS)
    html = ["<h3>Keys</h3><table cellspacing=4>"]
    html += [f"<tr><td><b>{k}</b></td><td>{label}</td></tr>" for label, k in rows]
    html.append("</table>")
    html.append(f"<p>In an audio-only session a frame step is {STEP_MS} ms of sound.</p>")
    if scheme is not None:
        html.append("<h3>Codes</h3><table cellspacing=4>")
        for code in scheme.codes:
            if code.key:
                html.append(f"<tr><td><b>{code.key}</b></td><td>{code.label}</td></tr>")
        html.append("</table>")
    html.append(f"<h3>How coding works</h3>{CODING_RULES}")
    return "".join(html)


CODING_RULES = (
    "<p>A code key writes its event at once, at the frame on screen. When the code has modifiers "
    "a small prompt lists their keys: answer it, or press Esc to skip, or just go on coding — the "
    "next code key codes its own event and leaves the modifier unanswered (shown as “?” in the "
    "event table, where you can answer it later).</p>"
    "<p>In a <b>one at a time</b> stream, starting a state while another runs ends that one at the "
    "same frame. Starting a state inside one already coded <b>splits</b> it at that frame: the "
    "earlier part keeps its code, the rest takes the new code (one undo step). A running state "
    "ends at the start of the next coded state of its stream at the latest.</p>"
    "<p>Editing a session marked complete asks first: it is reopened and must be marked complete "
    "again.</p>"
)


class HelpOverlay(QDialog):
    """A light sheet listing every key; any key or click closes it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)  # the paragraphs wrap: the sheet scrolls down only
        label.setMargin(6)
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(480, 560)

    def keyPressEvent(self, event: object) -> None:
        self.accept()


class PreferencesDialog(QDialog):
    """Edit the keys of every shortcut; OK saves them."""

    def __init__(self, shortcuts: ShortcutMap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences — shortcuts")
        self.shortcuts = shortcuts
        self.editors: dict[str, QKeySequenceEdit] = {}
        form = QFormLayout()
        for d in SHORTCUTS:
            editor = QKeySequenceEdit(QKeySequence(shortcuts.keys(d.id)), self)
            editor.setMaximumSequenceLength(1)
            editor.installEventFilter(self)  # Esc closes the dialog; it is never recorded as a key
            form.addRow(d.label, editor)
            self.editors[d.id] = editor
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        escape = (
            event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        )
        if escape:
            if event.type() == QEvent.Type.KeyPress:
                self.reject()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        changes = {
            sid: editor.keySequence().toString()
            for sid, editor in self.editors.items()
            if editor.keySequence().toString() != self.shortcuts.keys(sid)
        }
        if changes:
            self.shortcuts.set_keys(changes)
        super().accept()
