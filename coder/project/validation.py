"""Check a whole project folder: project file, scheme copies, videos, key, annotation files.

Returns one line per problem, each naming the file and what to do; reading never changes a file.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from coder.annotations.model import AnnotationSet
from coder.annotations.validation import Severity, annotation_problems
from coder.errors import CoderError
from coder.media.file_hash import sha256_file
from coder.project.audit_log import read_audit
from coder.project.audit_verify import project_anchors, verify_audit
from coder.project.change import PENDING_DIR
from coder.project.key_file import formula_like
from coder.project.project import Project
from coder.storage.annotation_file import load_annotations
from coder.storage.conflict_copies import conflict_copies_in


@dataclass(frozen=True)
class ProjectProblem:
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.severity.value}: {self.message}"


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[ProjectProblem] = []

    def __call__(self, severity: Severity, path: Path | str, message: str) -> None:
        shown = Path(path)
        with contextlib.suppress(ValueError):
            shown = shown.relative_to(self.root)
        self.problems.append(ProjectProblem(severity, str(shown), message))


def project_problems(project: Project, *, verify_hashes: bool = False) -> list[ProjectProblem]:
    """Every problem found in ``project``; ``verify_hashes`` re-hashes the videos (slow for big files)."""
    add = _Collector(project.root)

    for entry in project.data.schemes:
        try:
            project.scheme(entry.id, entry.version)
        except CoderError as error:
            add(Severity.ERROR, project.root / entry.file, error.message)
    scheme_ids = {e.id for e in project.data.schemes}
    codes = [s.code for s in project.sessions]
    for code in {c for c in codes if codes.count(c) > 1}:
        add(Severity.ERROR, project.file, f"session code '{code}' is used twice")
    for session in project.sessions:
        if session.scheme not in scheme_ids:
            add(
                Severity.ERROR,
                project.file,
                f"session {session.code} uses unknown scheme '{session.scheme}'",
            )
        for index, video in enumerate(session.videos):
            if not project.is_folder and not project.video_folders:
                continue  # on a team server videos are files on each machine: none named here
            try:
                path = project.video_path(session.code, index)
            except CoderError as error:
                add(Severity.ERROR, project.file, error.message)
                continue
            if video.to_locate:
                add(
                    Severity.WARNING,
                    project.file,
                    f"session {session.code}: media to locate (camera {index}, named "
                    f"'{video.path or 'not named'}'); attach it with `coder relink "
                    f"{project.root} {session.code} FILE`",
                )
            elif not path.is_file():
                add(
                    Severity.ERROR,
                    path,
                    f"video of session {session.code} is missing (move it back or fix its path)",
                )
            elif path.stat().st_size != video.size:
                add(
                    Severity.ERROR,
                    path,
                    f"video of session {session.code} changed size since it was added",
                )
            elif verify_hashes and sha256_file(path) != video.sha256:
                add(
                    Severity.ERROR,
                    path,
                    f"video of session {session.code} changed content since it was added",
                )
    coder_ids = {c.id for c in project.coders}
    for assignment in project.data.assignments:
        if assignment.coder not in coder_ids:
            add(Severity.ERROR, project.file, f"assignment to unknown coder '{assignment.coder}'")
        if assignment.session not in codes:
            add(
                Severity.ERROR,
                project.file,
                f"assignment of unknown session '{assignment.session}'",
            )
    if project.file_digest(project.key_path) is not None:
        try:
            rows = project.key()
        except CoderError as error:
            add(Severity.ERROR, project.key_path, error.message)
            rows = []
        for row in rows:
            if row["session"] not in codes:
                add(
                    Severity.WARNING,
                    project.key_path,
                    f"key row for unknown session '{row['session']}'",
                )
        for value in formula_like(rows):
            add(
                Severity.WARNING,
                project.key_path,
                f"{value} begins with =, +, - or @: kept exactly in CSV exports (a spreadsheet "
                "program opening them may take it for a formula; open the XLSX export instead)",
            )
    _duplicate_video_problems(project, add)
    if project.is_folder:
        copies = _conflict_copy_problems(project, set(codes), add)
        _annotation_file_problems(project, set(codes), coder_ids, add, skip=copies)
        _audit_problems(project, add)
    else:
        for record in project.store.read_records(codes):
            path = project.annotation_path(record.coder, record.session)
            if record.coder not in coder_ids:
                add(Severity.WARNING, path,
                    f"annotations of coder '{record.coder}', who is not in the project")
            _record_problems(project, record.annotations, path, record.coder, set(codes), add)
        for problem in project.store.audit_problems():
            add(Severity.ERROR, project.audit_path, problem)
    return add.problems


def _duplicate_video_problems(project: Project, add: _Collector) -> None:
    """Sessions sharing one video (added with --allow-duplicate-video, or by hand): a warning."""
    first: dict[str, str] = {}
    for session in project.sessions:
        for video in session.videos[:1]:
            if video.sha256 in first:
                add(
                    Severity.WARNING,
                    project.file,
                    f"sessions {first[video.sha256]} and {session.code} have the same video",
                )
            first.setdefault(video.sha256, session.code)


def _conflict_copy_problems(project: Project, codes: set[str], add: _Collector) -> set[Path]:
    """List the conflict copies sync services (or Coder) left beside the project's files."""
    sessions = {f"{code}.json" for code in codes}
    folders = [(project.root, {project.file.name, project.key_path.name, "audit.jsonl"})]
    for parent in ("annotations", "consensus"):
        base = project.root / parent
        if parent == "consensus":
            folders.append((base, sessions))
        elif base.is_dir():
            folders += [(d, sessions) for d in sorted(base.iterdir()) if d.is_dir() and not d.name.startswith(".")]
    found: set[Path] = set()
    for folder, originals in folders:
        for copy in conflict_copies_in(folder, originals):
            found.add(copy.path)
            original = copy.path.parent.parent / copy.original if copy.path.parent.name == "conflicts" else folder / copy.original
            shown = original.relative_to(project.root) if original.is_relative_to(project.root) else original
            add(
                Severity.WARNING,
                copy.path,
                f"conflict copy of {shown.as_posix()} (made by {copy.made_by}): two versions of "
                "this file exist; compare them, keep what is right in the original, then move "
                "the copy out of the project",
            )
    return found


def _audit_problems(project: Project, add: _Collector) -> None:
    """The audit chain's breaks (errors), and what opening finished or removed (warnings)."""
    result = verify_audit(project.audit_path, project_anchors(project.root))
    for problem in result.problems:
        add(Severity.ERROR, project.audit_path, str(problem))
    entries = read_audit(project.audit_path)
    finished = {e.get("op") for e in entries if e.get("action") == "unblinded_export"}
    for entry in entries:
        if entry.get("action") == "unblinding" and entry.get("what") == "export" and entry.get(
            "op"
        ) not in finished:
            add(Severity.WARNING, project.audit_path,
                f"line {entry.get('seq')}: the export to {entry.get('destination')} of "
                f"{entry.get('time')} was interrupted; its files may be incomplete (export again)")
    if result.chained == 0 and result.lines:
        add(Severity.WARNING, project.audit_path, "the log was written before entries were "
            "chained; the next entry Coder writes starts the chain (covering these lines)")
    for line in project.recovered:
        add(Severity.WARNING, project.root, f"after an interrupted command: {line}")
    pending = project.root / PENDING_DIR
    if pending.is_dir() and any(pending.iterdir()):
        add(Severity.ERROR, pending, "an interrupted change is still pending (the project could "
            "not be written to finish it); open it where it is writable")


def _annotation_file_problems(
    project: Project, codes: set[str], coder_ids: set[str], add: _Collector, *, skip: set[Path]
) -> None:
    folder = project.root / "annotations"
    if not folder.is_dir():
        return
    for coder_dir in sorted(
        p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
    ):
        if coder_dir.name not in coder_ids:
            add(
                Severity.WARNING,
                coder_dir,
                f"annotations of coder '{coder_dir.name}', who is not in the project",
            )
        for file in sorted(coder_dir.glob("*.json")):
            if file in skip:
                continue
            try:
                annotations = load_annotations(file)
            except CoderError as error:
                add(
                    Severity.ERROR, file, error.message + (f" ({error.hint})" if error.hint else "")
                )
                continue
            _record_problems(project, annotations, file, coder_dir.name, codes, add)


def _record_problems(
    project: Project, annotations: AnnotationSet, file: Path, coder: str, codes: set[str],
    add: _Collector,
) -> None:
    """The checks of one annotation record (of ``coder`` for the session ``file`` names)."""
    header = annotations.header
    if header.coder != coder or header.session != file.stem:
        add(Severity.ERROR, file, f"belongs to coder '{header.coder}', session '{header.session}'")
        return
    if header.session not in codes:
        add(Severity.ERROR, file, f"session '{header.session}' is not in the project")
        return
    try:
        scheme = project.scheme(header.scheme_id, header.scheme_version)
    except CoderError as error:
        add(Severity.ERROR, file, error.message)
        return
    if scheme.sha256 != header.scheme_sha256:
        add(Severity.ERROR, file,
            f"was coded with a different copy of scheme '{scheme.id}' {scheme.version}")
    duration = project.session(header.session).duration_ms
    # The same per-record checks as every door (coder.project.record_check).
    for problem in annotation_problems(annotations, scheme, duration_ms=duration):
        field = f" ({problem.field} = {problem.value})" if problem.invalid else ""
        add(problem.severity, file, f"{problem.where}: {problem.message}{field}")
