"""The audit log: appended entries read back; damaged lines are skipped, never fatal."""

from __future__ import annotations

from pathlib import Path

from coder.project.audit_log import append_audit, read_audit


def test_entries_read_back_and_damaged_lines_are_skipped(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    append_audit(log, "assigned", coder="ana", sessions=["S-AAAAA"])
    with open(log, "ab") as handle:
        handle.write(b'\xff\xfe not utf-8\n{"torn": ')
    append_audit(log, "sample_drawn", seed=7)
    entries = read_audit(log)
    assert [e["action"] for e in entries] == ["assigned", "sample_drawn"]
    assert entries[0]["sessions"] == ["S-AAAAA"] and entries[1]["seed"] == 7
