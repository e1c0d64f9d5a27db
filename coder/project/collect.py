"""Collect a coder package back into the lead's project.

Everything is checked before anything is written: the package must be one this project issued
(``packages/<id>.json``), for the coder it names; its project file may name only that coder; its
scheme copies and videos must be byte-identical to what was issued; it may hold no symbolic links
and no annotations of anyone else; and each annotation file must be named ``<session>.json`` for a
session issued in the package, name that coder and session inside, and use the project's scheme.
A package failing any check is refused with a WorkflowError and the project is left unchanged.

Only the coder's annotation files are imported, into ``annotations/<coder>/``, with the video
hash mapped back to the original video's. Collecting again is incremental: the version last
collected (kept in ``packages/<id>.collected/<session>.json``; at first the one issued) is the
base of a three-way comparison (:mod:`coder.project.collect_merge`), so the work the coder did
since comes in beside what the lead changed since. A record changed on both sides keeps the
project's value, and the package's whole copy is saved under
``annotations/<coder>/conflicts/<session>.from-package-<time>[-n].json`` (never over an earlier
copy) and reported.

The coder's decisions on suggestions and the regions they drew come back in the same change
(:mod:`coder.project.collect_assist`): new decisions are appended to the project's log; a region
set changed on both sides keeps the project's, the package's saved under ``regions/conflicts/``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from coder.annotations.model import AnnotationSet
from coder.errors import CoderError, WorkflowError
from coder.media.file_hash import sha256_file
from coder.project.collect_assist import IncomingAssisted, incoming_assisted, merge_assisted
from coder.project.collect_merge import merge_annotations, same_records
from coder.project.model import SESSION_CODE_PATTERN, ProjectFile
from coder.project.package import sha256_bytes
from coder.project.package_manifest import (
    IssuedSession,
    IssueRecord,
    collected_base_path,
    read_issue_record,
    read_package_file,
    safe_relative,
)
from coder.project.project import Project
from coder.project.record_check import invalid_record_error
from coder.storage.annotation_file import annotations_to_dict, load_annotations
from coder.storage.annotation_store import now_iso
from coder.storage.atomic import dumps_json
from coder.storage.json_file import read_versioned
from coder.storage.lease import Lease, LeaseHeldError

_SESSION_FILE = re.compile(SESSION_CODE_PATTERN.rstrip("$") + r"\.json$")


@dataclass(frozen=True)
class CollectResult:
    """What collecting did, session by session."""

    package_id: str
    coder: str
    imported: tuple[str, ...]  # the coder's new work brought in (merged with the project's)
    unchanged: tuple[str, ...]
    kept_project: tuple[str, ...]  # only the project's copy changed since: kept
    conflicts: tuple[tuple[str, Path], ...]  # a record changed on both sides: package copy here
    conflict_records: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (session, records)
    regions_imported: tuple[str, ...] = ()  # region sets the coder drew or changed, brought in
    region_conflicts: tuple[tuple[str, Path], ...] = ()  # changed on both sides: package's here
    decisions: tuple[tuple[str, int, int], ...] = ()  # (session, accepts, rejects) brought in


@dataclass(frozen=True)
class _Incoming:
    session: str
    data: bytes  # the file as it goes into the project (video hash mapped back)
    package_sha256: str
    annotations: AnnotationSet


def _conflict_path(target: Path, session: str, stamp: str, taken: set[Path]) -> Path:
    """A name in ``conflicts/`` no earlier copy has (two in one second get -2, -3 …)."""
    folder = target.parent / "conflicts"
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        path = folder / f"{session}.from-package-{stamp}{suffix}.json"
        if path not in taken and not path.exists():
            taken.add(path)
            return path
        n += 1


def _load(path: Path) -> AnnotationSet | None:
    try:
        return load_annotations(path) if path.exists() else None
    except CoderError:
        return None


def collect_package(project: Project, folder: str | Path, *, actor: str = "lead") -> CollectResult:
    """Verify the package in ``folder`` and bring in its coder's work (see module doc).

    The version last collected is the base: what the coder did since comes in, merged record by
    record with what changed in the project since; only a record changed on both sides is a
    conflict. The whole collect is one change: all of it is applied, or none.
    """
    project.require_folder("collecting a coder package")
    folder = Path(folder)
    incoming, record, assisted_in = _verify(project, folder)
    coder = record.coder
    by_session = {item.session: item for item in incoming}
    imported: list[str] = []
    unchanged: list[str] = []
    kept: list[str] = []
    conflicts: list[tuple[str, Path]] = []
    conflict_records: list[tuple[str, tuple[str, ...]]] = []
    stamp = now_iso().replace(":", "").replace("-", "")
    taken: set[Path] = set()
    with _writing(project, coder, [item.session for item in incoming], actor), \
            project.change() as change:
        for issued in record.sessions:
            session = issued.code
            item = by_session.get(session)
            target = project.annotation_path(coder, session)
            base_path = collected_base_path(project.root, record.package_id, session)
            ours = _load(target)
            # A file the coder deleted from the package never deletes the project's copy.
            if item is None:
                unchanged.append(session)
                continue
            base = _load(base_path)
            if ours is None:
                change.write(target, item.data)
                imported.append(session)
            elif base is None and not base_path.exists() and issued.annotation.project_sha256:
                # Issued before bases were kept: only whole-file hashes tell what changed.
                project_changed = sha256_file(target) != issued.annotation.project_sha256
                package_changed = item.package_sha256 != issued.annotation.package_sha256
                if not package_changed or same_records(ours, item.annotations):
                    (kept if project_changed else unchanged).append(session)
                elif not project_changed:
                    change.write(target, item.data, backup="always")
                    imported.append(session)
                else:
                    beside = _conflict_path(target, session, stamp, taken)
                    change.write(beside, item.data)
                    conflicts.append((session, beside))
                    conflict_records.append((session, ("record",)))
            else:
                result = merge_annotations(base, ours, item.annotations)
                if not same_records(result.merged, ours):
                    data = dumps_json(annotations_to_dict(result.merged)).encode("utf-8")
                    change.write(target, data, backup="always")
                    imported.append(session)
                elif base is not None and not same_records(base, ours):
                    kept.append(session)
                else:
                    unchanged.append(session)
                if result.conflicts:
                    beside = _conflict_path(target, session, stamp, taken)
                    change.write(beside, item.data)
                    conflicts.append((session, beside))
                    conflict_records.append((session, result.conflicts))
            change.write(base_path, item.data)
        assisted = merge_assisted(
            project, record, assisted_in, change,
            lambda target, session: _conflict_path(target, session, stamp, taken),
        )
        project.audit(
            "package_collected",
            actor=actor,
            package=record.package_id,
            coder=coder,
            imported=imported,
            unchanged=unchanged,
            kept_project=kept,
            conflicts=[
                {"session": s, "saved": p.relative_to(project.root).as_posix(),
                 "records": list(dict(conflict_records)[s])}
                for s, p in conflicts
            ],
            **assisted.audit_details(project.root),
        )
    return CollectResult(
        package_id=record.package_id,
        coder=coder,
        imported=tuple(imported),
        unchanged=tuple(unchanged),
        kept_project=tuple(kept),
        conflicts=tuple(conflicts),
        conflict_records=tuple(conflict_records),
        regions_imported=assisted.regions_imported,
        region_conflicts=assisted.region_conflicts,
        decisions=assisted.decisions,
    )


@contextlib.contextmanager
def _writing(project: Project, coder: str, sessions: list[str], actor: str) -> Iterator[None]:
    """Hold the lease of each record collect may write (and, with it, of the coder's decision
    log on that session, written only while the record is open), so that no window saves the
    record while collect merges it: one writer per file. A record open for editing refuses the
    collect; nothing is written."""
    leases: list[Lease] = []
    try:
        for session in sessions:
            path = project.annotation_path(coder, session)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                leases.append(Lease.acquire(path, actor))
            except LeaseHeldError as error:
                raise WorkflowError(
                    f"session {session} of coder '{coder}' {error.message}",
                    path=error.path,
                    hint="close it there, then collect again (nothing was collected)",
                ) from None
        yield
    finally:
        for lease in leases:
            lease.release()


# --- verification (reads only) ---------------------------------------------------------------
def _refuse(message: str, path: Path | None = None) -> WorkflowError:
    return WorkflowError(
        message, path=path, hint="the package was refused and nothing in the project was changed"
    )


def _verify(
    project: Project, folder: Path
) -> tuple[list[_Incoming], IssueRecord, IncomingAssisted]:
    if folder.is_symlink() or not folder.is_dir():
        raise _refuse("is not a package folder", folder)
    _refuse_links(folder)
    try:
        package = read_package_file(folder)
    except CoderError as error:
        raise _refuse(f"has no valid package.json: {error.message}", folder) from None
    record = read_issue_record(project.root, package.package_id)
    if record is None:
        raise _refuse(f"package {package.package_id} was not issued by this project", folder)
    if package.coder != record.coder:
        raise _refuse(
            f"says it belongs to coder '{package.coder}', but it was issued to '{record.coder}'",
            folder / "package.json",
        )
    coder = record.coder
    named = [*package.manifest, *(s.file for s in package.schemes)]
    named += [v for s in package.sessions for v in s.videos]
    for name in named:
        if not safe_relative(name):
            raise _refuse(f"lists an unsafe file name {name!r}", folder / "package.json")
    _check_project_file(folder, coder)
    _check_issued_files(folder, record)
    annotations = _incoming_annotations(project, folder, record)
    return annotations, record, incoming_assisted(project, folder, record)


def _refuse_links(folder: Path) -> None:
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                raise _refuse("holds a symbolic link, which a package never has", path)


def _check_project_file(folder: Path, coder: str) -> None:
    path = folder / "project.json"
    try:
        data = ProjectFile.model_validate(read_versioned(path, "coder-project", 1))
    except (CoderError, ValueError) as error:
        raise _refuse(f"has an invalid project file: {error}", path) from None
    others = sorted(({c.id for c in data.coders} | {a.coder for a in data.assignments}) - {coder})
    if others:
        raise _refuse(f"names other coders: {', '.join(others)}", path)


def _check_issued_files(folder: Path, record: IssueRecord) -> None:
    """Schemes, videos and the project file must be as issued (videos are re-hashed)."""
    for name, digest in record.manifest.items():
        if name.startswith(("annotations/", "regions/", "suggestions/")):
            continue  # the coder's to change
        path = folder / name
        if not path.is_file():
            raise _refuse(f"is missing {name}, which was issued in it", folder)
        if sha256_file(path) != digest:
            what = "scheme" if name.startswith("schemes/") else "file"
            raise _refuse(f"the {what} {name} was changed after the package was issued", path)


def _incoming_annotations(project: Project, folder: Path, record: IssueRecord) -> list[_Incoming]:
    coder = record.coder
    base = folder / "annotations"
    if base.is_dir():
        for entry in base.iterdir():
            if entry.name != coder and not entry.name.startswith("."):
                raise _refuse(f"holds annotations of '{entry.name}', not only of '{coder}'", entry)
    own = base / coder
    found: list[_Incoming] = []
    if not own.is_dir():
        return found
    for entry in sorted(own.iterdir()):
        if entry.name.startswith(".") or (entry.is_dir() and entry.name == "conflicts"):
            continue  # backups and temporary files of the coder's app are never imported
        if not entry.is_file() or not _SESSION_FILE.match(entry.name):
            raise _refuse(f"has a file {entry.name!r} that is not named after a session", entry)
        session = entry.name[: -len(".json")]
        issued = record.session(session)
        if issued is None:
            raise _refuse(f"has a file for session {session}, which was not in the package", entry)
        if not any(a.session == session for a in project.assignments_of(coder)):
            raise _refuse(f"session {session} is no longer assigned to '{coder}'", entry)
        found.append(_incoming(project, entry, coder, session, issued))
    return found


def _incoming(
    project: Project, path: Path, coder: str, session: str, issued: IssuedSession
) -> _Incoming:
    try:
        annotations = load_annotations(path)
    except CoderError as error:
        raise _refuse(f"has an unreadable annotation file: {error.message}", path) from None
    header = annotations.header
    if header.coder != coder or header.session != session:
        raise _refuse(
            f"holds the work of coder '{header.coder}' on session '{header.session}', "
            f"not of '{coder}' on {session}",
            path,
        )
    scheme = project.scheme_for(session)
    if (header.scheme_id, header.scheme_sha256) != (scheme.id, scheme.sha256):
        raise _refuse(f"was coded with a different scheme than session {session} uses", path)
    checked = project.check_annotations(annotations, coder, session, path=path)
    if checked.invalid:
        raise invalid_record_error(
            checked.invalid, hint="the package was refused and nothing in the project was changed"
        )
    original = issued.original_video_sha256[0] if issued.original_video_sha256 else ""
    remuxed = issued.package_video_sha256[0] if issued.package_video_sha256 else ""
    if header.video_sha256 not in ("", remuxed, original):
        raise _refuse(f"was coded on a different video than session {session}'s", path)
    mapped: AnnotationSet = replace(annotations, header=replace(header, video_sha256=original))
    return _Incoming(
        session=session,
        data=dumps_json(annotations_to_dict(mapped)).encode("utf-8"),
        package_sha256=sha256_bytes(path.read_bytes()),
        annotations=mapped,
    )
