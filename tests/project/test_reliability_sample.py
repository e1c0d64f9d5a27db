"""The double-coding sample: stratified, proportional, reproducible, second coder never the primary."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import WorkflowError
from coder.project import Project, read_audit
from coder.project.assignment_plan import apply_plan, plan_balanced, primary_coder
from coder.project.reliability_sample import (
    ReliabilitySample,
    _rebalance,
    apply_sample,
    draw_sample,
    largest_remainder,
)

from .test_assignment_plan import make_study


@pytest.fixture
def study(tmp_path: Path) -> Project:
    project = make_study(tmp_path / "p")
    apply_plan(project, plan_balanced(project, seed=1))
    return project


def _assert_balanced(study: Project, sample: ReliabilitySample) -> None:
    load = Counter({c: 0 for c in ("a", "b", "c")})
    load.update(c for _s, c in sample.second_coders)
    light = min(load, key=lambda c: load[c])
    may_code = [s for s in sample.sessions if primary_coder(study, s) != light]
    # Even, unless the primaries leave the lightest coder nothing more it may code.
    assert max(load.values()) - load[light] <= 1 or load[light] == len(may_code), sample.seed


def test_largest_remainder() -> None:
    assert largest_remainder(7, [5, 3, 2]) == [4, 2, 1]
    assert largest_remainder(6, [4] * 6) == [1] * 6
    assert largest_remainder(3, [4] * 6) == [1, 1, 1, 0, 0, 0]
    assert sum(largest_remainder(10, [7, 7, 7])) == 10
    assert largest_remainder(0, [3, 2]) == [0, 0]


def test_stratified_and_balanced(study: Project) -> None:
    sample = draw_sample(study, fraction=0.25, stratify=["arm", "timepoint"], seed=42)
    assert len(sample.sessions) == 6
    assert [len(d.drawn) for d in sample.strata] == [1] * 6
    strata = {r["session"]: (r["arm"], r["timepoint"]) for r in study.key()}
    assert len({strata[s] for s in sample.sessions}) == 6
    for session, coder in sample.second_coders:
        assert coder != primary_coder(study, session)
    _assert_balanced(study, sample)


def test_balanced_for_every_seed(study: Project) -> None:
    for seed in range(25):
        sample = draw_sample(study, fraction=0.25, seed=seed)
        assert len(sample.sessions) == 6
        _assert_balanced(study, sample)


def test_rebalance_moves_along_a_chain() -> None:
    # a may take only b's sessions; greedy gave both to c, so a must receive one via a chain.
    primaries: dict[str, str | None] = {
        "s1": "a",
        "s2": "a",
        "s3": "a",
        "s4": "a",
        "s5": "b",
        "s6": "b",
    }
    given = {"s1": "b", "s2": "b", "s3": "c", "s4": "c", "s5": "c", "s6": "c"}
    load = Counter(given.values())
    _rebalance(given, primaries, load, ["a", "b", "c"])
    assert sorted(Counter(given.values()).values()) == [2, 2, 2]
    assert all(given[s] != primaries[s] for s in given)


def test_reproducible_with_seed(study: Project, tmp_path: Path) -> None:
    shutil.copytree(study.root, tmp_path / "copy")
    copy = Project.open(tmp_path / "copy")
    first = draw_sample(study, fraction=0.3, seed=9)
    assert draw_sample(copy, fraction=0.3, seed=9) == first
    assert any(draw_sample(study, fraction=0.3, seed=s) != first for s in range(10, 15))


def test_apply_audits_and_never_draws_twice(study: Project) -> None:
    sample = draw_sample(study, fraction=0.25, seed=4)
    apply_sample(study, sample)
    entry = [e for e in read_audit(study.audit_path) if e["action"] == "reliability_sample"][-1]
    assert entry["seed"] == 4 and entry["fraction"] == 0.25
    assert entry["stratified_by"] == ["arm", "timepoint"]
    assert sorted(x["session"] for x in entry["sessions"]) == sample.sessions
    reopened = Project.open(study.root)
    roles = {(a.session, a.coder): a.role for a in reopened.data.assignments}
    assert all(roles[(s, c)] == "reliability" for s, c in sample.second_coders)
    again = draw_sample(reopened, fraction=0.25, seed=4)
    assert not set(again.sessions) & set(sample.sessions)


def test_refusals(study: Project, tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match="fraction"):
        draw_sample(study, fraction=0)
    with pytest.raises(WorkflowError, match="no column 'site'"):
        draw_sample(study, fraction=0.2, stratify=["site"])
    with pytest.raises(WorkflowError, match="two active coders"):
        draw_sample(study, fraction=0.2, coders=["a"])
    bare = make_study(tmp_path / "bare", per_stratum=1)
    with pytest.raises(WorkflowError, match="primary coder"):
        draw_sample(bare, fraction=0.5)


def test_cli(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    args = ["sample", str(study.root), "--fraction", "0.25", "--seed", "8", "--json", str(out)]
    assert main([*args[:-2], "--dry-run"]) == 0
    assert not any(a.role == "reliability" for a in Project.open(study.root).data.assignments)
    assert main(args) == 0
    data = json.loads(out.read_text())
    assert data["seed"] == 8 and len(data["sessions"]) == 6 and data["assigned"]
    assert main(["sample", str(study.root), "--fraction", "2"]) == 2


def test_a_dry_run_ties_no_session_to_a_stratum(
    study: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = [s.code for s in study.sessions]
    before = len(read_audit(study.audit_path))
    capsys.readouterr()
    args = ["sample", str(study.root), "--fraction", "0.25", "--seed", "1", "--dry-run",
            "--json", "-"]
    assert main(args) == 0
    shown = capsys.readouterr().out
    assert not any(code in shown for code in codes)
    data = json.loads(shown[shown.index("{"):])
    assert [s["drawn"] for s in data["strata"]] == [1] * 6 and data["sessions"] == 6
    assert len(read_audit(study.audit_path)) == before  # nothing shown, nothing to log
    assert main([*args, "--show-sessions"]) == 0
    shown = capsys.readouterr().out
    assert any(code in shown for code in codes), shown
    assert read_audit(study.audit_path)[-1]["action"] == "unblinding"


def test_rerunning_a_seeded_draw_gives_the_same_sample(study: Project, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sample", str(study.root), "--fraction", "0.25", "--seed", "3"]
    assert main(args) == 0
    first = {(a.session, a.coder) for a in Project.open(study.root).data.assignments
             if a.role == "reliability"}
    assert main(args) == 0
    assert "drawn before" in capsys.readouterr().out
    again = {(a.session, a.coder) for a in Project.open(study.root).data.assignments
             if a.role == "reliability"}
    assert again == first and len(first) == 6
