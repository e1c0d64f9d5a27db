"""Every command that takes a project folder also takes a postgresql:// address: the lead's
commands run on the server; those that need the folder's files say so and what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli.main import main
from coder.project.project import Project
from tests.server.fixtures import ServerProject


@pytest.fixture
def address(
    demo_path: Path, server_project: ServerProject, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    monkeypatch.setenv("PGUSER", "postgres")
    url = server_project.cluster.url(server_project.dbname)
    assert main(["push", str(demo_path), url, "--role-prefix", server_project.roles.prefix]) == 0
    capsys.readouterr()
    return url


@pytest.fixture
def unsampled_address(
    demo_path: Path, server_project: ServerProject, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """The demo before its reliability sample was drawn (only primary assignments)."""
    file = demo_path / "project.json"
    content = json.loads(file.read_text())
    content["assignments"] = [a for a in content["assignments"] if a["role"] == "primary"]
    file.write_text(json.dumps(content, indent=2))
    monkeypatch.setenv("PGUSER", "postgres")
    url = server_project.cluster.url(server_project.dbname)
    assert main(["push", str(demo_path), url, "--role-prefix", server_project.roles.prefix]) == 0
    capsys.readouterr()
    return url


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_reliability_on_the_server_prints_the_folders_figures(
    address: str, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    on_folder = tmp_path / "folder.json"
    on_server = tmp_path / "server.json"
    assert _run(["reliability", str(demo_path), "--bootstrap", "20", "--json", str(on_folder)],
                capsys)[0] == 0
    assert _run(["reliability", address, "--bootstrap", "20", "--json", str(on_server)],
                capsys)[0] == 0
    reports = [json.loads(p.read_text()) for p in (on_folder, on_server)]
    for report in reports:
        report["parameters"].pop("generated")
    assert reports[0] == reports[1]


def test_export_on_the_server_writes_to_the_given_folder(
    address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = tmp_path / "trial.yaml"
    spec.write_text("name: trial\n")
    status, _out, err = _run(["export", address, "--spec", str(spec), "--format", "csv",
                              "--out", str(tmp_path / "out")], capsys)
    assert status == 0, err
    assert (tmp_path / "out" / "trial.csv").is_file()
    monkeypatch.chdir(tmp_path)  # without --out: ./exports/<spec>, and the command says so
    status, out, err = _run(["export", address, "--spec", str(spec), "--format", "csv"], capsys)
    assert status == 0, err
    assert (tmp_path / "exports" / "trial" / "trial.csv").is_file()
    assert "exports" in out + err


def test_the_leads_commands_change_the_server(
    unsampled_address: str, capsys: pytest.CaptureFixture[str],
) -> None:
    address = unsampled_address
    assert _run(["add-coder", address, "eve", "--name", "Eve"], capsys)[0] == 0
    session = Project.open(address).sessions[0].code
    # The project's rules hold on the server as in a folder.
    status, _out, err = _run(["assign", address, "--coder", "eve", session], capsys)
    assert status == 2 and "already has a primary coder" in err
    status, _out, err = _run(["sample", address, "--fraction", "0.5", "--seed", "1"], capsys)
    assert status == 0, err
    project = Project.open(address)
    assert project.has_coder("eve")
    assert any(a.role == "reliability" for a in project.data.assignments)
    # Drawn again with the same seed (say after an interruption): the same sample, not a second.
    status, _out, err = _run(["sample", address, "--fraction", "0.5", "--seed", "1"], capsys)
    assert status == 0, err
    assert Project.open(address).data.assignments == project.data.assignments
    actions = [e["action"] for e in project.store.read_audit()]
    assert {"coder_added", "reliability_sample"} <= set(actions)


def test_validate_and_consensus_run_on_the_server(
    address: str, capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = _run(["validate", address], capsys)
    assert status == 0, out + err
    project = Project.open(address)
    session = next(s.code for s in project.sessions if len(project.coders_of(s.code)) >= 2)
    status, out, err = _run(["consensus", address, session, "--list"], capsys)
    assert status == 0, err
    first = project.coders_of(session)[0]
    status, out, err = _run(["consensus", address, session, "--accept", first, "--reason",
                             "agreed", "--lead", "lead"], capsys)
    assert status == 0, err
    assert Project.open(address).store.read_consensus(session) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "verify", "{address}"],
        ["drift", "{address}"],
        ["analyze", "{address}", "--json", "{tmp}/analysis.json"],
        ["gold", "{address}", "list"],
        ["export-elan", "{address}", "{session}", "--coder", "ana", "--out", "{tmp}/a.eaf",
         "--videos", "{videos}"],
        ["plot", "{address}", "{session}", "--coder", "ana", "--out", "{tmp}/plot.svg"],
        ["export-boris", "{address}", "{session}", "--coder", "ana", "--out", "{tmp}/a.boris",
         "--videos", "{videos}"],
        ["certify", "{address}", "--coder", "ana", "--json", "{tmp}/c.json"],
    ],
    ids=lambda argv: argv[0],
)
def test_reading_commands_run_on_the_server(
    address: str, argv: list[str], demo_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session = Project.open(address).sessions[0].code
    filled = [a.format(address=address, tmp=tmp_path, session=session,
                       videos=demo_path / "videos") for a in argv]
    status, out, err = _run(filled, capsys)
    assert status == 0, out + err
    assert not Path("postgresql:").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["package", "{address}", "--coder", "ana", "--out", "{tmp}/pkg"],
        ["collect", "{address}", "{tmp}/pkg"],
        ["add-sessions", "{address}", "{tmp}/video.mp4"],
        ["relink", "{address}"],
        ["import-elan", "{address}", "{tmp}/file.eaf", "--coder", "ana"],
        ["suggest", "{address}", "--voice"],
    ],
    ids=lambda argv: argv[0],
)
def test_commands_that_need_the_folder_say_so(
    address: str, argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "video.mp4").write_bytes(b"x" * 10)
    (tmp_path / "file.eaf").write_text("<ANNOTATION_DOCUMENT/>")
    (tmp_path / "pkg").mkdir()
    filled = [a.format(address=address, tmp=tmp_path) for a in argv]
    status, _out, err = _run(filled, capsys)
    assert status == 2
    assert "Traceback" not in err
    assert "project folder" in err and "coder pull" in err, err


def test_a_command_needing_videos_says_where_it_looked(
    address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    session = Project.open(address).sessions[0].code
    status, _out, err = _run(["export-elan", address, session, "--coder", "ana", "--out",
                              str(tmp_path / "a.eaf")], capsys)
    assert status == 2 and "not on this machine" in err and "--videos" in err
    (tmp_path / "elsewhere").mkdir()
    status, out, err = _run(["validate", address, "--videos", str(tmp_path / "elsewhere")],
                            capsys)
    assert status != 0 and "not on this machine" in out + err
