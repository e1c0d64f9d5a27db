"""run_gui: refuses without a display, opens a project as a coder, reports bad identities."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coder.gui import app
from coder.project.package_manifest import PackageFile, write_package_file


def test_no_display_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not app.has_display()
    assert app.run_gui("anything", coder="ana") == 1
    assert "needs a display" in capsys.readouterr().err


def test_coder_gui_opens_as_a_coder_and_quits(demo_path: Path) -> None:
    """End to end in a fresh process (the way ``coder gui`` starts), quitting once shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{app.EXIT_AFTER_SHOW: "1"})
    done = subprocess.run(
        [sys.executable, "-m", "coder.cli", "gui", str(demo_path), "--coder", "ana"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "shown after" in done.stdout


def test_application_is_named_for_settings(qtbot: Any) -> None:
    assert app.application().organizationName() == app.ORGANIZATION


def test_unknown_coder_is_an_error_not_a_traceback(demo_path: Path, answers: Any) -> None:
    assert app.run_gui(str(demo_path), coder="zoe") == 2
    assert answers.kinds() == ["error"] and "zoe" in answers.seen[0][2]


def test_asks_who_you_are_and_cancel_quits(demo_path: Path, answers: Any) -> None:
    answers.replies["choose"] = None
    assert app.run_gui(str(demo_path)) == 0
    assert answers.kinds() == ["choose"]


def test_a_coder_package_implies_its_coder(demo_path: Path) -> None:
    package = PackageFile(
        package_id="pkg-0123456789abcdef", coder="ana", sessions=[], schemes=[], manifest={}
    )
    write_package_file(demo_path, package)
    assert app.package_identity(demo_path) == "ana"
    assert app.package_identity(demo_path / "videos") is None


def test_a_missing_folder_offscreen_is_one_line_and_no_hang(tmp_path: Path) -> None:
    """Headless, no one could dismiss the error dialog: the message goes to stderr only."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop(app.EXIT_AFTER_SHOW, None)
    done = subprocess.run(
        [sys.executable, "-m", "coder.cli", "gui", str(tmp_path / "nope")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert f"{tmp_path / 'nope'}: no such project folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_identity_offscreen_is_one_line_and_no_hang(demo_path: Path) -> None:
    """Headless, no one could answer "who are you?": the command says to pass --coder or --lead."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop(app.EXIT_AFTER_SHOW, None)
    done = subprocess.run(
        [sys.executable, "-m", "coder.cli", "gui", str(demo_path)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert "--coder ID or --lead" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_uncaught_error_is_one_line_and_the_dialog(answers: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CODER_DEBUG", raising=False)
    app.show_uncaught(ValueError, ValueError("bad value"), None)
    err = capsys.readouterr().err
    assert err == "coder: unexpected error: ValueError: bad value\n"
    assert answers.kinds() == ["error"] and "bad value" in answers.seen[0][2]
