"""Where suggestions live: apart from every coder's record, one writer per file.

    suggestions/<coder>/<session>.json             what the tools proposed (written by ``coder
                                                   suggest``; replaced run by run, per tool)
    suggestions/<coder>/<session>.decisions.jsonl  the coder's accepts and rejects (append-only,
                                                   written only by the coder)
    suggestions/allowed.json                       sessions of the reliability sample the lead
                                                   allowed suggestions on (lead only)

Sessions in the double-coding sample get no suggestions, for either coder, unless the lead has
allowed it (recorded here and in the audit log): reading them gives nothing, and generating
them is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.assist.model import Decision, DecisionRecord, Provenance, Suggestion
from coder.errors import StorageError, WorkflowError
from coder.project import assist_files
from coder.project.assist_files import (
    ALLOWED_FORMAT,
    SUGGESTIONS_FORMAT,
    SUGGESTIONS_FORMAT_VERSION,
    DecisionLine,
    SuggestionsFile,
    allowed_sample_sessions,
    in_package,
    sample_sessions,
    suggestions_allowed,
)
from coder.project.project import Project
from coder.storage import now_iso
from coder.storage.atomic import append_line, atomic_write_json
from coder.storage.json_file import read_versioned, validation_problem

__all__ = [
    "allow_suggestions",
    "allowed_sample_sessions",
    "append_decision",
    "assisted_records",
    "decision_of",
    "decisions_path",
    "load_suggestions",
    "read_decisions",
    "sample_sessions",
    "save_run",
    "suggestions_allowed",
    "suggestions_path",
]


def suggestions_path(project: Project, coder: str, session: str) -> Path:
    return assist_files.suggestions_path(project.root, coder, session)


def decisions_path(project: Project, coder: str, session: str) -> Path:
    return assist_files.decisions_path(project.root, coder, session)


def allow_suggestions(project: Project, session: str, *, by: str, reason: str) -> None:
    """The lead allows suggestions on a session of the reliability sample (audited first)."""
    project.session(session)
    if in_package(project):
        raise WorkflowError(
            "suggestions are allowed by the lead, in the project, not in a coder package"
        )
    if not reason.strip():
        raise WorkflowError("say why suggestions are allowed on a reliability session")
    project.require_folder("allowing suggestions")
    path = assist_files.allowed_path(project.root)
    rows = read_versioned(path, ALLOWED_FORMAT, 1)["sessions"] if path.exists() else []
    if any(r.get("session") == session for r in rows):
        return
    project.audit("suggestions_allowed", actor=by, session=session, reason=reason)
    rows.append({"session": session, "by": by, "at": now_iso(), "reason": reason})
    atomic_write_json(path, {"format": ALLOWED_FORMAT, "format_version": 1, "sessions": rows})


def load_suggestions(project: Project, coder: str, session: str) -> list[Suggestion]:
    """Every suggestion for ``coder``'s record of ``session``; none on a reliability session the
    lead has not allowed them on, whatever files exist."""
    path = suggestions_path(project, coder, session)
    if not path.exists() or not suggestions_allowed(project, session):
        return []
    data = read_versioned(path, SUGGESTIONS_FORMAT, SUGGESTIONS_FORMAT_VERSION)
    try:
        raw = SuggestionsFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(
            f"invalid suggestions: {validation_problem(error)}",
            path=path,
            hint="run `coder suggest` again for this session",
        ) from None
    if (raw.coder, raw.session) != (coder, session):
        raise StorageError(f"holds suggestions for {raw.coder}/{raw.session}", path=path)
    out = []
    for run in raw.runs:
        provenance = Provenance(tool=run.tool, version=run.version, parameters=run.parameters)
        for row in run.suggestions:
            if row.end_ms is not None and row.end_ms < row.start_ms:
                raise StorageError(f"suggestion {row.id} ends before it starts", path=path)
            out.append(
                Suggestion(
                    id=row.id,
                    code=row.code,
                    start_ms=row.start_ms,
                    end_ms=row.end_ms,
                    confidence=row.confidence,
                    provenance=provenance,
                    kind=row.kind,
                )
            )
    return sorted(out, key=lambda s: (s.start_ms, s.code, s.id))


def save_run(
    project: Project,
    coder: str,
    session: str,
    provenance: Provenance,
    suggestions: list[Suggestion],
) -> Path:
    """Write one tool's suggestions for ``coder``'s record of ``session``, replacing that tool's
    earlier run and keeping other tools' runs. Refused on an unallowed reliability session."""
    project.require_folder("machine suggestions")
    if not suggestions_allowed(project, session) and in_package(project):
        raise WorkflowError(f"session {session} takes no suggestions in this package")
    if not suggestions_allowed(project, session):
        raise WorkflowError(
            f"session {session} is in the reliability sample: no suggestions",
            hint="the lead can allow them (coder suggest --allow-sample SESSION --reason …)",
        )
    path = suggestions_path(project, coder, session)
    runs: list[dict[str, Any]] = []
    if path.exists():
        runs = read_versioned(path, SUGGESTIONS_FORMAT, SUGGESTIONS_FORMAT_VERSION)["runs"]
        runs = [r for r in runs if r.get("tool") != provenance.tool]
    runs.append(
        {
            "tool": provenance.tool,
            "version": provenance.version,
            "parameters": provenance.parameters,
            "created": now_iso(),
            "suggestions": [
                {
                    "id": s.id,
                    "code": s.code,
                    "start_ms": s.start_ms,
                    "end_ms": s.end_ms,
                    "confidence": s.confidence,
                    "kind": s.kind,
                }
                for s in suggestions
            ],
        }
    )
    atomic_write_json(
        path,
        {
            "format": SUGGESTIONS_FORMAT,
            "format_version": SUGGESTIONS_FORMAT_VERSION,
            "coder": coder,
            "session": session,
            "runs": sorted(runs, key=lambda r: str(r["tool"])),
        },
    )
    return path


def append_decision(project: Project, coder: str, session: str, record: DecisionRecord) -> None:
    project.require_folder("machine suggestions")
    append_line(
        decisions_path(project, coder, session),
        json.dumps(record.model_dump(), sort_keys=True, ensure_ascii=False),
    )


def read_decisions(project: Project, coder: str, session: str) -> list[DecisionRecord]:
    """The coder's decisions in order; a torn last line (a crash mid-append) is skipped."""
    path = decisions_path(project, coder, session)
    if not path.exists():
        return []
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(DecisionLine.model_validate_json(line))
        except (ValueError, TypeError, ValidationError):
            if number == len(lines):
                continue
            raise StorageError(f"line {number} is damaged", path=path) from None
    return out


def decision_of(
    suggestion: Suggestion, decisions: list[DecisionRecord], event_ids: set[str]
) -> Decision:
    """Accepted while the event it became is in the record (an undone accept is pending again);
    rejected when the last decision rejected it."""
    last = next((d for d in reversed(decisions) if d.suggestion == suggestion.id), None)
    if last is None:
        return Decision.PENDING
    if last.action == "reject":
        return Decision.REJECTED
    return Decision.ACCEPTED if last.event_id in event_ids else Decision.PENDING


def assisted_records(project: Project) -> set[tuple[str, str]]:
    """(coder, session) of every record in which the coder accepted a suggestion."""
    folder = project.root / "suggestions"
    found: set[tuple[str, str]] = set()
    if not folder.is_dir():
        return found
    for log in folder.glob("*/*.decisions.jsonl"):
        coder, session = log.parent.name, log.name.removesuffix(".decisions.jsonl")
        if any(d.action == "accept" for d in read_decisions(project, coder, session)):
            found.add((coder, session))
    return found
