"""``coder pull postgresql://… FOLDER``: the lead's full copy of a server project as a folder."""

from __future__ import annotations

import argparse
from typing import Any

from coder.server.connection import connect
from coder.transfer.pull import pull_project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pull",
        help="copy a project from a PostgreSQL team server into a new folder",
        description="Write the server's project (project.json, schemes, key, annotations, "
        "consensus, audit log) into a new folder; the pull is logged on the server first. "
        "Videos are not copied. Credentials come from libpq's environment and ~/.pgpass.",
    )
    parser.add_argument("address", metavar="ADDRESS", help="postgresql://host/database")
    parser.add_argument("dir", metavar="FOLDER", help="new project folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with connect(args.address) as conn:
        project = pull_project(conn, args.dir)
    print(f"pulled project '{project.name}' into {project.root}")
    return 0
