"""The annotation store saves after every edit, checks ownership and keeps backups."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder import __version__
from coder.annotations import (
    AddEvent,
    AnnotationHeader,
    Event,
    SessionStatus,
    set_rating,
    set_status,
)
from coder.errors import StorageError
from coder.storage import AnnotationStore, latest_backup, load_annotations, now_iso

HEADER = AnnotationHeader("ana", "S-ACDEF", "demo_interaction", "1.0", "abc", "vid")


def test_new_store_starts_empty_and_saves_after_each_edit(tmp_path: Path) -> None:
    path = tmp_path / "annotations" / "ana" / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    assert not path.exists()
    assert store.document.header.created and store.document.header.tool_version == __version__
    store.execute(AddEvent(Event.make("gaze_mother", 0, 1000, id="e1")))
    assert load_annotations(path).events == (Event.make("gaze_mother", 0, 1000, id="e1"),)
    store.execute(set_rating(store.document, "m_sensitivity", "play1", 5.0))
    store.execute(set_status(store.document, SessionStatus.IN_PROGRESS))
    loaded = load_annotations(path)
    assert loaded.status is SessionStatus.IN_PROGRESS
    assert loaded.ratings[0].value == 5
    assert loaded == store.document.snapshot()
    assert store.saved_revision == store.document.revision
    # Undo is an edit too, saved at once.
    command = AddEvent(Event.make("gaze_away", 1000, 2000))
    store.execute(command)
    command.revert(store.document)
    assert len(load_annotations(path).events) == 1


def test_reopen_keeps_the_work_and_takes_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    store.execute(AddEvent(Event.make("gaze_mother", 0, 1000, id="e1")))
    first = path.read_bytes()
    store.close()
    again = AnnotationStore.open(path, HEADER)
    assert again.document.snapshot() == store.document.snapshot()
    backup = latest_backup(path)
    assert backup is not None and backup.read_bytes() == first


def test_file_of_another_coder_or_session_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    AnnotationStore.open(path, HEADER).execute(AddEvent(Event.make("x", 0)))
    for other in (
        AnnotationHeader("ben", "S-ACDEF", "demo_interaction", "1.0", "abc"),
        AnnotationHeader("ana", "S-QQQQQ", "demo_interaction", "1.0", "abc"),
    ):
        with pytest.raises(StorageError, match="wrong folder"):
            AnnotationStore.open(path, other)


def test_read_only_store_refuses_edits_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    AnnotationStore.open(path, HEADER).execute(AddEvent(Event.make("x", 0)))
    raw = path.read_bytes()
    store = AnnotationStore.open(path, HEADER, read_only=True)
    with pytest.raises(StorageError, match="read-only"):
        store.execute(AddEvent(Event.make("y", 0)))
    store.save()
    assert path.read_bytes() == raw
    assert latest_backup(path) is None


def test_corrupt_file_is_not_opened_or_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "S-ACDEF.json"
    path.write_bytes(b'{"format": "coder-annotations", "format_ver')
    with pytest.raises(StorageError, match="corrupt"):
        AnnotationStore.open(path, HEADER)
    assert path.read_bytes() == b'{"format": "coder-annotations", "format_ver'


def test_now_iso() -> None:
    stamp = now_iso()
    assert stamp.endswith("Z") and "T" in stamp and "." not in stamp
