"""BORIS import into a project: each observation becomes one session's annotations."""

from __future__ import annotations

import re
from pathlib import Path

from coder.errors import InteropError
from coder.interop.boris_import import BorisMapping, plan_from_observation
from coder.interop.boris_reader import BorisObservation, read_boris
from coder.interop.eaf_import import coder_id
from coder.interop.import_report import InteropReport, ReportBuilder
from coder.interop.project_import import apply_plan, choose_scheme
from coder.project.project import Project


def session_code_for(name: str) -> str:
    """The session code an observation name would have ("s 12" → "S-12")."""
    return re.sub(r"[^A-Z0-9_-]+", "-", name.strip().upper()).strip("-")[:32]


def import_boris(
    project: Project,
    boris: str | Path,
    *,
    coder: str,
    observation: str | None = None,
    session: str | None = None,
    video: str | Path | None = None,
    replace: bool = False,
) -> InteropReport:
    """Import a BORIS project's observations (or one of them) as ``coder``'s annotations.

    An observation goes to ``session`` when given (only with one observation), else to the
    session whose code is the observation's name (e.g. "S-12"), else to a new session for its
    media file when that exists; otherwise it is reported and nothing is written for it.
    """
    who = coder_id(coder)
    if not who:
        raise InteropError(
            f"'{coder}' is not a valid coder id",
            hint="use lower-case letters, digits, '.', '_' or '-'",
        )
    data = read_boris(boris)
    chosen = list(data.observations)
    if observation is not None:
        found = data.observation(observation)
        if found is None:
            names = ", ".join(f"'{o.name}'" for o in data.observations) or "none"
            raise InteropError(
                f"no observation '{observation}' (observations: {names})", path=data.path
            )
        chosen = [found]
    if (session is not None or video is not None) and len(chosen) != 1:
        raise InteropError(
            f"--session and --video need one observation; the file has {len(chosen)}",
            path=data.path,
            hint="choose one with --observation NAME",
        )
    mapping = BorisMapping(data)
    report = ReportBuilder("import-boris", str(boris))
    report.count("behaviours", len(data.behaviors))
    report.count("observations", len(chosen))
    report.extend(mapping.issues)
    if not chosen:
        report.add(
            "no_observation",
            data.path.name,
            "the project has no observations; only the ethogram is imported",
        )
        empty = BorisObservation("", "", {}, {}, 0.0, "", ())
        choose_scheme(project, plan_from_observation(mapping, empty, who), report, None)
        return report.build()
    codes = {s.code for s in project.sessions}
    for obs in chosen:
        plan = plan_from_observation(mapping, obs, who)
        report.extend(plan.issues)
        target = session
        if target is None and session_code_for(obs.name) in codes:
            target = session_code_for(obs.name)
            report.add("session_matched", target, f"observation '{obs.name}' matched by name")
        used = apply_plan(
            project,
            plan,
            report,
            session=target,
            video=Path(video) if video is not None else None,
            replace=replace,
        )
        if used:
            report.count(f"observation '{obs.name}' → session {used}", len(plan.events[who]))
    return report.build()
