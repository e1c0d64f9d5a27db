"""The training commands: gold, train, certify, drift — same numbers as the core, JSON and HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.project import Project
from coder.training.certification import certify
from coder.training.gold import gold_record

from .conftest import interaction_sessions, submit


def test_the_training_workflow_from_the_command_line(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(project.root)
    ssp = next(e.code for e in project.sessions if e.scheme == "ssp")
    assert main(["gold", root, "mark", ssp, "--from", "ana", "--reason", "master coder"]) == 0
    assert f"{ssp}: gold version 1 from ana" in capsys.readouterr().out
    assert main(["gold", root, "list", "--json", str(tmp_path / "gold.json")]) == 0
    listed = json.loads((tmp_path / "gold.json").read_text())["gold"]
    assert {row["session"] for row in listed} == {ssp, *interaction_sessions(project)}

    assert main(["train", root, "--coder", "tia", *interaction_sessions(project)[:2]]) == 0
    for session in interaction_sessions(project)[:2]:
        gold = gold_record(project, session)
        assert gold is not None
        submit(project, "tia", gold.annotations)
    capsys.readouterr()
    assert main(["certify", root, "--coder", "tia", "--json", "-"]) == 0
    shown = json.loads(capsys.readouterr().out)
    core = certify(Project.open(root), "tia")
    assert shown["status"] == core.status == "certified"
    assert [m["estimate"] for m in shown["latest"]["measures"]] == [
        m.estimate for m in core.latest.measures  # type: ignore[union-attr]
    ]
    assert main(["certify", root, "--coder", "tia", "--html", str(tmp_path / "c.html")]) == 0
    assert "Certification of tia" in (tmp_path / "c.html").read_text()
    capsys.readouterr()

    assert main(["drift", root, "--json", "-", "--html", str(tmp_path / "d.html")]) == 0
    drift = json.loads(capsys.readouterr().out)
    assert {c["coder"] for c in drift["coders"]} == {"ana", "ben", "tia"}
    assert 0 <= drift["false_alarm_rate"] < 0.05 and "CUSUM" in drift["rule_text"]


def test_errors_are_one_line_with_a_hint(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    session = interaction_sessions(project)[0]
    assert main(["gold", str(project.root), "mark", session, "--reason", "agreed"]) == 2
    err = capsys.readouterr().err
    assert "no consensus record" in err and "Traceback" not in err
    assert main(["train", str(project.root), "--coder", "tia", "--checks", "9"]) == 2
    assert "gold sessions are left" in capsys.readouterr().err
