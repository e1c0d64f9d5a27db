"""A failed autosave keeps the edit in memory, is reported, and the next good save writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.annotations import AddEvent, AnnotationHeader, Event
from coder.errors import StorageError
from coder.storage import annotation_store
from coder.storage.annotation_file import load_annotations
from coder.storage.annotation_store import AnnotationStore


def _header() -> AnnotationHeader:
    return AnnotationHeader("ana", "S-AAAAA", "demo", "1", "abc")


def test_failed_save_keeps_edit_reports_and_recovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "S-AAAAA.json"
    store = AnnotationStore.open(path, _header())
    seen: list[StorageError] = []
    store.on_save_error = seen.append
    store.execute(AddEvent(Event.make("a", 0, 1000)))
    real_save = annotation_store.write_annotation_file

    def disk_full(*_args: object) -> None:
        raise StorageError("could not save: No space left on device", path=path)

    monkeypatch.setattr(annotation_store, "write_annotation_file", disk_full)
    second = Event.make("b", 2000, 3000)
    with pytest.raises(StorageError, match="No space left"):
        store.execute(AddEvent(second))
    assert len(seen) == 1
    assert store.document.has_event(second.id)
    assert len(load_annotations(path).events) == 1  # the file still holds the last good save

    monkeypatch.setattr(annotation_store, "write_annotation_file", real_save)
    store.execute(AddEvent(Event.make("c", 4000, 5000)))
    assert store.save_error is None
    assert {e.code for e in load_annotations(path).events} == {"a", "b", "c"}
