"""End to end on the demo project: every format, reproducibility, audit, key and skip handling."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coder.annotations.commands import set_status
from coder.annotations.model import SessionStatus
from coder.errors import ExportError
from coder.export import parse_spec, run_export
from coder.export.writers import EXTENSIONS
from coder.project import read_audit
from coder.project.key_file import read_key, write_key
from coder.project.project import Project
from coder.shipped import shipped_schemes_dir, shipped_specs_dir

ALL = ["csv", "sav", "dta", "parquet", "xlsx"]


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_demo_exports_in_every_format(demo: Project, layout: str) -> None:
    steps: list[tuple[float, str]] = []
    spec = parse_spec(f"name: all_{layout}\nlayout: {layout}\nraw: true\n")
    result = run_export(demo, spec, ALL, progress=lambda f, m: steps.append((f, m)))
    out = demo.root / "exports" / f"all_{layout}"
    names = {p.name for p in result.files}
    assert {f"all_{layout}{EXTENSIONS[f]}" for f in ALL} <= names
    assert {"codebook.md", "codebook.csv", "events.csv", "ratings.csv", "manifest.json"} <= names
    assert all(p.exists() and p.parent == out for p in result.files)
    assert len(result.sessions) == 6 and not result.skipped
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0
    assert [f for f, _ in steps] == sorted(f for f, _ in steps)
    csv = pd.read_csv(out / f"all_{layout}.csv")
    parquet = pd.read_parquet(out / f"all_{layout}.parquet")
    xlsx = pd.read_excel(out / f"all_{layout}.xlsx", sheet_name="data")
    assert list(csv.columns) == list(parquet.columns) == list(xlsx.columns)
    assert len(csv) == len(parquet) == len(xlsx) == result.rows
    events = pd.read_csv(out / "events.csv")
    assert set(events["coder"]) == {"ana", "ben"}
    assert set(events.loc[events["exported"] == 1, "coder"]) == {"ana"}  # primary coder
    assert "arm" in events.columns


def test_manifest_records_inputs_outputs_and_spec(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: m\n"), ["csv"])
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    inputs = {e["path"] for e in manifest["inputs"]}
    assert {"project.json", "key.csv"} <= inputs
    assert any(p.startswith("schemes/ssp") for p in inputs)
    assert sum(p.startswith("annotations/ana/") for p in inputs) == 6
    assert [o["path"] for o in manifest["outputs"]] == ["m.csv", "codebook.md", "codebook.csv"]
    assert all(len(o["sha256"]) == 64 for o in manifest["outputs"])
    assert manifest["spec"]["text"] == "name: m\n"
    assert {s["id"] for s in manifest["schemes"]} == {"demo_interaction", "ssp"}
    assert manifest["tool_version"] and manifest["created"]


def test_exporting_twice_gives_identical_csv_and_codebook(demo: Project) -> None:
    spec = parse_spec("name: twice\nlayout: wide\n")
    first = run_export(demo, spec, ["csv"])
    before = {p.name: p.read_bytes() for p in first.files if p.name != "manifest.json"}
    second = run_export(Project.open(demo.root), spec, ["csv"])
    after = {p.name: p.read_bytes() for p in second.files if p.name != "manifest.json"}
    assert before == after and set(before) == {"twice.csv", "codebook.md", "codebook.csv"}


def test_the_audit_log_records_the_unblinding(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: audited\n"), ["csv"], actor="lead")
    entries = [e for e in read_audit(demo.audit_path) if e["action"] == "unblinded_export"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["spec"] == "audited" and entry["sessions"] == 6
    assert {f["path"] for f in entry["files"]} == {"audited.csv", "codebook.md", "codebook.csv"}
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert entry["files"] == manifest["outputs"]


def test_a_missing_key_row_stops_the_export_naming_the_session(demo: Project) -> None:
    rows = read_key(demo.key_path)
    dropped = rows.pop(0)["session"]
    write_key(demo.key_path, rows)
    with pytest.raises(ExportError) as error:
        run_export(demo, parse_spec("name: k\n"), ["csv"])
    assert dropped in str(error.value)
    assert not any(e["action"] == "unblinded_export" for e in read_audit(demo.audit_path))
    allowed = parse_spec("name: k\nkey: {allow_unkeyed_sessions: true}\n")
    result = run_export(demo, allowed, ["csv"])
    assert [s.session for s in result.skipped] == [dropped]


def test_incomplete_sessions_exclude_include_error(demo: Project) -> None:
    session = demo.sessions[0].code
    store = demo.open_annotations("ana", session)
    store.execute(set_status(store.document, SessionStatus.IN_PROGRESS))
    excluded = run_export(demo, parse_spec("name: inc\n"), ["csv"])
    assert [(s.session, "ana's record is in progress" in s.reason) for s in excluded.skipped] == [(session, True)]
    included = run_export(demo, parse_spec("name: inc\nincomplete: include\n"), ["csv"])
    assert session in included.sessions and any(session in w for w in included.warnings)
    with pytest.raises(ExportError, match=session):
        run_export(demo, parse_spec("name: inc\nincomplete: error\n"), ["csv"])


def test_named_coder_source_and_scheme_selection(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: ben\nsource: [ben]\nschemes: [ssp]\n"), ["csv"])
    frame = pd.read_csv(result.out_dir / "ben.csv")
    assert set(frame["source"]) == {"ben"} and set(frame["scheme"]) == {"ssp"}
    assert len(result.sessions) == 2


def test_unknown_spec_references_are_errors(demo: Project) -> None:
    with pytest.raises(ExportError, match=r"schemes\.0"):
        run_export(demo, parse_spec("name: x\nschemes: [cib]\n"), ["csv"])
    with pytest.raises(ExportError, match=r"timed\.codes\.0"):
        run_export(demo, parse_spec("name: x\ntimed: {codes: [nope]}\n"), ["csv"])


def test_a_misspelt_source_is_an_error_not_an_empty_export(demo: Project) -> None:
    with pytest.raises(ExportError, match=r"source\.1: 'primry'"):
        run_export(demo, parse_spec("name: x\nsource: [consensus, primry]\n"), ["csv"])
    result = run_export(demo, parse_spec("name: y\nsource: ['coder:ana']\n"), ["csv"])
    assert result.sessions


def test_key_columns_named_like_dataset_columns_are_kept_apart(demo: Project) -> None:
    rows = [{**r, "value": "x", "site": "7"} for r in read_key(demo.key_path)]
    write_key(demo.key_path, rows)
    frame = pd.read_csv(run_export(demo, parse_spec("name: kv\n"), ["csv"]).out_dir / "kv.csv")
    assert set(frame["key_value"]) == {"x"} and set(frame["site"]) == {7}
    assert "value" in frame.columns


def test_an_output_path_that_is_a_file_is_refused_before_deriving(demo: Project, tmp_path: Path) -> None:
    taken = tmp_path / "out.csv"
    taken.write_text("keep me")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        run_export(demo, parse_spec("name: x\n"), ["csv"], taken)
    assert taken.read_text() == "keep me"


def test_nothing_to_export_names_each_session_and_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    project = Project.create(tmp_path / "p", schemes=[shipped_schemes_dir() / "demo_interaction.yaml"])
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x" * 10)
    key = {"v.mp4": {"participant": "P1", "arm": "A", "timepoint": "t0"}}
    (session,) = project.add_sessions([video], key_rows=key)
    with pytest.raises(ExportError, match=f"{session.code}: no record"):
        run_export(project, shipped_specs_dir() / "demo_long.yaml", ["csv"], tmp_path / "out")


def test_an_unfinished_consensus_is_refused_unless_allowed(demo: Project) -> None:
    from coder.project.consensus import (
        DecisionKind,
        disagreements,
        record_decision,
        start_consensus,
    )

    session = next(s.code for s in demo.sessions if s.scheme == "ssp")
    items = disagreements(demo, session, ["ana", "ben"])
    record = start_consensus(demo, session, ["ana", "ben"], "lead")
    record_decision(demo, record, who="lead", kind=DecisionKind.ACCEPT_SIDE, target=items[0].target,
                    chosen_coder="ben", reason="clearer on video")
    with pytest.raises(ExportError, match=f"{session} \\(1 of {len(items)} disagreements decided\\)"):
        run_export(demo, parse_spec("name: cons\n"), ["csv"])
    allowed = run_export(demo, parse_spec("name: cons\nallow_incomplete_consensus: true\n"), ["csv"])
    assert session in allowed.sessions
    assert any(session in w and "consensus not finished" in w for w in allowed.warnings)
    manifest = json.loads(allowed.manifest.read_text())
    assert manifest["parameters"]["allow_incomplete_consensus"] is True
