""""Locate media…": the lead attaches the file of a session an import left to locate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coder.project.media_to_locate import add_session_to_locate
from coder.project.project import Project


def _to_locate(demo_path: Path) -> tuple[str, Path]:
    project = Project.open(demo_path)
    video = project.video_path(project.sessions[0].code)
    entry = add_session_to_locate(project, [("gone.mp4", 0)], scheme=project.sessions[0].scheme)
    return entry.code, video


def test_locate_media_attaches_the_chosen_file(
    make_window: Any, demo_path: Path, answers: Any
) -> None:
    code, video = _to_locate(demo_path)
    window = make_window(lead=True)
    tree = window.session_list.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == code)
    tree.setCurrentItem(item)
    answers.replies["file"] = str(video)
    window.locate_media()
    assert "file" in answers.kinds()
    assert not Project.open(demo_path).session(code).videos[0].to_locate


def test_opening_a_session_to_locate_asks_first(
    make_window: Any, demo_path: Path, answers: Any
) -> None:
    code, _ = _to_locate(demo_path)
    window = make_window(lead=True)
    answers.replies["ask"] = False
    window.open_session(code, "lead")
    assert ("ask", "Media to locate") in [(k, t) for k, t, _ in answers.seen]
    assert window.opening is None and window.session is None
