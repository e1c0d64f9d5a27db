"""Collecting what a coder did with assisted coding in a package: their decisions and regions.

**Decisions** (``suggestions/<coder>/<session>.decisions.jsonl``, append-only): the lines beyond
those last collected (at first: issued) are the coder's new accepts and rejects; they are
appended to the project's log, each with its suggestion's provenance restored from the lead's
suggestions file where the package withheld part of it. New decisions on a session that may take
no suggestions (the reliability sample, unless the lead allowed it) refuse the package.

**Regions** (``regions/<session>.json``): a session's region set is one record. Changed only in
the package since last collected, it comes in; changed on both sides to different sets, the
project's is kept and the package's saved under
``regions/conflicts/<session>.from-package-<time>[-n].json`` and reported, as for records.

Reading and checking happen before anything is written (:func:`incoming_assisted`); the writes
join the collect's one change (:func:`merge_assisted`), so they happen all together or not at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.errors import CoderError, StorageError, WorkflowError
from coder.project.assist_files import (
    DECISIONS_SUFFIX,
    REGIONS_FORMAT,
    REGIONS_FORMAT_VERSION,
    SUGGESTIONS_FORMAT,
    SUGGESTIONS_FORMAT_VERSION,
    DecisionLine,
    RegionsFile,
    SuggestionsFile,
    decisions_path,
    regions_path,
    suggestions_allowed,
    suggestions_path,
)
from coder.project.model import SESSION_CODE_PATTERN
from coder.project.package_assist import canonical_line, read_decision_lines
from coder.project.package_manifest import (
    IssueRecord,
    collected_decisions_path,
    collected_regions_path,
)
from coder.project.project import Project
from coder.storage.atomic import dumps_json
from coder.storage.json_file import read_versioned, validation_problem
from coder.storage.store import StoreChange

_CODE = SESSION_CODE_PATTERN.strip("^$")
_REGIONS_FILE = re.compile(rf"^({_CODE})\.json$")
_SUGGESTIONS_FILE = re.compile(rf"^({_CODE})\.json$")
_DECISIONS_FILE = re.compile(rf"^({_CODE}){re.escape(DECISIONS_SUFFIX)}$")
_REFUSED = "the package was refused and nothing in the project was changed"


@dataclass(frozen=True)
class _IncomingDecisions:
    session: str
    package_lines: list[str]  # every line as the package holds it (the next base)
    new: list[DecisionLine]  # beyond the base, provenance restored


@dataclass
class IncomingAssisted:
    """The package's regions and the coder's new decisions, checked."""

    regions: dict[str, RegionsFile] = field(default_factory=dict)
    decisions: list[_IncomingDecisions] = field(default_factory=list)


@dataclass(frozen=True)
class AssistedOutcome:
    """What collecting did with regions and decisions."""

    regions_imported: tuple[str, ...] = ()
    regions_kept_project: tuple[str, ...] = ()
    region_conflicts: tuple[tuple[str, Path], ...] = ()
    decisions: tuple[tuple[str, int, int], ...] = ()  # (session, accepted, rejected) new

    def audit_details(self, root: Path) -> dict[str, Any]:
        return {
            "regions_imported": list(self.regions_imported),
            "regions_kept_project": list(self.regions_kept_project),
            "region_conflicts": [
                {"session": s, "saved": p.relative_to(root).as_posix()}
                for s, p in self.region_conflicts
            ],
            "decisions": [
                {"session": s, "accepted": a, "rejected": r} for s, a, r in self.decisions
            ],
        }


def _refuse(message: str, path: Path | None = None) -> WorkflowError:
    return WorkflowError(message, path=path, hint=_REFUSED)


def _visible(folder: Path) -> list[Path]:
    """The entries of ``folder`` a package may carry (backups and temp files left aside)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def incoming_assisted(project: Project, folder: Path, record: IssueRecord) -> IncomingAssisted:
    """Read and check the package's regions and decision logs (reads only)."""
    found = IncomingAssisted()
    issued = {s.code for s in record.sessions}
    regions = folder / "regions"
    if regions.is_dir():
        for entry in _visible(regions):
            match = _REGIONS_FILE.match(entry.name)
            if not entry.is_file() or match is None or match.group(1) not in issued:
                raise _refuse(f"has regions {entry.name!r} of no session in the package", entry)
            found.regions[match.group(1)] = _regions_file(entry, match.group(1), record.coder)
    suggestions = folder / "suggestions"
    if not suggestions.is_dir():
        return found
    for entry in _visible(suggestions):
        if entry.name != record.coder:
            raise _refuse(f"holds suggestions of '{entry.name}', not only of '{record.coder}'", entry)
    own = suggestions / record.coder
    if not own.is_dir():
        return found
    for entry in _visible(own):
        # The suggestions files themselves stay in the package: the lead's are in the project,
        # and each decision carries the provenance of what the coder decided on.
        match = _DECISIONS_FILE.match(entry.name) or _SUGGESTIONS_FILE.match(entry.name)
        if not entry.is_file() or match is None or match.group(1) not in issued:
            raise _refuse(f"has a file {entry.name!r} of no session in the package", entry)
        if entry.name.endswith(DECISIONS_SUFFIX):
            found.decisions.append(_decisions(project, entry, record, match.group(1)))
    return found


def _regions_file(path: Path, session: str, coder: str) -> RegionsFile:
    try:
        regions = RegionsFile.model_validate(
            read_versioned(path, REGIONS_FORMAT, REGIONS_FORMAT_VERSION)
        )
    except StorageError as error:
        raise _refuse(f"has an unreadable regions file: {error.message}", path) from None
    except ValidationError as error:
        raise _refuse(f"has invalid regions: {validation_problem(error)}", path) from None
    if regions.session != session:
        raise _refuse(f"holds the regions of session {regions.session}, not {session}", path)
    if regions.updated_by not in ("", coder):
        raise _refuse(f"has regions drawn by '{regions.updated_by}', not by '{coder}'", path)
    return regions


def _decisions(
    project: Project, path: Path, record: IssueRecord, session: str
) -> _IncomingDecisions:
    coder = record.coder
    try:
        lines = read_decision_lines(path)
        base = set(
            canonical_line(line) for line in read_decision_lines(
                collected_decisions_path(project.root, record.package_id, session)
            )
        )
    except CoderError as error:
        raise _refuse(f"has a damaged decision log: {error.message}", path) from None
    for line in lines:
        if line.by != coder:
            raise _refuse(f"has a decision by '{line.by}', not by '{coder}'", path)
    package_lines = [canonical_line(line) for line in lines]
    new = [line for line, text in zip(lines, package_lines, strict=True) if text not in base]
    if new and not suggestions_allowed(project, session):
        raise WorkflowError(
            f"has decisions on suggestions for session {session}, which takes none",
            path=path,
            hint=f"{_REFUSED}. If the session entered the reliability sample after the package "
            f"was made, decide whether to allow suggestions on it (coder suggest PROJECT "
            f"--allow-sample {session} --reason …) and collect again",
        )
    if new and not any(a.session == session for a in project.assignments_of(coder)):
        raise _refuse(f"session {session} is no longer assigned to '{coder}'", path)
    provenance = _lead_provenance(project, coder, session)
    restored = [
        line.model_copy(update=dict(zip(("tool", "version", "parameters"),
                                        provenance[line.suggestion], strict=True)))
        if line.suggestion in provenance else line
        for line in new
    ]
    return _IncomingDecisions(session, package_lines, restored)


def _lead_provenance(
    project: Project, coder: str, session: str
) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Each suggestion the lead made for ``coder`` on ``session``: its tool, version, parameters."""
    path = suggestions_path(project.root, coder, session)
    if not path.exists():
        return {}
    try:
        data = SuggestionsFile.model_validate(
            read_versioned(path, SUGGESTIONS_FORMAT, SUGGESTIONS_FORMAT_VERSION)
        )
    except (StorageError, ValidationError):
        return {}  # the package's own copy of the provenance is kept
    return {
        row.id: (run.tool, run.version, run.parameters) for run in data.runs for row in run.suggestions
    }


def _project_regions(path: Path) -> RegionsFile | None:
    try:
        return RegionsFile.model_validate(
            read_versioned(path, REGIONS_FORMAT, REGIONS_FORMAT_VERSION)
        ) if path.exists() else None
    except (StorageError, ValidationError):
        return None


def _json(regions: RegionsFile) -> bytes:
    return dumps_json(regions.model_dump(mode="json")).encode("utf-8")


def merge_assisted(
    project: Project,
    record: IssueRecord,
    incoming: IncomingAssisted,
    change: StoreChange,
    conflict_path: Callable[[Path, str], Path],
) -> AssistedOutcome:
    """Stage the writes that bring ``incoming`` into the project (see the module doc).

    ``conflict_path(target, session)`` names a new conflict copy beside ``target``.
    """
    coder = record.coder
    imported: list[str] = []
    kept: list[str] = []
    conflicts: list[tuple[str, Path]] = []
    for session, theirs in sorted(incoming.regions.items()):
        target = regions_path(project.root, session)
        base_path = collected_regions_path(project.root, record.package_id, session)
        ours = _project_regions(target)
        base = _project_regions(base_path)
        ours_boxes = ours.boxes() if ours is not None else []
        base_boxes = base.boxes() if base is not None else []
        as_project = theirs.model_copy(update={"updated_by": theirs.updated_by or coder})
        if theirs.boxes() == ours_boxes:
            pass
        elif theirs.boxes() == base_boxes:
            if ours_boxes != base_boxes:
                kept.append(session)
        elif ours_boxes == base_boxes:
            change.write(target, _json(as_project), backup="always")
            imported.append(session)
        else:
            beside = conflict_path(target, session)
            change.write(beside, _json(as_project))
            conflicts.append((session, beside))
        change.write(base_path, _json(as_project))
    counted: list[tuple[str, int, int]] = []
    for item in incoming.decisions:
        target = decisions_path(project.root, coder, item.session)
        try:
            ours_lines = [canonical_line(line) for line in read_decision_lines(target)]
        except StorageError as error:
            raise WorkflowError(
                f"the project's decision log cannot be read: {error.message}", path=target,
                hint=_REFUSED,
            ) from None
        known = set(ours_lines)
        added = [line for line in item.new if canonical_line(line) not in known]
        if added:
            text = "".join(f"{line}\n" for line in [*ours_lines, *map(canonical_line, added)])
            change.write(target, text.encode("utf-8"))
            actions = Counter(line.action for line in added)
            counted.append((item.session, actions["accept"], actions["reject"]))
        base_path = collected_decisions_path(project.root, record.package_id, item.session)
        change.write(base_path, "".join(f"{line}\n" for line in item.package_lines).encode("utf-8"))
    return AssistedOutcome(
        regions_imported=tuple(imported),
        regions_kept_project=tuple(kept),
        region_conflicts=tuple(conflicts),
        decisions=tuple(counted),
    )
