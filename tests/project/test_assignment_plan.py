"""Balanced assignment: even counts overall and per stratum, reproducible, audited."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import WorkflowError
from coder.project import Project, read_audit
from coder.project.assignment_plan import apply_plan, assign_sessions, plan_balanced
from coder.shipped import shipped_schemes_dir as schemes_dir


def make_study(
    root: Path, *, per_stratum: int = 4, coders: tuple[str, ...] = ("a", "b", "c")
) -> Project:
    """A project of dummy videos over arm × timepoint strata (no decoding: probing is skipped)."""
    project = Project.create(root, schemes=[schemes_dir() / "demo_interaction.yaml"])
    (root / "videos").mkdir()
    rows = {}
    number = 0
    for arm in ("PIP", "TAU"):
        for timepoint in ("t0", "t1", "t2"):
            for _ in range(per_stratum):
                number += 1
                name = f"P{number:03d}_{arm}_{timepoint}.mp4"
                (root / "videos" / name).write_bytes(name.encode())
                rows[name] = {"participant": f"P{number:03d}", "arm": arm, "timepoint": timepoint}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODER_SKIP_PROBE", "1")
        project.add_sessions(sorted((root / "videos").iterdir()), key_rows=rows)
    for coder in coders:
        project.add_coder(coder)
    return project


def _strata(project: Project) -> dict[str, tuple[str, str]]:
    return {r["session"]: (r["arm"], r["timepoint"]) for r in project.key()}


def test_balanced_by_count_and_stratum(tmp_path: Path) -> None:
    project = make_study(tmp_path / "p")
    plan = plan_balanced(project, seed=11)
    assert len(plan.pairs) == 24 and plan.stratified_by == ("arm", "timepoint")
    counts = Counter(c for _s, c in plan.pairs)
    assert set(counts.values()) == {8}
    strata = _strata(project)
    per = Counter((strata[s], c) for s, c in plan.pairs)
    for stratum in set(strata.values()):
        values = [per[(stratum, c)] for c in ("a", "b", "c")]
        assert max(values) - min(values) <= 1
    assert plan_balanced(project, seed=11) == plan
    assert plan_balanced(project, seed=12) != plan


def test_apply_records_and_skips_assigned(tmp_path: Path) -> None:
    project = make_study(tmp_path / "p")
    first = sorted(s.code for s in project.sessions)[:3]
    assign_sessions(project, "a", first)
    plan = plan_balanced(project, seed=3)
    assert not {s for s, _c in plan.pairs} & set(first)
    apply_plan(project, plan)
    assert len({a.session for a in Project.open(project.root).data.assignments}) == 24
    entry = [e for e in read_audit(project.audit_path) if e["action"] == "balanced_assignment"][-1]
    assert entry["seed"] == 3 and len(entry["assignments"]) == 21


def test_manual_assignment_refusals(tmp_path: Path) -> None:
    project = make_study(tmp_path / "p")
    code = project.sessions[0].code
    before = project.file.read_bytes()
    with pytest.raises(WorkflowError, match="no session"):
        assign_sessions(project, "a", [code, "S-NOPE1"])
    with pytest.raises(WorkflowError, match="no coder"):
        assign_sessions(project, "zed", [code])
    assert project.file.read_bytes() == before
    assign_sessions(project, "a", [code])
    with pytest.raises(WorkflowError, match="already has a primary"):
        assign_sessions(project, "b", [code])


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_study(tmp_path / "p", per_stratum=1)
    code = project.sessions[0].code
    assert main(["assign", str(project.root), "--coder", "a", code]) == 0
    out = tmp_path / "plan.json"
    assert (
        main(
            [
                "assign",
                str(project.root),
                "--balanced",
                "--coders",
                "b,c",
                "--seed",
                "5",
                "--json",
                str(out),
            ]
        )
        == 0
    )
    pairs = json.loads(out.read_text())
    assert len(pairs) == 5 and {p["coder"] for p in pairs} == {"b", "c"}
    printed = capsys.readouterr().out
    assert "PIP" not in printed and "TAU" not in printed
    assert main(["assign", str(project.root)]) == 2
