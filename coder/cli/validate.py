"""``coder validate PATH…``: check scheme files or a whole project folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coder.annotations.validation import Severity
from coder.cli.output import emit_json
from coder.cli.videos_option import add_videos_option, video_folders
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
        "paths", metavar="PATH", nargs="+",
        help="a scheme file (.yaml), a project folder or a project's postgresql:// address"
    )
    parser.add_argument(
        "--hashes", action="store_true", help="also re-hash every video (slow for long videos)"
    )
    add_videos_option(parser)  # a server project's videos are checked only when given
    parser.add_argument(
        "--json", metavar="FILE", help="write the problems as JSON ('-' for standard output)"
    )
    parser.set_defaults(func=run)


def _check(name: str, hashes: bool, videos: list[Path]) -> list[dict[str, str]]:
    if Project.names_project(name):
        try:
            project = Project.open(name)  # a folder, its project.json, or a server address
            # A coder package is checked by its coder: the problems are worded for them.
            coder = None if Project.names_server(name) else package_coder(name)
            words = role_words(project, coder)
        except CoderError as error:
            return [{"path": name, "severity": "error", "message": str(error)}]
        project.video_folders = videos
        return [
            {
                "path": words.path(project.root / p.path),
                "severity": p.severity.value,
                "message": words.text(p.message),
            }
            for p in project_problems(project, verify_hashes=hashes)
        ]
    try:
        load_scheme(name)
    except SchemeError as error:
        return [
            {"path": name, "severity": "error", "message": problem}
            for problem in error.problems
        ]
    return []


def run(args: argparse.Namespace) -> int:
    found: list[dict[str, str]] = []
    for name in args.paths:
        found += _check(name, args.hashes, video_folders(args))
    for problem in found:
        print(f"{problem['path']}: {problem['severity']}: {problem['message']}", file=sys.stderr)
    errors = sum(1 for p in found if p["severity"] == Severity.ERROR.value)
    emit_json({"valid": errors == 0, "problems": found}, args.json)
    if errors == 0 and not args.json:
        print(f"valid ({len(args.paths)} checked" + (f", {len(found)} warnings)" if found else ")"))
    return 1 if errors else 0
