"""``coder import-boris`` and ``coder export-boris``: BORIS .boris projects in and out."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import show_report
from coder.cli.videos_option import add_videos_option, video_folders
from coder.interop.boris import import_boris
from coder.interop.boris_writer import export_boris
from coder.project.project import Project


def register(subparsers: Any) -> None:
    imp = subparsers.add_parser(
        "import-boris",
        help="import a BORIS project (ethogram as a scheme, observations as annotations)",
        description="Import a BORIS project: the ethogram becomes a draft scheme (mutually "
        "excluding states become exclusive streams; a subject's behaviours become codes "
        "prefixed with the subject, in streams whose partner is the subject), each observation "
        "one session's annotations by --coder (BORIS records no coder). An observation goes to "
        "--session, else to the session named like it, else to a new session for its media "
        "(with its media to locate when the file is not there: attach it with `coder relink`). "
        "Modifier sets are kept per behaviour; shortcut keys are kept or each change reported. "
        "START/STOP rows are paired per subject, behaviour and modifiers, as BORIS pairs them; "
        "what cannot be carried over (unpaired STARTs, unknown behaviours …) is reported.",
    )
    imp.add_argument("project", metavar="PROJECT")
    imp.add_argument("file", metavar="FILE.boris")
    imp.add_argument("--coder", required=True, help="coder id credited with the observations")
    imp.add_argument("--observation", metavar="NAME", help="import only this observation")
    imp.add_argument("--session", help="import the (one) observation into this session")
    imp.add_argument("--video", help="video for a new session when the observation has none")
    imp.add_argument("--replace", action="store_true", help="overwrite existing annotation files")
    imp.add_argument("--json", metavar="FILE", help="write the report as JSON ('-' for stdout)")
    imp.set_defaults(func=run_import)
    exp = subparsers.add_parser(
        "export-boris",
        help="export one coder's session as a BORIS project",
        description="Write a BORIS project with the scheme as ethogram and one observation "
        "holding the coder's events of the session (states as START/STOP rows).",
    )
    exp.add_argument("project", metavar="PROJECT")
    exp.add_argument("session", metavar="SESSION")
    exp.add_argument("--coder", required=True, help="whose annotations to export")
    exp.add_argument("--out", required=True, metavar="FILE.boris")
    add_videos_option(exp)  # the file links the session's videos
    exp.add_argument("--json", metavar="FILE", help="write the report as JSON ('-' for stdout)")
    exp.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    project.require_folder("coder import-boris")
    report = import_boris(
        project,
        args.file,
        coder=args.coder,
        observation=args.observation,
        session=args.session,
        video=args.video,
        replace=args.replace,
    )
    show_report(report, args.json)
    return 0


def run_export(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    project.video_folders = video_folders(args)
    show_report(export_boris(project, args.session, args.coder, args.out), args.json)
    return 0
