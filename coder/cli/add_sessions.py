"""``coder add-sessions DIR VIDEO… [--key participants.csv]``: register videos as sessions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coder.project.key_file import formula_like, read_participants
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "add-sessions",
        help="add videos as sessions under pseudonymous codes",
        description="Add videos to the project as new sessions. Each gets a random pseudonymous "
        "code; its size and sha256 are recorded. With --key, a CSV with a 'video' column (file "
        "name) and participant, arm, timepoint, … columns fills the project's unblinding key; "
        "two rows for one video are refused, and values a spreadsheet would take for a formula "
        "(beginning with =, +, - or @) are kept exactly and warned about. A video the project "
        "already has (same content or path) is refused unless --allow-duplicate-video.",
    )
    parser.add_argument("dir", metavar="DIR", help="project folder")
    parser.add_argument("videos", metavar="VIDEO", nargs="+")
    parser.add_argument(
        "--scheme", help="scheme id the sessions are coded with (default: the project's first)"
    )
    parser.add_argument(
        "--key", metavar="CSV", help="participants file: video, participant, arm, timepoint, …"
    )
    parser.add_argument(
        "--allow-duplicate-video", action="store_true",
        help="add a video even when the project already has it (same content or same path)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    key_rows = read_participants(Path(args.key)) if args.key else None
    added = project.add_sessions(
        [Path(v) for v in args.videos], scheme=args.scheme, key_rows=key_rows,
        allow_duplicate_videos=args.allow_duplicate_video,
    )
    for entry in added:
        print(f"{entry.code}\t{entry.videos[0].path}")
    if key_rows:
        names = {Path(v).name for v in args.videos}
        used = [row for name, row in key_rows.items() if name in names]
        for value in formula_like(used):
            print(f"warning: {args.key}: {value} begins with =, +, - or @: a spreadsheet program "
                  "opening a CSV file may run it as a formula (Coder keeps it exactly in key.csv "
                  "and CSV exports and writes it as text in XLSX)", file=sys.stderr)
    return 0
