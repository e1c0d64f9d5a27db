"""Coder packages: a folder made for one coder holding only what they may see.

The package is itself a Coder project folder that opens directly as that coder:

    package.json                     marks the folder as a package for coder X (see package_manifest)
    project.json                     only this coder, only their sessions (all role "primary"), no key
    schemes/<id>-<version>.yaml      the scheme copies
    videos/<session>.mp4             videos remuxed (no re-encoding) under session codes, no metadata
    annotations/<coder>/<session>.json   the coder's own files, video hash set to the remuxed copy's
    regions/<session>.json           the sessions' regions, and the suggestions made for this coder
    suggestions/<coder>/…            with their decisions so far (see package_assist)

Nothing in it names the study arm, timepoint, participant, original file names, other coders, or
whether a session is double-coded. The lead's project records what it issued in
``packages/<id>.json`` and the audit log, which :mod:`coder.project.collect` checks on return.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from coder.annotations.model import new_id
from coder.errors import CoderError, WorkflowError
from coder.media.file_hash import sha256_file
from coder.project.audit_log import audit_head
from coder.project.model import Assignment, CoderEntry, ProjectFile, SchemeEntry, SessionEntry
from coder.project.model import VideoEntry as ProjectVideo
from coder.project.package_assist import issue_assisted_files
from coder.project.package_manifest import (
    IssuedAnnotation,
    IssuedSession,
    IssueRecord,
    PackageFile,
    PackageScheme,
    PackageSession,
    collected_base_path,
    issue_path,
    package_coder,
    write_package_file,
)
from coder.project.project import Project
from coder.project.video_remux import remux_stripped, remuxed_suffix
from coder.storage.annotation_file import annotations_to_dict
from coder.storage.annotation_store import now_iso
from coder.storage.atomic import atomic_write_bytes, dumps_json

__all__ = ["PackageResult", "build_package", "package_coder"]


@dataclass(frozen=True)
class PackageResult:
    """A package made: where, for whom, with which sessions."""

    package_id: str
    coder: str
    folder: Path
    sessions: tuple[str, ...]
    reencoded: tuple[str, ...] = ()  # package videos re-encoded: their codec keeps user data


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_package(
    project: Project, coder: str, out: str | Path, *, actor: str = "lead"
) -> PackageResult:
    """Make the package of ``coder``'s assigned sessions in the new or empty folder ``out``.

    The package is built in a hidden folder beside ``out`` and moved into place when complete,
    as one change with its issue record and audit entry (logged first): a failure or a kill
    leaves no half-made package, and no package without its record.
    """
    project.require_folder("making a coder package")
    out = Path(out)
    if not project.has_coder(coder):
        raise WorkflowError(f"no coder '{coder}' in the project", path=project.file)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise WorkflowError("the package folder is not empty", path=out, hint="choose a new folder")
    if out.resolve().is_relative_to(project.root.resolve()):
        raise WorkflowError(
            "a package cannot be made inside the project folder",
            path=out,
            hint="choose a folder outside the project",
        )
    codes = sorted({a.session for a in project.assignments_of(coder)})
    if not codes:
        raise WorkflowError(
            f"coder '{coder}' has no assigned sessions", hint="assign some with `coder assign`"
        )
    for code in codes:
        for index, _video in enumerate(project.session(code).videos):
            if not project.video_path(code, index).is_file():
                raise WorkflowError(
                    f"the video of session {code} is missing",
                    path=project.video_path(code, index),
                )
    out.parent.mkdir(parents=True, exist_ok=True)
    # One change: the folder is built hidden beside ``out``, the issue record and the entry are
    # staged; the entry is logged, then the folder renamed into place and the record written.
    with project.change() as change:
        staging = change.staging_folder(out)
        package_id = "pkg-" + new_id()
        reencoded: list[str] = []
        package, record, bases = _write_contents(
            project, coder, codes, staging, package_id, reencoded
        )
        record = record.model_copy(update={"audit_head": audit_head(project.audit_path)})
        write_package_file(staging, package)
        change.write(
            issue_path(project.root, package_id),
            dumps_json(record.model_dump(mode="json")).encode("utf-8"),
        )
        for code in codes:
            issued_file = project.annotation_path(coder, code)
            if issued_file.exists():
                base = collected_base_path(project.root, package_id, code)
                change.write(base, issued_file.read_bytes())
        for path, data in bases:
            change.write(path, data)
        project.audit(
            "package_issued", actor=actor, package=package_id, coder=coder, sessions=codes,
            folder=str(out.resolve()),
        )
    return PackageResult(package_id, coder, out, tuple(codes), tuple(reencoded))


def _write_contents(
    project: Project,
    coder: str,
    codes: list[str],
    folder: Path,
    package_id: str,
    reencoded: list[str],
) -> tuple[PackageFile, IssueRecord, list[tuple[Path, bytes]]]:
    manifest: dict[str, str] = {}

    def put(name: str, data: bytes) -> None:
        atomic_write_bytes(folder / name, data)
        manifest[name] = sha256_bytes(data)

    scheme_ids = sorted({project.session(c).scheme for c in codes})
    schemes: list[SchemeEntry] = []
    for scheme_id in scheme_ids:
        project.scheme(scheme_id)  # verifies the copy against its recorded sha256
        copy = [e for e in project.data.schemes if e.id == scheme_id][-1]
        name = f"schemes/{copy.id}-{copy.version}.yaml"
        put(name, (project.root / copy.file).read_bytes())
        schemes.append(SchemeEntry(id=copy.id, version=copy.version, sha256=copy.sha256, file=name))

    sessions: list[SessionEntry] = []
    listed: list[PackageSession] = []
    issued: list[IssuedSession] = []
    for code in codes:
        entry = project.session(code)
        videos: list[ProjectVideo] = []
        for index, video in enumerate(entry.videos):
            source = project.video_path(code, index)
            stem = code if index == 0 else f"{code}-{index + 1}"
            name = f"videos/{stem}{remuxed_suffix(source)}"
            (folder / "videos").mkdir(exist_ok=True)
            if remux_stripped(source, folder / name).reencoded:
                reencoded.append(name)
            digest = sha256_file(folder / name)
            manifest[name] = digest
            videos.append(
                ProjectVideo(
                    path=name,
                    size=(folder / name).stat().st_size,
                    sha256=digest,
                    offset_ms=video.offset_ms,
                )
            )
        sessions.append(
            SessionEntry(
                code=code, scheme=entry.scheme, videos=tuple(videos),
                duration_ms=entry.duration_ms,
            )
        )
        listed.append(
            PackageSession(
                code=code,
                scheme=entry.scheme,
                videos=[v.path for v in videos],
                video_sha256=[v.sha256 for v in videos],
                duration_ms=entry.duration_ms,
            )
        )
        issued.append(
            IssuedSession(
                code=code,
                original_video_sha256=[v.sha256 for v in entry.videos],
                package_video_sha256=[v.sha256 for v in videos],
                annotation=_issue_annotation(project, coder, code, videos, put),
            )
        )

    assisted = issue_assisted_files(project, coder, codes, package_id, put)
    created = now_iso()
    data = ProjectFile(
        name=f"Coding package for {coder}",
        created=created,
        schemes=tuple(schemes),
        sessions=tuple(sessions),
        coders=(CoderEntry(id=coder),),
        # Every session is "primary" here: a coder must not learn which ones are double-coded.
        assignments=tuple(Assignment(session=c, coder=coder, role="primary") for c in codes),
        settings=project.data.settings,
    )
    put("project.json", dumps_json(data.model_dump(mode="json")).encode("utf-8"))
    for sub in ("consensus", "exports"):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "annotations" / coder).mkdir(parents=True, exist_ok=True)
    package = PackageFile(
        package_id=package_id,
        coder=coder,
        created=created,
        sessions=listed,
        schemes=[
            PackageScheme(id=s.id, version=s.version, file=s.file, sha256=s.sha256) for s in schemes
        ],
        manifest=dict(sorted(manifest.items())),
        suggestions_on=assisted.suggestions_on,
    )
    record = IssueRecord(
        package_id=package_id,
        coder=coder,
        issued=created,
        sessions=issued,
        manifest=dict(sorted(manifest.items())),
    )
    return package, record, assisted.bases


def _issue_annotation(
    project: Project,
    coder: str,
    code: str,
    videos: list[ProjectVideo],
    put: Callable[[str, bytes], None],
) -> IssuedAnnotation:
    """Copy the coder's file of ``code`` (if any) with the remuxed video's hash in its header."""
    path = project.annotation_path(coder, code)
    if not path.exists():
        return IssuedAnnotation()
    try:
        annotations = project.load_annotations(coder, code)
    except CoderError as error:
        raise WorkflowError(
            f"cannot package coder '{coder}''s file of session {code}: {error.message}",
            path=path,
            hint="fix or restore it first (`coder validate`)",
        ) from None
    assert annotations is not None
    if annotations.header.coder != coder or annotations.header.session != code:
        raise WorkflowError(
            f"belongs to coder '{annotations.header.coder}', session '{annotations.header.session}'",
            path=path,
        )
    copy = replace(
        annotations,
        header=replace(annotations.header, video_sha256=videos[0].sha256 if videos else ""),
    )
    data = dumps_json(annotations_to_dict(copy)).encode("utf-8")
    put(f"annotations/{coder}/{code}.json", data)
    return IssuedAnnotation(project_sha256=sha256_file(path), package_sha256=sha256_bytes(data))
