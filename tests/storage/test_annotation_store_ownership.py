"""One writer per annotation file: a second opener is read-only and told where the file is open;
a file changed underneath an open store is never written over."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from coder.annotations import AddEvent, AnnotationHeader, Event
from coder.errors import StorageError
from coder.storage import annotation_store, load_annotations, save_annotations
from coder.storage.annotation_store import AnnotationStore, StorageConflictError, StoreState
from coder.storage.lease import LeaseHolder, lease_path

HEADER = AnnotationHeader("ana", "S-ACDEF", "demo_interaction", "1.0", "abc", "vid")
WORKER = Path(__file__).with_name("store_worker.py")


class Worker:
    """Another Coder process holding a store on ``path``."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.pid = int(self._read().removeprefix("pid "))
        self.state = self._read().removeprefix("state ")
        self.notice = self._read().removeprefix("notice ")

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().rstrip("\n")
        assert line, "the store worker stopped unexpectedly"
        return line

    def ask(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self._read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def test_two_processes_one_writer_no_acknowledged_edit_lost(tmp_path: Path, workers: list[Worker]) -> None:
    path = tmp_path / "S-ACDEF.json"
    first = Worker(path)
    workers.append(first)
    assert first.state == "writable" and first.notice == ""
    second = Worker(path)
    workers.append(second)
    assert second.state == "open_elsewhere"
    assert f"another Coder on this computer (process {first.pid})" in second.notice
    assert "coder 'ana'" in second.notice and "since" in second.notice and "Read-only" in second.notice
    acknowledged = []
    for n in range(10):  # both try to edit, turn by turn
        assert first.ask(f"add a {n}") == f"ack {n + 1}"
        acknowledged.append(f"a-{n}")
        answer = second.ask(f"add b {n}")
        assert answer.startswith("refused") and "read-only" in answer and f"process {first.pid}" in answer
    assert sorted(e.id for e in load_annotations(path).events) == sorted(acknowledged)
    assert first.ask("close") == "closed"
    # Once the first has closed, a new opener edits (the read-only window stays read-only).
    assert second.ask("add b 99").startswith("refused")
    third = Worker(path)
    workers.append(third)
    assert third.state == "writable"
    assert third.ask("add c 1") == "ack 1"
    assert {e.id for e in load_annotations(path).events} == {*acknowledged, "c-1"}


def test_openers_racing_for_one_session_get_one_writer(tmp_path: Path, workers: list[Worker]) -> None:
    path = tmp_path / "S-ACDEF.json"
    racing = [
        subprocess.Popen([sys.executable, str(WORKER), str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    states = []
    for process in racing:  # all still running: none has given its lease up yet
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        states.append(lines[1].removeprefix("state "))
    for process in racing:
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    assert sorted(states) == ["open_elsewhere"] * 3 + ["writable"]


def test_a_killed_holder_is_taken_over_and_the_takeover_is_recorded(tmp_path: Path, workers: list[Worker]) -> None:
    path = tmp_path / "S-ACDEF.json"
    first = Worker(path)
    workers.append(first)
    assert first.ask("add a 1") == "ack 1"
    first.stop()  # SIGKILL: its lease stays behind
    assert lease_path(path).exists()
    audited: list[tuple[str, dict[str, Any]]] = []
    store = AnnotationStore.open(path, HEADER, audit=lambda action, **details: audited.append((action, details)))
    assert store.state is StoreState.WRITABLE
    assert [e.id for e in store.document.events()] == ["a-1"]
    ((action, details),) = audited
    assert action == "annotation_lease_taken_over" and details["previous"]["pid"] == first.pid
    assert details["coder"] == "ana" and details["session"] == "S-ACDEF"
    store.execute(AddEvent(Event.make("b", 5, id="b")))
    assert {e.id for e in load_annotations(path).events} == {"a-1", "b"}


def test_takeover_through_the_project_is_in_its_audit_log(demo_path: Path) -> None:
    from coder.project import Project

    project = Project.open(demo_path)
    session = project.sessions[0].code
    path = project.annotation_path("ana", session)
    gone = replace(LeaseHolder.here("ana"), host="lab-pc-2", heartbeat="2000-01-01T00:00:00Z")
    lease_path(path).write_bytes(gone.to_json())
    viewing = project.open_annotations("ana", session)
    assert viewing.state is StoreState.OPEN_ELSEWHERE and viewing.can_take_over
    assert "lab-pc-2" in viewing.notice and "take it over" in viewing.notice
    store = project.open_annotations("ana", session, take_over=True)
    assert store.state is StoreState.WRITABLE
    log = project.audit_path.read_text(encoding="utf-8")
    assert "annotation_lease_taken_over" in log and "lab-pc-2" in log
    store.close()


def test_a_second_store_in_the_same_process_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    first = AnnotationStore.open(path, HEADER)
    second = AnnotationStore.open(path, HEADER)
    assert second.read_only and second.state is StoreState.OPEN_ELSEWHERE
    assert "another window of this Coder" in second.notice and not second.can_take_over
    assert second.status_text == second.notice
    with pytest.raises(StorageError, match="read-only"):
        second.execute(AddEvent(Event.make("x", 0)))
    first.execute(AddEvent(Event.make("y", 0, id="y")))
    assert [e.id for e in load_annotations(path).events] == ["y"]
    first.close()
    assert not lease_path(path).exists()


def _replace_behind(path: Path, code: str) -> bytes:
    """Put another computer's version in place, as a sync service does (a new file renamed in)."""
    other = tmp = path.with_name("incoming.json")
    theirs = load_annotations(path)
    save_annotations(tmp, replace(theirs, events=(*theirs.events, Event.make(code, 777, id=f"theirs-{code}"))))
    os.replace(other, path)
    return path.read_bytes()


def test_a_file_replaced_behind_the_store_is_not_written_over(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    told: list[StorageError] = []
    store.on_save_error = told.append
    store.execute(AddEvent(Event.make("a", 0, id="mine-1")))
    theirs = _replace_behind(path, "sync")
    with pytest.raises(StorageConflictError) as raised:
        store.execute(AddEvent(Event.make("a", 10, id="mine-2")))
    assert path.read_bytes() == theirs  # their version is untouched
    copy = raised.value.copy
    assert copy is not None and copy.parent == tmp_path / "conflicts"
    assert {e.id for e in load_annotations(copy).events} == {"mine-1", "mine-2"}  # ours is kept
    assert told == [raised.value]
    assert store.state is StoreState.CONFLICT and store.read_only
    assert "changed outside this window" in store.notice and copy.name in store.notice
    assert "autosave is stopped" in str(raised.value)
    # Autosave has stopped: no later edit touches either file.
    with pytest.raises(StorageError):
        store.execute(AddEvent(Event.make("a", 20)))
    assert path.read_bytes() == theirs
    assert not lease_path(path).exists()


def test_conflict_copies_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    copies = []
    for n in range(3):  # within one second: each gets a name of its own
        store = AnnotationStore.open(path, HEADER)
        store.execute(AddEvent(Event.make("a", n, id=f"mine-{n}")))
        _replace_behind(path, f"sync{n}")
        with pytest.raises(StorageConflictError) as raised:
            store.execute(AddEvent(Event.make("a", 100 + n)))
        copies.append(raised.value.copy)
    assert len(set(copies)) == 3 and all(c is not None and c.exists() for c in copies)


def test_a_touched_or_identical_file_is_no_conflict(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    store.execute(AddEvent(Event.make("a", 0)))
    os.utime(path, (1, 1))  # a sync service set the time
    copy = path.with_name("copy.json")
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)  # or brought back the same bytes
    store.execute(AddEvent(Event.make("a", 10)))
    assert store.state is StoreState.WRITABLE and len(load_annotations(path).events) == 2
    assert store.status_text == "All changes saved"


def test_a_broken_lease_stops_autosave_and_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    store.execute(AddEvent(Event.make("a", 0, id="mine-1")))
    intruder = replace(LeaseHolder.here("ana"), host="lab-pc-2", token="theirs")
    lease_path(path).write_bytes(intruder.to_json())
    before = path.read_bytes()
    with pytest.raises(StorageConflictError, match="taken over on computer 'lab-pc-2'"):
        store.execute(AddEvent(Event.make("a", 10, id="mine-2")))
    assert path.read_bytes() == before
    assert store.conflict_copy is not None
    assert {e.id for e in load_annotations(store.conflict_copy).events} == {"mine-1", "mine-2"}
    assert LeaseHolder.from_json(lease_path(path).read_bytes()) == intruder  # theirs is left alone


def test_heartbeat_notices_a_change_while_the_coder_is_idle(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    told: list[StorageError] = []
    store.on_save_error = told.append
    store.execute(AddEvent(Event.make("a", 0)))
    store.heartbeat()
    assert not told
    theirs = _replace_behind(path, "sync")
    store.heartbeat()
    assert len(told) == 1 and isinstance(told[0], StorageConflictError)
    assert store.state is StoreState.CONFLICT and path.read_bytes() == theirs


def test_a_failed_backup_does_not_stop_the_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)

    def no_backup(target: Path) -> bool:
        raise StorageError("no backup could be made: No space left on device", path=target)

    monkeypatch.setattr(annotation_store, "rotate_backup", no_backup)
    store.execute(AddEvent(Event.make("a", 0)))
    assert len(load_annotations(path).events) == 1
    assert "no backup could be made" in store.status_text and store.status_text.startswith("All changes saved")
