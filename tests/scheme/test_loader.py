"""Loading scheme files: every way a file can be wrong gives one readable SchemeError naming it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coder.errors import CoderError, SchemeError
from coder.scheme import load_scheme, load_scheme_bytes
from coder.scheme.model import SCHEME_FORMAT_VERSION

Data = dict[str, Any]
Write = Callable[..., Path]


def _load_error(path: Path) -> SchemeError:
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    return info.value


def _assert_readable(error: SchemeError, path: Path) -> str:
    text = str(error)
    assert path.name in text
    assert isinstance(error, CoderError)
    for sign in ("Traceback", 'File "', "Error(", "<unicode string>", "\n"):
        assert sign not in text, text
    return text


def test_valid_file_loads_with_its_hash(write_scheme: Write, scheme_data: Data) -> None:
    path = write_scheme(scheme_data)
    scheme = load_scheme(path)
    assert scheme.id == "mini"
    assert scheme.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_scheme(str(path)) == scheme


def test_sha256_in_the_file_is_ignored(write_scheme: Write, scheme_data: Data) -> None:
    path = write_scheme({**scheme_data, "sha256": "forged"})
    assert load_scheme(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_utf8_bom_is_accepted(write_scheme: Write) -> None:
    path = write_scheme(b"\xef\xbb\xbfid: x\nversion: '1'\ntitle: T\n")
    assert load_scheme(path).id == "x"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: x\nversion: '1'\ntitle: [unclosed\n", 4, 1),
        ("id: x\nversion: '1'\n  title: indented wrongly\n", 3, 3),
        ("id: x\ncodes:\n  - {id: a, kind: point\n", 4, 1),
    ],
)
def test_yaml_syntax_error_gives_line_and_column(
    write_scheme: Write, text: str, line: int, column: int
) -> None:
    path = write_scheme(text)
    message = _assert_readable(_load_error(path), path)
    assert f"line {line}, column {column}: YAML syntax error" in message


def test_duplicate_yaml_key_is_an_error_not_silently_dropped(write_scheme: Write) -> None:
    path = write_scheme("id: x\nversion: '1'\ntitle: T\nratings: []\nratings: []\n")
    message = _assert_readable(_load_error(path), path)
    assert "line 5, column 1" in message
    assert "key 'ratings' appears twice" in message


def test_duplicate_key_inside_a_code_is_an_error(write_scheme: Write) -> None:
    path = write_scheme(
        "id: x\nversion: '1'\ntitle: T\ncodes:\n  - {id: a, kind: point, key: a, key: b}\n"
    )
    assert "key 'key' appears twice" in _assert_readable(_load_error(path), path)


@pytest.mark.parametrize(
    "content",
    ["- id: x\n- id: y\n", "just a sentence\n", "", "# only a comment\n", "42\n"],
    ids=["list", "scalar", "empty", "comment", "number"],
)
def test_non_mapping_file(write_scheme: Write, content: str) -> None:
    path = write_scheme(content)
    assert "not a coding scheme" in _assert_readable(_load_error(path), path)


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"\xff\xfe\x00\x01", b"id: x\x00\x01\x02\n"],
    ids=["png", "utf16-bom", "nul-bytes"],
)
def test_binary_file(write_scheme: Write, content: bytes) -> None:
    path = write_scheme(content, name="picture.yaml")
    assert "not a text file" in _assert_readable(_load_error(path), path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    error = _load_error(path)
    assert "no such scheme file" in _assert_readable(error, path)
    assert error.path == path


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "schemes.yaml"
    folder.mkdir()
    assert "is a folder" in _assert_readable(_load_error(folder), folder)


def test_unknown_field_is_reported_as_a_probable_typo(
    write_scheme: Write, scheme_data: Data
) -> None:
    scheme_data["ratings"][0]["segmnets"] = ["ep1"]
    path = write_scheme(scheme_data, name="typo.yaml")
    error = _load_error(path)
    _assert_readable(error, path)
    assert error.problems == ["ratings[0].segmnets: unknown field (check its spelling)"]


@pytest.mark.parametrize("version", [SCHEME_FORMAT_VERSION + 1, 99, 2.0])
def test_newer_format_version(write_scheme: Write, scheme_data: Data, version: object) -> None:
    path = write_scheme({**scheme_data, "format_version": version}, name="future.yaml")
    message = _assert_readable(_load_error(path), path)
    assert "is newer than this Coder understands" in message
    assert "update Coder" in message


@pytest.mark.parametrize("version", ["2", 0, -1, True, None])
def test_invalid_format_version(write_scheme: Write, scheme_data: Data, version: object) -> None:
    path = write_scheme({**scheme_data, "format_version": version})
    error = _load_error(path)
    _assert_readable(error, path)
    assert [p.split(":")[0] for p in error.problems] == ["format_version"]


def test_invalid_scheme_lists_problems_with_field_paths(
    write_scheme: Write, scheme_data: Data
) -> None:
    scheme_data["codes"][0]["stream"] = "nowhere"
    scheme_data["ratings"][1]["min"] = 8
    path = write_scheme(scheme_data, name="two_problems.yaml")
    error = _load_error(path)
    text = _assert_readable(error, path)
    assert text.startswith(f"{path}: 2 problem(s): ")
    assert all(re.match(r"^[a-z_]+(\[\d+\])?(\.[a-z_]+)*: ", p) for p in error.problems)
    assert "codes[0].stream: unknown stream 'nowhere' (code 'gaze_mother')" in error.problems


def test_unreadable_file(
    write_scheme: Write, scheme_data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_scheme(scheme_data, name="locked.yaml")
    # File modes do not stop root (CI runs as root): refuse the read itself instead of chmod 0.
    real_read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "cannot read the file" in _assert_readable(_load_error(path), path)


def test_load_scheme_bytes_names_its_source() -> None:
    with pytest.raises(SchemeError) as info:
        load_scheme_bytes(b"- not a mapping", source="pasted scheme")
    assert str(info.value).startswith("pasted scheme: not a coding scheme")
