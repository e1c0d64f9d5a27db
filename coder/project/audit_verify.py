"""Check the audit log's hash chain and name, by line, every entry deleted, altered, reordered,
inserted or forged.

What the chain proves, and what it cannot:

- An entry changed in place no longer matches its own ``hash``: reported at its line.
- An entry deleted, inserted or moved breaks the link (``prev``) or the numbering (``seq``) of the
  line after it: reported at that line.
- The last entry deleted, or entries appended after it, disagree with ``audit.head.json`` (the
  head Coder wrote last) and with every head recorded elsewhere: in export manifests
  (``exports/**/manifest.json``) and package issue records (``packages/*.json``).
- Someone who rewrites the whole chain from some point on, recomputing every hash, *and* rewrites
  ``audit.head.json`` is caught only by a head recorded in a file they left alone (a manifest,
  an issue record, or a copy kept outside the project, e.g. an export sent to the analyst). The
  chain is tamper-evident, not tamper-proof: it has no secret key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coder.project.audit_log import GENESIS_PREV, AuditLine, entry_hash, read_head, read_lines


@dataclass(frozen=True)
class AuditProblem:
    """A problem found at ``line`` of the log (0: the log as a whole)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class HeadRecord:
    """A head of the log recorded somewhere else: ``seq`` and ``hash`` of the entry, and where."""

    seq: int
    hash: str
    source: str


@dataclass(frozen=True)
class AuditVerification:
    """The result of a check: entries, chained entries, the head, and every problem."""

    lines: int
    chained: int
    head_seq: int | None
    head_hash: str | None
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _describe(entry: dict[str, Any]) -> str:
    return f"'{entry.get('action', '?')}' of {entry.get('time', '?')}"


def _check_legacy(line: AuditLine, entry: dict[str, Any], legacy: list[AuditLine], data: bytes,
                  add: list[AuditProblem]) -> None:
    count = entry.get("legacy_lines")
    size = entry.get("legacy_bytes")
    if count != len(legacy) or not isinstance(size, int):
        add.append(AuditProblem(line.number, f"the log started its chain after {count} older "
                                f"lines, but {len(legacy)} are there: older lines deleted or added"))
        return
    if hashlib.sha256(data[:size]).hexdigest() != entry.get("legacy_sha256"):
        add.append(AuditProblem(1, f"the {count} lines written before the chain started "
                                f"(lines 1–{line.number - 1}) were changed"))


def verify_audit(log: Path, anchors: Iterable[HeadRecord] = ()) -> AuditVerification:
    """Check the chain of ``log`` and that it agrees with its head file and ``anchors``."""
    lines = read_lines(log)
    data = log.read_bytes() if lines else b""
    problems: list[AuditProblem] = []
    legacy: list[AuditLine] = []
    by_seq: dict[int, tuple[int, str]] = {}
    last: dict[str, Any] | None = None
    last_line = 0
    for line in lines:
        entry = line.entry
        if entry is None:
            what = "is cut off (a crash while writing it?)" if not line.terminated else "is damaged"
            problems.append(AuditProblem(line.number, f"the entry {what}: not a JSON entry"))
            continue
        if "hash" not in entry:
            if last is None:
                legacy.append(line)
            else:
                problems.append(AuditProblem(line.number, f"entry {_describe(entry)} has no hash: "
                                             "inserted by hand or by other software"))
            continue
        if entry_hash(entry) != entry.get("hash"):
            problems.append(AuditProblem(line.number, f"entry {_describe(entry)} was altered "
                                         "(its content does not match its hash)"))
        seq = entry.get("seq")
        if last is None:
            if entry.get("prev") != GENESIS_PREV:
                problems.append(AuditProblem(line.number, "the log does not start at its genesis "
                                             "entry: earlier entries were deleted"))
            elif entry.get("action") == "chain_start":
                _check_legacy(line, entry, legacy, data, problems)
            elif legacy:
                problems.append(AuditProblem(line.number, "a genesis entry follows other lines"))
        elif entry.get("prev") != last.get("hash"):
            expected = int(last.get("seq", 0)) + 1
            if isinstance(seq, int) and seq > expected:
                message = (f"{seq - expected} entr{'y' if seq - expected == 1 else 'ies'} deleted "
                           f"before this line (entry {seq} follows entry {expected - 1})")
            elif isinstance(seq, int) and seq < expected:
                message = (f"entry {_describe(entry)} is out of order (entry {seq} after entry "
                           f"{expected - 1}): moved or copied")
            else:
                message = (f"entry {_describe(entry)} does not follow the entry before it "
                           "(inserted, or the line before it was replaced)")
            problems.append(AuditProblem(line.number, message))
        if isinstance(entry.get("unexpected_head"), dict):
            problems.append(AuditProblem(line.number, "before this entry was written, the log had "
                                         "been changed since Coder last wrote it (its last entry "
                                         "was not the recorded head)"))
        if isinstance(seq, int):
            by_seq.setdefault(seq, (line.number, str(entry.get("hash"))))
        last, last_line = entry, line.number
    _check_heads(log, last, last_line, by_seq, anchors, problems)
    return AuditVerification(
        lines=len(lines),
        chained=sum(1 for ln in lines if ln.chained),
        head_seq=int(last["seq"]) if last is not None and isinstance(last.get("seq"), int) else None,
        head_hash=str(last["hash"]) if last is not None else None,
        problems=tuple(sorted(problems, key=lambda p: p.line)),
    )


def _check_heads(log: Path, last: dict[str, Any] | None, last_line: int,
                 by_seq: dict[int, tuple[int, str]], anchors: Iterable[HeadRecord],
                 problems: list[AuditProblem]) -> None:
    head = read_head(log)
    last_seq = int(last.get("seq", 0)) if last is not None else 0
    records = list(anchors)
    if head is not None:
        entry = head["entry"]
        seq, digest = entry.get("seq"), entry.get("hash")
        if isinstance(seq, int) and isinstance(digest, str):
            pending = not head.get("committed") and seq == last_seq + 1
            if not pending:
                records.append(HeadRecord(seq, digest, log.name.replace(".jsonl", ".head.json")))
            if seq < last_seq and seq in by_seq and by_seq[seq][1] == digest:
                first = next((n for s, (n, _h) in sorted(by_seq.items()) if s > seq), last_line)
                problems.append(AuditProblem(first, f"entries from this line on were not written "
                                             f"by Coder (the recorded head is entry {seq}): "
                                             "appended or forged"))
    for record in records:
        found = by_seq.get(record.seq)
        if found is None:
            problems.append(AuditProblem(last_line + 1, f"entry {record.seq}, recorded as the head "
                                         f"in {record.source}, is missing: entries deleted"))
        elif found[1] != record.hash:
            problems.append(AuditProblem(found[0], f"entry {record.seq} differs from the one "
                                         f"recorded in {record.source}: the log was rewritten"))


def project_anchors(root: Path) -> list[HeadRecord]:
    """Heads of the log recorded in the project's export manifests and package issue records."""
    found: list[HeadRecord] = []
    candidates = sorted((root / "exports").glob("**/manifest.json"))
    candidates += sorted((root / "packages").glob("*.json"))
    for path in candidates:
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        head = data.get("audit_head") if isinstance(data, dict) else None
        if isinstance(head, dict) and isinstance(head.get("seq"), int) and isinstance(
            head.get("hash"), str
        ):
            found.append(HeadRecord(head["seq"], head["hash"], path.relative_to(root).as_posix()))
    return found
