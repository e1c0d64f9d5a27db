"""``coder gui [PROJECT] [--coder ID | --lead]``: open the coding workstation."""

from __future__ import annotations

import argparse
import importlib
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gui",
        help="open the coding workstation",
        description="Open PROJECT (a project folder or a coder package) in the coding workstation, "
        "as a coder (--coder ID) or as the lead (--lead). Without either, it asks who you are.",
    )
    parser.add_argument("project", metavar="PROJECT", nargs="?")
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--coder", metavar="ID", help="open as this coder (blind: sees only their own sessions)"
    )
    who.add_argument("--lead", action="store_true", help="open as the reliability lead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported by name so the core stays free of Qt for static import checks.
    app = importlib.import_module("coder.gui.app")
    return int(app.run_gui(args.project, coder=args.coder, lead=args.lead))
