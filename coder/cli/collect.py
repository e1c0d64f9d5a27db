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
        "is not overwritten: the package's copy is saved under annotations/<coder>/conflicts/. The "
        "coder's decisions on suggestions and the regions they drew come back too; a region set "
        "changed on both sides keeps the project's, the package's is saved under "
        "regions/conflicts/.",
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
    if result.regions_imported:
        print(f"  regions drawn by the coder: {', '.join(result.regions_imported)}")
    for session, path in result.region_conflicts:
        print(f"  CONFLICT {session}: regions changed on both sides; the package's are in {path}")
    for session, accepted, rejected in result.decisions:
        print(f"  suggestions decided on {session}: {accepted} accepted, {rejected} rejected")
    emit_json(
        {
            "package_id": result.package_id,
            "coder": result.coder,
            "imported": list(result.imported),
            "unchanged": list(result.unchanged),
            "kept_project": list(result.kept_project),
            "conflicts": [{"session": s, "path": str(p)} for s, p in result.conflicts],
            "regions_imported": list(result.regions_imported),
            "region_conflicts": [
                {"session": s, "path": str(p)} for s, p in result.region_conflicts
            ],
            "decisions": [
                {"session": s, "accepted": a, "rejected": r} for s, a, r in result.decisions
            ],
        },
        args.json,
    )
    return 1 if result.conflicts or result.region_conflicts else 0
