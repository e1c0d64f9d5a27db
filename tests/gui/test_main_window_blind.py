"""What the workstation shows a coder when something goes wrong: the session code and what to do,
never the video's file name or folder (worded by the core, coder.project.role_words)."""

from __future__ import annotations

from typing import Any

from coder.errors import MediaError
from tests.gui.conftest import open_first
from tests.gui.test_main_window import FORBIDDEN


def break_video(window: Any, code: str) -> str:
    video = window.project.video_path(code)
    video.write_bytes(b"not a video at all " * 64)
    return video.name


def test_a_broken_video_shows_a_coder_the_session_not_the_file(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window("ana")
    code = window.session_list.sessions()[0]
    name = break_video(window, code)
    window.open_requested(code)
    qtbot.waitUntil(lambda: window.opening is None, timeout=10000)
    assert window.session is None
    kind, _title, text = answers.seen[-1]
    assert kind == "error" and code in text and "ask your lead" in text, text
    assert name not in text and "videos" not in text and not FORBIDDEN.search(text), text


def test_a_broken_video_shows_the_lead_its_file(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window(lead=True)
    code = window.session_list.sessions()[0]
    name = break_video(window, code)
    answers.replies["choose"] = "Your own record"
    window.open_requested(code)
    qtbot.waitUntil(lambda: window.opening is None, timeout=10000)
    kind, _title, text = answers.seen[-1]
    assert kind == "error" and name in text, text


def test_a_decoding_error_while_coding_is_worded_for_the_coder(qtbot: Any, make_window: Any) -> None:
    window = make_window("ana")
    open_first(qtbot, window)
    video = window.project.video_path(window.session.code)
    window.session.controller.error.emit(
        MediaError(f"cannot seek: Invalid data found when processing input: '{video}'", path=video)
    )
    text = window.statusBar().currentMessage()
    assert window.session.code in text and "ask your lead" in text, text
    assert video.name not in text and not FORBIDDEN.search(text), text


def test_an_error_shown_anywhere_is_worded_for_the_coder(qtbot: Any, make_window: Any, answers: Any) -> None:
    from coder.gui import dialogs

    window = make_window("ana")
    video = window.project.video_path(window.session_list.sessions()[0])
    dialogs.show_error(None, MediaError("file not found", path=video, hint="relink it"))
    dialogs.show_error(None, OSError(f"[Errno 5] I/O error: '{video}'"))
    for kind, _title, text in answers.seen[-2:]:
        assert kind == "error" and video.name not in text and not FORBIDDEN.search(text), text
