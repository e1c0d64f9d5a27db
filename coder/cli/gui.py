"""``coder gui [PROJECT] [--coder ID | --lead]``: open the coding workstation.

This module is the command line's one door into the Qt application (declared as such in the
import contracts of pyproject.toml); ``coder.gui`` is imported only when the workstation opens, so
every other command runs without Qt. ``main`` is the ``coder-gui`` program: the same command
under its own name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from coder import __version__
from coder.cli.videos_option import add_videos_option

DESCRIPTION = (
    "Open PROJECT (a project folder, a coder package or a team server's postgresql:// address) "
    "in the coding workstation, as a coder "
    "(--coder ID) or as the lead (--lead). Without either, it asks who you are."
)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", nargs="?")
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--coder", metavar="ID", help="open as this coder (blind: sees only their own sessions)"
    )
    who.add_argument("--lead", action="store_true", help="open as the reliability lead")
    add_videos_option(parser)
    parser.set_defaults(func=run)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gui", help="open the coding workstation", description=DESCRIPTION
    )
    _add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from coder.gui.app import run_gui

    return run_gui(args.project, coder=args.coder, lead=args.lead, videos=args.videos)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``coder-gui`` program (``coder gui`` under its own name); returns the exit status."""
    from coder.cli.main import run_parsed

    parser = argparse.ArgumentParser(prog="coder-gui", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"coder {__version__}")
    _add_arguments(parser)
    return run_parsed(parser.parse_args(list(sys.argv[1:] if argv is None else argv)))
