"""``coder push FOLDER postgresql://…``: copy a project folder onto a team server."""

from __future__ import annotations

import argparse
from typing import Any

from coder.project.project import Project
from coder.server.connection import connect
from coder.transfer.push import push_project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "push",
        help="copy a project folder onto a PostgreSQL team server",
        description="Copy a project folder (project.json, schemes, key, annotations, consensus, "
        "audit log) into a new, empty PostgreSQL database, in one transaction, and create a "
        "database role per coder. Run it as the database's owner. Credentials come from libpq's "
        "environment (PGUSER, PGPASSWORD, …) and ~/.pgpass, never from the address.",
    )
    parser.add_argument("dir", metavar="FOLDER", help="project folder")
    parser.add_argument("address", metavar="ADDRESS", help="postgresql://host/database")
    parser.add_argument(
        "--role-prefix", default="coder",
        help="prefix of the project's database roles (default: coder → coder_lead, "
        "coder_coders, coder_coder_<id>); one prefix per project on a server",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    with connect(args.address) as conn:
        summary = push_project(project, conn, role_prefix=args.role_prefix)
    print(
        f"pushed {summary.sessions} sessions, {summary.coders} coders, {summary.records} "
        f"annotation records, {summary.consensus} consensus records and "
        f"{summary.audit_entries} audit entries"
    )
    return 0
