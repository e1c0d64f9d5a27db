"""``coder add-sessions DIR VIDEO… [--key participants.csv]``: register videos as sessions."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from coder.errors import ProjectError
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "add-sessions",
        help="add videos as sessions under pseudonymous codes",
        description="Add videos to the project as new sessions. Each gets a random pseudonymous "
        "code; its size and sha256 are recorded. With --key, a CSV with a 'video' column (file "
        "name) and participant, arm, timepoint, … columns fills the project's unblinding key.",
    )
    parser.add_argument("dir", metavar="DIR", help="project folder")
    parser.add_argument("videos", metavar="VIDEO", nargs="+")
    parser.add_argument(
        "--scheme", help="scheme id the sessions are coded with (default: the project's first)"
    )
    parser.add_argument(
        "--key", metavar="CSV", help="participants file: video, participant, arm, timepoint, …"
    )
    parser.set_defaults(func=run)


def read_participants(path: Path) -> dict[str, dict[str, str]]:
    """Rows of a participants CSV keyed by the file name in its 'video' column."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ProjectError(f"cannot read the participants file: {error}", path=path) from None
    if not rows or "video" not in rows[0]:
        raise ProjectError("the participants file needs a 'video' column", path=path)
    result = {}
    for row in rows:
        name = Path(row.pop("video") or "").name
        result[name] = {k: (v or "").strip() for k, v in row.items() if k}
    return result


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    key_rows = read_participants(Path(args.key)) if args.key else None
    added = project.add_sessions(
        [Path(v) for v in args.videos], scheme=args.scheme, key_rows=key_rows
    )
    for entry in added:
        print(f"{entry.code}\t{entry.videos[0].path}")
    return 0
