"""Atomic writes leave the old file or the new one, never a torn file or stray temp files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from coder.errors import StorageError
from coder.storage import append_line, atomic_write_bytes, atomic_write_json, dumps_json
from coder.storage import atomic as atomic_module
from coder.storage.atomic import atomic_output, write_new_file


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_creates_folders_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.json"
    atomic_write_json(target, {"b": 1, "a": "ü"})
    assert target.read_text(encoding="utf-8") == '{\n  "a": "ü",\n  "b": 1\n}\n'
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _listing(target.parent) == ["file.json"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_keeps_the_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b"old content")

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, failing, boom)
    with pytest.raises(StorageError) as caught:
        atomic_write_bytes(target, b"new content")
    monkeypatch.undo()
    assert target.read_bytes() == b"old content"
    assert _listing(tmp_path) == ["file.json"]
    assert str(target) in str(caught.value)
    assert "No space left" in str(caught.value)
    assert "unchanged" in str(caught.value)


def test_unwritable_folder_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write here"):
        atomic_write_bytes(blocker / "file.json", b"x")


def test_new_files_get_the_usual_mode_and_replaced_files_keep_theirs(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    target = tmp_path / "new.json"
    atomic_write_bytes(target, b"1")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~atomic_module._read_umask()
    target.chmod(0o640)
    atomic_write_bytes(target, b"2")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_dumps_json_is_canonical() -> None:
    text = dumps_json({"z": [1, 2], "a": {"y": None, "b": "é"}})
    assert text.endswith("\n")
    assert text == dumps_json(json.loads(text))
    assert text.index('"a"') < text.index('"z"')
    assert "é" in text


def test_dumps_json_matches_the_standard_encoder() -> None:
    """The fast encoder writes what the standard library writes; values it would write
    otherwise (or refuse) go to the standard one."""
    plain = {"z": [1, 2.5, True, None, -3], "a": {"y": [], "b": 'é "q" \\ \t\u0001', "e": {}}, "t": (1, 2)}
    standard = json.dumps(plain, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert dumps_json(plain) == standard
    for other in ({"s": "\ud800"}, {1: "int key"}, {"nan": float("nan")}):
        assert dumps_json(other) == json.dumps(other, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with pytest.raises(TypeError):
        dumps_json({"path": Path("x")})  # refused as the standard encoder refuses it


def test_append_line_after_a_torn_last_line(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    append_line(log, '{"n": 1}')
    with open(log, "ab") as handle:
        handle.write(b'{"n": 2, "tor')  # a crash mid-append
    append_line(log, '{"n": 3}')
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines == ['{"n": 1}', '{"n": 2, "tor', '{"n": 3}']
    assert json.loads(lines[-1]) == {"n": 3}


def test_append_line_refuses_newlines_and_reports_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        append_line(tmp_path / "log", "a\nb")
    (tmp_path / "dir.jsonl").mkdir()
    with pytest.raises(StorageError, match="cannot append"):
        append_line(tmp_path / "dir.jsonl", "x")


def test_records_json_is_one_record_per_line_and_exact() -> None:
    import json

    from coder.storage.atomic import dumps_json_records

    tricky = ['},{"code":"x"}', ':[{"a":1}]', "naïve\nline", '\\"},{"']
    data = {"events": [{"code": "a", "comment": t} for t in tricky], "ratings": [], "x": {"y": [1, 2]}}
    text = dumps_json_records(data)
    assert json.loads(text) == data
    assert text.count("\n") == len(tricky) + 1  # a line per event, and the closing newline
    assert dumps_json_records(data) == text


def test_atomic_output_replaces_the_file_with_what_the_library_wrote(tmp_path: Path) -> None:
    target = tmp_path / "data.sav"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_output(target, suffix=".sav") as temp:
        assert temp.parent == tmp_path and temp.name.endswith(".sav") and temp != target
        temp.write_bytes(b"new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["data.sav"]


def test_atomic_output_gives_a_new_file_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.parquet"
    with atomic_output(target) as temp:
        temp.write_bytes(b"x")  # mkstemp made it 0600
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~atomic_module._read_umask()


def test_atomic_output_leaves_the_old_file_when_the_library_fails(tmp_path: Path) -> None:
    target = tmp_path / "data.dta"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError("library refused")
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["data.dta"]


def test_a_new_file_may_be_read_only_from_its_first_moment(tmp_path: Path) -> None:
    target = tmp_path / "gold" / "v1.json"
    target.parent.mkdir()
    write_new_file(target, b"{}", read_only=True)
    assert target.read_bytes() == b"{}"
    assert not stat.S_IMODE(target.stat().st_mode) & 0o222
    with pytest.raises(FileExistsError):
        write_new_file(target, b"[]", read_only=True)
