"""The ``coder`` program: one entry point, one module per subcommand, over the same core.

"Subcommand" is the command line's word (``coder validate``); "command" alone is an undoable edit
of a record (``coder.annotations.commands``).

Each subcommand module in ``coder.cli`` exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a ``run(args) -> int``. Errors a user can act on (``CoderError``) are printed on one
line and the command exits with status 2; no traceback is shown.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

from coder import __version__
from coder.errors import CoderError

# Subcommand name -> module in coder.cli. Only the module of the subcommand being run is
# imported, so `coder gui` does not pay for pandas, scipy and the other subcommands' imports.
SUBCOMMANDS = {
    "demo": "demo",
    "init": "init",
    "add-sessions": "add_sessions",
    "add-coder": "coders",
    "validate": "validate",
    "audit": "audit",
    "gui": "gui",
    "play": "play",
    "assign": "assign",
    "sample": "sample",
    "package": "package",
    "collect": "collect",
    "reliability": "reliability",
    "consensus": "consensus",
    "export": "export",
    "analyze": "analyze",
    "plot": "plot",
    "import-elan": "interop_elan",
    "export-elan": "interop_elan",
    "import-boris": "interop_boris",
    "export-boris": "interop_boris",
    "import-events": "import_events",
    "relink": "relink",
    "gold": "gold",
    "train": "train",
    "certify": "certify",
    "drift": "drift",
    "suggest": "suggest",
    "regions": "regions",
    "push": "push",
    "pull": "pull",
}
SUBCOMMAND_MODULES = tuple(dict.fromkeys(SUBCOMMANDS.values()))


def build_parser(subcommand: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``subcommand``, only that subcommand's module is registered."""
    parser = argparse.ArgumentParser(
        prog="coder",
        description="Blind video coding of parent–infant interaction: timed codes, ratings, "
        "Strange Situation, reliability and analysis export.",
    )
    parser.add_argument("--version", action="version", version=f"coder {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (SUBCOMMANDS[subcommand],) if subcommand in SUBCOMMANDS else SUBCOMMAND_MODULES
    for name in modules:
        module = importlib.import_module(f"coder.cli.{name}")
        module.register(subparsers)
    return parser


def _subcommand_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an option), if any."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coder`` command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_subcommand_of(arguments))
    args = parser.parse_args(arguments)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return run_parsed(args)


def run_parsed(args: argparse.Namespace) -> int:
    """Run the command ``args`` were parsed for; a user's error is one line and status 2."""
    try:
        return int(args.func(args) or 0)
    except CoderError as error:
        print(f"coder: {for_reader(error, args)}", file=sys.stderr)
        return 2
    except OSError as error:
        # A file the command could not read or write that no CoderError named: still one line.
        where = f"{error.filename}: " if error.filename else ""
        print(f"coder: {where}{error.strerror or error} (check the path and its permissions)",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coder: interrupted", file=sys.stderr)
        return 130


def for_reader(error: CoderError, args: argparse.Namespace) -> CoderError:
    """``error`` worded for whoever runs the subcommand: run on a coder package (its PROJECT or
    PATH), that is its coder, who never reads a video's name or a key value
    (``coder.project.role_words``); anyone else reads it as it is."""
    if getattr(args, "lead", False):
        return error
    from coder.project.package_manifest import package_coder
    from coder.project.project import Project
    from coder.project.role_words import role_words

    for folder in [getattr(args, "project", None), *(getattr(args, "paths", None) or [])]:
        if not isinstance(folder, str):
            continue
        # A package that cannot be read holds nothing to hide (it is blind by construction).
        with contextlib.suppress(CoderError, OSError):
            coder = package_coder(folder)
            if coder is not None:
                return role_words(Project.open(folder), coder).error(error)
    return error


if __name__ == "__main__":
    sys.exit(main())
