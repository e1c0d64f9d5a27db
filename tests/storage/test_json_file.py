"""Reading versioned files: damaged, foreign or newer files are clear errors and stay untouched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coder.errors import StorageError
from coder.storage import json_file, migrate, read_versioned, register_migration

FORMAT = "coder-test-only-format"


@pytest.fixture
def isolated_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Migrations registered in a test vanish afterwards."""
    monkeypatch.setattr(json_file, "_MIGRATIONS", dict(json_file._MIGRATIONS))


def _write(path: Path, data: Any) -> bytes:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b'{"format": "coder-test-only-format", "format_vers', "corrupt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "corrupt"),
        (b"[1, 2, 3]", "not a Coder file"),
        (b'{"name": "something else"}', "not a Coder file"),
        (b'{"format": "coder-project", "format_version": 1}', "'coder-project' file"),
        (b'{"format": "coder-test-only-format", "format_version": 99}', "newer Coder"),
        (b'{"format": "coder-test-only-format"}', "no valid format_version"),
        (b'{"format": "coder-test-only-format", "format_version": "1"}', "no valid format_version"),
        (b'{"format": "coder-test-only-format", "format_version": 0}', "no valid format_version"),
        (b'{"format": "x", "n": ' + b"9" * 5000 + b"}", "corrupt"),  # too long an integer
        (b"[" * 100_000 + b"]" * 100_000, "corrupt"),  # absurdly deep nesting
    ],
)
def test_bad_files_are_storage_errors_naming_the_file_and_left_unchanged(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    path = tmp_path / "thing.json"
    path.write_bytes(content)
    with pytest.raises(StorageError) as caught:
        read_versioned(path, FORMAT, 1)
    assert needle in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thing.json"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="not found") as caught:
        read_versioned(tmp_path / "gone.json", FORMAT, 1)
    assert caught.value.path == tmp_path / "gone.json"


def test_truncated_file_says_where(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{\n  "format": "x",\n  "a": [1, 2')
    with pytest.raises(StorageError, match=r"line 3"):
        read_versioned(path, FORMAT, 1)


def test_current_version_reads_as_is(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    _write(path, {"format": FORMAT, "format_version": 2, "x": 1})
    assert read_versioned(path, FORMAT, 2) == {"format": FORMAT, "format_version": 2, "x": 1}


@pytest.mark.usefixtures("isolated_migrations")
def test_migrations_run_step_by_step_without_touching_the_file(tmp_path: Path) -> None:
    @register_migration(FORMAT, 1)
    def _one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        data["renamed"] = data.pop("old")
        return data

    @register_migration(FORMAT, 2)
    def _two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        data["added"] = [data["renamed"]]
        return data

    path = tmp_path / "old.json"
    raw = _write(path, {"format": FORMAT, "format_version": 1, "old": 5})
    assert read_versioned(path, FORMAT, 3) == {
        "format": FORMAT,
        "format_version": 3,
        "renamed": 5,
        "added": [5],
    }
    assert path.read_bytes() == raw
    # From version 2 only the second step runs.
    assert migrate({"format": FORMAT, "format_version": 2, "renamed": 1}, FORMAT, 3, path=path) == {
        "format": FORMAT,
        "format_version": 3,
        "renamed": 1,
        "added": [1],
    }


@pytest.mark.usefixtures("isolated_migrations")
def test_missing_migration_step_is_an_error(tmp_path: Path) -> None:
    register_migration(FORMAT, 1)(lambda data: data)
    path = tmp_path / "old.json"
    _write(path, {"format": FORMAT, "format_version": 1})
    with pytest.raises(StorageError, match="version 2 cannot be upgraded"):
        read_versioned(path, FORMAT, 3)


def test_test_migrations_do_not_leak() -> None:
    assert not any(name == FORMAT for name, _ in json_file._MIGRATIONS)
