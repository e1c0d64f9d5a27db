"""Tampering with the audit log is reported by line: deletion, edit, reordering, insertion, forgery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.project import Project, append_audit
from coder.project.audit_log import entry_hash, head_path
from coder.project.audit_verify import project_anchors, verify_audit
from coder.shipped import shipped_schemes_dir


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "audit.jsonl"
    append_audit(path, "project_created", name="study")
    for n in range(2, 7):
        append_audit(path, "assigned", coder=f"c{n}", sessions=[f"S-{n}AAAA"])
    return path


def _lines(log: Path) -> list[bytes]:
    return log.read_bytes().splitlines()


def _write(log: Path, lines: list[bytes]) -> None:
    log.write_bytes(b"".join(line + b"\n" for line in lines))


def _reported(log: Path) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in verify_audit(log, project_anchors(log.parent)).problems]


def test_a_sound_log_verifies(log: Path) -> None:
    result = verify_audit(log)
    assert result.ok and result.chained == 6 and result.head_seq == 6


def test_deleting_a_line_is_reported_at_the_line_after_it(log: Path) -> None:
    lines = _lines(log)
    _write(log, lines[:2] + lines[3:])
    ((line, message),) = _reported(log)
    assert line == 3 and "1 entry deleted before this line" in message


def test_deleting_the_last_line_is_reported(log: Path) -> None:
    _write(log, _lines(log)[:-1])
    ((line, message),) = _reported(log)
    assert line == 6 and "entry 6" in message and "missing" in message


def test_editing_a_line_is_reported_at_that_line(log: Path) -> None:
    lines = _lines(log)
    lines[3] = lines[3].replace(b'"c4"', b'"c9"')
    _write(log, lines)
    ((line, message),) = _reported(log)
    assert line == 4 and "altered" in message


def test_reordering_two_lines_is_reported(log: Path) -> None:
    lines = _lines(log)
    lines[2], lines[3] = lines[3], lines[2]
    _write(log, lines)
    reported = _reported(log)
    assert [line for line, _m in reported] == [3, 4, 5]
    assert "deleted before this line" in reported[0][1] and "out of order" in reported[1][1]


def test_inserting_a_line_is_reported_at_that_line(log: Path) -> None:
    lines = _lines(log)
    fake = {"action": "unblinded_export", "actor": "x", "time": "2026-01-01T00:00:00Z"}
    _write(log, [*lines[:2], json.dumps(fake).encode(), *lines[2:]])
    ((line, message),) = _reported(log)
    assert line == 3 and "no hash" in message


def test_inserting_a_chained_looking_line_is_reported(log: Path) -> None:
    lines = _lines(log)
    forged = json.loads(lines[1])
    forged.update(action="assigned", coder="mallory")
    forged["hash"] = entry_hash(forged)
    _write(log, [*lines[:2], json.dumps(forged).encode(), *lines[2:]])
    reported = _reported(log)
    assert reported[0][0] == 3 and "out of order" in reported[0][1]


def test_a_forged_entry_appended_with_a_recomputed_chain_is_reported(log: Path) -> None:
    last = json.loads(_lines(log)[-1])
    forged = {"action": "assigned", "actor": "lead", "coder": "mallory", "time": last["time"],
              "seq": last["seq"] + 1, "prev": last["hash"]}
    forged["hash"] = entry_hash(forged)
    _write(log, [*_lines(log), json.dumps(forged, sort_keys=True).encode()])
    ((line, message),) = _reported(log)
    assert line == 7 and "not written by Coder" in message
    # The next entry Coder writes keeps the evidence in the chain for good.
    append_audit(log, "coder_added", coder="ana")
    assert tuple(line for line, m in _reported(log) if "changed since Coder" in m) == (8, )


def test_a_rewritten_chain_is_caught_by_a_head_recorded_elsewhere(log: Path) -> None:
    manifest = log.parent / "exports" / "x" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    last = json.loads(_lines(log)[-1])
    manifest.write_text(json.dumps({"audit_head": {"seq": 6, "hash": last["hash"]}}))
    # Rewrite entry 4 and every hash after it, and the head file: a careful forger.
    entries = [json.loads(line) for line in _lines(log)]
    entries[3]["coder"] = "mallory"
    for i in range(3, 6):
        entries[i]["prev"] = entries[i - 1]["hash"]
        entries[i]["hash"] = entry_hash(entries[i])
    _write(log, [json.dumps(e, sort_keys=True).encode() for e in entries])
    head = json.loads(head_path(log).read_text())
    head["entry"] = entries[-1]
    head_path(log).write_text(json.dumps(head))
    ((line, message),) = _reported(log)
    assert line == 6 and "exports/x/manifest.json" in message


def test_a_fresh_project_and_the_demo_verify_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = Project.create(tmp_path / "fresh", schemes=[shipped_schemes_dir() / "ssp.yaml"])
    assert verify_audit(project.audit_path).ok
    assert main(["audit", "verify", str(project.root)]) == 0
    assert main(["demo", str(tmp_path / "demo")]) == 0
    assert main(["audit", "verify", str(tmp_path / "demo")]) == 0
    assert main(["validate", str(tmp_path / "demo")]) == 0
    assert "intact" in capsys.readouterr().out


def test_cli_and_validate_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = Project.create(tmp_path / "p", schemes=[shipped_schemes_dir() / "ssp.yaml"])
    project.add_coder("ana")
    project.add_coder("ben")
    lines = _lines(project.audit_path)
    lines[1] = lines[1].replace(b'"ana"', b'"eve"')
    _write(project.audit_path, lines)
    capsys.readouterr()
    assert main(["audit", "verify", str(project.root), "--json", "-"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["problems"][0]["line"] == 2 and not out["valid"]
    assert main(["validate", str(project.root)]) == 1
    assert "line 2: entry 'coder_added'" in capsys.readouterr().err
