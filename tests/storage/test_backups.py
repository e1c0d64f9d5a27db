"""Rotating backups: newest first, N kept, identical content skipped, restore keeps the broken file."""

from __future__ import annotations

from pathlib import Path

from coder.storage import latest_backup, restore_backup, rotate_backup
from coder.storage.backups import backup_paths


def test_no_backup_of_a_missing_file(tmp_path: Path) -> None:
    assert rotate_backup(tmp_path / "none.json", force=True) is False
    assert latest_backup(tmp_path / "none.json") is None


def test_backups_rotate_and_keep_n(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    for version in range(1, 8):
        path.write_text(f"v{version}")
        assert rotate_backup(path, keep=3, min_age_s=0) is True
    slots = backup_paths(path, keep=3)
    assert [p.read_text() for p in slots] == ["v7", "v6", "v5"]
    assert sorted(p.name for p in (tmp_path / ".backup").iterdir()) == [
        "S-AAAAA.json.1",
        "S-AAAAA.json.2",
        "S-AAAAA.json.3",
    ]
    assert latest_backup(path) == slots[0]


def test_identical_content_is_not_backed_up_twice(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("same")
    assert rotate_backup(path, force=True)
    assert not rotate_backup(path, force=True)
    assert not backup_paths(path)[1].exists()


def test_recent_backup_is_not_replaced_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("one")
    assert rotate_backup(path)  # no backup yet: one is made
    path.write_text("two")
    assert not rotate_backup(path)  # the newest is younger than five minutes
    assert rotate_backup(path, force=True)
    assert latest_backup(path) is not None
    assert latest_backup(path).read_text() == "two"  # type: ignore[union-attr]


def test_restore_backup_keeps_the_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("good")
    rotate_backup(path, force=True)
    path.write_bytes(b"\x00\x00garbage")
    backup = latest_backup(path)
    assert backup is not None
    restore_backup(path, backup)
    assert path.read_text() == "good"
    assert (tmp_path / "f.json.broken").read_bytes() == b"\x00\x00garbage"
