"""Apply an import plan to a project: pick or add the scheme, find or create the session, write
each coder's annotation file (never over an existing one unless ``replace``).

Shared by the ELAN and BORIS imports. Everything not carried over goes to the report.
"""

from __future__ import annotations

from dataclasses import replace as dc_replace
from pathlib import Path

from coder.annotations.model import AnnotationSet, Event, SessionStatus
from coder.annotations.validation import Severity, annotation_problems
from coder.errors import InteropError
from coder.interop.draft_scheme import add_draft_to_project, covering_scheme, scheme_covers
from coder.interop.import_report import ReportBuilder
from coder.interop.plan import ImportPlan
from coder.project.media_to_locate import add_session_to_locate
from coder.project.project import Project
from coder.project.record_header import record_header
from coder.scheme import Scheme
from coder.storage.annotation_store import now_iso


def apply_plan(
    project: Project,
    plan: ImportPlan,
    report: ReportBuilder,
    *,
    session: str | None = None,
    video: Path | None = None,
    replace: bool = False,
) -> str | None:
    """Write the plan into ``project``; returns the session code used (None when there is none).

    One change of the project: the session, scheme, coders and every annotation file are all
    written, with their audit entries logged first, or none of them.
    """
    project.require_folder("importing into a project")
    with project.change():
        return _apply(project, plan, report, session=session, video=video, replace=replace)


def _apply(
    project: Project,
    plan: ImportPlan,
    report: ReportBuilder,
    *,
    session: str | None,
    video: Path | None,
    replace: bool,
) -> str | None:
    coders = plan.coders()
    if session is None and video is None:
        session = _session_of_media(project, plan)
        if session is not None:
            report.add("session_matched", session, "the session already has this media file")
    if session is not None:
        project.session(session)
        for who in coders:
            path = project.annotation_path(who, session)
            if project.load_annotations(who, session) is not None and not replace:
                raise InteropError(
                    f"coder '{who}' already has annotations of session '{session}'",
                    path=path,
                    hint="give --replace to overwrite them, or import into another session",
                )
    scheme = choose_scheme(project, plan, report, session)
    if session is None:
        session = _new_session(project, plan, report, scheme, video)
        if session is None:
            return None
    else:
        _apply_offsets(project, plan, report, session)
    entry = project.session(session)
    for who in coders:
        if not project.has_coder(who):
            project.add_coder(who)
            report.add("coder_added", who, "coder added to the project")
        events = _known_events(plan.events.get(who, []), scheme, report)
        segments = []
        for seg in plan.segments.get(who, []):
            if scheme.segment(seg.segment) is None:
                report.add("unknown_segment", seg.segment, f"not in scheme '{scheme.id}', left out")
            else:
                segments.append(seg)
        stamp = now_iso()
        header = record_header(who, entry, scheme, stamp=stamp)
        result = AnnotationSet(
            header=header,
            events=tuple(sorted(events, key=lambda e: (e.start_ms, e.code))),
            segments=tuple(sorted(segments, key=lambda s: s.start_ms)),
            status=SessionStatus.IN_PROGRESS,
        )
        path = project.annotation_path(who, session)
        # The same door check as open and collect: an invalid value is never imported; it is
        # left out and named in the report (file, field, value).
        checked = project.check_annotations(result, who, session, path=path)
        for value in checked.invalid:
            report.add("invalid", f"{who} {value.field} = {value.value}", f"{value.message}; left out")
        result = checked.annotations or result
        for problem in annotation_problems(result, scheme, duration_ms=entry.duration_ms):
            if problem.severity is Severity.ERROR:
                report.add("invalid", f"{who} {problem.where}", problem.message)
        # --replace: the overwritten work stays in .backup/
        project.import_record(who, session, result, source=str(plan.source))
        report.wrote(str(project.annotation_path(who, session)))
        report.count(f"events ({who})", len(result.events))
        report.count(f"segments ({who})", len(result.segments))
    return session


def _session_of_media(project: Project, plan: ImportPlan) -> str | None:
    """The session whose primary video is the plan's primary media file, if any."""
    primary = next((m.path for m in plan.media if m.path.is_file()), None)
    if primary is None:
        return None
    for entry in project.sessions:
        if entry.videos and project.video_path(entry.code).resolve() == primary.resolve():
            return entry.code
    return None


def choose_scheme(
    project: Project, plan: ImportPlan, report: ReportBuilder, session: str | None
) -> Scheme:
    """The scheme to import with: the session's, a covering one, or the plan's draft (added)."""
    if session is not None:
        entry = project.session(session)
        scheme = project.scheme(entry.scheme)
        if scheme_covers(scheme, plan.kinds) or project.coders_of(session):
            return scheme
        draft = add_draft_to_project(project, plan.draft)
        project.set_session_scheme(session, draft.id)
        report.add(
            "scheme", session, f"session had no annotations; now codes with draft '{draft.id}'"
        )
        report.wrote(f"schemes/{draft.id}-{draft.version}.yaml")
        return draft
    found = covering_scheme(project, plan.kinds)
    if found is not None:
        report.add("scheme", found.id, "the project's scheme covers every code; no draft written")
        return found
    draft = add_draft_to_project(project, plan.draft)
    report.wrote(f"schemes/{draft.id}-{draft.version}.yaml")
    report.count("codes in draft scheme", len(draft.codes))
    return draft


def _new_session(
    project: Project, plan: ImportPlan, report: ReportBuilder, scheme: Scheme, video: Path | None
) -> str | None:
    primary = video
    if primary is None:
        primary = next((m.path for m in plan.media if m.path.is_file()), None)
    if primary is None:
        names = [(str(m.path), m.offset_ms) for m in plan.media]
        entry = add_session_to_locate(
            project, names, scheme=scheme.id, duration_ms=plan.duration_ms, source=str(plan.source)
        )
        shown = ", ".join(n for n, _ in names) or "none named"
        report.add(
            "media_to_locate",
            entry.code,
            f"session created with its media to locate ({shown}); attach the file with "
            f"`coder relink PROJECT {entry.code} FILE`",
        )
        return entry.code
    if not primary.is_file():
        raise InteropError("no such video file", path=primary)
    entry = project.add_sessions([primary], scheme=scheme.id)[0]
    report.add("session_created", entry.code, f"new session for {primary.name}")
    for ref in plan.media:
        if ref.path.is_file() and ref.path.resolve() != primary.resolve():
            project.add_camera(entry.code, ref.path, offset_ms=ref.offset_ms, label=ref.path.stem)
            report.add(
                "camera_offset", ref.path.name, f"added as a camera with offset {ref.offset_ms} ms"
            )
    return entry.code


def _apply_offsets(project: Project, plan: ImportPlan, report: ReportBuilder, session: str) -> None:
    """Set camera offsets of a session with several videos, matched by file name, else by order."""
    entry = project.session(session)
    if len(entry.videos) < 2 or len(plan.media) < 2:
        return
    for i, ref in enumerate(plan.media[1:], start=1):
        index = next(
            (n for n, v in enumerate(entry.videos) if n and Path(v.path).name == ref.path.name),
            i if i < len(entry.videos) else None,
        )
        if index is not None and entry.videos[index].offset_ms != ref.offset_ms:
            project.set_camera_offset(session, index, ref.offset_ms)
            report.add(
                "camera_offset", entry.videos[index].path, f"offset set to {ref.offset_ms} ms"
            )


def _known_events(events: list[Event], scheme: Scheme, report: ReportBuilder) -> list[Event]:
    kept = []
    for event in events:
        code = scheme.code(event.code)
        if code is None:
            report.add(
                "unknown_code",
                event.code,
                f"at {event.start_ms} ms: not in scheme '{scheme.id}', left out",
            )
            continue
        if (code.kind.value == "point") != (event.end_ms is None):
            report.add(
                "kind_mismatch",
                event.code,
                f"at {event.start_ms} ms: the scheme says {code.kind.value}, left out",
            )
            continue
        modifiers = {k: v for k, v in event.modifiers if k in code.modifiers}
        if len(modifiers) != len(event.modifiers):
            report.add(
                "unknown_modifier",
                event.code,
                f"at {event.start_ms} ms: modifiers not of this code left out",
            )
            event = dc_replace(event, modifiers=tuple(sorted(modifiers.items())))
        kept.append(event)
    return kept
