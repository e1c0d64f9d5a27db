"""Write one coder's annotations of a session as a BORIS project (.boris, JSON).

Mirrors what BORIS 7/8 writes (project_format_version "7.0"): the ethogram from the scheme
(``behaviors_conf``: type, key, code, description, category = stream, modifiers, excluded = the
other codes of an exclusive stream), the scheme's partners as subjects (an event's subject is its
stream's partner; codes of several partners with one label are one behaviour, as in a scheme
imported from BORIS — see ``behaviour_names``), and one
observation named after the session with its videos as players 1, 2 … (``media_info.offset`` from
the camera offsets) and its events as rows ``[seconds, subject, code, modifiers, comment]``:
a point is one row; a state is a START row and a STOP row (BORIS pairs them by toggling), the STOP
before a START at the same time. Modifier sets are joined with "|" ("None" for an unset one when a
code has several). Open states, a state overlapping another of the same code (BORIS could not
pair them), segments, ratings and the classification are reported, not written.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from coder.annotations.model import Event
from coder.errors import CoderError
from coder.interop.draft_scheme import make_id
from coder.interop.export_source import load_for_export
from coder.interop.import_report import InteropReport, ReportBuilder
from coder.media import open_video
from coder.project.project import Project
from coder.scheme import CodeKind, Scheme
from coder.storage.atomic import atomic_write_json


def subject_of(scheme: Scheme, code_id: str) -> str:
    """The BORIS subject of a code: the partner of its stream ("" for none)."""
    stream = scheme.stream(scheme.stream_of(code_id))
    return stream.partner if stream else ""


def behaviour_names(scheme: Scheme) -> dict[str, str]:
    """The BORIS behaviour of each code: its label when the code id was made from it (with or
    without the subject as prefix, as an import from BORIS makes them), else the code id.

    Codes of different subjects with one label are one behaviour coded for several subjects; a
    name that would hold two codes of one subject, or codes of different kinds or modifiers,
    falls back to the code ids."""
    names: dict[str, str] = {}
    for code in scheme.codes:
        subject = subject_of(scheme, code.id)
        label = code.label
        faithful = label and (
            make_id(label) == code.id or (subject and make_id(f"{subject}_{label}") == code.id)
        )
        names[code.id] = label if faithful else code.id
    while True:
        seen: dict[str, tuple[str, str, list[str]]] = {}
        clash = set()
        for code in scheme.codes:
            name, subject = names[code.id], subject_of(scheme, code.id)
            shape = (code.kind.value, ",".join(code.modifiers))
            if name in seen:
                kind, mods, subjects = seen[name]
                if subject in subjects or (kind, mods) != shape:
                    clash.add(name)
                subjects.append(subject)
            else:
                seen[name] = (shape[0], shape[1], [subject])
        if not clash:
            return names
        for code_id, name in names.items():
            if name in clash:
                names[code_id] = code_id


def ethogram(scheme: Scheme) -> dict[str, Any]:
    """``behaviors_conf`` for a scheme: one behaviour per behaviour name, in scheme order."""
    names = behaviour_names(scheme)
    behaviors: dict[str, Any] = {}
    done: set[str] = set()
    for code in scheme.codes:
        name = names[code.id]
        if name in done:
            continue
        done.add(name)
        row = scheme.stream_of(code.id)
        excluded = (
            list(dict.fromkeys(
                names[c.id] for c in scheme.codes_in_stream(row) if names[c.id] != name
            ))
            if scheme.is_exclusive(row)
            else []
        )  # fmt: skip
        modifiers = {}
        for n, mod_id in enumerate(code.modifiers):
            mod = scheme.modifier(mod_id)
            modifiers[str(n)] = {
                "name": mod_id,
                "type": 0,
                "values": list(mod.values) if mod else [],
                "description": mod.label if mod else "",
            }
        behaviors[str(len(behaviors))] = {
            "type": "Point event" if code.kind is CodeKind.POINT else "State event",
            "key": code.key if code.key and len(code.key) == 1 else "",
            "code": name,
            "description": code.description or (code.label if code.label != name else ""),
            "color": code.color,
            "category": code.stream or "",
            "modifiers": modifiers,
            "excluded": ",".join(excluded),
            "coding map": "",
        }
    return behaviors


def subjects_conf(scheme: Scheme) -> dict[str, Any]:
    """``subjects_conf``: the scheme's partners that have streams, in scheme order."""
    used = [p for p in scheme.partners if any(s.partner == p for s in scheme.streams)]
    used += sorted({s.partner for s in scheme.streams if s.partner} - set(used))
    return {
        str(i): {"key": str(i + 1) if i < 9 else "", "name": name, "description": ""}
        for i, name in enumerate(used)
    }


def modifier_text(event: Event, modifiers: list[str]) -> str:
    """An event's modifiers as BORIS writes them ("v1|v2", "None" for an unset set of several)."""
    if not modifiers:
        return ""
    values = event.modifier_map
    if len(modifiers) == 1:
        return values.get(modifiers[0], "")
    return "|".join(values.get(m, "None") for m in modifiers)


def event_rows(events: list[Event], scheme: Scheme, report: ReportBuilder) -> list[list[Any]]:
    """BORIS rows for the events, in time order (a STOP before a START at the same time)."""
    keyed: list[tuple[int, int, list[Any]]] = []
    busy: dict[str, int] = {}
    names = behaviour_names(scheme)
    for event in sorted(events, key=lambda e: (e.start_ms, e.code)):
        code = scheme.code(event.code)
        if code is None:
            report.add(
                "unknown_code", event.code, f"at {event.start_ms} ms: not in the scheme, left out"
            )
            continue
        text = modifier_text(event, code.modifiers)
        who, name = subject_of(scheme, code.id), names[code.id]
        if code.kind is CodeKind.POINT:
            keyed.append(
                (event.start_ms, 1, [event.start_ms / 1000, who, name, text, event.comment])
            )
            continue
        if event.end_ms is None:
            report.add("open_state", code.id, f"at {event.start_ms} ms: not yet ended, left out")
            continue
        if busy.get(code.id, -1) > event.start_ms:
            report.add(
                "overlap",
                code.id,
                f"at {event.start_ms} ms overlaps itself; BORIS cannot pair it, left out",
            )
            continue
        busy[code.id] = event.end_ms
        keyed.append((event.start_ms, 1, [event.start_ms / 1000, who, name, text, event.comment]))
        keyed.append((event.end_ms, 0, [event.end_ms / 1000, who, name, text, ""]))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [row for _, _, row in keyed]


def _media(
    project: Project, session: str, out: Path
) -> tuple[dict[str, list[str]], dict[str, Any]]:
    entry = project.session(session)
    files: dict[str, list[str]] = {}
    info: dict[str, Any] = {"length": {}, "fps": {}, "hasVideo": {}, "hasAudio": {}, "offset": {}}
    for i, video in enumerate(entry.videos):
        if video.to_locate and not video.path:
            continue  # the source named no media (a live observation)
        path = project.video_path(session, i).resolve()
        try:
            name = Path(os.path.relpath(path, out.resolve().parent)).as_posix()
        except ValueError:  # another drive on Windows
            name = str(path)
        if name.startswith("../"):
            name = str(path)
        player = str(i + 1)
        files[player] = [name]
        info["offset"][player] = video.offset_ms / 1000
        info["hasVideo"][name] = True
        info["hasAudio"][name] = False
        try:
            with open_video(path) as opened:
                info["length"][name] = opened.duration_ms / 1000
                info["fps"][name] = float(opened.fps)
        except (CoderError, OSError):
            if i == 0 and entry.duration_ms:
                info["length"][name] = entry.duration_ms / 1000
    return files, info


def export_boris(project: Project, session: str, coder: str, out: str | Path) -> InteropReport:
    """Write ``coder``'s annotations of ``session`` to ``out`` as a BORIS project (atomically)."""
    out = Path(out)
    annotations, scheme = load_for_export(project, session, coder)
    report = ReportBuilder("export-boris", f"{session} ({coder})")
    rows = event_rows(list(annotations.events), scheme, report)
    files, info = _media(project, session, out)
    now = datetime.now().isoformat(timespec="seconds")
    data = {
        "time_format": "hh:mm:ss",
        "project_date": now,
        "project_name": f"{project.name} {session} ({coder})",
        "project_description": f"Exported by Coder from session {session}, coder {coder}, "
        f"scheme {scheme.id} {scheme.version}",
        "project_format_version": "7.0",
        "subjects_conf": subjects_conf(scheme),
        "behaviors_conf": ethogram(scheme),
        "behavioral_categories": sorted({c.stream for c in scheme.codes if c.stream}),
        "independent_variables": {},
        "coding_map": {},
        "behaviors_coding_map": [],
        "converters": {},
        # Read by Coder's BORIS import (BORIS keeps keys it does not use): the code id of each
        # (subject, behaviour), so Coder → BORIS → Coder gives back the same codes.
        "coder_codes": [
            [subject_of(scheme, c.id), behaviour_names(scheme)[c.id], c.id] for c in scheme.codes
        ],
        "observations": {
            session: {
                "file": files,
                "type": "MEDIA",
                "date": now,
                "description": f"coder {coder}",
                "time offset": 0.0,
                "observation time interval": [0, 0],
                "independent_variables": {},
                "visualize_spectrogram": False,
                "visualize_waveform": False,
                "close_behaviors_between_videos": False,
                "media_info": info,
                "events": rows,
            }
        },
    }
    report.count("events", sum(1 for e in annotations.events))
    report.count("rows", len(rows))
    if annotations.segments:
        report.add(
            "segments", session, f"{len(annotations.segments)} segment(s) have no place in BORIS"
        )
    if annotations.ratings:
        report.add(
            "ratings", session, f"{len(annotations.ratings)} rating(s) have no place in BORIS"
        )
    if not annotations.classification.is_empty:
        report.add("classification", session, "the classification has no place in BORIS")
    atomic_write_json(out, data)
    report.wrote(str(out))
    return report.build()
