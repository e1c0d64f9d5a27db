"""Conflict copies: Coder's own get names of their own; sync services' are recognised by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.storage.conflict_copies import conflict_copies_in, sync_conflict_of, write_conflict_copy

ORIGINALS = {"S-K7QFA.json", "S-ACDEF.json"}


@pytest.mark.parametrize(
    ("name", "made_by"),
    [
        ("S-K7QFA (conflicted copy 2026-11-29).json", "Dropbox or Nextcloud"),
        ("S-K7QFA (Ana's conflicted copy 2026-11-29).json", "Dropbox or Nextcloud"),
        ("S-K7QFA (Case Conflict).json", "Dropbox"),
        ("S-K7QFA.sync-conflict-20261129-140203-ABCDEF7.json", "Syncthing"),
        ("S-K7QFA_conflict-20261129-140203.json", "ownCloud"),
        ("S-K7QFA (1).json", "Google Drive or OneDrive"),
        ("S-K7QFA-DESKTOP-AB12CD.json", "OneDrive"),
        ("S-K7QFA.conflict-20261129T140203Z-lab-pc-2.json", "Coder"),
        ("S-K7QFA.from-package-20261129T140203Z.json", "Coder (collect)"),
    ],
)
def test_sync_service_conflict_copies_are_recognised(name: str, made_by: str) -> None:
    copy = sync_conflict_of(name, ORIGINALS)
    assert copy is not None and copy.original == "S-K7QFA.json" and copy.made_by == made_by


@pytest.mark.parametrize("name", ["S-K7QFA.json", "S-ACDEF.json", "notes.txt", "S-ZZZZZ (1).json"])
def test_ordinary_files_are_not_conflict_copies(name: str) -> None:
    assert sync_conflict_of(name, ORIGINALS) is None


def test_coder_conflict_copies_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "S-K7QFA.json"
    made = [write_conflict_copy(path, f"v{n}".encode(), "lab pc/2") for n in range(4)]
    assert len(set(made)) == 4
    assert [p.read_bytes() for p in made] == [b"v0", b"v1", b"v2", b"v3"]
    assert all(p.parent == tmp_path / "conflicts" and "lab_pc_2" in p.name for p in made)
    found = conflict_copies_in(tmp_path, {"S-K7QFA.json"})
    assert sorted(c.path for c in found) == sorted(made)
    assert {c.original for c in found} == {"S-K7QFA.json"}
