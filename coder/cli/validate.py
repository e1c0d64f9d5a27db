"""``coder validate PATH…``: check scheme files or a whole project folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coder.annotations.validation import Severity
from coder.cli.output import emit_json
from coder.errors import CoderError, SchemeError
from coder.project.package_manifest import package_coder
from coder.project.project import Project
from coder.project.role_words import role_words
from coder.project.validation import project_problems
from coder.scheme.loader import load_scheme


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scheme files or a project folder",
        description="Check scheme files or project folders. Exit status 0 when valid; otherwise "
        "one line per problem naming the file and field, and exit status 1.",
    )
    parser.add_argument(
        "paths", metavar="PATH", nargs="+", help="a scheme file (.yaml) or a project folder"
    )
    parser.add_argument(
        "--hashes", action="store_true", help="also re-hash every video (slow for long videos)"
    )
    parser.add_argument(
        "--json", metavar="FILE", help="write the problems as JSON ('-' for standard output)"
    )
    parser.set_defaults(func=run)


def _check(path: Path, hashes: bool) -> list[dict[str, str]]:
    if path.is_dir() or path.name == "project.json":
        try:
            project = Project.open(path)
            # A coder package is checked by its coder: the problems are worded for them.
            words = role_words(project, package_coder(path))
        except CoderError as error:
            return [{"path": str(path), "severity": "error", "message": str(error)}]
        return [
            {
                "path": words.path(project.root / p.path),
                "severity": p.severity.value,
                "message": words.text(p.message),
            }
            for p in project_problems(project, verify_hashes=hashes)
        ]
    try:
        load_scheme(path)
    except SchemeError as error:
        return [
            {"path": str(path), "severity": "error", "message": problem}
            for problem in error.problems
        ]
    return []


def run(args: argparse.Namespace) -> int:
    found: list[dict[str, str]] = []
    for name in args.paths:
        found += _check(Path(name), args.hashes)
    for problem in found:
        print(f"{problem['path']}: {problem['severity']}: {problem['message']}", file=sys.stderr)
    errors = sum(1 for p in found if p["severity"] == Severity.ERROR.value)
    emit_json({"valid": errors == 0, "problems": found}, args.json)
    if errors == 0 and not args.json:
        print(f"valid ({len(args.paths)} checked" + (f", {len(found)} warnings)" if found else ")"))
    return 1 if errors else 0
