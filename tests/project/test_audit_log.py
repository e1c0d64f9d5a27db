"""The append-only audit log: a hash chain with its head recorded beside it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from coder.project import append_audit, read_audit
from coder.project.audit_log import (
    GENESIS_PREV,
    canonical_bytes,
    entry_hash,
    head_path,
    read_head,
    recover_audit,
)
from coder.project.audit_verify import verify_audit


def test_entries_are_chained_from_a_genesis_entry(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    assert read_audit(log) == []
    first = append_audit(log, "project_created", name="x")
    second = append_audit(log, "unblinded", actor="lead2", note="ü \ud800")
    assert first["actor"] == "lead" and first["time"].endswith("Z")
    assert (first["seq"], first["prev"]) == (1, GENESIS_PREV)
    assert (second["seq"], second["prev"]) == (2, first["hash"])
    assert second["hash"] == entry_hash(second)
    lines = log.read_bytes().splitlines()
    assert lines[1] == canonical_bytes(second)
    entries = read_audit(log)
    assert entries[1]["note"] == "ü \ud800" and entries[1]["actor"] == "lead2"
    head = read_head(log)
    assert head is not None and head["committed"] and head["entry"] == second
    assert verify_audit(log).ok


def test_a_damaged_line_is_reported_not_silently_skipped(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    append_audit(log, "assigned", coder="ana", sessions=["S-AAAAA"])
    with open(log, "ab") as handle:
        handle.write(b"\xff\xfe not utf-8\n")
    append_audit(log, "sample_drawn", seed=7)
    assert [e["action"] for e in read_audit(log)] == ["assigned", "sample_drawn"]
    problems = verify_audit(log).problems
    assert [p.line for p in problems] == [2] and "damaged" in problems[0].message


def test_an_append_a_kill_interrupted_is_finished(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    append_audit(log, "assigned", coder="ana")
    last = append_audit(log, "assigned", coder="ben")
    # As if killed after writing the head file, before (or while) appending the line.
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(lines[0] + lines[1][:20])
    head = json.loads(head_path(log).read_text())
    head["committed"] = False
    head_path(log).write_text(json.dumps(head))
    recover_audit(log)
    assert read_audit(log)[-1] == last
    assert verify_audit(log).ok


def test_a_log_from_before_the_chain_is_migrated_by_a_chain_start_entry(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    old = b'{"action": "project_created", "actor": "lead"}\n{"action": "assigned"}\n'
    log.write_bytes(old)
    entry = append_audit(log, "coder_added", coder="ana")
    start = read_audit(log)[2]
    assert start["action"] == "chain_start" and start["legacy_lines"] == 2
    assert start["legacy_sha256"] == hashlib.sha256(old).hexdigest()
    assert entry["prev"] == start["hash"] and verify_audit(log).ok
    log.write_bytes(old.replace(b"assigned", b"unassign") + log.read_bytes()[len(old):])
    (problem,) = verify_audit(log).problems
    assert problem.line == 1 and "before the chain started" in problem.message


def _long_log(log: Path) -> list[dict[str, object]]:
    """A chained log longer than what an append reads of its end."""
    from coder.project.audit_log import TAIL_BYTES

    entries = []
    while not log.exists() or log.stat().st_size <= 2 * TAIL_BYTES:
        entries.append(append_audit(log, "consensus_decision", session="S-AAAAA", reason="x" * 400))
    return entries


def test_an_append_to_a_long_log_reads_only_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coder.project.audit_log as audit_log

    log = tmp_path / "audit.jsonl"
    entries = _long_log(log)

    def whole(_path: Path) -> list[object]:
        raise AssertionError("the whole log was read for an append")

    monkeypatch.setattr(audit_log, "read_lines", whole)
    entry = append_audit(log, "assigned", coder="ana")
    monkeypatch.undo()
    assert (entry["seq"], entry["prev"]) == (len(entries) + 1, entries[-1]["hash"])
    assert verify_audit(log).ok


def test_a_kill_interrupted_append_to_a_long_log_is_finished(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    _long_log(log)
    last = append_audit(log, "assigned", coder="ben")
    data = log.read_bytes()
    log.write_bytes(data[: len(data) - len(canonical_bytes(last)) - 1] + canonical_bytes(last)[:20])
    head = json.loads(head_path(log).read_text())
    head["committed"] = False
    head_path(log).write_text(json.dumps(head))
    following = append_audit(log, "assigned", coder="cyd")  # finishes the torn one first
    assert read_audit(log)[-2:] == [last, following] and verify_audit(log).ok


def test_a_long_log_from_before_the_chain_is_migrated_whole(tmp_path: Path) -> None:
    from coder.project.audit_log import TAIL_BYTES

    log = tmp_path / "audit.jsonl"
    line = b'{"action": "assigned", "note": "' + b"y" * 200 + b'"}\n'
    old = line * (2 * TAIL_BYTES // len(line) + 1)
    log.write_bytes(old)
    append_audit(log, "coder_added", coder="ana")
    start = read_audit(log)[old.count(b"\n")]
    assert start["action"] == "chain_start" and start["legacy_lines"] == old.count(b"\n")
    assert start["legacy_sha256"] == hashlib.sha256(old).hexdigest() and verify_audit(log).ok
