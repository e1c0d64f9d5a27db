"""``coder package PROJECT --coder ID --out DIR``: make a blind coder's package."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import emit_json
from coder.project.package import build_package
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "package",
        help="make a coder package (only that coder's sessions, blind)",
        description="Write a folder for one coder with only their assigned sessions: videos "
        "copied without re-encoding under their session codes with all container metadata "
        "and the text inside the video stream (SEI user data, encoder settings, MPEG-2 user "
        "data) removed (a codec where that cannot be done is re-encoded, and said so), the "
        "scheme copies, the coder's own annotation files, the sessions' regions, and the "
        "suggestions made for this coder with their decisions so far (on the sessions that "
        "may take suggestions; a tool parameter naming a path or anything blinded is "
        "withheld). The folder opens "
        "directly in Coder as that coder (`coder gui DIR`); bring it back with `coder collect`. "
        "It holds no key, no other coder and nothing saying which sessions are double-coded.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder")
    parser.add_argument("--coder", metavar="ID", required=True, help="the coder to package for")
    parser.add_argument("--out", metavar="DIR", required=True, help="new or empty folder to write")
    parser.add_argument("--lead", default="lead", help="who makes the package (audit log)")
    parser.add_argument("--json", metavar="FILE", help="write a summary as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = build_package(Project.open(args.dir), args.coder, args.out, actor=args.lead)
    print(f"package {result.package_id} for {result.coder}: {len(result.sessions)} sessions")
    print(f"  written to {result.folder}")
    for name in result.reencoded:
        print(f"  {name}: re-encoded (its codec's user data cannot be removed in place)")
    emit_json(
        {
            "package_id": result.package_id,
            "coder": result.coder,
            "folder": str(result.folder),
            "sessions": list(result.sessions),
            "reencoded_videos": list(result.reencoded),
        },
        args.json,
    )
    return 0
