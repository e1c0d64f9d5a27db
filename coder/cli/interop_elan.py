"""``coder import-elan`` and ``coder export-elan``: ELAN .eaf files in and out of a project."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import show_report
from coder.cli.videos_option import add_videos_option, video_folders
from coder.interop.eaf_writer import POINT_DURATION_MS, export_eaf
from coder.interop.elan import import_eaf
from coder.project.project import Project


def register(subparsers: Any) -> None:
    imp = subparsers.add_parser(
        "import-elan",
        help="import an ELAN .eaf file (tiers as streams and codes, annotators as coders)",
        description="Import an ELAN file: each tier becomes a stream, its controlled vocabulary "
        "(or its distinct values) the codes, its ANNOTATOR (or the part of the tier id after '@') "
        "the coder. If no scheme of the project holds the codes, a draft scheme is added. "
        "Without --session a session is made for the media next to the EAF (or --video); when "
        "the media is not there the session is made with its media to locate (attach it with "
        "`coder relink`). "
        "Whatever cannot be carried over is reported, never dropped silently.",
    )
    imp.add_argument("project", metavar="PROJECT")
    imp.add_argument("file", metavar="FILE.eaf")
    imp.add_argument("--coder", help="coder id for every tier (overrides ANNOTATOR)")
    imp.add_argument("--session", help="import into this existing session")
    imp.add_argument("--video", help="video for a new session when the EAF's media is missing")
    imp.add_argument("--replace", action="store_true", help="overwrite existing annotation files")
    imp.add_argument("--json", metavar="FILE", help="write the report as JSON ('-' for stdout)")
    imp.set_defaults(func=run_import)
    exp = subparsers.add_parser(
        "export-elan",
        help="export one coder's session as an ELAN .eaf file (EAF 3.0)",
        description="Write one coder's annotations of a session as EAF 3.0: one tier per stream "
        f"(<stream>@<coder>), points on <stream>-points@<coder> tiers as {POINT_DURATION_MS} ms "
        "annotations (read back as points), modifiers on dependent tiers, segments on "
        "segments@<coder>, the session's videos as media descriptors.",
    )
    exp.add_argument("project", metavar="PROJECT")
    exp.add_argument("session", metavar="SESSION")
    exp.add_argument("--coder", required=True, help="whose annotations to export")
    exp.add_argument("--out", required=True, metavar="FILE.eaf")
    add_videos_option(exp)  # the file links the session's videos
    exp.add_argument("--json", metavar="FILE", help="write the report as JSON ('-' for stdout)")
    exp.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    project.require_folder("coder import-elan")
    report = import_eaf(
        project,
        args.file,
        coder=args.coder,
        session=args.session,
        video=args.video,
        replace=args.replace,
    )
    show_report(report, args.json)
    return 0  # imported; what was not carried over is in the report (errors exit with 2)


def run_export(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    project.video_folders = video_folders(args)
    show_report(export_eaf(project, args.session, args.coder, args.out), args.json)
    return 0
