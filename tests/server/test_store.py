"""A project opened by its postgresql:// address works as its folder does: the same reliability
report, the same export, a coder's role sees only its sessions and saves by compare-and-swap."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event, new_id
from coder.cli.main import main
from coder.errors import ProjectError
from coder.export.run import run_export
from coder.export.spec import parse_spec
from coder.project.project import Project
from coder.reliability.report.json_report import report_to_json
from coder.reliability.report.project_report import project_report
from coder.server.errors import ServerError
from coder.storage.annotation_store import StorageConflictError
from tests.server.fixtures import ServerProject


@pytest.fixture
def pushed(
    demo_path: Path, server_project: ServerProject, monkeypatch: pytest.MonkeyPatch,
) -> tuple[Project, str]:
    monkeypatch.setenv("PGUSER", "postgres")  # credentials from libpq's environment only
    address = server_project.cluster.url(server_project.dbname)
    prefix = server_project.roles.prefix
    assert main(["push", str(demo_path), address, "--role-prefix", prefix]) == 0
    return Project.open(demo_path), address


def _as_coder(server_project: ServerProject, coder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGUSER", server_project.roles.coder(coder))


def test_the_server_project_has_the_folders_content(pushed: tuple[Project, str]) -> None:
    folder, address = pushed
    server = Project.open(address)
    assert not server.is_folder
    assert server.data == folder.data
    assert server.key() == folder.key()
    for session in folder.sessions:
        assert server.coders_of(session.code) == folder.coders_of(session.code)
        for coder in folder.coders_of(session.code):
            assert server.load_annotations(coder, session.code) == folder.load_annotations(
                coder, session.code
            )


def test_the_reliability_report_on_the_server_equals_the_folders(
    pushed: tuple[Project, str],
) -> None:
    folder, address = pushed
    expected = report_to_json(project_report(folder, bootstrap=50, seed=3))
    found = report_to_json(project_report(Project.open(address), bootstrap=50, seed=3))
    for report in (expected, found):
        report["parameters"].pop("generated")  # the time each was made
    assert found == expected
    assert expected["pairs"]


def test_an_export_on_the_server_writes_the_folders_files(
    pushed: tuple[Project, str], tmp_path: Path
) -> None:
    folder, address = pushed
    spec = parse_spec("name: trial\nlayout: wide\n")
    mine = run_export(folder, spec, ["csv", "sav"], tmp_path / "folder")
    theirs = run_export(Project.open(address), spec, ["csv", "sav"], tmp_path / "server")
    names = sorted(p.name for p in mine.out_dir.iterdir() if p.name != "manifest.json")
    assert names == sorted(p.name for p in theirs.out_dir.iterdir() if p.name != "manifest.json")
    assert "trial.csv" in names
    for name in names:
        if name.endswith(".sav"):  # SPSS files carry the time they were written: by value
            ours, _ = pyreadstat.read_sav(mine.out_dir / name)
            server, _ = pyreadstat.read_sav(theirs.out_dir / name)
            pd.testing.assert_frame_equal(server, ours)
            continue
        assert (theirs.out_dir / name).read_bytes() == (mine.out_dir / name).read_bytes(), name
    manifests = [json.loads((r.out_dir / "manifest.json").read_text()) for r in (mine, theirs)]
    first, second = ([i["sha256"] for i in m["inputs"]] for m in manifests)
    assert first == second


def test_a_coder_sees_only_its_sessions_and_saves_its_record(
    pushed: tuple[Project, str], server_project: ServerProject,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, address = pushed
    coder = folder.coders[0].id
    assigned = sorted(a.session for a in folder.assignments_of(coder))
    _as_coder(server_project, coder, monkeypatch)
    project = Project.open(address)
    assert sorted(s.code for s in project.sessions) == assigned
    assert [c.id for c in project.coders] == [coder]
    assert project.key() == []
    session = assigned[0]
    assert all(c == coder for c in project.coders_of(session))
    store = project.open_annotations(coder, session)
    event = Event(id=new_id(), code=_a_point_code(project, session), start_ms=1000)
    store.execute(AddEvent(event))
    assert store.save_error is None
    reopened = Project.open(address)
    loaded = reopened.load_annotations(coder, session)
    assert loaded is not None and event.id in {e.id for e in loaded.events}
    store.close()


def test_a_stale_window_is_refused_as_a_folder_refuses_it(
    pushed: tuple[Project, str], server_project: ServerProject,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    folder, address = pushed
    coder = folder.coders[0].id
    session = folder.assignments_of(coder)[0].session
    monkeypatch.setenv("HOME", str(tmp_path))  # the conflict copy is kept on this machine
    _as_coder(server_project, coder, monkeypatch)
    first = Project.open(address).open_annotations(coder, session)
    second = Project.open(address).open_annotations(coder, session)
    code = _a_point_code(Project.open(address), session)
    first.execute(AddEvent(Event(id=new_id(), code=code, start_ms=500)))
    with pytest.raises(StorageConflictError):
        second.execute(AddEvent(Event(id=new_id(), code=code, start_ms=700)))
    assert second.conflict_copy is not None and second.conflict_copy.exists()
    # The same kind of error through the store protocol, on the folder as on the server.
    for project in (Project.open(address), folder):
        record = project.store.read_record(coder, session)
        assert record is not None
        changed = replace(record.annotations, events=(
            *record.annotations.events, Event(id=new_id(), code=code, start_ms=900)))
        project.store.save_record(coder, session, changed, record.version)
        with pytest.raises(StorageConflictError):
            project.store.save_record(coder, session, record.annotations, record.version)


def test_a_coder_cannot_change_the_project(
    pushed: tuple[Project, str], server_project: ServerProject,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, address = pushed
    _as_coder(server_project, folder.coders[0].id, monkeypatch)
    with pytest.raises(ProjectError, match="only the lead"):
        Project.open(address).add_coder("eve")


def test_the_lead_changes_the_project_on_the_server(pushed: tuple[Project, str]) -> None:
    _folder, address = pushed
    project = Project.open(address)
    project.add_coder("eve", "Eve")
    project.assign("eve", [project.sessions[0].code])
    reopened = Project.open(address)
    assert reopened.has_coder("eve")
    assert [a.session for a in reopened.assignments_of("eve")] == [project.sessions[0].code]
    assert reopened.store.read_audit()[-1]["action"] == "assigned"
    stale = project  # opened before another lead window changed the project
    Project.open(address).add_coder("fay")
    with pytest.raises(ProjectError, match="changed by someone else"):
        stale.add_coder("gus")
    assert not Project.open(address).has_coder("gus")


def test_an_unreachable_address_is_a_clear_error() -> None:
    with pytest.raises(ServerError, match="cannot connect"):
        Project.open("postgresql:///nothing?host=/nonexistent-socket-dir")


def _a_point_code(project: Project, session: str) -> str:
    scheme = project.scheme_for(session)
    return next(c.id for c in scheme.codes if c.kind.value == "point")
