"""The unblinding key file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import ProjectError
from coder.project import read_key, write_key


def test_write_then_read(tmp_path: Path) -> None:
    path = tmp_path / "key.csv"
    rows = [
        {"session": "S-KKKKK", "participant": "P2", "arm": "TAU", "timepoint": "t1", "site": "B"},
        {"session": "S-AAAAA", "participant": "P1", "arm": "PIP", "timepoint": "t0"},
    ]
    write_key(path, rows)
    assert path.read_text().splitlines()[0] == "session,participant,arm,timepoint,site"
    assert read_key(path) == [
        {"session": "S-AAAAA", "participant": "P1", "arm": "PIP", "timepoint": "t0", "site": ""},
        {"session": "S-KKKKK", "participant": "P2", "arm": "TAU", "timepoint": "t1", "site": "B"},
    ]


def test_excel_bom_and_spaces_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "key.csv"
    path.write_bytes("\ufeffsession,participant\r\n S-AAAAA , P1 \r\n".encode())
    assert read_key(path) == [{"session": "S-AAAAA", "participant": "P1"}]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("participant\nP1\n", "no 'session' column"),
        ("", "no 'session' column"),
        ("session,participant\n,P1\n", "line 2: empty session code"),
        ("session\nS-A\nS-B\nS-A\n", "line 4: session 'S-A' appears twice"),
    ],
)
def test_bad_keys(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "key.csv"
    path.write_text(text)
    with pytest.raises(ProjectError, match=needle) as caught:
        read_key(path)
    assert str(path) in str(caught.value)


def test_missing_and_binary_keys(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no unblinding key"):
        read_key(tmp_path / "none.csv")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(ProjectError, match="cannot read"):
        read_key(tmp_path / "bin.csv")
