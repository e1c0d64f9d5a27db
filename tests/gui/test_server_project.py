"""A coder works in the workstation on a project on a team server: only their sessions, the
videos found by sha256 in a folder of this machine, every key press saved on the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from coder.annotations.commands import Compound, RemoveEvent
from coder.cli.main import main
from coder.project.project import Project
from tests.gui.conftest import activate, open_first, seek
from tests.server.fixtures import ServerProject


def test_a_coder_codes_a_session_of_a_server_project(
    qtbot: Any, demo_path: Path, server_project: ServerProject, shortcut_map: Any,
    answers: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from coder.gui.main_window import MainWindow

    monkeypatch.setenv("PGUSER", "postgres")
    address = server_project.cluster.url(server_project.dbname)
    assert main(["push", str(demo_path), address, "--role-prefix", server_project.roles.prefix]) == 0
    monkeypatch.setenv("PGUSER", server_project.roles.coder("ana"))
    monkeypatch.setenv("HOME", str(tmp_path))  # this machine's caches
    project = Project.open(address)
    project.video_folders = [demo_path / "videos"]  # this machine's copy, found by hash
    window = MainWindow(project, coder="ana", shortcuts=shortcut_map)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    assigned = {a.session for a in Project.open(demo_path).assignments_of("ana")}
    assert set(window.session_list.sessions()) == assigned
    session = open_first(qtbot, window)
    ctx = window.session.ctx  # start from no events: the demo's may cover the time coded at
    ctx.execute(Compound(tuple(RemoveEvent(e) for e in ctx.document.events()), text="clear"))
    at = seek(qtbot, window, 1013)
    qtbot.keyClick(window, Qt.Key.Key_G)
    saved = Project.open(address).load_annotations("ana", session.code)
    assert saved is not None
    assert [(e.code, e.start_ms) for e in saved.events] == [("gaze_mother", at)]
    assert not Path("postgresql:").exists()  # nothing written beside the address
    window.close_session()
