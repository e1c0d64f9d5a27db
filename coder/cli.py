"""The ``coder`` command: one entry point, one subcommand module per command, over the same core.

Each module in ``coder.commands`` exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a ``run(args) -> int``. Errors a user can act on (``CoderError``) are printed on one
line and the command exits with status 2; no traceback is shown.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coder import __version__
from coder.errors import CoderError

COMMAND_MODULES = (
    "demo",
    "init",
    "add_sessions",
    "coders",
    "validate",
    "gui",
    "interop_elan",
    "interop_boris",
    "export",
    "play",
    "assign",
    "sample",
    "package",
    "collect",
    "consensus",
    "reliability",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="coder",
        description="Blind video coding of parent–infant interaction: timed codes, ratings, "
        "Strange Situation, reliability and analysis export.",
    )
    parser.add_argument("--version", action="version", version=f"coder {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"coder.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coder`` command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CoderError as error:
        print(f"coder: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coder: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
