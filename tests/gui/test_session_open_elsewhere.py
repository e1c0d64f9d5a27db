"""Two windows on one coder's session: the second is read-only and says where it is open; a
file changed underneath an open window is not written over and the coder is told."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event
from coder.storage import load_annotations, save_annotations
from coder.storage.annotation_store import StoreState
from tests.gui.conftest import activate, open_first, saved_events, seek


def test_two_windows_second_is_read_only_and_no_edit_is_lost(qtbot: Any, make_window: Any, answers: Any) -> None:
    first = make_window("ana")
    open_first(qtbot, first)
    second = make_window("ana")
    open_first(qtbot, second)
    store = second.session.ctx.store
    assert store.state is StoreState.OPEN_ELSEWHERE and second.session.ctx.read_only
    assert "read-only: open elsewhere" in second.windowTitle()
    assert "another window of this Coder" in second.saved_label.text()
    assert ("inform", "Open elsewhere", second.words.store_notice(store, second.session.code)) in answers.seen
    path = first.session.ctx.store.path
    before = {e.id for e in load_annotations(path).events}
    for n, window in enumerate([first, second, first, second]):
        activate(qtbot, window)
        seek(qtbot, window, 400 + n * 400)
        qtbot.keyClick(window, Qt.Key.Key_T)
    assert "another window of this Coder" in second.saved_label.text()
    made = [e for e in load_annotations(path).events if e.id not in before]
    # The first window's key started the state at 400 and ended it at 1200; the second's did nothing.
    assert [(e.code, e.start_ms, e.end_ms) for e in made] == [("touch_affectionate", 400, 1200)]
    assert first.saved_label.text() == "All changes saved"
    assert {e.id for e in second.session.ctx.document.events()} == before
    first.close_session()
    second.close_session()
    third = make_window("ana")
    open_first(qtbot, third)
    assert not third.session.ctx.read_only  # the lease went with the first window


def test_abandoned_session_is_offered_for_takeover(qtbot: Any, make_window: Any, answers: Any) -> None:
    from coder.storage.lease import LeaseHolder, lease_path

    window = make_window("ana")
    project = window.project
    code = next(c for c in window.session_list.sessions() if project.session(c).scheme == "demo_interaction")
    path = project.annotation_path("ana", code)
    gone = replace(LeaseHolder.here("ana"), host="lab-pc-2", heartbeat="2000-01-01T00:00:00Z")
    lease_path(path).parent.mkdir(parents=True, exist_ok=True)
    lease_path(path).write_bytes(gone.to_json())
    open_first(qtbot, window, code)
    asked = [text for kind, _title, text in answers.seen if kind == "ask"]
    assert asked and "lab-pc-2" in asked[0]
    assert window.session.ctx.store.state is StoreState.WRITABLE
    assert "annotation_lease_taken_over" in project.audit_path.read_text(encoding="utf-8")


def test_file_replaced_under_an_open_context_is_kept_and_the_coder_told(make_ctx: Any, answers: Any) -> None:
    ctx = make_ctx()
    shown: list[str] = []
    ctx.save_state_changed.connect(shown.append)
    ctx.execute(AddEvent(Event.make("gaze_mother", 0, 400, id="mine")))
    assert shown[-1] == "All changes saved"
    path: Path = ctx.store.path
    theirs = load_annotations(path)
    incoming = path.with_name("incoming.json")
    save_annotations(incoming, replace(theirs, events=(Event.make("gaze_away", 0, 100, id="theirs"),)))
    os.replace(incoming, path)
    ctx.execute(AddEvent(Event.make("gaze_mother", 800, 1200, id="mine-2")))
    assert [e.id for e in saved_events(ctx)] == ["theirs"]
    assert shown[-1].startswith("Not saved") and "conflicts/" in shown[-1]
    assert [kind for kind in answers.kinds()] == ["error"]
    assert "autosave is stopped" in answers.seen[0][2]
    assert ctx.read_only
    copy = ctx.store.conflict_copy
    assert copy is not None and {e.id for e in load_annotations(copy).events} == {"mine", "mine-2"}
    ctx.execute(AddEvent(Event.make("gaze_mother", 2000, 2400)))  # refused: the message again
    assert shown[-1].startswith("Not saved") and [e.id for e in saved_events(ctx)] == ["theirs"]
    ctx.close()


def test_two_contexts_on_one_file(make_ctx: Any) -> None:
    first = make_ctx()
    second = make_ctx()
    assert second.read_only and "another window of this Coder" in second.store.notice
    first.execute(AddEvent(Event.make("gaze_mother", 0, 400, id="a")))
    second.execute(AddEvent(Event.make("gaze_mother", 800, 1200, id="b")))
    assert [e.id for e in saved_events(first)] == ["a"]
    first.close()
    second.close()


def test_session_list_marks_a_session_open_elsewhere(qtbot: Any, make_window: Any) -> None:
    from coder.storage.lease import LeaseHolder, lease_path

    window = make_window("ana")
    code = window.session_list.sessions()[0]
    path = window.project.annotation_path("ana", code)
    path.parent.mkdir(parents=True, exist_ok=True)
    lease_path(path).write_bytes(replace(LeaseHolder.here("ana"), host="lab-pc-2").to_json())
    window.session_list.reload()
    tree = window.session_list.tree
    rows = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())}
    assert rows[code].endswith("— open elsewhere")
    assert not any(text.endswith("open elsewhere") for c, text in rows.items() if c != code)


def test_window_says_when_saving_stopped(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window("ana")
    open_first(qtbot, window)
    path = window.session.ctx.store.path
    theirs = load_annotations(path)
    incoming = path.with_name("incoming.json")
    save_annotations(incoming, replace(theirs, events=(Event.make("gaze_away", 0, 100, id="theirs"),)))
    os.replace(incoming, path)
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert window.windowTitle().endswith("(read-only: not saving)")
    assert window.saved_label.text().startswith("Not saved") and "conflicts/" in window.saved_label.text()
    assert "error" in answers.kinds()
    assert [e.id for e in load_annotations(path).events] == ["theirs"]


def test_window_refreshes_the_lease_of_its_open_session(qtbot: Any, make_window: Any) -> None:
    from coder.storage.lease import LeaseHolder, lease_path

    window = make_window("ana")
    open_first(qtbot, window)
    lease = lease_path(window.session.ctx.store.path)
    old = replace(LeaseHolder.from_json(lease.read_bytes()), heartbeat="2000-01-01T00:00:00Z")  # type: ignore[arg-type]
    lease.write_bytes(old.to_json())
    window._heartbeat.timeout.emit()
    refreshed = LeaseHolder.from_json(lease.read_bytes())
    assert refreshed is not None and refreshed.token == old.token and refreshed.heartbeat > "2000-01-01T00:00:00Z"
