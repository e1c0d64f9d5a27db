"""The append-only audit log."""

from __future__ import annotations

from pathlib import Path

from coder.project import append_audit, read_audit


def test_append_and_read_skipping_a_torn_line(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    assert read_audit(log) == []
    first = append_audit(log, "assigned", coder="ana", sessions=["S-AAAAA"])
    assert first["actor"] == "lead" and first["time"].endswith("Z")
    with open(log, "a", encoding="utf-8") as handle:
        handle.write('{"action": "torn')
    append_audit(log, "unblinded", actor="lead2", note="ü")
    entries = read_audit(log)
    assert [e["action"] for e in entries] == ["assigned", "unblinded"]
    assert entries[0]["sessions"] == ["S-AAAAA"]
    assert entries[1]["note"] == "ü" and entries[1]["actor"] == "lead2"


def test_a_line_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    append_audit(log, "assigned", coder="ana", sessions=["S-AAAAA"])
    with open(log, "ab") as handle:
        handle.write(b"\xff\xfe not utf-8\n")
    append_audit(log, "sample_drawn", seed=7)
    entries = read_audit(log)
    assert [e["action"] for e in entries] == ["assigned", "sample_drawn"]
    assert entries[1]["seed"] == 7
