"""The folder store: versions are the sha256 of a file's bytes, so a compare-and-swap notices any
writer; changes are all or nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coder.annotations.model import Event, new_id
from coder.errors import ProjectError
from coder.project.folder_store import FolderStore
from coder.project.project import Project
from coder.storage.annotation_store import StorageConflictError
from coder.storage.store import NO_VERSION


def test_records_are_read_in_bulk_with_their_versions(demo_path: Path) -> None:
    demo = Project.open(demo_path)
    store = FolderStore(demo.root)
    codes = [s.code for s in demo.sessions]
    records = list(store.read_records(codes))
    assert {(r.coder, r.session) for r in records} == {
        (c, s) for s in codes for c in demo.coders_of(s)
    }
    assert all(len(r.version) == 64 for r in records)


def test_a_record_saved_against_an_old_version_is_refused(demo_path: Path) -> None:
    demo_copy = Project.open(demo_path)
    store = FolderStore(demo_copy.root)
    session = demo_copy.sessions[0].code
    coder = demo_copy.coders_of(session)[0]
    record = store.read_record(coder, session)
    assert record is not None
    event = Event(id=new_id(), code=record.annotations.events[0].code, start_ms=10)
    changed = replace(record.annotations, events=(*record.annotations.events, event))
    version = store.save_record(coder, session, changed, record.version)
    assert version != record.version
    with pytest.raises(StorageConflictError):
        store.save_record(coder, session, record.annotations, record.version)
    assert store.read_record(coder, session) == replace(record, annotations=changed,
                                                        version=version)


def test_project_content_changed_underneath_is_not_overwritten(demo_path: Path) -> None:
    demo_copy = Project.open(demo_path)
    first = Project.open(demo_copy.root)
    Project.open(demo_copy.root).add_coder("eve")
    with pytest.raises(ProjectError, match="changed by someone else"):
        first.add_coder("fay")
    reopened = Project.open(demo_copy.root)
    assert reopened.has_coder("eve") and not reopened.has_coder("fay")


def test_a_new_record_starts_from_no_version(demo_path: Path) -> None:
    demo_copy = Project.open(demo_path)
    store = FolderStore(demo_copy.root)
    session = demo_copy.sessions[0].code
    record = store.read_record(demo_copy.coders_of(session)[0], session)
    assert record is not None
    header = replace(record.annotations.header, coder="eve")
    demo_copy.add_coder("eve")
    store.save_record("eve", session, replace(record.annotations, header=header), NO_VERSION)
    assert "eve" in store.record_coders(session)
