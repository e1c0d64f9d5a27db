"""Shortcuts: defaults, saved changes, the help overlay and the preferences dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

from coder.gui.shortcuts import SHORTCUTS, HelpOverlay, PreferencesDialog, ShortcutMap, help_text


def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


def test_defaults_cover_the_transport_keys(tmp_path: Path) -> None:
    keys = {d.id: d.default for d in SHORTCUTS}
    assert keys["play"] == "Space" and keys["frame_fwd"] == "Right" and keys["second_back"] == "Shift+Left"
    assert keys["five_fwd"] == "Ctrl+Right" and (keys["slower"], keys["faster"]) == ("[", "]")
    assert ShortcutMap(ini(tmp_path)).keys("play") == "Space"


def test_changes_persist_and_rebind(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    shortcuts = ShortcutMap(ini(tmp_path))
    shortcuts.bind(window, {"play": lambda: None})
    shortcuts.set_keys({"play": "K"})
    assert shortcuts._bound["play"].key() == QKeySequence("K")
    assert ShortcutMap(ini(tmp_path)).keys("play") == "K"


def test_preferences_dialog_saves_edited_keys(qtbot: Any, tmp_path: Path) -> None:
    shortcuts = ShortcutMap(ini(tmp_path))
    dialog = PreferencesDialog(shortcuts)
    qtbot.addWidget(dialog)
    dialog.editors["faster"].setKeySequence(QKeySequence("Ctrl+Up"))
    dialog.accept()
    assert ShortcutMap(ini(tmp_path)).keys("faster") == "Ctrl+Up"
    assert ShortcutMap(ini(tmp_path)).keys("slower") == "["


def test_help_lists_keys_and_the_scheme_codes(qtbot: Any, tmp_path: Path, make_ctx: Any) -> None:
    text = help_text(ShortcutMap(ini(tmp_path)), make_ctx().scheme)
    assert "Play / pause" in text and "Ctrl+Shift+Z" in text and "Gaze to mother" in text
    overlay = HelpOverlay(text)
    qtbot.addWidget(overlay)
    overlay.show()
    qtbot.keyClick(overlay, "a")
    assert not overlay.isVisible()
