"""ELAN import into a project: read the EAF, plan it, apply it (the public entry point)."""

from __future__ import annotations

from pathlib import Path

from coder.interop.eaf_import import plan_from_eaf
from coder.interop.eaf_reader import read_eaf
from coder.interop.import_report import InteropReport, ReportBuilder
from coder.interop.project_import import apply_plan
from coder.project.project import Project


def import_eaf(
    project: Project,
    eaf: str | Path,
    *,
    coder: str | None = None,
    session: str | None = None,
    video: str | Path | None = None,
    replace: bool = False,
) -> InteropReport:
    """Import an ELAN file into ``project``; see ``coder.interop.eaf_import`` for the mapping.

    Without ``session``, a session is created for the media the EAF names (found next to it) or
    for ``video``; when neither exists nothing is written but the draft scheme, and the report
    says so.
    """
    doc = read_eaf(eaf)
    plan = plan_from_eaf(doc, coder=coder)
    report = ReportBuilder("import-elan", str(eaf))
    report.extend(plan.issues)
    report.count("tiers", len(doc.tiers))
    used = apply_plan(
        project,
        plan,
        report,
        session=session,
        video=Path(video) if video is not None else None,
        replace=replace,
    )
    if used:
        report.count(f"session {used}", 1)
    return report.build()
