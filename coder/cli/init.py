"""``coder init DIR [--scheme FILE…]``: create an empty project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coder.errors import SchemeError
from coder.project.project import Project
from coder.shipped import shipped_scheme, shipped_scheme_names


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create a new project folder",
        description="Create a new project in DIR (a new or empty folder). --scheme takes a scheme "
        "file, or the name of a shipped scheme (ssp, cib, eas, care_index, icep_r, piios, demo_interaction).",
    )
    parser.add_argument("dir", metavar="DIR")
    parser.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="FILE",
        help="scheme file or shipped scheme name (repeatable)",
    )
    parser.add_argument("--name", help="project name (default: the folder name)")
    parser.set_defaults(func=run)


def resolve_scheme(name: str) -> Path:
    """A scheme file path, or the shipped scheme of that name."""
    path = Path(name)
    if path.exists():
        return path
    shipped = shipped_scheme(name)
    if shipped is not None:
        return shipped
    shipped_names = ", ".join(shipped_scheme_names())
    raise SchemeError(
        "no such scheme file or shipped scheme", path=name, hint=f"shipped: {shipped_names}"
    )


def run(args: argparse.Namespace) -> int:
    schemes = [resolve_scheme(s) for s in args.scheme]
    project = Project.create(args.dir, name=args.name, schemes=schemes)
    listed = ", ".join(f"{e.id} {e.version}" for e in project.data.schemes) or "none yet"
    print(f"created project '{project.name}' in {project.root} (schemes: {listed})")
    return 0
