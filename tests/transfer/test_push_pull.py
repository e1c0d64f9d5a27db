"""push → pull gives back the folder's records: project.json, schemes, key, annotations,
consensus and the audit log (plus the server's own entries after it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli.main import main
from coder.project.audit_log import read_audit as read_folder_audit
from coder.project.consensus import load_consensus, start_consensus
from coder.project.consensus_model import consensus_to_dict
from coder.project.project import Project
from coder.server import ServerError
from coder.server.audit import read_audit, verify_audit
from coder.server.connection import connect
from coder.storage.annotation_file import annotations_to_dict, load_annotations
from coder.transfer.pull import pull_project
from tests.server.fixtures import ServerProject


@pytest.fixture
def pushed(
    demo_path: Path, server_project: ServerProject, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[Project, str]:
    project = Project.open(demo_path)
    session = next(s.code for s in project.sessions if len(project.coders_of(s.code)) >= 2)
    start_consensus(project, session, project.coders_of(session)[:2], "lead")
    monkeypatch.setenv("PGUSER", "postgres")  # credentials from libpq's environment only
    address = server_project.cluster.url(server_project.dbname)
    status = main(["push", str(demo_path), address, "--role-prefix", server_project.roles.prefix])
    assert status == 0, capsys.readouterr().err
    return Project.open(demo_path), address


def _records(root: Path) -> dict[str, dict[str, object]]:
    return {
        str(p.relative_to(root)): annotations_to_dict(load_annotations(p))
        for p in sorted((root / "annotations").glob("*/*.json"))
    }


def test_push_then_pull_gives_equal_records(pushed: tuple[Project, str], tmp_path: Path) -> None:
    original, address = pushed
    assert main(["pull", address, str(tmp_path / "pulled")]) == 0
    pulled = Project.open(tmp_path / "pulled")
    assert pulled.data == original.data
    assert json.loads(pulled.file.read_text()) == json.loads(original.file.read_text())
    for entry in original.data.schemes:
        assert (pulled.root / entry.file).read_bytes() == (original.root / entry.file).read_bytes()
    assert pulled.key() == original.key() and original.key()
    assert _records(pulled.root) == _records(original.root) and _records(original.root)
    consensus = [
        (consensus_to_dict(a), consensus_to_dict(b))
        for s in original.sessions
        if (a := load_consensus(original, s.code)) and (b := load_consensus(pulled, s.code))
    ]
    assert len(consensus) == 1 and consensus[0][0] == consensus[0][1]
    before = read_folder_audit(original.audit_path)
    after = read_folder_audit(pulled.audit_path)
    assert after[: len(before)] == before
    assert [e["action"] for e in after[len(before):]][-2:] == [
        "pushed_to_server", "pulled_from_server",
    ]
    with connect(address) as conn:
        assert verify_audit(read_audit(conn)) == []


def test_each_coder_gets_a_role_that_sees_only_its_records(
    pushed: tuple[Project, str], server_project: ServerProject
) -> None:
    original, _ = pushed
    coder = original.coders[0].id
    with server_project.connect(server_project.roles.coder(coder)) as conn:
        seen = conn.execute("SELECT DISTINCT coder FROM annotations").fetchall()
        assert seen == [(coder,)]
        with pytest.raises(ServerError, match="only the lead"):
            pull_project(conn, server_project.cluster.root.parent / "nowhere-coder-pull")


def test_a_second_push_is_refused_and_changes_nothing(
    pushed: tuple[Project, str], server_project: ServerProject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    original, address = pushed
    with connect(address) as conn:
        before = len(read_audit(conn))
    capsys.readouterr()
    prefix = server_project.roles.prefix
    assert main(["push", str(original.root), address, "--role-prefix", prefix]) == 2
    assert "already holds a project" in capsys.readouterr().err
    with connect(address) as conn:
        assert len(read_audit(conn)) == before


def test_an_address_with_a_password_is_refused() -> None:
    with pytest.raises(ServerError, match="password"):
        connect("postgresql://lead:secret@localhost/trial")


def test_pull_into_a_folder_with_files_is_refused(
    pushed: tuple[Project, str], tmp_path: Path
) -> None:
    _, address = pushed
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x")
    with connect(address) as conn, pytest.raises(ServerError, match="not empty"):
        pull_project(conn, tmp_path / "full")


def test_the_lead_role_pulls_without_owner_rights(
    pushed: tuple[Project, str], server_project: ServerProject, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original, address = pushed
    monkeypatch.setenv("PGUSER", server_project.lead_login())
    assert main(["pull", address, str(tmp_path / "lead-copy")]) == 0
    pulled = Project.open(tmp_path / "lead-copy")
    assert pulled.data == original.data
    assert _records(pulled.root) == _records(original.root)
