"""``coder add-coder DIR ID [--name NAME]``: register a coder."""

from __future__ import annotations

import argparse
from typing import Any

from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "add-coder",
        help="add a coder to the project",
        description="Add a coder (id: lower-case letters, digits, '.', '_', '-').",
    )
    parser.add_argument("dir", metavar="DIR", help="project folder or postgresql:// address")
    parser.add_argument("coder", metavar="ID")
    parser.add_argument("--name", default="", help="the coder's name (shown to the lead only)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    Project.open(args.dir).add_coder(args.coder, args.name)
    print(f"added coder {args.coder}")
    return 0
