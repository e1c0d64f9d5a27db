"""Log first, then unblind: no key-joined byte without its audit entry, even under SIGKILL."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from project.kill_harness import (  # tests/project, beside its campaign
    cpu_seconds,
    kill_schedule,
    run_cli,
)

from coder.cli import main
from coder.errors import ExportError
from coder.export import parse_spec, run_export
from coder.export.unblinding import sweep_export_leftovers
from coder.project import read_audit
from coder.project.audit_verify import project_anchors, verify_audit
from coder.project.project import Project
from coder.shipped import shipped_specs_dir

SPEC = shipped_specs_dir() / "demo_long.yaml"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_intent_then_completion_and_the_manifest_holds_the_head(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: logged\n"), ["csv"], actor="ana")
    entries = read_audit(demo.audit_path)
    intent = next(e for e in entries if e["action"] == "unblinding")
    done = next(e for e in entries if e["action"] == "unblinded_export")
    assert entries.index(intent) < entries.index(done) and intent["op"] == done["op"]
    assert intent["actor"] == "ana" and intent["spec"] == "logged"
    assert intent["destination"] == str(result.out_dir.resolve())
    assert len(intent["key_sha256"]) == 64 and len(intent["spec_sha256"]) == 64
    manifest = json.loads(result.manifest.read_text())
    assert manifest["audit_head"] == {"seq": intent["seq"], "hash": intent["hash"]}
    anchors = project_anchors(demo.root)
    assert any(a.source.endswith("manifest.json") for a in anchors)
    assert verify_audit(demo.audit_path, anchors).ok


def test_an_unwritable_log_writes_nothing(demo: Project, tmp_path: Path) -> None:
    demo.audit_path.unlink()
    demo.audit_path.mkdir()  # cannot be appended to, even by root
    out = tmp_path / "elsewhere"
    with pytest.raises(ExportError, match=r"unblinding cannot be logged.*nothing was exported"):
        run_export(demo, parse_spec("name: blocked\n"), ["csv", "xlsx"], out_dir=out, raw=True)
    assert _files(out) == [] and _files(demo.root / "exports") == []
    code = main(["export", str(demo.root), "--spec", str(SPEC), "--out", str(out)])
    assert code == 2 and _files(out) == []


def test_a_failing_writer_leaves_no_temp_file(demo: Project, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("coder.export.run.codebook_csv", broken)
    out = tmp_path / "o"
    with pytest.raises(OSError):
        run_export(demo, parse_spec("name: full\n"), ["csv"], out_dir=out)
    assert _files(out) == []  # the data file written before the failure went with its staging


@pytest.mark.slow
def test_sigkill_at_every_write_point_never_leaves_unlogged_unblinded_data(
    demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os.fsync", lambda _fd: None)  # see kill_harness.run_cli
    root = str(demo.root)

    def argv(out: Path) -> list[str]:
        return ["export", root, "--spec", str(SPEC), "--format", "csv", "--raw", "--out", str(out)]

    clean = run_cli(argv(tmp_path / "reference"))
    assert not clean.killed and clean.status == 0
    started, cpu = time.perf_counter(), cpu_seconds()
    kills = swept = reruns = 0
    for attempt, point in enumerate(kill_schedule(clean.points, 100, seed=11)):
        out = tmp_path / f"out{attempt}"
        run = run_cli(argv(out), kill_at=point)
        assert run.killed
        kills += 1
        logged = {e.get("destination") for e in read_audit(demo.audit_path)
                  if e["action"] == "unblinding"}
        if _files(out):
            assert str(out.resolve()) in logged, f"unblinded data without its entry (point {point})"
        leftovers = [p for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
        swept += bool(leftovers)
        if attempt % 20 == 0:  # now and then the whole next run; else the sweep it starts with
            result = run_export(Project.open(demo.root), SPEC, ["csv"], out_dir=out, raw=True)
            reruns += 1
            assert bool(leftovers) == any("interrupted export" in w for w in result.warnings)
        else:
            assert len(sweep_export_leftovers(out)) == len(leftovers)
        hidden = [p for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
        assert not hidden, "a temp file survived"
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"\nexport: {kills} kills over {clean.points} write points, {swept} left a staging "
          f"folder or temp file (swept), {reruns} full reruns, {elapsed:.1f} s ({cpu:.1f} s of CPU)")
    assert kills >= 100
    assert verify_audit(demo.audit_path, project_anchors(demo.root)).ok


def test_validate_names_an_interrupted_export(demo: Project, capsys: pytest.CaptureFixture[str]) -> None:
    demo.audit("unblinding", op="op-00000000000000ee", what="export", spec="x",
               destination="/somewhere")
    capsys.readouterr()
    assert main(["validate", str(demo.root)]) == 0
    assert "export to /somewhere" in capsys.readouterr().err
