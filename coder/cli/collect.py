"""``coder collect PROJECT DIR``: verify a returned coder package and import its annotations."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import emit_json
from coder.project.collect import collect_package
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "collect",
        help="bring a coder package's annotations back into the project",
        description="Verify a package made by `coder package` (issued by this project, schemes "
        "and videos unchanged, only its coder's files, no links or foreign names) and import "
        "that coder's annotation files. A package failing a check is refused and nothing "
        "changes. A file changed both in the package and in the project since it was issued "
        "is not overwritten: the package's copy is saved under annotations/<coder>/conflicts/.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder")
    parser.add_argument("package", metavar="DIR", help="the returned package folder")
    parser.add_argument("--lead", default="lead", help="who collects (audit log)")
    parser.add_argument("--json", metavar="FILE", help="write what happened as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    result = collect_package(project, args.package, actor=args.lead)
    print(f"package {result.package_id} of {result.coder}:")
    print(f"  imported: {', '.join(result.imported) or 'none'}")
    print(f"  unchanged: {', '.join(result.unchanged) or 'none'}")
    if result.kept_project:
        print(f"  changed only in the project, kept: {', '.join(result.kept_project)}")
    for session, path in result.conflicts:
        print(f"  CONFLICT {session}: changed on both sides; the package's copy is in {path}")
    emit_json(
        {
            "package_id": result.package_id,
            "coder": result.coder,
            "imported": list(result.imported),
            "unchanged": list(result.unchanged),
            "kept_project": list(result.kept_project),
            "conflicts": [{"session": s, "path": str(p)} for s, p in result.conflicts],
        },
        args.json,
    )
    return 1 if result.conflicts else 0
