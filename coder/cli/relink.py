"""``coder relink PROJECT SESSION FILE``: attach a session's media file (one to locate, or moved)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coder.cli.output import emit_json
from coder.project.media_to_locate import relink, sessions_to_locate
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "relink",
        help="attach a session's media file (imported sessions with media to locate, moved files)",
        description="Attach FILE as the media of SESSION: a session an ELAN or BORIS import made "
        "with its media to locate, or one whose file moved. The file is checked: the same bytes "
        "when the session already had a file, a duration matching the one recorded (within "
        "0.5 s or 0.5 %%), and long enough for every coder's annotations. Without SESSION and "
        "FILE, lists the sessions whose media is to locate.",
    )
    parser.add_argument("project", metavar="PROJECT")
    parser.add_argument("session", metavar="SESSION", nargs="?")
    parser.add_argument("file", metavar="FILE", nargs="?")
    parser.add_argument("--camera", type=int, default=0,
                        help="which camera of the session (0: primary, the default)")
    parser.add_argument("--json", metavar="FILE", help="write the result as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    project.require_folder("coder relink")
    if args.session is None or args.file is None:
        if args.session is not None:
            print("coder: relink: give the media FILE after SESSION", file=sys.stderr)
            return 2
        pending = sessions_to_locate(project)
        if args.json != "-":
            for code, camera, name in pending:
                print(f"{code} camera {camera}: {name or '(not named)'}")
            if not pending:
                print("no session has media to locate")
        emit_json([{"session": c, "camera": i, "name": n} for c, i, n in pending], args.json)
        return 0
    entry = relink(project, args.session, args.file, camera=args.camera)
    if args.json != "-":
        print(f"{args.session} camera {args.camera}: {entry.path} ({entry.size} bytes)")
    emit_json({"session": args.session, "camera": args.camera, "path": entry.path,
               "size": entry.size, "sha256": entry.sha256}, args.json)
    return 0
